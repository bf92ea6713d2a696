"""Number cards through every format: GIFT numerical, CSV, YAML out, Anki and the sheet."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from cyberquiz.convert.apkg import front_and_back
from cyberquiz.convert.csvdeck import cards_to_csv, parse_csv
from cyberquiz.convert.gift import parse_gift
from cyberquiz.convert.giftout import cards_to_gift
from cyberquiz.convert.sheet import sheet_item
from cyberquiz.convert.yamlout import cards_to_yaml
from cyberquiz.core.cards import NumberCard
from cyberquiz.decks.loader import load_deck_bytes

SIGNED = NumberCard(
    id="signed",
    deck_id="d",
    prompt="How many States have signed it?",
    answer=Decimal(67),
    unit="States",
    explain="See the article.",
)
NEAR = NumberCard(
    id="near", deck_id="d", prompt="Roughly?", answer=Decimal("0.1"), tolerance=Decimal("0.05")
)
SPAN = NumberCard(
    id="span",
    deck_id="d",
    prompt="How much?",
    answer=Decimal("1000.5"),
    range=(Decimal(999), Decimal("1001.5")),
)
CARDS = [SIGNED, NEAR, SPAN]


def test_gift_writes_moodle_numerical_questions() -> None:
    text, skipped = cards_to_gift(CARDS)
    assert skipped == []
    assert "::signed::[plain]How many States have signed it? {#67:0####See the article.}" in text
    assert "::near::[plain]Roughly? {#0.1:0.05}" in text
    assert "::span::[plain]How much? {#999..1001.5}" in text


def test_gift_export_then_import_gives_the_same_cards() -> None:
    text, _ = cards_to_gift(CARDS)
    result = parse_gift(text, deck_id="d")
    assert result.skipped == []
    assert result.cards == CARDS


def test_csv_export_then_import_gives_the_same_cards() -> None:
    text, lossy = cards_to_csv(CARDS)
    assert lossy == []
    result = parse_csv(text, deck_id="d")
    assert result.skipped == []
    assert result.cards == CARDS


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("n,number,How many?,many,,,,,,,,,,,", "number answer 'many' is not a number"),
        ("n,number,How many?,5,,,,,,,,,-1,,", "tolerance '-1' is below 0"),
        ("n,number,How many?,5,,,,,,,,,,10 | 1,", "range '10 | 1' is not 'low | high'"),
        ("n,number,How many?,50,,,,,,,,,,1 | 10,", "number answer '50' is outside the range"),
    ],
)
def test_csv_number_rows_that_are_not_cards(row: str, reason: str) -> None:
    header = "id,kind,prompt,answer,accept,options,text,precision,tags,explain,source,note,"
    result = parse_csv(header + "tolerance,range,unit\n" + row + "\n", deck_id="d")
    assert [s.reason for s in result.skipped] == [reason]


def test_yaml_out_then_load_gives_the_same_cards() -> None:
    text = cards_to_yaml(CARDS, deck_id="d", title="Numbers")
    assert "answer: 1000.5" in text and "range: [999, 1001.5]" in text
    deck = load_deck_bytes("d.yaml", text.encode()).require()
    assert [dataclasses.replace(c, origin=None) for c in deck.cards] == CARDS


def test_anki_and_sheet_show_the_answer_with_its_unit() -> None:
    assert front_and_back(SIGNED) == (
        "How many States have signed it?",
        '67 States<div class="explain">See the article.</div>',
    )
    item = sheet_item(SIGNED)
    assert (item.instruction, item.key) == ("Number: ________ States", "67 States")
    assert sheet_item(SPAN).key == "999–1001.5"
