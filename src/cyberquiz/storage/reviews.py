"""Answers: storing one, undoing or re-rating the latest, the history and daily figures.

Functions take an open connection; the facade (``repository.py``) holds the unit of work and
the scheduler. Statements are built once.
"""

from __future__ import annotations

import functools
import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, literal, select

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.core.state import CardState, Phase, ReviewRecord
from cyberquiz.storage import columns as t

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Row

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


def record(row: Any) -> ReviewRecord:
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
def _insert_stmt() -> Any:
    return r.insert().returning(r.c.id)


def insert(conn: Connection, values: dict[str, Any]) -> int:
    """Store one answer (the review columns, without ``id``); its id, from the database."""
    return int(conn.execute(_insert_stmt(), values).scalar_one())


@functools.cache
def _row_stmts() -> tuple[Any, Any]:
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


def row(conn: Connection, profile_id: int, review_id: int) -> Row[Any] | None:
    """A review of the profile with its card's id, ``card_pk``, ``scheduled``, ``prev_state``."""
    stmt, _ = _row_stmts()
    return conn.execute(stmt, {"id": review_id, "p": profile_id}).first()


def answered_since(conn: Connection, profile_id: int, pk: int, review_id: int) -> bool:
    """Whether a later answer moved the schedule of the same card."""
    _, later = _row_stmts()
    params = {"pk": pk, "p": profile_id, "id": review_id}
    return conn.execute(later, params).first() is not None


@functools.cache
def _rate_stmt() -> Any:
    return r.update().where(r.c.id == bindparam("rid")).values(rating=bindparam("rating"))


def set_rating(conn: Connection, review_id: int, rating: Rating) -> None:
    """Change the stored rating of an answer."""
    conn.execute(_rate_stmt(), {"rid": review_id, "rating": int(rating)})


@functools.cache
def _delete_stmts() -> tuple[Any, Any]:
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
def _history_stmt(by_card: bool, by_mode: bool, since: bool) -> Any:
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
def _figures_stmts() -> tuple[Any, Any]:
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
def _study_days_stmt(dialect: str, since: bool) -> Any:
    from sqlalchemy import String, cast

    from cyberquiz.storage.dialect import local_date

    # each answer shifted by its own zone's offset, less the rollover hour: its study day
    shift = cast(r.c.utc_offset * 60 - bindparam("roll"), String()).concat(" seconds")
    where = [r.c.profile_id == bindparam("p"), r.c.mode == str(Mode.STUDY)]
    if since:
        where.append(r.c.at >= bindparam("since", type_=_AT))
    return select(local_date(dialect, r.c.at, shift).label("d")).where(*where).distinct()


def study_days(
    conn: Connection, profile_id: int, rollover_hour: int, since: datetime | None
) -> set[date]:
    """The local study days with a study answer (since ``since``), each answer on the day of
    the zone it was given in."""
    stmt = _study_days_stmt(conn.dialect.name, since is not None)
    params: dict[str, Any] = {"p": profile_id, "roll": rollover_hour * 3600}
    if since is not None:
        params["since"] = since
    return {date.fromisoformat(d) for d in conn.execute(stmt, params).scalars()}
