"""Cards of every kind, with awkward text, shared by the instructor tests."""

from __future__ import annotations

from pathlib import Path

from cyberquiz.convert.deckdict import cloze_parts
from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    Deck,
    FlipCard,
    MatchCard,
    MultiCard,
    OrderCard,
    PartialDate,
    TrueFalseCard,
    TypedCard,
)

FIXTURES = Path(__file__).parent / "fixtures"
DECK = "demo"


def cloze(
    card_id: str, text: str, prompt: str = "", deck_id_override: str = DECK, **kw: object
) -> ClozeCard:
    return ClozeCard(
        id=card_id,
        deck_id=deck_id_override,
        text=text,
        parts=cloze_parts(text),
        prompt=prompt,
        **kw,  # type: ignore[arg-type]
    )


def gift_cards() -> list[Card]:
    """One card of each kind GIFT can hold, with GIFT's special characters in the text."""
    return [
        ChoiceCard(
            id="choice-1",
            deck_id=DECK,
            prompt="Which body runs EC3 {the centre}?",
            options=("Europol", "Eurojust = prosecutors", "ENISA #1"),
            answer=0,
            tags=("bodies", "eu"),
            explain="EC3: part of Europol since 2013.",
            source='"Europol ... the European Cybercrime Centre (EC3)"',
        ),
        MultiCard(
            id="multi-1",
            deck_id=DECK,
            prompt="Which are regional organizations?",
            options=("Council of Europe", "African Union", "ITU", "UNODC"),
            answers=frozenset({0, 1}),
            tags=("bodies",),
        ),
        MultiCard(
            id="multi-3",
            deck_id=DECK,
            prompt="Pick the three",
            options=("a", "b", "c", "d"),
            answers=frozenset({0, 2, 3}),
        ),
        TrueFalseCard(
            id="tf-1",
            deck_id=DECK,
            statement="The ITU is a UN agency ~ true?",
            answer=True,
            explain="Yes.\nSince 1947.",
            note="A note: with a colon",
        ),
        TrueFalseCard(id="tf-2", deck_id=DECK, statement="NATO wrote a treaty.", answer=False),
        TypedCard(
            id="typed-1",
            deck_id=DECK,
            prompt="What does CoE stand for?",
            answer="Council of Europe",
            accept=("CoE", "the Council of Europe"),
            tags=("concepts",),
        ),
        TypedCard(id="typed-2", deck_id=DECK, prompt="How many?", answer="47"),
        DateCard(
            id="date-year",
            deck_id=DECK,
            prompt="When was the Convention opened?",
            answer=PartialDate(2001),
            precision="year",
            tags=("dates",),
        ),
        DateCard(
            id="date-day",
            deck_id=DECK,
            prompt="Exact date?",
            answer=PartialDate(2001, 11, 23),
            precision="day",
        ),
        DateCard(
            id="date-month",
            deck_id=DECK,
            prompt="Month?",
            answer=PartialDate(2001, 11),
            precision="month",
        ),
        DateCard(
            id="date-year-of-day",
            deck_id=DECK,
            prompt="Year of a known day?",
            answer=PartialDate(2001, 11, 23),
            precision="year",
        ),
        MatchCard(
            id="match-1",
            deck_id=DECK,
            prompt="Match the body to its seat.",
            pairs=(("Europol", "The Hague"), ("ITU", "Geneva"), ("Interpol", "Lyon")),
        ),
        cloze("cloze-1", "Opened in {{Budapest|Budapešt}} in 2001.", tags=("dates",)),
        cloze("cloze-hint", "Opened in {{Budapest::a capital}} in 2001.", prompt="Fill in"),
        cloze("cloze-mc", "Seat: {{Geneva::Geneva / Paris / Vienna}} since 1948."),
        cloze("cloze-end", "The convention was opened in {{Budapest}}"),
    ]


def non_gift_cards() -> list[Card]:
    """Cards GIFT has no form for."""
    return [
        FlipCard(id="flip-1", deck_id=DECK, front="EC3?", back="European Cybercrime Centre"),
        OrderCard(id="order-1", deck_id=DECK, prompt="Order", items=("a", "b", "c")),
        cloze("cloze-2", "{{Budapest}} in {{2001}}"),
    ]


def all_cards() -> list[Card]:
    return gift_cards() + non_gift_cards()


def demo_deck(cards: list[Card] | None = None) -> Deck:
    return Deck(
        id=DECK, title="Demo deck", cards=tuple(cards if cards is not None else all_cards())
    )
