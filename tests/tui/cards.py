"""Cards of every kind built in Python, for widget tests that need no deck file or database."""

from __future__ import annotations

from decimal import Decimal

from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    FlipCard,
    Gap,
    MatchCard,
    MultiCard,
    NumberCard,
    OrderCard,
    PartialDate,
    TrueFalseCard,
    TypedCard,
)


def all_kinds(text: str = "") -> list[Card]:
    """One card of every kind; ``text`` (e.g. hostile markup) is put in every text field."""
    t = text
    extra = {"explain": t, "source": t, "note": t}
    return [
        FlipCard(id="flip", deck_id="d", front=t or "Front", back=t or "Back", **extra),
        TypedCard(id="typed", deck_id="d", prompt=t or "City?", answer="Budapest", **extra),
        DateCard(
            id="date",
            deck_id="d",
            prompt=t or "When?",
            answer=PartialDate(2001, 11, 23),
            precision="year",
            source=t,
        ),
        ChoiceCard(
            id="choice",
            deck_id="d",
            prompt=t or "Which?",
            options=(t or "Europol", "Interpol", "NATO", "OSCE"),
            answer=0,
            note=t,
        ),
        MultiCard(
            id="multi",
            deck_id="d",
            prompt=t or "Which ones?",
            options=("Europol", t or "Eurojust", "Interpol", "NATO"),
            answers=frozenset({0, 1}),
        ),
        TrueFalseCard(
            id="truefalse", deck_id="d", statement=t or "It is true.", answer=True, **extra
        ),
        ClozeCard(
            id="cloze",
            deck_id="d",
            text="x",
            prompt=t,
            parts=(
                (t or "Opened in "),
                Gap(("2001",)),
                " in ",
                Gap(("Budapest",), "a city"),
                "." + t,
            ),
        ),
        OrderCard(
            id="order",
            deck_id="d",
            prompt=t or "Earliest first.",
            items=("first", t or "second", "third"),
        ),
        MatchCard(
            id="match",
            deck_id="d",
            prompt=t or "Match.",
            pairs=(("Europol", "The Hague"), (t or "Interpol", "Lyon"), ("ITU", t or "Geneva")),
        ),
        NumberCard(
            id="number",
            deck_id="d",
            prompt=t or "How many states?",
            answer=Decimal(67),
            unit=t or "countries",
            **extra,
        ),
    ]


def card_of(kind: str, text: str = "") -> Card:
    return next(c for c in all_kinds(text) if c.kind == kind)
