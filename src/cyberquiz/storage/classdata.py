"""What a class report reads: every student's answers, card states and exam date, live.

Read by an instructor (row-level security lets instructors read every profile; a student who
runs it sees only their own rows) or by the owner; on SQLite, every profile of the file. On a
class database the instructors' own profiles are left out: they are not students.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from cyberquiz.storage import cards as card_store
from cyberquiz.storage import columns as t
from cyberquiz.storage.errors import translated

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue
    from cyberquiz.core.state import CardState
    from cyberquiz.storage.repository import Repository


@dataclass(frozen=True, slots=True)
class ClassAnswer:
    """One answer of one student (``answer`` is the stored JSON)."""

    student: str
    card_id: str
    at: datetime
    mode: str
    score: float
    answer: str


@dataclass(frozen=True, slots=True)
class ClassData:
    """Every student's answers (oldest first), card states and settings that reports need."""

    students: tuple[str, ...]
    answers: tuple[ClassAnswer, ...]
    states: dict[str, dict[str, CardState]]
    exam_dates: dict[str, JSONValue]
    #: each student's ``scheduler`` setting (``fsrs.Scheduler.to_dict()``)
    schedulers: dict[str, dict[str, Any]]


def class_data(repo: Repository) -> ClassData:
    """Read the class from ``repo``'s database in one read-only transaction.

    Raises:
        StorageError: the database cannot be read.
    """
    from cyberquiz.storage.classroom import members
    from cyberquiz.storage.engine import reader

    where = repo.engine.url.render_as_string(hide_password=True)
    with translated(where):
        instructors: set[str] = set()
        if repo.engine.dialect.name == "postgresql":
            instructors = {n for n, group in members(repo.engine) if group == "instructor"}
        with reader(repo.engine).connect() as conn, conn.begin():
            p, r, c, s = t.profile, t.review, t.card, t.setting
            profiles = [
                (int(pid), str(name))
                for pid, name in conn.execute(select(p.c.id, p.c.name).order_by(p.c.name))
                if name not in instructors
            ]
            names = dict(profiles)
            rows = conn.execute(
                select(r.c.profile_id, c.c.card_id, r.c.at, r.c.mode, r.c.score, r.c.answer)
                .join(c, c.c.id == r.c.card_pk)
                .order_by(r.c.at, r.c.id)
            )
            answers = tuple(
                ClassAnswer(names[pid], cid, at, mode, float(score), answer)
                for pid, cid, at, mode, score, answer in rows
                if pid in names
            )
            states = {
                name: {
                    row.card_id: card_store.state_from_row(row.card_id, row)
                    for row in card_store.state_rows(conn, pid, None)
                }
                for pid, name in profiles
            }
            settings: dict[str, dict[str, Any]] = {"exam_date": {}, "scheduler": {}}
            for pid, key, value in conn.execute(
                select(s.c.profile_id, s.c.key, s.c.value).where(
                    s.c.key.in_(("exam_date", "scheduler"))
                )
            ):
                if pid in names:
                    settings[key][names[pid]] = json.loads(value)
    return ClassData(
        students=tuple(name for _, name in profiles),
        answers=answers,
        states=states,
        exam_dates=settings["exam_date"],
        schedulers=settings["scheduler"],
    )
