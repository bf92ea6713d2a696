"""Helpers for the exam and practice tests: small decks of every gradable kind across areas."""

from __future__ import annotations

from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    DateCard,
    FlipCard,
    MultiCard,
    OrderCard,
    PartialDate,
    TrueFalseCard,
    TypedCard,
)


def choice(i: int, area: str = "bodies", *tags: str, deck: str = "d1") -> ChoiceCard:
    return ChoiceCard(
        id=f"{area}-choice-{i}",
        deck_id=deck,
        tags=(area, *tags),
        prompt=f"Question {i} about {area}?",
        options=("alpha", "beta", "gamma", "delta"),
        answer=1,
        explain=f"Because {i}.",
        source=f"Quote {i}.",
    )


def make_pool(sizes: dict[str, int]) -> list[Card]:
    """``sizes[area]`` choice cards per area."""
    return [choice(i, area) for area, n in sizes.items() for i in range(n)]


def mixed_cards() -> list[Card]:
    """One card of several kinds, with organization tags."""
    return [
        choice(1, "bodies", "un"),
        choice(2, "bodies", "council-of-europe"),
        TrueFalseCard(
            id="tf-1",
            deck_id="d1",
            tags=("provisions", "council-of-europe"),
            statement="The Budapest Convention is open to non-members.",
            answer=True,
            explain="It is.",
            source="Article quote.",
        ),
        DateCard(
            id="date-1",
            deck_id="d2",
            tags=("dates", "council-of-europe"),
            prompt="When was the Budapest Convention opened for signature?",
            answer=PartialDate(2001, 11, 23),
            precision="day",
        ),
        MultiCard(
            id="multi-1",
            deck_id="d2",
            tags=("bodies", "sco"),
            prompt="Which are SCO members?",
            options=("China", "Russia", "France", "Brazil"),
            answers=frozenset({0, 1}),
        ),
        OrderCard(
            id="order-1",
            deck_id="d2",
            tags=("dates",),
            prompt="Earliest first",
            items=("2001", "2010", "2021"),
        ),
        TypedCard(
            id="typed-1",
            deck_id="d2",
            tags=("concepts", "un"),
            prompt="Which UN body ...?",
            answer="UNODC",
        ),
        FlipCard(id="flip-1", deck_id="d2", tags=("people",), front="Front", back="Back"),
    ]
