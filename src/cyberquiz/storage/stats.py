"""Statistics from SQL aggregates: ``StatsStore(repo).collect(now) -> StatsData``.

Every figure over reviews is a ``GROUP BY`` in SQLite; Python only folds the grouped rows:

- reviews are grouped by UTC hour (``substr(at, 1, 13)`` of the stored ``YYYY-MM-DD HH:MM:SS``
  text; quarter hours when the time zone's offset is not a whole hour), and each bucket is then
  put on its local study day (time zone and rollover hour from the settings, DST included). At
  most 24 x 365 buckets a year reach Python, however many answers there are.
- the forecast groups ``card_state.due`` the same way;
- cards by state are one ``GROUP BY deck, phase, suspended, mature, leech``;
- per-card figures (mastery, readiness) read the ≤ 10k card states once and compute the FSRS
  retrievability in Python (``core.readiness``).

True retention counts study answers that moved the schedule of a card that was in review before
the answer (``scheduled = 1 AND phase_before = 2``): passed = not rated Again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from cyberquiz.core import queue as rules
from cyberquiz.core.readiness import (
    DEFAULT_SECONDS_PER_ANSWER,
    DEFAULT_TARGET,
    FsrsModel,
    area_of,
    orgs_of,
    readiness,
)
from cyberquiz.core.state import CardState, Phase
from cyberquiz.core.statsmodel import (
    FORECAST_DAYS,
    HEATMAP_DAYS,
    MASTERY_THRESHOLD,
    MATURE_DAYS,
    PACE_DAYS,
    DayActivity,
    ExamPoint,
    ForecastDay,
    Mastery,
    Retention,
    StateCounts,
    StatsData,
    streaks,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from cyberquiz.storage.repository import Repository

#: The exam starts at this local hour on the exam date (for the readiness prediction).
EXAM_HOUR = 9

_LEECH_LAPSES = 8


def _sql(value: datetime) -> str:
    from cyberquiz.storage.types import to_sql_text

    return to_sql_text(value)


def _parse(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def exam_datetime(day: date, tz: tzinfo) -> datetime:
    """When an exam on local date ``day`` starts, in UTC (:data:`EXAM_HOUR` local time)."""
    return datetime.combine(day, time(EXAM_HOUR), tzinfo=tz).astimezone(UTC)


def parse_exam_date(value: Any) -> date | None:
    """The ``exam_date`` setting (``YYYY-MM-DD``) as a date; None when unset or unreadable."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class StatsStore:
    """Statistics of the repository's profile."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    def collect(
        self,
        now: datetime,
        *,
        exam_date: date | None = None,
        target: float | None = None,
        with_readiness: bool = True,
    ) -> StatsData:
        """Everything the stats screen shows.

        Args:
            now: the current time (UTC-aware).
            exam_date: the exam's local date; default the ``exam_date`` setting. No exam date,
                no readiness.
            target: the expected score aimed for; default the ``target_score`` setting or 0.9.
            with_readiness: False skips the readiness simulation.

        Returns:
            The statistics.
        """
        from cyberquiz.storage.engine import reader

        repo = self.repo
        tz = repo.timezone()
        hour = int(repo.get_setting("rollover_hour", rules.DEFAULT_ROLLOVER_HOUR))
        model = FsrsModel.from_dict(repo.get_setting("scheduler"))
        desired = repo.get_setting("desired_retention")
        desired_retention = float(desired) if desired is not None else model.desired_retention
        if exam_date is None:
            exam_date = parse_exam_date(repo.get_setting("exam_date"))
        if target is None:
            target = float(repo.get_setting("target_score", DEFAULT_TARGET))
        today = rules.local_day(now, tz, hour)
        pid = repo.profile_id

        with reader(repo.engine).connect() as conn:
            activity, answers_total, seconds_total = self._activity(conn, pid, now, today, tz, hour)
            retention = self._retention(conn, pid, now, today, tz, hour)
            forecast = self._forecast(conn, pid, today, tz, hour)
            decks = self._state_counts(conn, pid)
            states, tags = self._cards(conn, pid)
            seconds_per_answer = self._seconds_per_answer(conn, pid, now)

        current, longest = streaks([(d.day, d.study > 0) for d in activity], today)
        if current >= len(activity) - 1:
            current = self.repo.streak(now)  # the streak is older than the window: count it all
        pace_days = activity[-PACE_DAYS:]
        pace = sum(d.answers for d in pace_days) / PACE_DAYS
        by_area, by_org = _mastery(states, tags, now, model)
        ready = None
        if with_readiness and exam_date is not None:
            ready = readiness(
                states,
                tags,
                now=now,
                exam_at=exam_datetime(exam_date, tz),
                model=model,
                target=target,
                pace_answers_per_day=pace,
                seconds_per_answer=seconds_per_answer or DEFAULT_SECONDS_PER_ANSWER,
            )
        return StatsData(
            profile=repo.profile,
            generated_at=now,
            today=today,
            timezone=str(getattr(tz, "key", tz)),
            rollover_hour=hour,
            activity=activity,
            streak=current,
            longest_streak=max(longest, current),
            answers_total=answers_total,
            seconds_total=seconds_total,
            pace_answers_per_day=pace,
            seconds_per_answer=seconds_per_answer,
            forecast=forecast,
            retention=retention,
            desired_retention=desired_retention,
            decks=decks,
            mastery_by_area=by_area,
            mastery_by_org=by_org,
            exams=self._exams(),
            readiness=ready,
        )

    # ------------------------------------------------------------------ reviews

    @staticmethod
    def _bucket_sql(column: str, tz: tzinfo, around: Sequence[datetime]) -> str:
        """SQL for the UTC bucket of ``column``: the hour, or the quarter hour when some offset
        of ``tz`` near ``around`` is not a whole hour."""
        whole = all(
            (off := t.astimezone(tz).utcoffset()) is None or off.total_seconds() % 3600 == 0
            for t in around
        )
        if whole:
            return f"substr({column}, 1, 13)"
        return (
            f"substr({column}, 1, 14) || "
            f"printf('%02d', (CAST(substr({column}, 15, 2) AS INTEGER) / 15) * 15)"
        )

    @staticmethod
    def _bucket_start(bucket: str) -> datetime:
        if len(bucket) == 13:
            return datetime.fromisoformat(bucket + ":00").replace(tzinfo=UTC)
        return datetime.fromisoformat(bucket).replace(tzinfo=UTC)

    def _activity(
        self, conn: Connection, pid: int, now: datetime, today: date, tz: tzinfo, hour: int
    ) -> tuple[tuple[DayActivity, ...], int, int]:
        from sqlalchemy import text

        first = today - timedelta(days=HEATMAP_DAYS - 1)
        start, _ = rules.day_bounds(first, tz, hour)
        bucket = self._bucket_sql("at", tz, [start, now])
        rows = conn.execute(
            text(
                f"SELECT {bucket} AS b, COUNT(*), SUM(mode = 'study'), SUM(response_ms) "
                "FROM review WHERE profile_id = :p AND at >= :start GROUP BY b"
            ),
            {"p": pid, "start": _sql(start)},
        ).all()
        answers: dict[date, int] = {}
        study: dict[date, int] = {}
        millis: dict[date, int] = {}
        for b, n, s, ms in rows:
            day = rules.local_day(self._bucket_start(b), tz, hour)
            answers[day] = answers.get(day, 0) + int(n)
            study[day] = study.get(day, 0) + int(s or 0)
            millis[day] = millis.get(day, 0) + int(ms or 0)
        days = [first + timedelta(days=i) for i in range(HEATMAP_DAYS)]
        activity = tuple(
            DayActivity(d, answers.get(d, 0), study.get(d, 0), millis.get(d, 0) // 1000)
            for d in days
        )
        before = conn.execute(
            text(
                "SELECT COUNT(*), COALESCE(SUM(response_ms), 0) FROM review "
                "WHERE profile_id = :p AND at < :start"
            ),
            {"p": pid, "start": _sql(start)},
        ).one()
        total_answers = int(before[0]) + sum(answers.values())
        total_seconds = (int(before[1]) + sum(millis.values())) // 1000
        return activity, total_answers, total_seconds

    @staticmethod
    def _retention(
        conn: Connection, pid: int, now: datetime, today: date, tz: tzinfo, hour: int
    ) -> tuple[Retention, ...]:
        from sqlalchemy import text

        out = []
        for days in (7, 30):
            start, _ = rules.day_bounds(today - timedelta(days=days - 1), tz, hour)
            n, passed = conn.execute(
                text(
                    "SELECT COUNT(*), COALESCE(SUM(rating > 1), 0) FROM review "
                    "WHERE profile_id = :p AND at >= :start AND at <= :now "
                    "AND scheduled = 1 AND phase_before = 2"
                ),
                {"p": pid, "start": _sql(start), "now": _sql(now)},
            ).one()
            out.append(Retention(days, int(n), int(passed)))
        return tuple(out)

    @staticmethod
    def _seconds_per_answer(conn: Connection, pid: int, now: datetime) -> float | None:
        from sqlalchemy import text

        n, ms = conn.execute(
            text(
                "SELECT COUNT(*), COALESCE(SUM(response_ms), 0) FROM review "
                "WHERE profile_id = :p AND at >= :start AND response_ms > 0"
            ),
            {"p": pid, "start": _sql(now - timedelta(days=30))},
        ).one()
        return int(ms) / 1000 / int(n) if n else None

    # ------------------------------------------------------------------ cards

    def _forecast(
        self, conn: Connection, pid: int, today: date, tz: tzinfo, hour: int
    ) -> tuple[ForecastDay, ...]:
        from sqlalchemy import text

        today_start, _ = rules.day_bounds(today, tz, hour)
        _, end = rules.day_bounds(today + timedelta(days=FORECAST_DAYS - 1), tz, hour)
        bucket = self._bucket_sql("s.due", tz, [today_start, end])
        rows = conn.execute(
            text(
                f"SELECT {bucket} AS b, COUNT(*) FROM card_state s "
                "JOIN card c ON c.id = s.card_pk JOIN deck d ON d.id = c.deck_id "
                "WHERE s.profile_id = :p AND s.phase != 0 AND s.suspended = 0 "
                "AND c.retired = 0 AND d.retired = 0 AND s.due < :end GROUP BY b"
            ),
            {"p": pid, "end": _sql(end)},
        ).all()
        due: dict[date, int] = {}
        for b, n in rows:
            day = max(today, rules.local_day(self._bucket_start(b), tz, hour))
            due[day] = due.get(day, 0) + int(n)
        return tuple(
            ForecastDay(today + timedelta(days=i), due.get(today + timedelta(days=i), 0))
            for i in range(FORECAST_DAYS)
        )

    @staticmethod
    def _state_counts(conn: Connection, pid: int) -> tuple[StateCounts, ...]:
        from sqlalchemy import text

        rows = conn.execute(
            text(
                "SELECT d.id, d.title, COALESCE(s.phase, 0) AS ph, COALESCE(s.suspended, 0) AS su, "
                f"(s.phase = 2 AND julianday(s.due) - julianday(s.last_review) >= {MATURE_DAYS}) "
                f"AS mature, COALESCE(s.lapses, 0) >= {_LEECH_LAPSES} AS leech, COUNT(*) "
                "FROM card c JOIN deck d ON d.id = c.deck_id "
                "LEFT JOIN card_state s ON s.card_pk = c.id AND s.profile_id = :p "
                "WHERE c.retired = 0 AND d.retired = 0 "
                "GROUP BY d.id, d.title, ph, su, mature, leech ORDER BY d.id"
            ),
            {"p": pid},
        ).all()
        decks: dict[str, dict[str, Any]] = {}
        for deck_id, title, phase, suspended, mature, leech, n in rows:
            c = decks.setdefault(deck_id, {"deck_id": deck_id, "title": title})
            if suspended:
                key = "suspended"
            elif phase == Phase.NEW:
                key = "new"
            elif phase in (Phase.LEARNING, Phase.RELEARNING):
                key = "learning"
            else:
                key = "mature" if mature else "young"
            c[key] = c.get(key, 0) + int(n)
            if leech:
                c["leeches"] = c.get("leeches", 0) + int(n)
        return tuple(StateCounts(**c) for c in decks.values())

    @staticmethod
    def _cards(
        conn: Connection, pid: int
    ) -> tuple[dict[str, CardState], dict[str, tuple[str, ...]]]:
        """Active cards in study order (deck, then position): their states and tags."""
        from sqlalchemy import text

        rows = conn.execute(
            text(
                "SELECT c.card_id, json_extract(c.body, '$.tags'), s.phase, s.step, s.stability, "
                "s.difficulty, s.due, s.last_review, s.lapses, s.reps, s.suspended "
                "FROM card c JOIN deck d ON d.id = c.deck_id "
                "LEFT JOIN card_state s ON s.card_pk = c.id AND s.profile_id = :p "
                "WHERE c.retired = 0 AND d.retired = 0 ORDER BY c.deck_id, c.position, c.id"
            ),
            {"p": pid},
        ).all()
        states: dict[str, CardState] = {}
        tags: dict[str, tuple[str, ...]] = {}
        loads = json.loads
        for cid, tag_json, phase, step, s, d, due, last, lapses, reps, susp in rows:
            tags[cid] = tuple(loads(tag_json)) if tag_json else ()
            if phase is None or phase == Phase.NEW:
                continue
            states[cid] = CardState(
                card_id=cid,
                phase=Phase(phase),
                step=step,
                stability=s,
                difficulty=d,
                due=_parse(due),
                last_review=_parse(last),
                lapses=lapses or 0,
                reps=reps or 0,
                suspended=bool(susp),
            )
        return states, tags

    # ------------------------------------------------------------------ exams

    def _exams(self) -> tuple[ExamPoint, ...]:
        from cyberquiz.storage.exams import ExamStore

        points = []
        for e in reversed(ExamStore(self.repo).history()):
            if not e.scored or e.finished_at is None:
                continue
            points.append(
                ExamPoint(
                    id=e.id,
                    finished_at=e.finished_at,
                    questions=e.questions,
                    score=e.percent / 100,
                    by_area=tuple((g.name, g.percent / 100) for g in e.by_area),
                )
            )
        return tuple(points)


def _mastery(
    states: Mapping[str, CardState],
    tags: Mapping[str, Sequence[str]],
    now: datetime,
    model: FsrsModel,
) -> tuple[tuple[Mastery, ...], tuple[Mastery, ...]]:
    """Per area and organization: cards, and cards whose retrievability now is ≥ 90%."""
    from cyberquiz.core.cards import AREAS
    from cyberquiz.core.readiness import ORGANIZATIONS

    area_n: dict[str, int] = {}
    area_m: dict[str, int] = {}
    org_n: dict[str, int] = {}
    org_m: dict[str, int] = {}
    for cid, card_tags in tags.items():
        st = states.get(cid)
        known = st is not None and model.retrievability(st, now) >= MASTERY_THRESHOLD - 1e-12
        area = area_of(card_tags) or "other"
        area_n[area] = area_n.get(area, 0) + 1
        area_m[area] = area_m.get(area, 0) + known
        for org in orgs_of(card_tags):
            org_n[org] = org_n.get(org, 0) + 1
            org_m[org] = org_m.get(org, 0) + known
    by_area = tuple(Mastery(a, area_n[a], area_m[a]) for a in (*AREAS, "other") if a in area_n)
    by_org = tuple(Mastery(o, org_n[o], org_m[o]) for o in ORGANIZATIONS if o in org_n)
    return by_area, by_org


__all__ = ["EXAM_HOUR", "StatsStore", "exam_datetime", "parse_exam_date"]
