"""Cards and their kinds: the domain objects every other layer speaks.

A card is immutable. Its ``id`` is the stable key to a student's progress: editing a card's text
never changes it. ``Origin`` says where the card was written (deck file and line) so that errors
and the "show in deck" action can point an instructor at it; core never opens that file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, TypeAlias


class Kind(StrEnum):
    """The card kinds of deck format 1."""

    FLIP = "flip"
    TYPED = "typed"
    DATE = "date"
    CHOICE = "choice"
    MULTI = "multi"
    TRUEFALSE = "truefalse"
    CLOZE = "cloze"
    ORDER = "order"
    MATCH = "match"


#: The areas of the article's decks; a card's area is the first of its tags that is one of these.
AREAS: tuple[str, ...] = ("dates", "bodies", "provisions", "concepts", "people")

#: The area name of cards that carry none of :data:`AREAS` (in exams, readiness and stats).
OTHER_AREA = "other"

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


def area_of_tags(tags: Iterable[str]) -> str | None:
    """The first of ``tags`` that is one of :data:`AREAS`, if any (a card's area).

    Args:
        tags: a card's tags, in order.

    Returns:
        The area, or None when no tag is an area.
    """
    return next((t for t in tags if t in AREAS), None)


Precision: TypeAlias = Literal["year", "month", "day"]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a card (or deck) was written: a file path as text and a 1-based line."""

    path: str
    line: int


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A year, a year and month, or a full date (month and day are 1-based)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        """``2001``, ``2001-11`` or ``2001-11-23``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class Gap:
    """One gap of a cloze card: the answers accepted (first is canonical) and an optional hint."""

    answers: tuple[str, ...]
    hint: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CardBase:
    """Fields every kind has."""

    id: str
    deck_id: str
    tags: tuple[str, ...] = ()
    explain: str = ""
    source: str = ""
    note: str = ""
    origin: Origin | None = None

    @property
    def kind(self) -> Kind:  # overridden by each kind
        raise NotImplementedError

    @property
    def area(self) -> str | None:
        """The first tag that is one of :data:`AREAS`, if any."""
        return area_of_tags(self.tags)

    @property
    def question(self) -> str:
        """The text that asks the question (front, prompt, statement or cloze text)."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True, kw_only=True)
class FlipCard(CardBase):
    front: str
    back: str

    @property
    def kind(self) -> Kind:
        return Kind.FLIP

    @property
    def question(self) -> str:
        return self.front


@dataclass(frozen=True, slots=True, kw_only=True)
class TypedCard(CardBase):
    prompt: str
    answer: str
    accept: tuple[str, ...] = ()

    @property
    def kind(self) -> Kind:
        return Kind.TYPED

    @property
    def question(self) -> str:
        return self.prompt


@dataclass(frozen=True, slots=True, kw_only=True)
class DateCard(CardBase):
    """``precision`` is what the card asks for; it is at most the precision of ``answer``."""

    prompt: str
    answer: PartialDate
    precision: Precision = "day"

    @property
    def kind(self) -> Kind:
        return Kind.DATE

    @property
    def question(self) -> str:
        return self.prompt


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceCard(CardBase):
    """One right option; ``answer`` is its index in ``options``."""

    prompt: str
    options: tuple[str, ...]
    answer: int

    @property
    def kind(self) -> Kind:
        return Kind.CHOICE

    @property
    def question(self) -> str:
        return self.prompt


@dataclass(frozen=True, slots=True, kw_only=True)
class MultiCard(CardBase):
    """Several right options; ``answers`` are their indices in ``options``."""

    prompt: str
    options: tuple[str, ...]
    answers: frozenset[int]

    @property
    def kind(self) -> Kind:
        return Kind.MULTI

    @property
    def question(self) -> str:
        return self.prompt


@dataclass(frozen=True, slots=True, kw_only=True)
class TrueFalseCard(CardBase):
    statement: str
    answer: bool

    @property
    def kind(self) -> Kind:
        return Kind.TRUEFALSE

    @property
    def question(self) -> str:
        return self.statement


@dataclass(frozen=True, slots=True, kw_only=True)
class ClozeCard(CardBase):
    """``text`` is the author's text with ``{{...}}`` markers; ``parts`` alternates text and gaps.

    ``parts`` always starts and ends with a string (possibly empty), so it is
    ``[str, Gap, str, Gap, ..., str]`` and ``gaps`` has ``len(parts) // 2`` entries.
    """

    text: str
    parts: tuple[str | Gap, ...]
    prompt: str = ""

    @property
    def kind(self) -> Kind:
        return Kind.CLOZE

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return tuple(p for p in self.parts if isinstance(p, Gap))

    @property
    def question(self) -> str:
        return self.prompt or self.text


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderCard(CardBase):
    """``items`` in their right order (e.g. earliest first)."""

    prompt: str
    items: tuple[str, ...]

    @property
    def kind(self) -> Kind:
        return Kind.ORDER

    @property
    def question(self) -> str:
        return self.prompt


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchCard(CardBase):
    """``pairs`` of (left, right) that belong together."""

    prompt: str
    pairs: tuple[tuple[str, str], ...]

    @property
    def kind(self) -> Kind:
        return Kind.MATCH

    @property
    def question(self) -> str:
        return self.prompt


Card: TypeAlias = (
    FlipCard
    | TypedCard
    | DateCard
    | ChoiceCard
    | MultiCard
    | TrueFalseCard
    | ClozeCard
    | OrderCard
    | MatchCard
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
