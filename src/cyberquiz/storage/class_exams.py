"""Exams an instructor sets for the class: one draw (seed, count, decks) open in a time window.

The ``class_exam`` table exists only on a class database (``class init`` creates it, outside the
app's own schema and migrations): everyone reads it, only instructors write it. A student's
sitting is an ordinary exam of their own (their rows, row-level security as for any exam) whose
settings name the class exam (``ExamSettings.class_exam``); instructors read every sitting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, Integer, MetaData, String, Table, func, select

from cyberquiz.core.exam import ExamSettings, ExamStatus
from cyberquiz.storage import columns as t
from cyberquiz.storage.errors import translated
from cyberquiz.storage.types import UTCDateTime

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from cyberquiz.storage.repository import Repository

#: Not in the app's metadata: a SQLite file (one student) never has this table.
_metadata = MetaData()

class_exam = Table(
    "class_exam",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String, nullable=False),
    Column("settings", String, nullable=False),  # ExamSettings JSON: seed, count, decks...
    Column("opens", UTCDateTime, nullable=False),
    Column("closes", UTCDateTime, nullable=False),
    Column("set_by", String, nullable=False),
    Column("set_at", UTCDateTime, nullable=False),
)

#: A sitting in these states has a score.
FINISHED = (ExamStatus.SUBMITTED.value, ExamStatus.TIMED_OUT.value)


@dataclass(frozen=True, slots=True)
class ClassExam:
    """An exam set for the class; ``settings.class_exam`` is its id."""

    id: int
    title: str
    settings: ExamSettings
    opens: datetime
    closes: datetime
    set_by: str

    def is_open(self, now: datetime) -> bool:
        """Whether a student may start it at ``now`` (``opens`` <= now < ``closes``)."""
        return self.opens <= now < self.closes


@dataclass(frozen=True, slots=True)
class Sitting:
    """One student's exam of a class exam (their latest, finished first)."""

    class_exam: int
    student: str
    status: str
    score: float | None
    max_score: float | None
    started_at: datetime
    finished_at: datetime | None


def create_table(conn: Connection) -> None:
    """Create ``class_exam`` when missing (``class init``; running it again changes nothing)."""
    class_exam.create(conn, checkfirst=True)


def has_table(conn: Connection) -> bool:
    """Whether this database has class exams at all (a class database after ``class init``)."""
    if conn.dialect.name != "postgresql":
        return False
    found = conn.exec_driver_sql("SELECT to_regclass('class_exam') IS NOT NULL").scalar()
    return bool(found)


def add(
    repo: Repository,
    title: str,
    settings: ExamSettings,
    opens: datetime,
    closes: datetime,
    now: datetime,
) -> ClassExam:
    """Store a new class exam, set by the login; its settings get its id.

    Raises:
        StorageError: the database cannot be written (a student's login may not).
    """
    with repo.write_transaction() as conn:
        new_id, set_by = conn.execute(
            class_exam.insert()
            .values(
                title=title,
                settings="{}",
                opens=opens,
                closes=closes,
                set_by=func.current_user(),
                set_at=now,
            )
            .returning(class_exam.c.id, class_exam.c.set_by)
        ).one()
        settings = ExamSettings.from_dict({**settings.to_dict(), "class_exam": int(new_id)})
        conn.execute(
            class_exam.update()
            .where(class_exam.c.id == new_id)
            .values(settings=json.dumps(settings.to_dict()))
        )
    return ClassExam(int(new_id), title, settings, opens, closes, str(set_by))


def class_exams(repo: Repository) -> list[ClassExam]:
    """Every class exam, by opening time; none on a database without them.

    Raises:
        StorageError: the database cannot be read.
    """
    from cyberquiz.storage.engine import reader

    if repo.engine.dialect.name != "postgresql":
        return []  # a student's own file: no class, and Home asks on every visit
    with translated(repo.location), reader(repo.engine).connect() as conn:
        if not has_table(conn):
            return []
        rows = conn.execute(select(class_exam).order_by(class_exam.c.opens, class_exam.c.id))
        return [
            ClassExam(
                id=int(r.id),
                title=str(r.title),
                settings=ExamSettings.from_dict(json.loads(r.settings)),
                opens=r.opens,
                closes=r.closes,
                set_by=str(r.set_by),
            )
            for r in rows
        ]


def sittings(repo: Repository) -> list[Sitting]:
    """The sittings of class exams that this login may read (a student: their own; an
    instructor: everyone's), oldest first.

    Raises:
        StorageError: the database cannot be read.
    """
    from cyberquiz.storage.engine import reader

    e, p = t.exam, t.profile
    found: list[Sitting] = []
    with translated(repo.location), reader(repo.engine).connect() as conn:
        rows = conn.execute(
            select(
                p.c.name,
                e.c.settings,
                e.c.status,
                e.c.score,
                e.c.max_score,
                e.c.started_at,
                e.c.finished_at,
            )
            .join(p, p.c.id == e.c.profile_id)
            .where(e.c.settings.like('%"class_exam"%'))
            .order_by(e.c.started_at, e.c.id)
        )
        for name, settings, status, score, max_score, started, finished in rows:
            exam_id = json.loads(settings or "{}").get("class_exam")
            if exam_id is None:
                continue
            found.append(
                Sitting(
                    class_exam=int(exam_id),
                    student=str(name),
                    status=str(status),
                    score=None if score is None else float(score),
                    max_score=None if max_score is None else float(max_score),
                    started_at=started,
                    finished_at=finished,
                )
            )
    return found
