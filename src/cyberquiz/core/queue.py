"""What to study next, as pure rules: local days, daily limits, queue order, burying.

The repository runs these rules as indexed SQL; this module is the reference they are tested
against, and the place the day arithmetic lives.

- A *local day* starts at ``rollover_hour`` (default 4:00, like Anki) in the student's time zone:
  an answer at 02:00 on Tuesday counts for Monday.
- Order: learning and relearning cards that are due, then due reviews, then new cards. Within
  each, the earliest due first (new cards: in deck order).
- Due means ``due <= now``, to the second.
- Daily limits (defaults 20 new, 200 reviews) count the study answers given since the start of
  the local day to cards that were new / in review before the answer. Learning steps are not
  limited.
- A buried card comes back at the next rollover.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import IntEnum

# the limits live apart so that the start-up glance can use them without the card states
from cyberquiz.core.limits import DEFAULT_NEW_PER_DAY as DEFAULT_NEW_PER_DAY
from cyberquiz.core.limits import DEFAULT_REVIEWS_PER_DAY as DEFAULT_REVIEWS_PER_DAY
from cyberquiz.core.limits import DEFAULT_ROLLOVER_HOUR as DEFAULT_ROLLOVER_HOUR
from cyberquiz.core.limits import remaining as remaining
from cyberquiz.core.state import CardState, Phase


class Bucket(IntEnum):
    """Queue buckets in the order they are served."""

    LEARNING = 0
    REVIEW = 1
    NEW = 2


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """Cards available now, within today's limits."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


@dataclass(frozen=True, slots=True)
class Limits:
    new_per_day: int = DEFAULT_NEW_PER_DAY
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY


def local_day(now: datetime, tz: tzinfo, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> date:
    """The study day ``now`` belongs to (before the rollover hour: the previous day)."""
    _check_aware(now)
    return (now.astimezone(tz) - timedelta(hours=rollover_hour)).date()


def day_start(now: datetime, tz: tzinfo, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> datetime:
    """UTC instant when the local study day of ``now`` began."""
    return _rollover_of(local_day(now, tz, rollover_hour), tz, rollover_hour)


def next_rollover(
    now: datetime, tz: tzinfo, rollover_hour: int = DEFAULT_ROLLOVER_HOUR
) -> datetime:
    """UTC instant when the next local study day begins (when buried cards come back)."""
    return _rollover_of(local_day(now, tz, rollover_hour) + timedelta(days=1), tz, rollover_hour)


def day_bounds(
    day: date, tz: tzinfo, rollover_hour: int = DEFAULT_ROLLOVER_HOUR
) -> tuple[datetime, datetime]:
    """UTC ``[start, end)`` of a local study day."""
    return (
        _rollover_of(day, tz, rollover_hour),
        _rollover_of(day + timedelta(days=1), tz, rollover_hour),
    )


def _rollover_of(day: date, tz: tzinfo, rollover_hour: int) -> datetime:
    return datetime.combine(day, time(rollover_hour), tzinfo=tz).astimezone(UTC)


def is_due(state: CardState, now: datetime) -> bool:
    """``due <= now``; a new card is never "due" (it is available instead)."""
    return state.phase != Phase.NEW and state.due is not None and state.due <= now


def is_available(state: CardState, now: datetime) -> bool:
    """Not suspended and not buried as of ``now``."""
    if state.suspended:
        return False
    return state.buried_until is None or state.buried_until <= now


def bucket(state: CardState, now: datetime) -> Bucket | None:
    """Which queue bucket ``state`` is in at ``now``, or ``None`` when it is not to be shown."""
    if not is_available(state, now):
        return None
    if state.phase == Phase.NEW:
        return Bucket.NEW
    if not is_due(state, now):
        return None
    if state.phase in (Phase.LEARNING, Phase.RELEARNING):
        return Bucket.LEARNING
    return Bucket.REVIEW


def pick_next(
    states: Iterable[CardState], now: datetime, *, new_left: int, reviews_left: int
) -> CardState | None:
    """The reference rule: the next card among ``states`` (given in deck order)."""
    best: tuple[int, datetime, int] | None = None
    chosen: CardState | None = None
    epoch = datetime.min.replace(tzinfo=UTC)
    for position, state in enumerate(states):
        b = bucket(state, now)
        if (
            b is None
            or (b == Bucket.NEW and new_left <= 0)
            or (b == Bucket.REVIEW and reviews_left <= 0)
        ):
            continue
        key = (int(b), state.due or epoch, position)
        if best is None or key < best:
            best, chosen = key, state
    return chosen


def counts(
    states: Iterable[CardState], now: datetime, *, new_left: int, reviews_left: int
) -> QueueCounts:
    """The reference rule for :class:`QueueCounts`.

    *learning* is every card in its learning steps that is not suspended, due now or minutes
    away (Home's figure): a card just answered is still being learnt, not gone.
    """
    n = [0, 0, 0]
    learning = 0
    for state in states:
        b = bucket(state, now)
        if b is not None:
            n[b] += 1
        if state.phase in (Phase.LEARNING, Phase.RELEARNING) and not state.suspended:
            learning += 1
    return QueueCounts(
        new=min(n[Bucket.NEW], new_left),
        learning=learning,
        review=min(n[Bucket.REVIEW], reviews_left),
    )


def _check_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (UTC)")
