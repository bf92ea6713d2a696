"""The grader on the article's decks: every card's own answer is right; all round-trips."""

from __future__ import annotations

import json
import random

import pytest

from cyberquiz.core.answers import Answer, Verdict
from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    FlipCard,
    MatchCard,
    MultiCard,
    NumberCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.dates import format_date
from cyberquiz.core.grading import grade
from cyberquiz.core.kinds.number import format_number
from cyberquiz.core.present import presentation
from cyberquiz.core.serialize import (
    answer_from_json,
    answer_to_json,
    card_from_dict,
    card_to_dict,
)
from support import QUESTIONS, shipped_decks


def _deck_cards() -> list[Card]:
    if not QUESTIONS.is_dir():
        return []
    return [card for deck in shipped_decks().decks for card in deck.cards]


CARDS = _deck_cards()


def _right_answers(card: Card) -> list[Answer]:
    match card:
        case FlipCard():
            return [None]
        case TypedCard():
            return [card.answer, *card.accept, card.answer.upper(), f"  {card.answer.lower()}  "]
        case DateCard():
            return [card.answer.iso(), format_date(card.answer), format_date(card.answer, "day")]
        case ChoiceCard():
            return [card.answer]
        case MultiCard():
            return [card.answers]
        case TrueFalseCard():
            return [card.answer]
        case ClozeCard():
            return [tuple(g.answers[0] for g in card.gaps), tuple(g.answers[-1] for g in card.gaps)]
        case OrderCard():
            return [tuple(range(len(card.items)))]
        case MatchCard():
            return [tuple(range(len(card.pairs)))]
        case NumberCard():
            value = format_number(card.answer)
            return [value, f"{value} {card.unit}".strip(), f" {value}. "]
    raise TypeError(card)


@pytest.mark.skipif(not CARDS, reason="no decks in questions/")
def test_every_card_own_answer_is_right() -> None:
    wrong = [
        (card.id, answer, result.verdict)
        for card in CARDS
        for answer in _right_answers(card)
        if (result := grade(card, answer)).verdict not in (Verdict.RIGHT, Verdict.SELF)
    ]
    assert wrong == []


@pytest.mark.skipif(not CARDS, reason="no decks in questions/")
def test_every_card_round_trips_and_presents() -> None:
    rng = random.Random(2026)
    for card in CARDS:
        assert card_from_dict(json.loads(json.dumps(card_to_dict(card)))) == card
        for answer in _right_answers(card):
            assert answer_from_json(card, answer_to_json(card, answer)) == answer
        order = presentation(card, rng)
        if isinstance(card, OrderCard | MatchCard):
            assert sorted(order) != list(order) or len(order) < 2
