"""Answers: storing one, undoing or re-rating the latest, the history and daily figures.

Functions take an open connection; the facade (``repository.py``) holds the unit of work and
the scheduler. Statements are built once.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, literal, select

from cyberquiz.core import queue as rules
from cyberquiz.core.answers import Mode, Rating
from cyberquiz.core.state import CardState, Phase, ReviewRecord, StoredAnswer
from cyberquiz.storage import cards as card_store
from cyberquiz.storage import columns as t
from cyberquiz.storage.errors import ReviewNotLatest, UnknownReview, retried
from cyberquiz.storage.queue import QueueStore
from cyberquiz.storage.stats_rollup import bucket_text
from cyberquiz.storage.unit import log
from cyberquiz.storage.zones import offset_minutes

if TYPE_CHECKING:
    from sqlalchemy import Delete, Select, Update
    from sqlalchemy.engine import Connection, Row
    from sqlalchemy.sql.dml import ReturningInsert

r, c = t.review, t.card
_AT = r.c.at.type

RECORD_COLUMNS = (
    r.c.id,
    c.c.card_id,
    r.c.at,
    r.c.mode,
    r.c.answer,
    r.c.score,
    r.c.proposed,
    r.c.rating,
    r.c.response_ms,
)


def record(row: Row[*tuple[Any, ...]]) -> ReviewRecord:
    """A :class:`ReviewRecord` from a row with the :data:`RECORD_COLUMNS`."""
    return ReviewRecord(
        id=row.id,
        card_id=row.card_id,
        at=row.at,
        mode=Mode(row.mode),
        answer=row.answer,
        score=float(row.score),
        proposed=None if row.proposed is None else Rating(row.proposed),
        rating=None if row.rating is None else Rating(row.rating),
        response_ms=int(row.response_ms),
    )


def state_to_json(state: CardState) -> str:
    """The state before an answer, as kept for undo and re-rating."""
    # By hand: dataclasses.asdict deep-copies, and this runs on every answer.
    iso = {k: getattr(state, k) for k in ("due", "last_review", "buried_until")}
    return json.dumps(
        {
            "card_id": state.card_id,
            "phase": int(state.phase),
            "step": state.step,
            "stability": state.stability,
            "difficulty": state.difficulty,
            "lapses": state.lapses,
            "reps": state.reps,
            "suspended": state.suspended,
            "flagged": state.flagged,
            **{k: None if v is None else v.isoformat() for k, v in iso.items()},
        }
    )


def state_from_json(text: str) -> CardState:
    """The inverse of :func:`state_to_json`."""
    data = json.loads(text)
    for key in ("due", "last_review", "buried_until"):
        data[key] = None if data[key] is None else datetime.fromisoformat(data[key])
    data["phase"] = Phase(data["phase"])
    return CardState(**data)


@functools.cache
def _insert_stmt() -> ReturningInsert[int]:
    return r.insert().returning(r.c.id)


def insert(conn: Connection, values: dict[str, Any]) -> int:
    """Store one answer (the review columns, without ``id``); its id, from the database."""
    return int(conn.execute(_insert_stmt(), values).scalar_one())


@functools.cache
def _row_stmts() -> tuple[Select[*tuple[Any, ...]], Select[int]]:
    row = (
        select(*RECORD_COLUMNS, r.c.card_pk, r.c.scheduled, r.c.prev_state)
        .select_from(r.join(c, c.c.id == r.c.card_pk))
        .where(r.c.id == bindparam("id"), r.c.profile_id == bindparam("p"))
    )
    later = (
        select(literal(1))
        .where(
            r.c.card_pk == bindparam("pk"),
            r.c.profile_id == bindparam("p"),
            r.c.id > bindparam("id"),
            r.c.scheduled == literal(True),
        )
        .limit(1)
    )
    return row, later


def row(conn: Connection, profile_id: int, review_id: int) -> Row[*tuple[Any, ...]] | None:
    """A review of the profile with its card's id, ``card_pk``, ``scheduled``, ``prev_state``."""
    stmt, _ = _row_stmts()
    return conn.execute(stmt, {"id": review_id, "p": profile_id}).first()


def answered_since(conn: Connection, profile_id: int, pk: int, review_id: int) -> bool:
    """Whether a later answer moved the schedule of the same card."""
    _, later = _row_stmts()
    params = {"pk": pk, "p": profile_id, "id": review_id}
    return conn.execute(later, params).first() is not None


@functools.cache
def _rate_stmt() -> Update:
    return r.update().where(r.c.id == bindparam("rid")).values(rating=bindparam("rating"))


def set_rating(conn: Connection, review_id: int, rating: Rating) -> None:
    """Change the stored rating of an answer."""
    conn.execute(_rate_stmt(), {"rid": review_id, "rating": int(rating)})


