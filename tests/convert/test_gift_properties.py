"""Property tests: any card text survives GIFT export and import (modulo whitespace runs)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cyberquiz.convert.gift import parse_gift
from cyberquiz.convert.giftout import cards_to_gift
from cyberquiz.core.cards import ChoiceCard, MatchCard, TrueFalseCard, TypedCard

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


_markers = st.sampled_from(["=", "~", "~%50%", "~%-100%", "=%50%", "~%100%"])
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
