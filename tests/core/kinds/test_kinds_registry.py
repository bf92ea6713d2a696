"""The kind registry: every kind has one module, and every module keeps the shared contract."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from cyberquiz.core.answers import Answer, Verdict
from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    FlipCard,
    Gap,
    Kind,
    MatchCard,
    MultiCard,
    NumberCard,
    OrderCard,
    PartialDate,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.grading import grade
from cyberquiz.core.kinds import KINDS, question_text, rules_for
from cyberquiz.core.present import presentation
from cyberquiz.core.serialize import (
    answer_from_json,
    answer_to_json,
    card_from_dict,
    card_to_dict,
)

#: One card of every kind and its right answer (None for the self-graded flip card).
SAMPLES: dict[Kind, tuple[Card, Answer]] = {
    Kind.FLIP: (
        FlipCard(id="f", deck_id="d", front="EC3", back="European Cybercrime Centre"),
        None,
    ),
    Kind.TYPED: (TypedCard(id="t", deck_id="d", prompt="City?", answer="Budapest"), "budapest"),
    Kind.DATE: (
        DateCard(id="dt", deck_id="d", prompt="When?", answer=PartialDate(2001, 11, 23)),
        "23 November 2001",
    ),
    Kind.CHOICE: (
        ChoiceCard(id="c", deck_id="d", prompt="Which?", options=("a", "b", "c"), answer=1),
        1,
    ),
    Kind.MULTI: (
        MultiCard(
            id="m", deck_id="d", prompt="Which?", options=("a", "b", "c"), answers=frozenset({0, 2})
        ),
        frozenset({0, 2}),
    ),
    Kind.TRUEFALSE: (TrueFalseCard(id="tf", deck_id="d", statement="Yes.", answer=True), True),
    Kind.CLOZE: (
        ClozeCard(
            id="cl",
            deck_id="d",
            text="Signed in {{Budapest}} in {{2001}}.",
            parts=("Signed in ", Gap(("Budapest",)), " in ", Gap(("2001",)), "."),
        ),
        ("Budapest", "2001"),
    ),
    Kind.ORDER: (OrderCard(id="o", deck_id="d", prompt="Order", items=("x", "y", "z")), (0, 1, 2)),
    Kind.MATCH: (
        MatchCard(id="mt", deck_id="d", prompt="Pair", pairs=(("a", "1"), ("b", "2"))),
        (0, 1),
    ),
    Kind.NUMBER: (
        NumberCard(id="n", deck_id="d", prompt="How many?", answer=Decimal(67), unit="countries"),
        "67 countries",
    ),
}


def test_every_kind_has_rules_and_a_sample() -> None:
    assert set(KINDS) == set(Kind), f"kinds without a module: {set(Kind) - set(KINDS)}"
    assert set(SAMPLES) == set(Kind), f"kinds without a sample here: {set(Kind) - set(SAMPLES)}"


@pytest.mark.parametrize("kind", list(Kind))
def test_rules_belong_to_their_kind(kind: Kind) -> None:
    card, _ = SAMPLES[kind]
    rules = KINDS[kind]
    assert rules.kind is kind
    assert isinstance(card, rules.card_type)
    assert card.kind is kind
    assert rules_for(card) is rules
    assert rules.label


@pytest.mark.parametrize("kind", list(Kind))
def test_card_and_answer_round_trip(kind: Kind) -> None:
    card, right = SAMPLES[kind]
    assert card_from_dict(card_to_dict(card)) == card
    assert answer_from_json(card, answer_to_json(card, right)) == right


@pytest.mark.parametrize("kind", list(Kind))
def test_right_answer_is_right_and_nothing_is_empty(kind: Kind) -> None:
    card, right = SAMPLES[kind]
    if rules_for(card).self_graded:
        assert grade(card, right).verdict is Verdict.SELF
        return
    assert grade(card, right).verdict is Verdict.RIGHT
    assert grade(card, None).verdict is Verdict.EMPTY


@pytest.mark.parametrize("kind", list(Kind))
def test_question_text_is_plain_and_shown_once(kind: Kind) -> None:
    card, _ = SAMPLES[kind]
    text = question_text(card)
    assert text.strip()
    assert "{{" not in text and "}}" not in text


def test_cloze_question_shows_gaps_as_blanks() -> None:
    card, _ = SAMPLES[Kind.CLOZE]
    assert question_text(card) == "Signed in ___ in ___."
    with_prompt = ClozeCard(
        id="p",
        deck_id="d",
        text="In {{Budapest}}.",
        parts=("In ", Gap(("Budapest",)), "."),
        prompt="Where?",
    )
    assert question_text(with_prompt) == "Where?\n\nIn ___."


@pytest.mark.parametrize("kind", list(Kind))
def test_presentation_is_a_permutation_or_nothing(kind: Kind) -> None:
    card, _ = SAMPLES[kind]
    order = presentation(card, random.Random(7))
    assert order == () or sorted(order) == list(range(len(order)))


def test_core_switches_on_kinds_only_in_the_registry() -> None:
    """Outside ``core/kinds``, core code asks the registry instead of naming a kind or card type."""
    import re
    from pathlib import Path

    import cyberquiz.core

    switch = re.compile(
        r"Kind\.[A-Z]|\b(?:case\s+|isinstance\([^)]*)"
        r"(?:Flip|Typed|Date|Choice|Multi|TrueFalse|Cloze|Order|Match|Number)Card\b"
    )
    core = Path(cyberquiz.core.__file__).parent
    found = [
        f"{path.relative_to(core)}:{number}: {line.strip()}"
        for path in sorted(core.rglob("*.py"))
        if "kinds" not in path.relative_to(core).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if switch.search(line)
    ]
    assert not found, "switch on kinds outside core/kinds:\n" + "\n".join(found)


def test_cards_and_deck_loading_leave_the_text_matcher_unloaded() -> None:
    """Start-up loads decks; rapidfuzz (through core.text) waits for the first grade."""
    from support import imported_by

    modules = ["cyberquiz.core.cards", "cyberquiz.core.serialize", "cyberquiz.decks.loader"]
    assert imported_by(modules, ["rapidfuzz", "cyberquiz.core.text"]) == []


def test_the_kinds_the_study_screen_treats_apart_are_named_by_their_rules() -> None:
    """The study screen asks the rules, never the card's class: flip cards are self-graded,
    typed and date answers may be retyped after a miss."""

    assert {k for k, r in KINDS.items() if r.self_graded} == {Kind.FLIP}
    assert {k for k, r in KINDS.items() if r.retypes_after_miss} == {Kind.TYPED, Kind.DATE}
