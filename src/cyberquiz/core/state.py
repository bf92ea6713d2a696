"""A student's memory of one card, and what the app reports about decks and sessions.

These are the core types that ``storage`` returns and ``tui`` shows. All datetimes are UTC-aware.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum
from typing import TYPE_CHECKING

from cyberquiz.core.answers import Mode, Rating

if TYPE_CHECKING:
    from cyberquiz.core.answers import Grade
    from cyberquiz.core.cards import Card

#: Lapses after which a card is marked a leech.
LEECH_LAPSES = 8


class Phase(IntEnum):
    """FSRS card states (same numbers as ``fsrs.State``), plus NEW for never-answered cards."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True)
class CardState:
    """One profile's scheduling state for one card.

    A card that was never answered has ``phase == Phase.NEW`` and ``due is None``.
    """

    card_id: str
    phase: Phase = Phase.NEW
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    lapses: int = 0
    reps: int = 0
    suspended: bool = False
    buried_until: datetime | None = None
    flagged: bool = False

    @property
    def leech(self) -> bool:
        return self.lapses >= LEECH_LAPSES


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One stored answer."""

    id: int
    card_id: str
    at: datetime
    mode: Mode
    answer: str  # JSON of the answer as given
    score: float
    proposed: Rating | None
    rating: Rating | None
    response_ms: int
    #: set when the clock was behind the card's last review: ``at`` is that review's time
    clock_behind: timedelta | None = None


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """One answer as it goes to storage: graded and rated (no grade: a flip card).

    Built by :func:`cyberquiz.core.rating.rated_answer` for every graded answer, in study,
    practice and exams alike, so that grade → rating is decided in one place.
    """

    card: Card
    now: datetime
    answer_json: str
    grade: Grade | None
    proposed: Rating | None
    rating: Rating | None
    response_ms: int

    @property
    def score(self) -> float:
        """The grader's score in [0, 1] (0 for a flip card)."""
        return self.grade.score if self.grade is not None else 0.0


@dataclass(frozen=True, slots=True)
class DeckSummary:
    """Counts shown on Home for one deck (for today, as of ``now``)."""

    deck_id: str
    title: str
    path: str
    total: int
    new: int  # new cards available today (within the daily limit)
    learning: int  # learning/relearning cards due now
    due: int  # review cards due now (within the daily limit)
    unseen: int = 0  # all never-answered cards, regardless of limits
