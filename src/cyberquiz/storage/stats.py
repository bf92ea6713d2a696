"""Statistics from SQL aggregates: ``StatsStore(repo).collect(now) -> StatsData``.

Every figure is a ``GROUP BY`` in the database (SQLAlchemy Core statements built once, on
``storage/columns.py``; what differs by database is in ``storage/dialect.py``); Python only
folds a few hundred grouped rows:

- answers come from the review rollup (``storage/stats_rollup.py``: counts per profile and UTC
  quarter hour, kept by triggers on ``review``, part of the schema since version 2), so
  a year of heatmap is one ``GROUP BY`` local day over at most 35,040 rollup rows however many
  answers there are. The local day of a UTC time is computed in SQL (:func:`local_day`): the
  zone's offset is constant between its DST transitions, so each piece of the span shifts by
  its own offset minus the rollover hour;
- the forecast groups ``card_state.due`` by local day the same way;
- cards by state per deck and mastery by area and organization are one scan of the card
  states, grouped by deck, state and tag list (mastery ``R >= 0.9`` is decided in SQL as
  "whole days since the last review <= stability", which is the same inequality);
- readiness reads the (at most ~10k) card states once and runs ``core.readiness`` in Python.

True retention counts study answers that moved the schedule of a card that was in review
before the answer (``scheduled = 1 AND phase_before = 2``): passed = not rated Again.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, case, func, literal, literal_column, not_, select

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
from cyberquiz.storage import columns as t
from cyberquiz.storage import reviews as review_store
from cyberquiz.storage.dialect import (
    TAG_SEPARATOR,
    as_time,
    greatest,
    local_date,
    tag_list,
    whole_days,
)
from cyberquiz.storage.errors import StorageError
from cyberquiz.storage.stats_rollup import bucket_text, ensure_rollup

if TYPE_CHECKING:
    from sqlalchemy import ColumnClause, Join, Select
    from sqlalchemy.engine import Connection
    from sqlalchemy.sql.expression import BindParameter, ColumnElement

    from cyberquiz.storage.repository import Repository

#: The exam starts at this local hour on the exam date (for the readiness prediction).
EXAM_HOUR = 9

_LEECH_LAPSES = 8


def _split_tags(joined: str | None) -> tuple[str, ...]:
    return tuple(joined.split(TAG_SEPARATOR)) if joined else ()


def local_day_params(
    tz: tzinfo, hour: int, start: datetime, end: datetime, *, as_text: bool
) -> tuple[int, dict[str, Any]]:
    """The bind parameters of :func:`local_day` for ``[start, end)``: how many pieces, and
    ``tz_m{i}`` (each piece's shift, its offset minus the rollover hour) and ``tz_t{i}`` (where
    piece ``i + 1`` starts; bucket text when ``as_text``, else an aware datetime)."""
    from cyberquiz.storage.zones import offset_pieces

    pieces = offset_pieces(tz, start, end)
    params: dict[str, Any] = {}
    for i, (_, off) in enumerate(pieces):
        params[f"tz_m{i}"] = f"{off - hour * 3600:+d} seconds"
        if i + 1 < len(pieces):
            at = pieces[i + 1][0]
            params[f"tz_t{i}"] = bucket_text(at) if as_text else at
    return len(pieces), params


def local_day(dialect: str, moment: ColumnElement[Any], pieces: int) -> ColumnElement[str]:
    """The local study day (``YYYY-MM-DD``) of a stored UTC time, as SQL.

    Each piece of the span shifts by its own offset minus the rollover hour:
    ``date(moment, CASE WHEN moment < :tz_t0 THEN :tz_m0 ... ELSE :tz_mN END)``. ``moment`` is
    the rollup's bucket text (compared with text bounds) or a time column (with time bounds).
    """
    from sqlalchemy import String, bindparam, case

    from cyberquiz.storage.types import UTCDateTime

    text = isinstance(moment.type, String)
    when = as_time(dialect, moment) if text else moment

    def bound(i: int) -> ColumnElement[Any]:
        if text:
            return as_time(dialect, bindparam(f"tz_t{i}", type_=String()))
        return bindparam(f"tz_t{i}", type_=UTCDateTime())

    shifts = [bindparam(f"tz_m{i}", type_=String()) for i in range(pieces)]
    shift: ColumnElement[Any] = shifts[-1]
    if pieces > 1:
        shift = case(*((when < bound(i), shifts[i]) for i in range(pieces - 1)), else_=shift)
    return local_date(dialect, when, shift)


@contextmanager
def _storage_errors(repo: Repository) -> Iterator[None]:
    """Repair the rollup if part of it is missing; SQLite errors become StorageErrors."""
    from sqlalchemy.exc import OperationalError

    from cyberquiz.storage.errors import translated

    where = repo.location
    with translated(where):
        try:
            ensure_rollup(repo.engine)
        except OperationalError as exc:
            if "readonly" in str(exc.orig):
                raise StorageError(
                    f"The statistics need to repair a summary table in {where}, "
                    "but the database is read-only. Open it once with write access."
                ) from exc
            raise
        yield


def _share(value: Any, default: float) -> float:
    """A stored share: 0.9, or 90 meaning 90 %; the default when unreadable or out of range."""
    # Any: a setting of any JSON type; float() takes whatever it can and raises for the rest.
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    if number > 1:
        number /= 100
    return number if 0 < number <= 1 else default


def exam_datetime(day: date, tz: tzinfo) -> datetime:
    """When an exam on local date ``day`` starts, in UTC (:data:`EXAM_HOUR` local time)."""
    return datetime.combine(day, time(EXAM_HOUR), tzinfo=tz).astimezone(UTC)


def parse_exam_date(value: object) -> date | None:
    """The ``exam_date`` setting (``YYYY-MM-DD``) as a date; None when unset or unreadable."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------------------- statements
