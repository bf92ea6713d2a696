"""Every export format keeps option credits (or would list each card whose credits it loses)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cyberquiz.convert.apkg import front_and_back
from cyberquiz.convert.csvdeck import cards_to_csv, parse_csv
from cyberquiz.convert.deckdict import card_to_deck_dict
from cyberquiz.convert.giftout import cards_to_gift
from cyberquiz.convert.sheet import sheet_item
from cyberquiz.core.cards import Card, ChoiceCard, MultiCard

CHOICE = ChoiceCard(
    id="choice-credit",
    deck_id="d",
    prompt="Who adopted the Convention?",
    options=("Committee of Ministers", "Council of Europe", "European Union", "UN"),
    answer=0,
    credits=(1.0, 0.5, -0.25, 0.0),
)
MULTI = MultiCard(
    id="multi-credit",
    deck_id="d",
    prompt="Which are regional bodies?",
    options=("Council of Europe", "African Union", "ITU"),
    answers=frozenset({0, 1}),
    credits=(0.75, 0.25, -1.0),
)


def _gift(card: Card) -> tuple[str, list[str]]:
    text, skipped = cards_to_gift([card])
    return text, [s.reason for s in skipped]


def _csv(card: Card) -> tuple[str, list[str]]:
    text, lossy = cards_to_csv([card])
    return text, [s.reason for s in lossy]


def _anki(card: Card) -> tuple[str, list[str]]:
    return front_and_back(card)[1], []


def _sheet(card: Card) -> tuple[str, list[str]]:
    return sheet_item(card).key, []


def _yaml(card: Card) -> tuple[str, list[str]]:
    return repr(card_to_deck_dict(card)), []


#: format -> (export one card: (text, warnings), what shows the credits were kept in the text)
FORMATS: dict[str, tuple[Callable[[Card], tuple[str, list[str]]], dict[str, str]]] = {
    "GIFT": (_gift, {"choice-credit": "~%50%Council of Europe", "multi-credit": "~%75%"}),
    "deck YAML": (_yaml, {"choice-credit": "'credit': 0.5", "multi-credit": "'credit': 0.75"}),
    "Anki": (_anki, {"choice-credit": "Council of Europe (50%)", "multi-credit": "ITU (-100%)"}),
    "sheet": (_sheet, {"choice-credit": "50%", "multi-credit": "75%"}),
    "CSV": (_csv, {"choice-credit": "1 | 0.5 | -0.25 | 0", "multi-credit": "0.75 | 0.25 | -1"}),
}


@pytest.mark.parametrize("card", [CHOICE, MULTI], ids=lambda c: c.id)
@pytest.mark.parametrize("name", list(FORMATS))
def test_credits_are_kept(name: str, card: Card) -> None:
    export, kept = FORMATS[name]
    text, warnings = export(card)
    assert kept[card.id] in text, f"{name} export lost the credits of {card.id}"
    assert warnings == []


@pytest.mark.parametrize("card", [CHOICE, MULTI], ids=lambda c: c.id)
def test_credits_come_back_from_csv(card: Card) -> None:
    text, _ = cards_to_csv([card])
    assert parse_csv(text, deck_id="d").cards == [card]


@pytest.mark.parametrize(
    ("kind", "answer", "credits", "problem"),
    [
        ("choice", "a", "1 | 0.5", "2 credits for 3 options (one per option, |)"),
        ("choice", "a", "1 | half | 0", "credit 'half' is not a number"),
        ("choice", "a", "1 | 1.5 | 0", "credit 1.5 is not between -1 and 1"),
        ("choice", "b", "1 | 0.5 | 0", "the answer 'b' has credit 0.5, not 1"),
        ("multi", "a | b", "0.5 | 0.4 | 0", "the credits above 0 do not add up to 1"),
        ("multi", "a", "0.5 | 0.5 | 0", "the answers are not the options with a credit above 0"),
    ],
)
def test_csv_credits_that_are_wrong_are_named(
    kind: str, answer: str, credits: str, problem: str
) -> None:
    row = f"x,{kind},Q?,{answer},a | b | c,{credits}\n"
    result = parse_csv("id,kind,prompt,answer,options,credits\n" + row, path="c.csv", deck_id="d")
    assert result.cards == []
    assert [s.reason for s in result.skipped] == [problem]


def test_cards_without_credits_export_as_before() -> None:
    plain = ChoiceCard(id="p", deck_id="d", prompt="?", options=("a", "b"), answer=0)
    assert _csv(plain)[0].splitlines()[1].endswith(",")  # an empty credits cell
    assert "%" not in _anki(plain)[0] and "credit" not in _sheet(plain)[0]
