"""Number cards: what students type, read and graded against a tolerance, a range and a unit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cyberquiz.core.answers import Verdict
from cyberquiz.core.cards import NumberCard
from cyberquiz.core.grading import grade
from cyberquiz.core.kinds.number import format_number, read_number
from cyberquiz.core.rating import propose_rating
from cyberquiz.core.serialize import card_from_dict, card_to_dict, expected_display
from support import QUESTIONS, shipped_decks

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
SIGNED = NumberCard(
    id="signed",
    deck_id="d",
    prompt="According to the article, by how many States has the Convention been signed?",
    answer=Decimal(67),
    unit="States",
)
PROTOCOLS = NumberCard(
    id="protocols",
    deck_id="d",
    prompt="How many of its Protocols did Russia ratify together with the Convention?",
    answer=Decimal(2),
    unit="Protocols",
)
ONE = NumberCard(id="one", deck_id="d", prompt="How many?", answer=Decimal(1))
ONE_PROTOCOL = NumberCard(
    id="one-protocol",
    deck_id="d",
    prompt="How many Protocols?",
    answer=Decimal(1),
    unit="Protocols",
)


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
        (RATIFIED, "67 states parties", Verdict.RIGHT),  # both words stand for the unit
        (RATIFIED, "sixty-seven", Verdict.RIGHT),  # in words
        (RATIFIED, "Sixty seven countries", Verdict.RIGHT),
        (RATIFIED, "sixty-eight", Verdict.WRONG),
        (RATIFIED, "many", Verdict.UNREADABLE),  # no number: given back to be rewritten
        (RATIFIED, "60 or 70", Verdict.WRONG),  # two numbers: a hedge
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
        # a word that stands for the unit in a count is the unit; another unit is wrong
        (SIGNED, "67 countries", Verdict.RIGHT),
        (SIGNED, "67 nations", Verdict.RIGHT),
        (SIGNED, "67 members", Verdict.RIGHT),
        (SIGNED, "sixty-seven countries", Verdict.RIGHT),
        (SIGNED, "67 Protocols", Verdict.WRONG),
        (SIGNED, "68 countries", Verdict.WRONG),
        # words of the unit's group or of the question before the unit only repeat the question
        (SIGNED, "67 signatory States", Verdict.RIGHT),
        (SIGNED, "67 signatory states", Verdict.RIGHT),
        (SIGNED, "67 signatory countries", Verdict.RIGHT),
        (SIGNED, "the 67 States", Verdict.RIGHT),
        (SIGNED, "67 signatory Protocols", Verdict.WRONG),  # still the wrong unit
        (SIGNED, "67 Protocols States", Verdict.WRONG),  # a word from neither
        (SIGNED, "67 States signed", Verdict.WRONG),  # nothing after the unit
        (SIGNED, "67 States or nations", Verdict.WRONG),
        (PROTOCOLS, "2 additional Protocols", Verdict.RIGHT),
        (PROTOCOLS, "2 States", Verdict.WRONG),
        # "the first two" counts two: "first" only says which ones
        (PROTOCOLS, "the first two", Verdict.RIGHT),
        (PROTOCOLS, "first two", Verdict.RIGHT),
        (PROTOCOLS, "First Two Protocols", Verdict.RIGHT),
        (PROTOCOLS, "the first 2", Verdict.RIGHT),
        (PROTOCOLS, "first 2 protocols", Verdict.RIGHT),
        (PROTOCOLS, "2 (the first two)", Verdict.RIGHT),  # the same number twice is one
        (PROTOCOLS, "first three", Verdict.WRONG),
        (PROTOCOLS, "the first 3 Protocols", Verdict.WRONG),
        (PROTOCOLS, "2 (the first three)", Verdict.WRONG),  # two different numbers
        (PROTOCOLS, "first 2nd", Verdict.WRONG),  # "first" before an ordinal is 1st: two
        (PROTOCOLS, "first", Verdict.WRONG),
        # a lone "first" reads as it did: 1st, the ending taken for a unit where there is one
        (ONE, "first", Verdict.RIGHT),
        (ONE_PROTOCOL, "first", Verdict.WRONG),
        (ONE_PROTOCOL, "the first one", Verdict.RIGHT),
    ],
)
def test_grade_number(card: NumberCard, typed: str, verdict: Verdict) -> None:
    judged = grade(card, typed)
    assert judged.verdict is verdict, judged.message
    assert judged.score == (1.0 if verdict is Verdict.RIGHT else 0.0)


def test_unreadable_hedged_and_wrong_unit_say_why() -> None:
    judged = grade(RATIFIED, "many")
    assert "Could not read a number" in judged.message and judged.verdict is Verdict.UNREADABLE
    assert propose_rating(judged, 1000, RATIFIED) is None  # given back, nothing recorded
    hedged = grade(RATIFIED, "60 or 70")  # a hedge is an answer, and a wrong one
    assert hedged.verdict is Verdict.WRONG and "one number, not several" in hedged.message
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
        ("the first two", (Decimal(2),), "the"),
        ("the first 2,000", (Decimal(2000),), "the"),
        ("2 (the first two)", (Decimal(2), Decimal(2)), "the"),
        ("67 (sixty-seven)", (Decimal(67), Decimal(67)), ""),
        ("first", (Decimal(1),), "st"),
        ("first 2nd", (Decimal(1), Decimal(2)), "st nd"),
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


#: The shipped number cards and answers an audit found refused (right) or that must stay wrong.
SHIPPED = {
    "prov-budapest-signatories-number": (
        ["67 countries", "67 nations", "67 signatory States", "67 signatory states", "67 States"],
        ["67 Protocols", "68 countries", "67 km"],
    ),
    "prov-untoc-protocols-number": (
        ["the first two", "first two", "2 (the first two)", "the first 2", "2 Protocols"],
        ["first three", "the first three", "first", "3 Protocols", "2 States"],
    ),
}


@pytest.mark.skipif(not QUESTIONS.is_dir(), reason="the shipped decks are not here")
@pytest.mark.parametrize("card_id", sorted(SHIPPED))
def test_shipped_number_cards(card_id: str) -> None:
    (card,) = [c for d in shipped_decks().decks for c in d.cards if c.id == card_id]
    right, wrong = SHIPPED[card_id]
    assert [t for t in right if grade(card, t).verdict is not Verdict.RIGHT] == []
    assert [t for t in wrong if grade(card, t).verdict is not Verdict.WRONG] == []
