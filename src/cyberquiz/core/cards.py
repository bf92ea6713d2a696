"""Cards and their kinds: the domain objects every other layer speaks.

A card is immutable. Its ``id`` is the stable key to a student's progress: editing a card's text
never changes it. ``Origin`` says where the card was written (deck file and line) so that errors
and the "show in deck" action can point an instructor at it; core never opens that file. Each kind
lives in its own module under ``core/kinds``; this module re-exports them for the rest of the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cyberquiz.core.areas import AREAS, OTHER_AREA, area_of_tags
from cyberquiz.core.kinds import (
    Card,
    CardBase,
    ChoiceCard,
    ClozeCard,
    DateCard,
    FlipCard,
    Gap,
    Kind,
    MatchCard,
    MultiCard,
    NumberCard,
    OrderCard,
    Origin,
    PartialDate,
    Precision,
    TrueFalseCard,
    TypedCard,
)

#: Organization tags, in display order: the "by organization" figures of exam results and of
#: readiness count these (other tags are ignored there).
ORGANIZATIONS: tuple[str, ...] = (
    "un",
    "unodc",
    "itu",
    "council-of-europe",
    "eu",
    "europol",
    "eurojust",
    "enisa",
    "interpol",
    "cis",
    "csto",
    "sco",
    "brics",
    "oas",
    "mercosur",
    "celac",
    "african-union",
    "arab-league",
    "asean",
    "apec",
    "nato",
    "oecd",
    "g7",
    "g8",
    "g20",
    "commonwealth",
    "osce",
)


@dataclass(frozen=True, slots=True)
class Deck:
    """A deck file's header and its cards, in file order."""

    id: str
    title: str
    cards: tuple[Card, ...]
    description: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()
    origin: Origin | None = None
    content_hash: str = ""
    card_hashes: dict[str, str] = field(default_factory=dict)


__all__ = [
    "AREAS",
    "ORGANIZATIONS",
    "OTHER_AREA",
    "Card",
    "CardBase",
    "ChoiceCard",
    "ClozeCard",
    "DateCard",
    "Deck",
    "FlipCard",
    "Gap",
    "Kind",
    "MatchCard",
    "MultiCard",
    "NumberCard",
    "OrderCard",
    "Origin",
    "PartialDate",
    "Precision",
    "TrueFalseCard",
    "TypedCard",
    "area_of_tags",
]