@functools.cache
def _delete_stmts() -> tuple[Update, Delete]:
    item = t.exam_item
    unlink = item.update().where(item.c.review_id == bindparam("rid")).values(review_id=None)
    delete = r.delete().where(r.c.id == bindparam("rid"))
    return unlink, delete


def delete(conn: Connection, review_id: int) -> None:
    """Remove an answer (an exam question that pointed at it forgets it)."""
    unlink, remove = _delete_stmts()
    conn.execute(unlink, {"rid": review_id})
    conn.execute(remove, {"rid": review_id})


@functools.cache
def _history_stmt(by_card: bool, by_mode: bool, since: bool) -> Select[*tuple[Any, ...]]:
    where = [r.c.profile_id == bindparam("p")]
    if by_card:
        where.append(c.c.card_id == bindparam("c"))
    if by_mode:
        where.append(r.c.mode == bindparam("m"))
    if since:
        where.append(r.c.at >= bindparam("since", type_=_AT))
    return (
        select(*RECORD_COLUMNS)
        .select_from(r.join(c, c.c.id == r.c.card_pk))
        .where(*where)
        .order_by(r.c.at, r.c.id)
    )


def history(
    conn: Connection,
    profile_id: int,
    card_id: str | None,
    mode: Mode | None,
    since: datetime | None,
) -> list[ReviewRecord]:
    """The profile's answers, oldest first, optionally of one card / mode / since a time."""
    stmt = _history_stmt(card_id is not None, mode is not None, since is not None)
    params: dict[str, Any] = {"p": profile_id}
    if card_id is not None:
        params["c"] = card_id
    if mode is not None:
        params["m"] = str(mode)
    if since is not None:
        params["since"] = since
    return [record(row) for row in conn.execute(stmt, params)]


@functools.cache
def _figures_stmts() -> tuple[Select[int], Select[int, int]]:
    count = select(func.count()).where(
        r.c.profile_id == bindparam("p"), r.c.scheduled == literal(True)
    )
    progress = select(func.count(), func.coalesce(func.sum(r.c.response_ms), 0)).where(
        r.c.profile_id == bindparam("p"),
        r.c.at >= bindparam("start", type_=_AT),
        r.c.at <= bindparam("now", type_=_AT),
    )
    return count, progress


def scheduled_count(conn: Connection, profile_id: int) -> int:
    """How many of the profile's answers moved the schedule."""
    return int(conn.execute(_figures_stmts()[0], {"p": profile_id}).scalar_one())


def progress(conn: Connection, profile_id: int, start: datetime, now: datetime) -> tuple[int, int]:
    """(answers, milliseconds answering) between ``start`` and ``now``."""
    row = conn.execute(_figures_stmts()[1], {"p": profile_id, "start": start, "now": now}).one()
    return int(row[0]), int(row[1])


@functools.cache
def _study_days_stmt(dialect: str, since: bool) -> Select[str]:
    from sqlalchemy import String, cast

    from cyberquiz.storage.dialect import as_time, local_date

    # the rollup's quarter hours with a study answer, each shifted by its answers' zone less
    # the rollover hour: a quarter hour of one zone lies within one local study day
    ru = t.stats_rollup
    shift = cast(ru.c.utc_offset * 60 - bindparam("roll"), String()).concat(" seconds")
    where = [ru.c.profile_id == bindparam("p"), ru.c.study > 0]
    if since:
        where.append(ru.c.bucket >= bindparam("since"))
    return (
        select(local_date(dialect, as_time(dialect, ru.c.bucket), shift).label("d"))
        .where(*where)
        .distinct()
    )


def study_days(
    conn: Connection, profile_id: int, rollover_hour: int, since: datetime | None
) -> set[date]:
    """The local study days with a study answer (since ``since``), each answer on the day of
    the zone it was given in. Read from the review rollup (``stats_rollup.py``), never from
    every answer."""
    stmt = _study_days_stmt(conn.dialect.name, since is not None)
    params: dict[str, Any] = {"p": profile_id, "roll": rollover_hour * 3600}
    if since is not None:  # a study day's start: a whole quarter hour in every zone
        params["since"] = bucket_text(since)
    return {date.fromisoformat(d) for d in conn.execute(stmt, params).scalars()}


@dataclass(frozen=True)
class _Write:
    """One answer as it is to be stored: the card, when, how, and whether the schedule moves."""

    card_id: str
    now: datetime
    mode: Mode
    answer: str
    score: float
    final: Rating | None
    proposed: Rating | None
    response_ms: int
    scheduled: bool


