"""The article's decks in ``questions/``: they load cleanly, cover every area and kind, and quote
the article word for word.

The article itself lives outside the repository, in ``../shared/article/`` next to the checkout
(CI has it); the quote check is skipped with that reason when it is absent.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from cyberquiz.core.cards import (
    AREAS,
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    Kind,
    MatchCard,
    MultiCard,
    OrderCard,
    TypedCard,
)
from support import ARTICLE, QUESTIONS, shipped_decks

#: The minimum number of cards, and the minimum per area and per kind.
MIN_CARDS = 150
MIN_PER_AREA = {"dates": 30, "bodies": 30, "provisions": 30, "concepts": 15, "people": 10}
MIN_PER_KIND = 3

#: Organization tags the issue asks for; every one should be used somewhere.
ORGANIZATIONS = (
    "un",
    "itu",
    "council-of-europe",
    "eu",
    "cis",
    "csto",
    "sco",
    "brics",
    "oas",
    "african-union",
    "arab-league",
    "nato",
)


def _squash(text: str) -> str:
    """Collapse every run of whitespace (including no-break spaces) to one space."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def report() -> Any:
    return shipped_decks()


@pytest.fixture(scope="module")
def cards(report: Any) -> list[Card]:
    return [card for deck in report.decks for card in deck.cards]


def test_decks_load_without_errors_or_warnings(report: Any) -> None:
    assert [str(p) for p in report.problems] == []
    decks = [p for p in QUESTIONS.glob("*.yaml") if p.name != "glossary.yaml"]
    assert len(report.decks) == len(decks)


def test_card_counts(cards: list[Card]) -> None:
    assert len(cards) >= MIN_CARDS
    per_area = Counter(card.area for card in cards)
    per_kind = Counter(card.kind for card in cards)
    assert None not in per_area, "every card needs an area tag"
    for area in AREAS:
        assert per_area[area] >= MIN_PER_AREA[area], (area, per_area)
    for kind in Kind:
        assert per_kind[kind] >= MIN_PER_KIND, (kind, per_kind)


def test_every_organization_tag_is_used(cards: list[Card]) -> None:
    used = {tag for card in cards for tag in card.tags}
    assert set(ORGANIZATIONS) - used == set()


def test_every_card_has_area_explain_and_source(cards: list[Card]) -> None:
    missing = [
        card.id
        for card in cards
        if not card.tags or card.area is None or not card.explain.strip() or not card.source.strip()
    ]
    assert missing == []


def test_card_ids_are_unique_and_readable(cards: list[Card]) -> None:
    ids = [card.id for card in cards]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_answers_are_consistent(cards: list[Card]) -> None:
    for card in cards:
        match card:
            case ChoiceCard():
                assert len(set(card.options)) == len(card.options) >= 3, card.id
            case MultiCard():
                assert len(set(card.options)) == len(card.options), card.id
                assert 1 <= len(card.answers) < len(card.options), card.id
            case OrderCard():
                assert len(set(card.items)) == len(card.items) >= 3, card.id
            case MatchCard():
                lefts = [left for left, _ in card.pairs]
                rights = [right for _, right in card.pairs]
                assert len(set(lefts)) == len(set(rights)) == len(card.pairs) >= 4, card.id
            case DateCard():
                assert card.precision in ("year", "month", "day"), card.id
            case TypedCard():
                assert card.answer.strip(), card.id
            case ClozeCard():
                assert card.gaps, card.id


def test_date_cards_cover_the_articles_dates(cards: list[Card]) -> None:
    """The key dates the article gives are all asked (as the right precision)."""
    asked = {(card.answer.iso(), card.precision) for card in cards if isinstance(card, DateCard)}
    for expected in [
        ("2001-11-23", "day"),  # Budapest Convention
        ("2013-08-12", "day"),  # Directive 2013/40/EU
        ("2013-01", "month"),  # EC3
        ("2015-07-09", "day"),  # Ufa Declaration
        ("2005-04-14", "day"),  # IPA CIS Regulation
        ("2004-04-26", "day"),  # Russia ratifies UNTOC
        ("2018-09", "month"),  # Dushanbe
        ("2021", "year"),  # Russian draft UN convention
    ]:
        assert expected in asked, expected


def test_every_source_quote_is_in_the_article(cards: list[Card]) -> None:
    if not ARTICLE.is_file():
        pytest.skip(f"the article is not available at {ARTICLE} (CI has it in ../shared/article/)")
    article = _squash(ARTICLE.read_text(encoding="utf-8"))
    not_found = [(card.id, card.source) for card in cards if _squash(card.source) not in article]
    assert not_found == []
