"""Every export format keeps option credits, or lists each card whose credits it loses."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cyberquiz.convert.apkg import front_and_back
from cyberquiz.convert.csvdeck import cards_to_csv
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
    "CSV": (_csv, {}),  # no column for credits: every such card is listed
}


@pytest.mark.parametrize("card", [CHOICE, MULTI], ids=lambda c: c.id)
@pytest.mark.parametrize("name", list(FORMATS))
def test_credits_are_kept_or_the_card_is_listed(name: str, card: Card) -> None:
    export, kept = FORMATS[name]
    text, warnings = export(card)
    if card.id in kept:
        assert kept[card.id] in text, f"{name} export lost the credits of {card.id}"
        assert warnings == []
    else:
        assert warnings == [
            "option credits have no CSV column: re-imported, partial credit and penalties are "
            f"lost ({card.id})"
        ]


def test_cards_without_credits_export_as_before() -> None:
    plain = ChoiceCard(id="p", deck_id="d", prompt="?", options=("a", "b"), answer=0)
    assert _csv(plain)[1] == []
    assert "%" not in _anki(plain)[0] and "credit" not in _sheet(plain)[0]
