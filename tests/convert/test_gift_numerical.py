"""Moodle numerical questions become number cards with Moodle's meaning (issue 15, item 2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cyberquiz.convert.gift import parse_gift
from cyberquiz.convert.giftout import cards_to_gift
from cyberquiz.core.cards import DateCard, NumberCard


def _one(text: str) -> tuple[NumberCard, list[str]]:
    result = parse_gift(text, path="t.gift", deck_id="d")
    assert result.skipped == []
    (card,) = result.cards
    assert isinstance(card, NumberCard), card
    return card, [w.reason for w in result.warnings]


@pytest.mark.parametrize(
    ("gift", "bounds"),
    [
        ("Pi to three places? {#3.1415:0.0005}", ("3.1410", "3.1420")),
        ("Pi to three places? {#3.141..3.142}", ("3.141", "3.142")),
        ("Pi times -1? {#-3.142..-3.141}", ("-3.142", "-3.141")),
        ("A number from 1 to 5? {#3:2}", ("1", "5")),
        ("How many states ratified? {#68:2}", ("66", "70")),
        ("A share? {#0.35:0.05}", ("0.30", "0.40")),
        ("A wide range {#1..100}", ("1", "100")),
    ],
)
def test_tolerances_and_ranges_keep_moodles_bounds(gift: str, bounds: tuple[str, str]) -> None:
    card, warnings = _one(gift)
    assert card.bounds == (Decimal(bounds[0]), Decimal(bounds[1]))
    assert warnings == []


def test_a_whole_year_stays_a_date_card() -> None:
    result = parse_gift("When was it opened? {#2001}", deck_id="d")
    assert isinstance(result.cards[0], DateCard)


def test_moodles_own_export_with_weights_and_other_answer_feedback() -> None:
    """As Moodle's exporter writes it: ``=%100%v:t#feedback`` lines and ``~#feedback``."""
    card, warnings = _one(
        "::GRASP::[html]<p>How many GRASP principles are there?</p>{#\n"
        "\t=%0%5:0#<p>No: five at first, nine in all.</p>\n"
        "\t=%100%9:0#<p>Right: nine.</p>\n"
        "\t=%50%8:1#<p>Close.</p>\n"
        "\t~#<p>Nine.</p>\n"
        "}"
    )
    assert (card.answer, card.bounds) == (Decimal(9), (Decimal(9), Decimal(9)))
    assert card.prompt == "How many GRASP principles are there?"
    assert card.explain == "Right: nine."
    assert warnings == ["partial credit not kept: 8:1 (50%)"]


def test_several_fully_right_answers_keep_the_first_and_say_so() -> None:
    card, warnings = _one("Name a prime below 4 {#=2 =3}")
    assert card.answer == Decimal(2)
    assert warnings == ["also fully right in Moodle, not kept: 3"]


def test_a_missing_word_number_keeps_the_blank_where_moodle_shows_it() -> None:
    card, _ = _one("What is the value of pi (to 3 decimal places)? {#3.1415:0.0005}.")
    assert card.prompt == "What is the value of pi (to 3 decimal places)? _____."


def test_number_cards_round_trip_through_our_gift() -> None:
    card, _ = _one("Pi? {#3.1415:0.0005}")
    text, skipped = cards_to_gift([card])
    assert skipped == []
    assert parse_gift(text, deck_id="d").cards == [card]