# Built once per database type (and, for the local day, per number of offset pieces: a DST
# zone's year has three), so SQLAlchemy's compiled cache serves every later screen.

_ru = t.stats_rollup
_P: BindParameter[int] = bindparam("p")
_TOTAL = select(
    func.coalesce(func.sum(_ru.c.answers), 0), func.coalesce(func.sum(_ru.c.ms), 0)
).where(_ru.c.profile_id == _P)
_RETENTION = select(
    func.coalesce(func.sum(_ru.c.reviews), 0), func.coalesce(func.sum(_ru.c.passed), 0)
).where(
    _ru.c.profile_id == _P, _ru.c.bucket >= bindparam("start"), _ru.c.bucket <= bindparam("now")
)
_TIMED = select(
    func.coalesce(func.sum(_ru.c.timed), 0), func.coalesce(func.sum(_ru.c.ms), 0)
).where(_ru.c.profile_id == _P, _ru.c.bucket >= bindparam("start"))


def _by_label(*names: str) -> list[ColumnClause[Any]]:
    """GROUP BY output columns by their labels (as written, not repeated expressions: bound
    parameters in a repeated expression would not match it on PostgreSQL)."""
    return [literal_column(name) for name in names]


@functools.cache
def _activity_stmt(dialect: str, pieces: int) -> Select[str, Any, Any, Any]:
    # the sums are the driver's numbers: int, or Decimal for PostgreSQL's sum of a BIGINT
    return (
        select(
            local_day(dialect, _ru.c.bucket, pieces).label("d"),
            func.sum(_ru.c.answers),
            func.sum(_ru.c.study),
            func.sum(_ru.c.ms),
        )
        .where(_ru.c.profile_id == _P, _ru.c.bucket >= bindparam("start"))
        .group_by(*_by_label("d"))
    )


def _active_cards(
    dialect: str,
) -> tuple[Join, tuple[ColumnElement[bool], ColumnElement[bool]]]:
    """FROM cards of active decks, with the profile's state when there is one; WHERE active."""
    c, d, s = t.card, t.deck, t.card_state
    joined = c.join(d, d.c.id == c.c.deck_id).outerjoin(
        s, and_(s.c.card_pk == c.c.id, s.c.profile_id == _P)
    )
    return joined, (not_(c.c.retired), not_(d.c.retired))


@functools.cache
def _card_counts_stmt(dialect: str, pieces: int) -> Select[*tuple[Any, ...]]:
    from cyberquiz.storage.types import UTCDateTime

    d, s = t.deck, t.card_state
    now = bindparam("now", type_=UTCDateTime())
    end = bindparam("end", type_=UTCDateTime())
    forecast = and_(s.c.phase.in_((1, 2, 3)), not_(s.c.suspended), s.c.due < end)
    mature = and_(s.c.phase == 2, whole_days(dialect, s.c.due, s.c.last_review) >= MATURE_DAYS)
    since_review = greatest(dialect, literal(0), whole_days(dialect, now, s.c.last_review))
    mastered = and_(
        s.c.phase == 2,  # in review: a card fresh from one answer has R = 1 whatever the answer
        s.c.stability.is_not(None),
        s.c.last_review.is_not(None),
        since_review <= s.c.stability * bindparam("k") + 1e-9,
    )
    joined, active = _active_cards(dialect)
    labels = ("ph", "su", "mature", "leech", "tag_list", "mastered", "due_day")
    return (
        select(
            case((forecast, local_day(dialect, s.c.due, pieces))).label("due_day"),
            d.c.id,
            d.c.title,
            func.coalesce(s.c.phase, 0).label("ph"),
            case((s.c.suspended, 1), else_=0).label("su"),
            case((mature, 1), else_=0).label("mature"),
            case((func.coalesce(s.c.lapses, 0) >= _LEECH_LAPSES, 1), else_=0).label("leech"),
            tag_list(dialect).label("tag_list"),
            case((mastered, 1), else_=0).label("mastered"),
            func.count(),
        )
        .select_from(joined)
        .where(*active)
        .group_by(d.c.id, d.c.title, *_by_label(*labels))
        .order_by(d.c.id)
    )


