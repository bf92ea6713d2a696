"""``cyberquiz stats --json``: the document as pydantic models, and its JSON Schema from them.

The models are the one description of the document: :func:`stats_document` fills them from
:class:`~cyberquiz.core.statsmodel.StatsData` (so every document is checked against them), and
``docs/stats.schema.json`` is :func:`schema_text` (a test fails when the file is stale).
Floats are rounded to 4 digits; times are UTC with a ``Z``.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any, Literal, overload

from pydantic import BaseModel, ConfigDict, Field

from cyberquiz.core.readiness import ExpectedScore, Plan, Readiness
from cyberquiz.core.statsmodel import JSON_FORMAT, MASTERY_THRESHOLD, StateCounts, StatsData

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://github.com/cyberquiz/cyberquiz/docs/stats.schema.json"

Count = Annotated[int, Field(ge=0)]
Share = Annotated[float, Field(ge=0, le=1)]
Amount = Annotated[float, Field(ge=0)]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DayOut(_Out):
    """Answers on one local day."""

    day: date
    answers: Count = Field(description="Answers in every mode.")
    study: Count = Field(description="Of which study answers.")
    seconds: Count = Field(description="Seconds spent answering (sum of response times).")


class ActivityOut(_Out):
    """Answers per day and the streaks."""

    days: list[DayOut] = Field(description="The last 365 local days, oldest first, today last.")
    streak: Count = Field(
        description="Consecutive local days with a study answer, up to today "
        "(or yesterday when today has none yet)."
    )
    longest_streak: Count
    answers_today: Count
    seconds_today: Count
    answers_total: Count
    seconds_total: Count
    pace_answers_per_day: Amount = Field(
        description="Mean answers per day over the last 14 local days."
    )
    seconds_per_answer: Amount | None = Field(
        description="Mean response time over the last 30 days; null without answers."
    )


class ForecastOut(_Out):
    """Cards due on one local day."""

    day: date
    due: Count


class RetentionWindowOut(_Out):
    """True retention over the last ``days`` days; ``rate`` is null without reviews."""

    days: Literal[7, 30]
    reviews: Count
    passed: Count
    rate: Share | None


class RetentionOut(_Out):
    """The desired retention, and the true retention of the last 7 and 30 days."""

    desired: Share
    windows: list[RetentionWindowOut] = Field(
        description="True retention: study answers on cards in review, passed = not rated "
        "Again. rate is null without reviews."
    )


class CountsOut(_Out):
    """Cards by state. Suspended cards are counted only as suspended; young/mature: review
    cards with an interval under / at least 21 days."""

    deck_id: str
    title: str
    new: Count
    learning: Count
    young: Count
    mature: Count
    suspended: Count
    leeches: Count = Field(description="Cards with 8 lapses or more (also counted in their state).")
    total: Count


class CardsOut(_Out):
    """Cards by state, per deck and in all."""

    decks: list[CountsOut]
    total: CountsOut


class MasteryOut(_Out):
    """Cards whose recall probability now is at least the threshold."""

    name: str
    cards: Count
    mastered: Count
    share: Share


class MasteriesOut(_Out):
    """Mastery per area and per organization."""

    threshold: Share
    by_area: list[MasteryOut]
    by_org: list[MasteryOut]


class ExamOut(_Out):
    """A finished (submitted or timed out) exam."""

    id: int
    finished_at: datetime
    questions: Count
    score: Share
    by_area: dict[str, Share]


class GroupOut(_Out):
    """Mean predicted recall on the exam of one area or organization."""

    name: str
    cards: Count
    expected: Share


class PlanOut(_Out):
    """What a daily amount of study gives by the exam."""

    new_per_day: Count = Field(description="New cards learned per day.")
    answers_per_day: Amount = Field(
        description="Average answers per study day: learning steps, reviews and relearning."
    )
    minutes_per_day: Amount = Field(description="answers_per_day x seconds_per_answer / 60.")
    expected_score: Share = Field(
        description="Expected exam score (mean recall probability over all cards in scope)."
    )
    by_area: list[GroupOut]
    by_org: list[GroupOut]


class ReadinessOut(_Out):
    """Exam readiness: the predicted score on the exam date and the plans to reach the target."""

    exam_at: datetime = Field(description="The exam's start: 09:00 local time on the exam date.")
    days_left: Count = Field(
        description="Study days simulated: every day t (at now + t days) still before the exam, "
        "today included."
    )
    target: Share
    cards: Count
    studied: Count
    unseen: Count
    expected_score: Share = Field(
        description="Mean FSRS recall probability on the exam date if the student studies no "
        "more; never-studied cards count 0."
    )
    by_area: list[GroupOut]
    by_org: list[GroupOut]
    seconds_per_answer: Amount
    pace_answers_per_day: Amount
    needed: PlanOut | None = Field(
        description="The fewest new cards a day whose expected score reaches the target; null "
        "when none does."
    )
    at_pace: PlanOut = Field(
        description="The most new cards a day whose average answers a day stay within the "
        "current pace."
    )
    all_at_once: PlanOut = Field(
        description="Every unseen card learned today, then reviews when due."
    )
    method: Literal["monte-carlo"] = Field(
        description="Seeded Monte Carlo over each card's reviews (recall with probability = "
        "retrievability)."
    )


class StatsOut(_Out):
    """Statistics and exam readiness of one profile. Days are local study days (time zone and
    rollover hour of the profile). Shares are 0..1. Format 1."""

    model_config = ConfigDict(title="cyberquiz stats --json")

    format: Literal[1]
    profile: str
    generated_at: datetime
    today: date
    timezone: str = Field(description="IANA zone name of the profile's local days.")
    rollover_hour: Annotated[int, Field(ge=0, le=23)]
    activity: ActivityOut
    forecast: list[ForecastOut] = Field(
        min_length=30,
        max_length=30,
        description="Cards due on each of the next 30 local days (today first, overdue included "
        "today; suspended excluded).",
    )
    retention: RetentionOut
    cards: CardsOut
    mastery: MasteriesOut
    exams: list[ExamOut] = Field(
        description="Finished (submitted or timed out) exams, oldest first."
    )
    readiness: ReadinessOut | None


def stats_document(data: StatsData) -> dict[str, Any]:
    """The JSON document of ``data`` (checked against the models), as JSON-able values."""
    today = data.days(1)
    document = StatsOut(
        format=JSON_FORMAT,  # type: ignore[arg-type]  # Literal[1] is JSON_FORMAT; validated
        profile=data.profile,
        generated_at=data.generated_at,
        today=data.today,
        timezone=data.timezone,
        rollover_hour=data.rollover_hour,
        activity=ActivityOut(
            days=[
                DayOut(day=d.day, answers=d.answers, study=d.study, seconds=d.seconds)
                for d in data.activity
            ],
            streak=data.streak,
            longest_streak=data.longest_streak,
            answers_today=today[0].answers if today else 0,
            seconds_today=today[0].seconds if today else 0,
            answers_total=data.answers_total,
            seconds_total=data.seconds_total,
            pace_answers_per_day=_r(data.pace_answers_per_day),
            seconds_per_answer=_r(data.seconds_per_answer),
        ),
        forecast=[ForecastOut(day=f.day, due=f.due) for f in data.forecast],
        retention=RetentionOut(
            desired=_r(data.desired_retention),
            windows=[
                RetentionWindowOut(
                    days=r.days,  # type: ignore[arg-type]  # 7 or 30 by construction; validated
                    reviews=r.reviews,
                    passed=r.passed,
                    rate=_r(r.rate),
                )
                for r in data.retention
            ],
        ),
        cards=CardsOut(decks=[_counts(d) for d in data.decks], total=_counts(data.totals)),
        mastery=MasteriesOut(
            threshold=MASTERY_THRESHOLD,
            by_area=[_mastery(m.name, m.cards, m.mastered, m.share) for m in data.mastery_by_area],
            by_org=[_mastery(m.name, m.cards, m.mastered, m.share) for m in data.mastery_by_org],
        ),
        exams=[
            ExamOut(
                id=e.id,
                finished_at=e.finished_at,
                questions=e.questions,
                score=_r(e.score),
                by_area={name: _r(v) for name, v in e.by_area},
            )
            for e in data.exams
        ],
        readiness=_readiness(data.readiness) if data.readiness else None,
    )
    return document.model_dump(mode="json")


def _readiness(r: Readiness) -> ReadinessOut:
    return ReadinessOut(
        exam_at=r.exam_at,
        days_left=r.days_left,
        target=_r(r.target),
        cards=r.cards,
        studied=r.studied,
        unseen=r.unseen,
        expected_score=_r(r.expected_score),
        by_area=[_group(g) for g in r.by_area],
        by_org=[_group(g) for g in r.by_org],
        seconds_per_answer=_r(r.seconds_per_answer),
        pace_answers_per_day=_r(r.pace_answers_per_day),
        needed=_plan(r.needed) if r.needed else None,
        at_pace=_plan(r.at_pace),
        all_at_once=_plan(r.all_at_once),
        method=r.method,  # type: ignore[arg-type]  # the one method there is; validated
    )


def _plan(p: Plan) -> PlanOut:
    return PlanOut(
        new_per_day=p.new_per_day,
        answers_per_day=_r(p.answers_per_day),
        minutes_per_day=_r(p.minutes_per_day),
        expected_score=_r(p.expected_score),
        by_area=[_group(g) for g in p.by_area],
        by_org=[_group(g) for g in p.by_org],
    )


def _group(g: ExpectedScore) -> GroupOut:
    return GroupOut(name=g.name, cards=g.cards, expected=_r(g.expected))


def _counts(c: StateCounts) -> CountsOut:
    return CountsOut(
        deck_id=c.deck_id,
        title=c.title,
        new=c.new,
        learning=c.learning,
        young=c.young,
        mature=c.mature,
        suspended=c.suspended,
        leeches=c.leeches,
        total=c.total,
    )


def _mastery(name: str, cards: int, mastered: int, share: float) -> MasteryOut:
    return MasteryOut(name=name, cards=cards, mastered=mastered, share=_r(share))


@overload
def _r(value: float, digits: int = 4) -> float: ...
@overload
def _r(value: float | None, digits: int = 4) -> float | None: ...
def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(float(value), digits)


def stats_schema() -> dict[str, Any]:
    """The JSON Schema of the document (what it may contain, as it is serialized)."""
    schema = StatsOut.model_json_schema(mode="serialization")
    return {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID, **schema}


def schema_text() -> str:
    """The schema as committed in ``docs/stats.schema.json`` (ends with a newline)."""
    return json.dumps(stats_schema(), indent=2, ensure_ascii=False) + "\n"
