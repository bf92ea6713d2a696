"""The statistics a student sees, as plain data: built by ``storage.stats``, shown by the TUI,
printed by ``cyberquiz stats --json`` (``services.stats_report``, whose models generate
``docs/stats.schema.json``).

Days are *local study days*: they start at the profile's rollover hour in its time zone (see
``core.queue.local_day``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cyberquiz.core.queue import QueueCounts
from cyberquiz.core.readiness import Readiness

#: Version of the JSON document; bumped on any incompatible change.
JSON_FORMAT = 1
#: A review card whose interval is at least this many days is "mature" (Anki's threshold).
MATURE_DAYS = 21
#: A card is "mastered" when its recall probability now is at least this.
MASTERY_THRESHOLD = 0.9
#: Days of history in the heatmap (the screen shows the last 12 weeks or more).
HEATMAP_DAYS = 365
#: Days in the due forecast (day 0 is today and includes overdue cards).
FORECAST_DAYS = 30
#: Days over which the current pace (answers per day) is measured.
PACE_DAYS = 14


@dataclass(frozen=True, slots=True)
class DayActivity:
    """Answers on one local day (all modes), of which ``study`` moved the schedule's queue."""

    day: date
    answers: int
    study: int
    seconds: int


@dataclass(frozen=True, slots=True)
class ForecastDay:
    """Cards due on one local day (learning, relearning and review; not suspended)."""

    day: date
    due: int


@dataclass(frozen=True, slots=True)
class Retention:
    """True retention: the share of study answers to review cards that were not rated Again."""

    days: int
    reviews: int
    passed: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None


@dataclass(frozen=True, slots=True)
class StateCounts:
    """Cards of one deck by state. ``suspended`` cards are not counted in the other states;
    ``leeches`` (8 lapses or more) overlap with them."""

    deck_id: str
    title: str
    new: int = 0
    learning: int = 0
    young: int = 0
    mature: int = 0
    suspended: int = 0
    leeches: int = 0

    @property
    def total(self) -> int:
        return self.new + self.learning + self.young + self.mature + self.suspended


@dataclass(frozen=True, slots=True)
class Mastery:
    """Cards of an area or organization whose recall probability now is at least 90%."""

    name: str
    cards: int
    mastered: int

    @property
    def share(self) -> float:
        return self.mastered / self.cards if self.cards else 0.0


@dataclass(frozen=True, slots=True)
class ExamPoint:
    """One finished exam: when, the score as a share (0..1), and per area."""

    id: int
    finished_at: datetime
    questions: int
    score: float
    by_area: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class StatsData:
    """Everything the stats screen and ``stats --json`` show, for one profile at a time."""

    profile: str
    generated_at: datetime
    today: date
    timezone: str
    rollover_hour: int
    activity: tuple[DayActivity, ...]  # the last HEATMAP_DAYS days, oldest first, today last
    streak: int  # consecutive local days with a study answer, up to today (or yesterday)
    longest_streak: int  # within the activity window
    answers_total: int
    seconds_total: int
    pace_answers_per_day: float  # mean answers per day over the last PACE_DAYS days
    seconds_per_answer: float | None  # mean over the last 30 days; None without answers
    forecast: tuple[ForecastDay, ...]
    retention: tuple[Retention, ...]  # the last 7 and 30 days
    desired_retention: float
    decks: tuple[StateCounts, ...]
    mastery_by_area: tuple[Mastery, ...]
    mastery_by_org: tuple[Mastery, ...]
    exams: tuple[ExamPoint, ...]  # oldest first
    readiness: Readiness | None = None
    #: new, learning and due now, exactly as Home counts them (``Repository.today_counts``)
    now_counts: QueueCounts | None = None

    @property
    def totals(self) -> StateCounts:
        """All decks together."""
        return StateCounts(
            "all",
            "All decks",
            new=sum(d.new for d in self.decks),
            learning=sum(d.learning for d in self.decks),
            young=sum(d.young for d in self.decks),
            mature=sum(d.mature for d in self.decks),
            suspended=sum(d.suspended for d in self.decks),
            leeches=sum(d.leeches for d in self.decks),
        )

    def days(self, n: int) -> tuple[DayActivity, ...]:
        """The last ``n`` days of activity (today last)."""
        return self.activity[-n:] if n > 0 else ()


def streaks(days: list[tuple[date, bool]], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive days with activity.

    The current streak counts back from today, or from yesterday when today has no activity yet
    (the day is not over).

    Args:
        days: (day, active) for consecutive days, oldest first, ending today.
        today: the current local day.

    Returns:
        The current and the longest streak in days.
    """
    active = {d for d, on in days if on}
    longest = run = 0
    prev: date | None = None
    for d in sorted(active):
        run = run + 1 if prev is not None and (d - prev).days == 1 else 1
        longest = max(longest, run)
        prev = d
    day = today if today in active else today - timedelta(days=1)
    current = 0
    while day in active:
        current += 1
        day -= timedelta(days=1)
    return current, longest
