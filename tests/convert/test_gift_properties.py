"""Property tests: any card text survives GIFT export and import (modulo whitespace runs)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cyberquiz.convert.gift import parse_gift
from cyberquiz.convert.giftout import cards_to_gift
from cyberquiz.core.cards import ChoiceCard, MatchCard, MultiCard, TrueFalseCard, TypedCard

ALPHABET = "ab Z09~=#{}:\\/-> [html]%.\n\tå«»"


def normal(text: str) -> str:
    """What the importer makes of text: runs of spaces collapsed, lines stripped."""
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


texts = st.text(alphabet=ALPHABET, min_size=1, max_size=40).map(normal).filter(bool)
answers = texts.filter(lambda t: "->" not in t and not t.lstrip().startswith("%"))


@settings(max_examples=150, deadline=None)
@given(prompt=texts, answer=answers, explain=st.one_of(st.just(""), texts))
@example(prompt="[html]<b>x</b>", answer="[markdown]*y*", explain="[plain]z")
@example(prompt="a\n\nb", answer="\\n", explain="//")
def test_typed_text_round_trips(prompt: str, answer: str, explain: str) -> None:
    card = TypedCard(id="t", deck_id="d", prompt=prompt, answer=answer, explain=explain)
    text, skipped = cards_to_gift([card])
    assert skipped == []
    result = parse_gift(text, deck_id="d")
    assert result.skipped == []
    assert result.cards == [card]


@settings(max_examples=100, deadline=None)
@given(prompt=texts, options=st.lists(answers, min_size=2, max_size=4, unique=True))
@example(prompt="[html]x", options=["[html]<i>a</i>", "[moodle]b"])
def test_choice_and_truefalse_text_round_trips(prompt: str, options: list[str]) -> None:
    cards = [
        ChoiceCard(id="c", deck_id="d", prompt=prompt, options=tuple(options), answer=1),
        TrueFalseCard(id="tf", deck_id="d", statement=prompt, answer=False),
    ]
    text, _ = cards_to_gift(cards)
    assert parse_gift(text, deck_id="d").cards == cards


@settings(max_examples=60, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(answers, answers),
        min_size=2,
        max_size=3,
        unique_by=(lambda p: p[0], lambda p: p[1]),
    )
)
@example(pairs=[("[html]a", "[html]b"), ("x", "y")])
def test_match_text_round_trips(pairs: list[tuple[str, str]]) -> None:
    card = MatchCard(id="m", deck_id="d", prompt="Match", pairs=tuple(pairs))
    text, _ = cards_to_gift([card])
    assert parse_gift(text, deck_id="d").cards == [card]


GIFT_ALPHABET = "ab 1.:~=#{}\\/->%$[]TF\n\t"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=GIFT_ALPHABET, max_size=80))
def test_any_text_parses_without_raising(text: str) -> None:
    """Whatever the file says, the importer returns cards and skipped entries, never raises."""
    result = parse_gift(text, path="fuzz.gift", deck_id="d")
    for card in result.cards:
        assert card.id and card.question.strip()
    for skipped in result.skipped:
        assert skipped.line >= 1


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet='ab,|"->\n{}:1\t', max_size=80))
def test_any_csv_parses_without_raising(text: str) -> None:
    from cyberquiz.convert import ConvertError
    from cyberquiz.convert.csvdeck import parse_csv

    try:
        result = parse_csv(text, path="fuzz.csv", deck_id="d")
    except ConvertError:
        return
    assert all(card.id for card in result.cards)


_markers = st.sampled_from(
    ["=", "~", "~%50%", "~%-100%", "=%50%", "~%100%", "~%33.33333%", "~%-25%", "~%150%"]
)
_answer_lists = st.lists(
    st.tuples(_markers, st.text(alphabet="ab ->:#", max_size=6)), min_size=1, max_size=4
).map(lambda xs: " ".join(marker + text for marker, text in xs))
_blocks = st.one_of(
    _answer_lists, st.sampled_from(["T", "F", "#2001", "#5:2", "#1..3", "#x", "", "=2001-11-23"])
)
_questions = st.tuples(
    st.text(alphabet="ab Q:", max_size=6), _blocks, st.sampled_from(["", " tail.", "."])
).map(lambda t: f"{t[0]} {{{t[1]}}}{t[2]}")


@settings(max_examples=100, deadline=None)
@given(questions=st.lists(_questions, min_size=1, max_size=4))
def test_imported_cards_always_make_a_valid_deck(questions: list[str]) -> None:
    """Whatever is imported is written as a deck the loader accepts, with the same cards."""
    import dataclasses

    from cyberquiz.convert.yamlout import cards_to_yaml
    from cyberquiz.decks.loader import load_deck_bytes

    result = parse_gift("\n\n".join(questions), deck_id="d")
    if not result.cards:
        return
    text = cards_to_yaml(result.cards, deck_id="d", title="T")
    load = load_deck_bytes("x.yaml", text.encode("utf-8"))
    assert [str(p) for p in load.problems if p.is_error] == []
    assert load.deck is not None
    assert [dataclasses.replace(c, origin=None) for c in load.deck.cards] == result.cards


_WRONG_CREDITS = st.sampled_from([0.0, 0.0, -0.25, -0.3333333, -0.5, -1.0])


@st.composite
def credited_cards(draw: st.DrawFn) -> ChoiceCard | MultiCard:
    """A choice card with partial credits or penalties, or a multi card with weights."""
    n = draw(st.integers(min_value=2, max_value=5))
    options = tuple(f"option {i}" for i in range(n))
    if draw(st.booleans()):
        answer = draw(st.integers(min_value=0, max_value=n - 1))
        others = st.sampled_from([0.0, 0.5, 0.25, 0.75, 0.3333333, 1.0, -0.25, -1.0])
        credits = tuple(1.0 if i == answer else draw(others) for i in range(n))
        return ChoiceCard(
            id="c", deck_id="d", prompt="Q", options=options, answer=answer, credits=credits
        )
    right = draw(st.sets(st.integers(min_value=0, max_value=n - 1), min_size=1, max_size=n))
    # quarters of the marks shared among the right options, each at least one quarter
    shares = draw(
        st.lists(st.integers(min_value=1, max_value=4), min_size=len(right), max_size=len(right))
    )
    total = sum(shares)
    credits = tuple(
        round(shares[sorted(right).index(i)] / total, 7) if i in right else draw(_WRONG_CREDITS)
        for i in range(n)
    )
    if sum(c for c in credits if c > 0) < 1:  # rounding down (thirds): the last share takes it
        last = max(right)
        credits = tuple(
            c + round(1 - sum(x for x in credits if x > 0), 7) if i == last else c
            for i, c in enumerate(credits)
        )
    card = MultiCard(
        id="m", deck_id="d", prompt="Q", options=options, answers=frozenset(right), credits=credits
    )
    return card


@settings(max_examples=150, deadline=None)
@given(card=credited_cards())
def test_credits_round_trip_through_gift_and_a_deck_file(card: ChoiceCard | MultiCard) -> None:
    """Any credits come back from GIFT as they were (or as the card's own default rule), and a
    deck file written from the import loads as the same card, graded the same way."""
    import dataclasses

    from cyberquiz.convert.yamlout import cards_to_yaml
    from cyberquiz.core.grading import grade
    from cyberquiz.decks.loader import load_deck_bytes

    text, skipped = cards_to_gift([card])
    assert skipped == []
    result = parse_gift(text, deck_id="d")
    assert result.warnings == [] and result.skipped == []
    (back,) = result.cards
    picks: list[object] = list(range(len(card.options)))
    if isinstance(card, MultiCard):
        picks = [frozenset({i}) for i in range(len(card.options))] + [card.answers]
    for pick in picks:
        assert grade(back, pick).score == pytest.approx(grade(card, pick).score, abs=1e-6)  # type: ignore[arg-type]
    deck = load_deck_bytes("x.yaml", cards_to_yaml([back], deck_id="d", title="T").encode())
    assert [str(p) for p in deck.problems] == []
    assert [dataclasses.replace(c, origin=None) for c in deck.require().cards] == [back]