@functools.cache
def _cards_stmt(dialect: str) -> Select[*tuple[Any, ...]]:
    c, s = t.card, t.card_state
    joined, active = _active_cards(dialect)
    return (
        select(
            c.c.card_id,
            tag_list(dialect),
            s.c.phase,
            s.c.step,
            s.c.stability,
            s.c.difficulty,
            s.c.due,
            s.c.last_review,
            s.c.lapses,
            s.c.reps,
            s.c.suspended,
        )
        .select_from(joined)
        .where(*active)
        .order_by(c.c.deck_id, c.c.position, c.c.id)
    )


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
            target = _share(repo.get_setting("target_score"), DEFAULT_TARGET)
        today = rules.local_day(now, tz, hour)
        pid = repo.profile_id

        want_readiness = with_readiness and exam_date is not None
        with _storage_errors(repo), reader(repo.engine).connect() as conn:
            activity, answers_total, seconds_total = self._activity(conn, pid, now, today, tz, hour)
            retention = self._retention(conn, pid, now, today, tz, hour)
            decks, by_area, by_org, forecast = self._card_counts(
                conn, pid, now, model, today, tz, hour
            )
            seconds_per_answer = self._seconds_per_answer(conn, pid, now)
            states, tags = self._cards(conn, pid) if want_readiness else ({}, {})
            # each answer on its own local day (its stored zone), not the heatmap's
            studied = review_store.study_days(
                conn, pid, hour, rules.day_bounds(activity[0].day, tz, hour)[0]
            )

        current, longest = streaks([(d, True) for d in studied if d <= today], today)
        if current >= len(activity) - 1:
            current = self.repo.streak(now)  # the streak is older than the window: count it all
        pace_days = activity[-PACE_DAYS:]
        pace = sum(d.answers for d in pace_days) / PACE_DAYS
        ready = None
        if want_readiness and exam_date is not None:
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
            now_counts=repo.today_counts(now),
        )

    # ------------------------------------------------------------------ reviews

    def _activity(
        self, conn: Connection, pid: int, now: datetime, today: date, tz: tzinfo, hour: int
    ) -> tuple[tuple[DayActivity, ...], int, int]:
        first = today - timedelta(days=HEATMAP_DAYS - 1)
        start, _ = rules.day_bounds(first, tz, hour)
        pieces, params = local_day_params(tz, hour, start, now + timedelta(days=1), as_text=True)
        rows = conn.execute(
            _activity_stmt(conn.dialect.name, pieces),
            {"p": pid, "start": bucket_text(start), **params},
        ).all()
        by_day = {
            date.fromisoformat(d): DayActivity(
                date.fromisoformat(d), int(n), int(st or 0), int(ms or 0) // 1000
            )
            for d, n, st, ms in rows
        }
        days = [first + timedelta(days=i) for i in range(HEATMAP_DAYS)]
        activity = tuple(by_day.get(d) or DayActivity(d, 0, 0, 0) for d in days)
        total = conn.execute(_TOTAL, {"p": pid}).one()
        return activity, int(total[0]), int(total[1]) // 1000

    @staticmethod
    def _retention(
        conn: Connection, pid: int, now: datetime, today: date, tz: tzinfo, hour: int
    ) -> tuple[Retention, ...]:
        out = []
        for days in (7, 30):
            start, _ = rules.day_bounds(today - timedelta(days=days - 1), tz, hour)
            params = {"p": pid, "start": bucket_text(start), "now": bucket_text(now)}
            n, passed = conn.execute(_RETENTION, params).one()
            out.append(Retention(days, int(n), int(passed)))
        return tuple(out)

    @staticmethod
    def _seconds_per_answer(conn: Connection, pid: int, now: datetime) -> float | None:
        params = {"p": pid, "start": bucket_text(now - timedelta(days=30))}
        n, ms = conn.execute(_TIMED, params).one()
        return int(ms) / 1000 / int(n) if n else None

    # ------------------------------------------------------------------ cards

    @staticmethod
    def _card_counts(
        conn: Connection,
        pid: int,
        now: datetime,
        model: FsrsModel,
        today: date,
        tz: tzinfo,
        hour: int,
    ) -> tuple[
        tuple[StateCounts, ...], tuple[Mastery, ...], tuple[Mastery, ...], tuple[ForecastDay, ...]
    ]:
        """Cards by state per deck, mastery by area and organization, and the due forecast, in
        one scan of the card states (:func:`_card_counts_stmt`).

        Forecast: learning, relearning and review cards, not suspended, by the local day they
        are due (overdue ones today).

        Mastery: a card in review (learning and relearning cards never count: right after one
        answer, even a poor one, R is 1) whose recall is at least θ. FSRS's curve decreases
        with elapsed days, so ``R >= θ`` exactly when the whole
        days since the last review are at most ``S * k``, ``k = (θ ** (1 / decay) - 1) /
        factor`` (``k = 1`` for θ = 0.9). The database decides it per card and groups cards by
        deck, state and tag list, so Python sees a few hundred rows, not one per card.
        """
        from cyberquiz.core.cards import AREAS
        from cyberquiz.core.readiness import ORGANIZATIONS

        k = model.days_per_stability(MASTERY_THRESHOLD)
        today_start, _ = rules.day_bounds(today, tz, hour)
        _, end = rules.day_bounds(today + timedelta(days=FORECAST_DAYS - 1), tz, hour)
        pieces, params = local_day_params(tz, hour, today_start, end, as_text=False)
        rows = conn.execute(
            _card_counts_stmt(conn.dialect.name, pieces),
            {"p": pid, "now": now, "k": k, "end": end, **params},
        ).all()
        due: dict[date, int] = {}
        decks: dict[str, dict[str, Any]] = {}
        area_n: dict[str, int] = {}
        area_m: dict[str, int] = {}
        org_n: dict[str, int] = {}
        org_m: dict[str, int] = {}
        parsed: dict[str, tuple[str, tuple[str, ...]]] = {}
        for due_day, deck_id, title, phase, suspended, mature, leech, tag_json, mastered, n in rows:
            n = int(n)
            if due_day is not None:
                day = max(today, date.fromisoformat(due_day))  # overdue cards are due today
                due[day] = due.get(day, 0) + n
            c = decks.setdefault(deck_id, {"deck_id": deck_id, "title": title})
            if suspended:
                key = "suspended"
            elif phase == Phase.NEW:
                key = "new"
            elif phase in (Phase.LEARNING, Phase.RELEARNING):
                key = "learning"
            else:
                key = "mature" if mature else "young"
            c[key] = c.get(key, 0) + n
            if leech:
                c["leeches"] = c.get("leeches", 0) + n
            if tag_json not in parsed:
                card_tags = _split_tags(tag_json)
                parsed[tag_json] = (area_of(card_tags) or "other", orgs_of(card_tags))
            area, orgs = parsed[tag_json]
            got = n if mastered else 0
            area_n[area] = area_n.get(area, 0) + n
            area_m[area] = area_m.get(area, 0) + got
            for org in orgs:
                org_n[org] = org_n.get(org, 0) + n
                org_m[org] = org_m.get(org, 0) + got
        by_area = tuple(Mastery(a, area_n[a], area_m[a]) for a in (*AREAS, "other") if a in area_n)
        by_org = tuple(Mastery(o, org_n[o], org_m[o]) for o in ORGANIZATIONS if o in org_n)
        forecast = tuple(
            ForecastDay(today + timedelta(days=i), due.get(today + timedelta(days=i), 0))
            for i in range(FORECAST_DAYS)
        )
        return tuple(StateCounts(**c) for c in decks.values()), by_area, by_org, forecast

    @staticmethod
    def _cards(
        conn: Connection, pid: int
    ) -> tuple[dict[str, CardState], dict[str, tuple[str, ...]]]:
        """Active cards in study order (deck, then position): their states and tags."""
        rows = conn.execute(_cards_stmt(conn.dialect.name), {"p": pid}).all()
        states: dict[str, CardState] = {}
        tags: dict[str, tuple[str, ...]] = {}
        parsed: dict[str, tuple[str, ...]] = {}  # cards share tag lists: parse each once
        for cid, tag_json, phase, step, s, d, due, last, lapses, reps, susp in rows:
            card_tags = parsed.get(tag_json) if tag_json else ()
            if card_tags is None:
                card_tags = parsed[tag_json] = _split_tags(tag_json)
            tags[cid] = card_tags
            if phase is None or phase == Phase.NEW:
                continue
            states[cid] = CardState(
                card_id=cid,
                phase=Phase(phase),
                step=step,
                stability=s,
                difficulty=d,
                due=due,
                last_review=last,
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


__all__ = ["EXAM_HOUR", "StatsStore", "exam_datetime", "parse_exam_date"]