def _stored(
    review_id: int, write: _Write, values: dict[str, Any], behind: timedelta | None
) -> ReviewRecord:
    """The :class:`ReviewRecord` of an answer just stored with the review columns ``values``."""
    return ReviewRecord(
        id=review_id,
        card_id=write.card_id,
        at=values["at"].astimezone(UTC),
        mode=Mode(values["mode"]),
        answer=values["answer"],
        score=values["score"],
        proposed=write.proposed,
        rating=write.final,
        response_ms=values["response_ms"],
        clock_behind=behind,
    )


# ---------------------------------------------------------------------------- the store


class ReviewStore(QueueStore):
    """Answers of the repository's profile: storing, re-rating, undoing, the history."""

    @retried
    def record_answer(
        self,
        card_id: str,
        *,
        now: datetime,
        mode: Mode,
        answer: str,
        score: float,
        proposed: Rating | None,
        rating: Rating | None = None,
        response_ms: int = 0,
        update_schedule: bool | None = None,
    ) -> ReviewRecord:
        """Store one answer, and move the card's schedule when asked; committed on return.

        Args:
            card_id: the card answered.
            now: UTC-aware time of the answer.
            mode: study, practice or exam.
            answer: the answer as JSON text (``core.serialize.answer_to_json``).
            score: the grader's score in [0, 1].
            proposed: the rating proposed from the grade (``None`` for flip cards).
            rating: the final rating; defaults to ``proposed``.
            response_ms: time to answer.
            update_schedule: move the FSRS schedule; defaults to ``mode == Mode.STUDY``.

        Raises:
            UnknownCard: no such card.
            ValueError: the schedule is to move but there is no rating, or ``now`` is naive.
        """
        final = rating if rating is not None else proposed
        scheduled = (mode == Mode.STUDY) if update_schedule is None else update_schedule
        if scheduled and final is None:
            raise ValueError("a rating is needed to move the schedule (flip cards: pass rating)")
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError(f"naive datetime {now!r}: pass a UTC-aware datetime")
        write = _Write(card_id, now, mode, answer, score, final, proposed, response_ms, scheduled)
        if self.engine.dialect.name == "postgresql":
            done = self._record_on_server(write)
            if done is not None:
                return done
        with self._write() as conn:
            return self._record_in_transaction(conn, write)

    def record(
        self, answer: StoredAnswer, *, mode: Mode, scheduled: bool | None = None
    ) -> ReviewRecord:
        """Store an answer built by ``core.rating.rated_answer`` (see :meth:`record_answer`)."""
        return self.record_answer(
            answer.card.id,
            now=answer.now,
            mode=mode,
            answer=answer.answer_json,
            score=answer.score,
            proposed=answer.proposed,
            rating=answer.rating,
            response_ms=answer.response_ms,
            update_schedule=scheduled,
        )

    def record_in(
        self, conn: Connection, answer: StoredAnswer, *, mode: Mode, scheduled: bool
    ) -> ReviewRecord:
        """:meth:`record` inside a write transaction the caller holds (an exam's finish)."""
        final = answer.rating if answer.rating is not None else answer.proposed
        write = _Write(
            answer.card.id,
            answer.now,
            mode,
            answer.answer_json,
            answer.score,
            final,
            answer.proposed,
            answer.response_ms,
            scheduled and final is not None,
        )
        return self._record_in_transaction(conn, write)

    def _record_in_transaction(self, conn: Connection, write: _Write) -> ReviewRecord:
        """Store ``write`` inside the write transaction the caller holds, the card's state
        locked first (the way every answer is stored on SQLite)."""
        pk = self._pk(conn, write.card_id)
        prev = self._state_in(conn, write.card_id, pk, lock=True)
        new, values, behind = self._answer(pk, prev, write)
        if new is not None:
            self._save_state(conn, pk, new)
        return _stored(insert(conn, values), write, values, behind)

    def _record_on_server(self, write: _Write) -> ReviewRecord | None:
        """Store ``write`` in two round trips (``server_answer``); ``None`` when nothing
        was written: the profile has no state row for the card yet (the transactional way adds
        it), or another writer changed the state since it was read (the transactional way's
        lock waits for it)."""
        from cyberquiz.storage import server_answer

        with self._autocommit() as conn:
            pk, prev = server_answer.read_state(conn, self.profile_id, write.card_id)
            if prev is None:
                return None
            new, values, behind = self._answer(pk, prev, write)
            del values["card_pk"]  # the statement takes it from the state it guards
            review_id = server_answer.store(conn, self.profile_id, pk, prev, new, values)
        if review_id is None:
            return None
        return _stored(review_id, write, values, behind)

    def _answer(
        self, pk: int, prev: CardState, write: _Write
    ) -> tuple[CardState | None, dict[str, Any], timedelta | None]:
        """What an answer writes, from the state before it: the new state (``None``: the
        schedule does not move), the review's columns, and how far the clock went back."""
        now, final, scheduled = write.now, write.final, write.scheduled
        behind = None
        if prev.last_review is not None and now < prev.last_review:
            # the clock went back: dated earlier, the answer would move the card's history
            # backwards and FSRS would see a negative interval; it counts as given just then
            behind = prev.last_review - now
            log.warning(
                "the clock is %s behind card %s's last review; the answer is dated %s",
                behind,
                write.card_id,
                prev.last_review.isoformat(),
            )
            now = prev.last_review
        new = None
        if scheduled and final is not None:
            new = self._scheduler_instance().review(prev, final, now, db_id=pk)
        values = {
            "profile_id": self.profile_id,
            "card_pk": pk,
            "at": now,
            "mode": str(write.mode),
            "answer": write.answer,
            "score": float(write.score),
            "proposed": None if write.proposed is None else int(write.proposed),
            "rating": None if final is None else int(final),
            "response_ms": int(write.response_ms),
            "scheduled": bool(scheduled),
            "phase_before": int(prev.phase),
            "prev_state": state_to_json(prev) if scheduled else None,
            "utc_offset": offset_minutes(self.timezone(), now),
        }
        return new, values, behind

    def _review_row(self, conn: Connection, review_id: int) -> Row[*tuple[Any, ...]]:
        r = row(conn, self.profile_id, review_id)
        if r is None:
            raise UnknownReview(review_id)
        # Lock the card's state before asking whether a later answer exists: a concurrent
        # answer then either committed already (seen below) or waits for this transaction.
        card_store.state_in(conn, self.profile_id, r.card_id, r.card_pk, lock=True)
        if r.scheduled and answered_since(conn, self.profile_id, r.card_pk, r.id):
            raise ReviewNotLatest(review_id, r.card_id)
        return r

    @retried
    def change_rating(self, review_id: int, rating: Rating) -> ReviewRecord:
        """Re-rate an answer: the card state is recomputed from the state before it.

        Raises:
            UnknownReview: no such answer for this profile.
            ReviewNotLatest: the card was answered again since.
        """
        scheduler = self._scheduler_instance()
        with self._write() as conn:
            r = self._review_row(conn, review_id)
            if r.scheduled and r.prev_state:
                prev = state_from_json(r.prev_state)
                current = self._state_in(conn, r.card_id, r.card_pk)
                new = scheduler.review(prev, rating, r.at, db_id=r.card_pk)
                new = replace(new, suspended=current.suspended, flagged=current.flagged)
                self._save_state(conn, r.card_pk, new)
            set_rating(conn, review_id, rating)
        return replace(record(r), rating=Rating(rating))

    @retried
    def undo_review(self, review_id: int) -> None:
        """Remove an answer and restore the card state from before it, in one transaction.

        Raises:
            UnknownReview: no such answer for this profile.
            ReviewNotLatest: the card was answered again since.
        """
        with self._write() as conn:
            r = self._review_row(conn, review_id)
            if r.scheduled and r.prev_state:
                prev = state_from_json(r.prev_state)
                current = self._state_in(conn, r.card_id, r.card_pk)
                self._save_state(
                    conn,
                    r.card_pk,
                    replace(prev, suspended=current.suspended, flagged=current.flagged),
                )
            delete(conn, review_id)

    def reviews(
        self,
        *,
        card_id: str | None = None,
        mode: Mode | None = None,
        since: datetime | None = None,
    ) -> list[ReviewRecord]:
        """This profile's answers, oldest first, optionally of one card / mode / since a time."""
        with self._read() as conn:
            return history(conn, self.profile_id, card_id, mode, since)

    def review_count(self) -> int:
        """How many of this profile's answers moved the schedule."""
        with self._read() as conn:
            return scheduled_count(conn, self.profile_id)

    def today_progress(self, now: datetime) -> tuple[int, int]:
        """(answers given today, seconds spent answering today), local day with rollover."""
        with self._read() as conn:
            answers, ms = progress(conn, self.profile_id, self.day_start(now), now)
        return answers, ms // 1000

    def streak(self, now: datetime) -> int:
        """Consecutive local days, up to today, with at least one study answer.

        Each answer counts on its own local day (the zone it was given in, stored with it), so
        a changed time zone does not rewrite the streak. A day without answers yet today does
        not break the streak until it is over.
        """
        from cyberquiz.core.statsmodel import streaks

        today = rules.local_day(now, self.timezone(), self._rollover())
        window = 32
        while True:
            # the days of a window back from today; a streak that reaches its start looks further
            since = now - timedelta(days=window)
            days = self.study_days(since)
            current, _ = streaks([(d, True) for d in days], today)
            if current < window - 2 or window > 100_000:
                return current
            window *= 4

    def study_days(self, since: datetime | None = None) -> set[date]:
        """The local days (each answer's own zone and the rollover hour) with a study answer."""
        with self._read() as conn:
            return study_days(conn, self.profile_id, self._rollover(), since)
