"""Number cards: what students type, read and graded against a tolerance, a range and a unit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cyberquiz.core.answers import Verdict
from cyberquiz.core.cards import NumberCard
from cyberquiz.core.grading import grade
from cyberquiz.core.kinds.number import format_number, read_number
from cyberquiz.core.serialize import card_from_dict, card_to_dict, expected_display

RATIFIED = NumberCard(
    id="ratified", deck_id="d", prompt="How many states?", answer=Decimal(67), unit="countries"
)
NEAR = NumberCard(
    id="near", deck_id="d", prompt="How many?", answer=Decimal(67), tolerance=Decimal(2)
)
SPAN = NumberCard(
    id="span",
    deck_id="d",
    prompt="How much?",
    answer=Decimal(1000),
    range=(Decimal("999.5"), Decimal("1000.5")),
)
SHARE = NumberCard(id="share", deck_id="d", prompt="Share?", answer=Decimal(40), unit="%")


@pytest.mark.parametrize(
    ("card", "typed", "verdict"),
    [
        (RATIFIED, "67", Verdict.RIGHT),
        (RATIFIED, "67 countries", Verdict.RIGHT),
        (RATIFIED, "67 country", Verdict.RIGHT),
        (RATIFIED, " 67  Countries. ", Verdict.RIGHT),
        (RATIFIED, "about 67", Verdict.RIGHT),
        (RATIFIED, "67.0", Verdict.RIGHT),
        (RATIFIED, "67 countires", Verdict.RIGHT),  # a typo in the unit is forgiven
        (RATIFIED, "68", Verdict.WRONG),
        (RATIFIED, "66 countries", Verdict.WRONG),
        (RATIFIED, "67 km", Verdict.WRONG),  # a wrong unit is wrong
        (RATIFIED, "67 states parties", Verdict.WRONG),
        (RATIFIED, "sixty-seven", Verdict.RIGHT),  # in words
        (RATIFIED, "Sixty seven countries", Verdict.RIGHT),
        (RATIFIED, "sixty-eight", Verdict.WRONG),
        (RATIFIED, "many", Verdict.WRONG),  # no number: could not be read
        (RATIFIED, "60 or 70", Verdict.WRONG),  # two numbers: could not be read
        (RATIFIED, "", Verdict.EMPTY),
        (NEAR, "65", Verdict.RIGHT),
        (NEAR, "69", Verdict.RIGHT),
        (NEAR, "69.01", Verdict.WRONG),
        (NEAR, "64", Verdict.WRONG),
        (NEAR, "67 anything", Verdict.RIGHT),  # no unit on the card: words around are ignored
        (SPAN, "1,000", Verdict.RIGHT),
        (SPAN, "1 000", Verdict.RIGHT),
        (SPAN, "1\u00a0000", Verdict.RIGHT),
        (SPAN, "1000.5", Verdict.RIGHT),
        (SPAN, "1000,5", Verdict.RIGHT),  # a decimal comma
        (SPAN, "999.5", Verdict.RIGHT),
        (SPAN, "1,000.6", Verdict.WRONG),
        (SPAN, "999.4", Verdict.WRONG),
        (SHARE, "40%", Verdict.RIGHT),
        (SHARE, "40 percent", Verdict.RIGHT),
        (SHARE, "40", Verdict.RIGHT),
        (SHARE, "41%", Verdict.WRONG),
    ],
)
def test_grade_number(card: NumberCard, typed: str, verdict: Verdict) -> None:
    judged = grade(card, typed)
    assert judged.verdict is verdict, judged.message
    assert judged.score == (1.0 if verdict is Verdict.RIGHT else 0.0)


def test_unreadable_and_wrong_unit_say_why() -> None:
    assert "Could not read one number" in grade(RATIFIED, "many").message
    assert "more than one number" in grade(RATIFIED, "60 or 70").message
    assert grade(RATIFIED, "67 km").message == "Wrong unit: the answer is 67 countries."


@pytest.mark.parametrize(
    ("typed", "values", "words"),
    [
        ("67 countries", (Decimal(67),), "countries"),
        ("−3", (Decimal(-3),), ""),
        ("1,000,000", (Decimal(1_000_000),), ""),
        ("1'000", (Decimal(1000),), ""),
        ("between 60 and 70", (Decimal(60), Decimal(70)), "between and"),
        ("A67", (), "a67"),
        ("one thousand and five", (Decimal(1005),), ""),
        ("seven", (Decimal(7),), ""),
    ],
)
def test_read_number(typed: str, values: tuple[Decimal, ...], words: str) -> None:
    read = read_number(typed)
    assert read.values == values
    assert read.words == words


@pytest.mark.parametrize(
    ("card", "text"),
    [(RATIFIED, "67 countries"), (NEAR, "67 (± 2)"), (SPAN, "999.5–1000.5"), (SHARE, "40 %")],
)
def test_expected_text(card: NumberCard, text: str) -> None:
    assert expected_display(card) == text


@pytest.mark.parametrize("card", [RATIFIED, NEAR, SPAN, SHARE])
def test_round_trip(card: NumberCard) -> None:
    assert card_from_dict(card_to_dict(card)) == card


def test_format_number() -> None:
    assert [format_number(Decimal(t)) for t in ("67", "67.50", "1E+3", "-0", "0.000")] == [
        "67",
        "67.5",
        "1000",
        "0",
        "0",
    ]
