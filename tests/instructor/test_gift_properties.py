"""Property tests: any card text survives GIFT export and import (modulo whitespace runs)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cyberquiz.convert.gift import cards_to_gift, parse_gift
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
    pairs=st.lists(st.tuples(answers, answers), min_size=2, max_size=3, unique_by=lambda p: p[0])
)
@example(pairs=[("[html]a", "[html]b"), ("x", "y")])
def test_match_text_round_trips(pairs: list[tuple[str, str]]) -> None:
    card = MatchCard(id="m", deck_id="d", prompt="Match", pairs=tuple(pairs))
    text, _ = cards_to_gift([card])
    assert parse_gift(text, deck_id="d").cards == [card]
