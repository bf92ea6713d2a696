"""The statistics a student sees, as plain data: built by ``storage.stats``, shown by the TUI,
printed by ``cyberquiz stats --json`` (``StatsData.to_json()``, documented by
``docs/stats.schema.json``).

Days are *local study days*: they start at the profile's rollover hour in its time zone (see
``core.queue.local_day``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from cyberquiz.core.readiness import GroupScore, Plan, Readiness

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

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict following ``docs/stats.schema.json``."""
        today = self.days(1)
        return {
            "format": JSON_FORMAT,
            "profile": self.profile,
            "generated_at": _iso(self.generated_at),
            "today": self.today.isoformat(),
            "timezone": self.timezone,
            "rollover_hour": self.rollover_hour,
            "activity": {
                "days": [
                    {
                        "day": d.day.isoformat(),
                        "answers": d.answers,
                        "study": d.study,
                        "seconds": d.seconds,
                    }
                    for d in self.activity
                ],
                "streak": self.streak,
                "longest_streak": self.longest_streak,
                "answers_today": today[0].answers if today else 0,
                "seconds_today": today[0].seconds if today else 0,
                "answers_total": self.answers_total,
                "seconds_total": self.seconds_total,
                "pace_answers_per_day": _r(self.pace_answers_per_day),
                "seconds_per_answer": _r(self.seconds_per_answer),
            },
            "forecast": [{"day": f.day.isoformat(), "due": f.due} for f in self.forecast],
            "retention": {
                "desired": _r(self.desired_retention),
                "windows": [
                    {"days": r.days, "reviews": r.reviews, "passed": r.passed, "rate": _r(r.rate)}
                    for r in self.retention
                ],
            },
            "cards": {
                "decks": [_counts_json(d) for d in self.decks],
                "total": _counts_json(self.totals),
            },
            "mastery": {
                "threshold": MASTERY_THRESHOLD,
                "by_area": [_mastery_json(m) for m in self.mastery_by_area],
                "by_org": [_mastery_json(m) for m in self.mastery_by_org],
            },
            "exams": [
                {
                    "id": e.id,
                    "finished_at": _iso(e.finished_at),
                    "questions": e.questions,
                    "score": _r(e.score),
                    "by_area": {name: _r(v) for name, v in e.by_area},
                }
                for e in self.exams
            ],
            "readiness": readiness_json(self.readiness) if self.readiness else None,
        }


def readiness_json(r: Readiness) -> dict[str, Any]:
    """The ``readiness`` object of the JSON document."""
    return {
        "exam_at": _iso(r.exam_at),
        "days_left": r.days_left,
        "target": _r(r.target),
        "cards": r.cards,
        "studied": r.studied,
        "unseen": r.unseen,
        "expected_score": _r(r.expected_score),
        "by_area": [_group_json(g) for g in r.by_area],
        "by_org": [_group_json(g) for g in r.by_org],
        "seconds_per_answer": _r(r.seconds_per_answer),
        "pace_answers_per_day": _r(r.pace_answers_per_day),
        "needed": _plan_json(r.needed) if r.needed else None,
        "at_pace": _plan_json(r.at_pace),
        "all_at_once": _plan_json(r.all_at_once),
        "method": r.method,
    }


def _plan_json(p: Plan) -> dict[str, Any]:
    return {
        "new_per_day": p.new_per_day,
        "answers_per_day": _r(p.answers_per_day),
        "minutes_per_day": _r(p.minutes_per_day),
        "expected_score": _r(p.expected_score),
        "by_area": [_group_json(g) for g in p.by_area],
        "by_org": [_group_json(g) for g in p.by_org],
    }


def _group_json(g: GroupScore) -> dict[str, Any]:
    return {"name": g.name, "cards": g.cards, "expected": _r(g.expected)}


def _counts_json(c: StateCounts) -> dict[str, Any]:
    return {
        "deck_id": c.deck_id,
        "title": c.title,
        "new": c.new,
        "learning": c.learning,
        "young": c.young,
        "mature": c.mature,
        "suspended": c.suspended,
        "leeches": c.leeches,
        "total": c.total,
    }


def _mastery_json(m: Mastery) -> dict[str, Any]:
    return {"name": m.name, "cards": m.cards, "mastered": m.mastered, "share": _r(m.share)}


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(float(value), digits)


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
