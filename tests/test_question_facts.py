"""The article's decks teach what is true (issue 11, step 5).

The article is machine translated and sometimes wrong or out of date. These tests pin the audit:
a card that asks for a real name refuses the article's slip, a source that does not show the
answer is backed by a note naming the instrument, the corrections and later facts are asked, and
two cards never disagree on the same fact.
"""

from __future__ import annotations

import json

import pytest

from cyberquiz.core.answers import Verdict
from cyberquiz.core.cards import Card, DateCard, TypedCard
from cyberquiz.core.grading import grade
from cyberquiz.core.serialize import card_to_dict
from support import shipped_decks


@pytest.fixture(scope="module")
def cards() -> dict[str, Card]:
    return {card.id: card for deck in shipped_decks().decks for card in deck.cards}


def _shown_text(card: Card) -> str:
    """Everything a student reads on the card, but not the accepted answers or the quote."""
    fields = card_to_dict(card)
    for hidden in ("accept", "source", "origin", "id", "deck_id", "tags"):
        fields.pop(hidden, None)
    return json.dumps(fields, ensure_ascii=False)


@pytest.mark.parametrize(
    ("card_id", "slip"),
    [
        ("body-ec3-typed", "EU3"),
        ("prov-directive-number", "2013/40/EC"),
        ("prov-framework-decision", "2005/222/LDPE"),
        ("prov-budapest-name", "Convention on Crime in the Field of Computer Information"),
        ("body-sco-name-typed", "Shanghai Commonwealth Organization"),
        ("body-mercosur", "South American Common Market"),
        ("body-celac-acronym", "LACB"),
        ("body-celac", "LACB"),
        (
            "prov-oas-declaration-name",
            "Declaration on Strengthening Information Security in the Americas",
        ),
        ("body-enisa-name-today", "Agency for Network and Information Security"),
        ("body-las-typed", "League of Arab Nations"),
        ("concept-complex-discrete", "uneven"),
        ("body-csto-origin", "Collective Security Treaty Organization"),
        ("prov-eu-sanctions-decision", "2019/796"),
    ],
)
def test_a_card_that_asks_the_real_name_refuses_the_slip(
    cards: dict[str, Card], card_id: str, slip: str
) -> None:
    card = cards[card_id]
    assert isinstance(card, TypedCard)
    assert slip.casefold() not in (a.casefold() for a in (card.answer, *card.accept))
    assert grade(card, slip).verdict not in (Verdict.RIGHT, Verdict.ALMOST)


def test_a_date_card_shows_its_year_in_the_quote_or_in_a_note(cards: dict[str, Card]) -> None:
    """A year card needs a quote with the year; a fact the article lacks names its instrument."""
    unsupported = [
        (card.id, card.source)
        for card in cards.values()
        if isinstance(card, DateCard)
        and (year := card.answer.iso()[:4]) not in card.source
        and year not in card.note
    ]
    assert unsupported == []


def test_a_typed_answer_missing_from_the_quote_is_explained_in_a_note(
    cards: dict[str, Card],
) -> None:
    unsupported = [
        card.id
        for card in cards.values()
        if isinstance(card, TypedCard)
        and not any(f.casefold() in card.source.casefold() for f in (card.answer, *card.accept))
        and not card.note.strip()
    ]
    assert unsupported == []


@pytest.mark.parametrize(
    ("iso", "precision", "what"),
    [
        ("2018-09-28", "day", "CIS Dushanbe Agreement on crimes in the field of IT"),
        ("2002-10-07", "year", "CSTO Charter"),
        ("2019-05-17", "month", "EU cyber-sanctions regime, Decision (CFSP) 2019/797"),
        ("2019-12-27", "year", "GA resolution 74/247, the Ad Hoc Committee"),
        ("2024-12-24", "day", "UN Convention against Cybercrime, resolution 79/243"),
        ("2025-10-25", "month", "UN Convention against Cybercrime opened for signature in Hanoi"),
        ("2010-12-21", "year", "Arab Convention on Combating Information Technology Offences"),
        ("2022-12-14", "day", "NIS2, Directive (EU) 2022/2555"),
        ("2016-07-08", "day", "EU-NATO Joint Declaration, Warsaw"),
        ("2023-01-10", "year", "third EU-NATO Joint Declaration"),
        ("2013", "year", "GGE report A/68/98"),
        ("2025-07", "month", "OEWG 2021-2025 final report"),
    ],
)
def test_the_corrections_and_later_facts_are_asked(
    cards: dict[str, Card], iso: str, precision: str, what: str
) -> None:
    asked = {(c.answer.iso(), c.precision) for c in cards.values() if isinstance(c, DateCard)}
    assert (iso, precision) in asked, what


def test_cards_agree_on_the_oas_declaration_title(cards: dict[str, Card]) -> None:
    """Reference 25's title has no "on"; cards once gave it both ways."""
    wrong = [c.id for c in cards.values() if "Declaration on Strengthening Cyber" in _shown_text(c)]
    assert wrong == []


def test_cards_agree_the_article_writes_shanghai_commonwealth_once(
    cards: dict[str, Card],
) -> None:
    """Its text has the slip once (the peer review below repeats it); a note once said twice."""
    twice = [
        c.id
        for c in cards.values()
        if "Shanghai Commonwealth" in c.note and ("twice" in c.note or "two times" in c.note)
    ]
    assert twice == []


def test_no_card_says_the_dushanbe_agreement_was_only_planned(cards: dict[str, Card]) -> None:
    """The 2018 agreement was signed; every card that mentions Dushanbe 2018 says so or asks it."""
    silent = [
        c.id
        for c in cards.values()
        if "Dushanbe" in _shown_text(c)
        and "2018" in _shown_text(c)
        and "28 September 2018" not in _shown_text(c)
        and not (isinstance(c, DateCard) and c.answer.iso() == "2018-09-28")
    ]
    assert silent == []
