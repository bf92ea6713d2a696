"""Number cards in a deck file: unquoted numbers, a tolerance or a range, a unit; clear errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cyberquiz.core.cards import NumberCard
from cyberquiz.decks.loader import load_deck_bytes

HEAD = "format: 1\nid: nums\ntitle: Numbers\ncards:\n"


def load(cards: str) -> tuple[list[NumberCard], list[str]]:
    result = load_deck_bytes("n.yaml", (HEAD + cards).encode())
    cards_out = [c for c in result.deck.cards if isinstance(c, NumberCard)] if result.deck else []
    return cards_out, [f"{p.line}:{p.column}: {p.message}" for p in result.problems]


def test_number_cards_load_with_their_numbers_exact() -> None:
    cards, problems = load(
        "  - id: ratified\n    kind: number\n    prompt: How many?\n    answer: 67\n"
        "    tolerance: 0\n    unit: countries\n"
        "  - id: span\n    kind: number\n    prompt: How much?\n    answer: 1000.5\n"
        "    range: [999, 1001.5]\n"
        "  - id: quoted\n    kind: number\n    prompt: Quoted?\n    answer: '0.1'\n"
        "    tolerance: 0.05\n"
    )
    assert problems == []
    ratified, span, quoted = cards
    assert (ratified.answer, ratified.tolerance, ratified.range, ratified.unit) == (
        Decimal(67),
        Decimal(0),
        None,
        "countries",
    )
    assert span.answer == Decimal("1000.5")
    assert span.range == (Decimal(999), Decimal("1001.5"))
    assert (quoted.answer, quoted.tolerance) == (Decimal("0.1"), Decimal("0.05"))


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        (
            "answer: 5\n    tolerance: 1\n    range: [1, 10]",
            "10:12: give a tolerance or a range, not both",
        ),
        ("answer: 50\n    range: [1, 10]", "8:13: answer 50 is outside the range [1, 10]"),
        ("answer: 5\n    range: [10, 1]", "9:12: range [10, 1] goes down: write [low, high]"),
        (
            "answer: 5\n    tolerance: -1",
            "9:16: 'tolerance' must be a number of 0 or more, like 2 or 0.5, found '-1'",
        ),
        ("answer: many", "8:13: 'answer' must be a number like 67 or 1000.5, found 'many'"),
        ("answer: 5\n    range: [1]", "9:12: 'range' needs at least 2 items, found 1"),
    ],
)
def test_number_card_problems_name_the_field(fields: str, problem: str) -> None:
    cards, problems = load(f"  - id: n\n    kind: number\n    prompt: How many?\n    {fields}\n")
    assert cards == []
    assert problems == [problem]
