"""The areas of the article's decks: a card's area is the first of its tags that is one of these."""

from __future__ import annotations

from collections.abc import Iterable

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
