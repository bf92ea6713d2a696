"""The areas of the article's decks: a card's area is the first of its tags that is one of these."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

#: The areas of the article's decks; a card's area is the first of its tags that is one of these.
AREAS: tuple[str, ...] = ("dates", "bodies", "provisions", "concepts", "people")

#: The area name of cards that carry none of :data:`AREAS` (in exams, readiness and stats).
OTHER_AREA = "other"


def area_of_tags(tags: Iterable[str]) -> str | None:
    """The first of ``tags`` that is one of :data:`AREAS`, if any (a card's area).

    Args:
        tags: a card's tags, in order.

    Returns:
        The area, or None when no tag is an area.
    """
    return next((t for t in tags if t in AREAS), None)


def cards_by_area(tag_lists: Iterable[Sequence[str]]) -> dict[str, int]:
    """How many cards each area has, each card counted once, under :func:`area_of_tags` (as
    the statistics' mastery, the readiness and the exams count them); areas in
    :data:`AREAS` order, those without cards left out, cards without an area not counted."""
    counts = dict.fromkeys(AREAS, 0)
    for tags in tag_lists:
        area = area_of_tags(tags)
        if area is not None:
            counts[area] += 1
    return {area: n for area, n in counts.items() if n}


def tagged_elsewhere(cards: Iterable[tuple[str, Sequence[str]]], area: str) -> frozenset[str]:
    """Ids of the cards that carry the ``area`` tag but belong to another area (an earlier area
    tag): a session on ``area`` leaves them out, so that it holds what the area counts."""
    return frozenset(
        card_id for card_id, tags in cards if area in tags and area_of_tags(tags) != area
    )
