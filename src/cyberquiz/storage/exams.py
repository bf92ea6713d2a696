"""Exams in the database: every answer saved as it is given, resume, finish, abandon, history.

``ExamStore(repo)`` works on the repository's engine and profile and speaks core types
(:class:`~cyberquiz.core.exam.ExamSession`, :class:`~cyberquiz.core.exam.ExamResult`,
:class:`~cyberquiz.core.exam.ExamSummary`)::

    store = ExamStore(repo)
    session = ExamSession.start(settings, draw_exam(repo.cards(), settings), now)
    store.create(session)                    # sets session.exam_id; exam row + one row per item
    store.save_item(session, session.index)  # after each answer / flag / move: one commit
    store.unfinished()                       # the running exam to resume (or None)
    store.finish(session, now)               # submit (or timed out): scores, summary, reviews
    store.abandon(exam_id, now)
    store.history()                          # newest first: ExamSummary

Each answered question becomes a review with mode ``exam`` at submission, rated by the same
``core.rating.rated_answer`` as a study answer and stored by the same ``repo.record_in``
(the schedule moves only with ``settings.update_schedule``). The finish is one transaction
(status, scores and every review), so a crash half-way through it leaves the exam running with
no review of it stored. :meth:`ExamStore.complete_submitted` completes an exam that an older
cyberquiz marked submitted before storing all its reviews, without storing any answer twice.

Queries are SQLAlchemy Core on the light tables of ``columns.py``, built once; ids come from
the database (``RETURNING``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, select

from cyberquiz.core.answers import Mode
from cyberquiz.core.exam import (
    ExamItem,
    ExamResult,
    ExamSession,
    ExamSettings,
    ExamStatus,
    ExamSummary,
    GroupScore,
)
from cyberquiz.core.serialize import answer_from_json, answer_to_json, card_from_dict
from cyberquiz.storage import columns as t
from cyberquiz.storage.errors import retrying

if TYPE_CHECKING:
    from sqlalchemy import Insert, Select, Update
    from sqlalchemy.engine import Connection, Row
    from sqlalchemy.sql.dml import ReturningInsert

    from cyberquiz.storage.repository import Repository

e, i, c, r = t.exam, t.exam_item, t.card, t.review
_FINISHED = (ExamStatus.SUBMITTED.value, ExamStatus.TIMED_OUT.value)


class ExamNotFound(LookupError):
    """No exam with that id for this profile."""


# --- statements, built once -----------------------------------------------------------------


@functools.cache
def _create_stmts() -> tuple[ReturningInsert[int], Select[str, int], Insert]:
    exam = e.insert().returning(e.c.id)
    pks = select(c.c.card_id, c.c.id).where(c.c.card_id.in_(bindparam("ids", expanding=True)))
    item = i.insert()
    return exam, pks, item


@functools.cache
def _save_item_stmts() -> tuple[Update, Update]:
    item = (
        i.update()
        .where(i.c.exam_id == bindparam("eid"), i.c.position == bindparam("pos"))
        .values(
            answer=bindparam("answer"),
            flagged=bindparam("flagged"),
            response_ms=bindparam("ms"),
        )
    )
    exam = (
        e.update()
        .where(e.c.id == bindparam("eid"), e.c.profile_id == bindparam("p"))
        .values(position=bindparam("position"))
    )
    return item, exam


_EXAM_COLUMNS = (
    e.c.id,
    e.c.profile_id,
    e.c.started_at,
    e.c.finished_at,
    e.c.settings,
    e.c.score,
    e.c.status,
    e.c.position,
    e.c.summary,
)


@functools.cache
def _exam_stmt(lock: bool) -> Select[*tuple[Any, ...]]:
    stmt = select(*_EXAM_COLUMNS).where(
        e.c.id == bindparam("eid"), e.c.profile_id == bindparam("p")
    )
    # FOR UPDATE on a server: two finishes of one exam wait for each other (SQLite: nothing)
    return stmt.with_for_update() if lock else stmt


@functools.cache
def _finish_stmts() -> tuple[Select[int, int | None], Update, Update, Update]:
    items = select(i.c.position, i.c.review_id).where(i.c.exam_id == bindparam("eid"))
    exam = (
        e.update()
        .where(e.c.id == bindparam("eid"))
        .values(
            status=bindparam("status"),
            finished_at=bindparam("finished_at", type_=e.c.finished_at.type),
            score=bindparam("score"),
            max_score=bindparam("max_score"),
            summary=bindparam("summary"),
        )
    )
    item = (
        i.update()
        .where(i.c.exam_id == bindparam("eid"), i.c.position == bindparam("pos"))
        .values(
            answer=bindparam("answer"),
            score=bindparam("score"),
            verdict=bindparam("verdict"),
            flagged=bindparam("flagged"),
            response_ms=bindparam("ms"),
        )
    )
    link = (
        i.update()
        .where(i.c.exam_id == bindparam("eid"), i.c.position == bindparam("pos"))
        .values(review_id=bindparam("rid"))
    )
    return items, exam, item, link


@functools.cache
def _stored_review_stmt() -> Select[int]:
    """An exam review of the card at the exam's finish that no question links to yet: what an
    older cyberquiz stored before it was stopped half-way through linking its reviews."""
    linked = select(i.c.review_id).where(i.c.review_id.is_not(None)).scalar_subquery()
    return (
        select(r.c.id)
        .where(
            r.c.profile_id == bindparam("p"),
            r.c.card_pk == bindparam("pk"),
            r.c.mode == str(Mode.EXAM),
            r.c.at == bindparam("at", type_=r.c.at.type),
            r.c.id.not_in(linked),
        )
        .order_by(r.c.id)
        .limit(1)
    )


@functools.cache
def _incomplete_stmt() -> Select[int]:
    """Finished exams of the profile with an answered question that has no review."""
    return (
        select(e.c.id)
        .distinct()
        .select_from(e.join(i, i.c.exam_id == e.c.id))
        .where(
            e.c.profile_id == bindparam("p"),
            e.c.status.in_(_FINISHED),
            i.c.answer.is_not(None),
            i.c.review_id.is_(None),
        )
        .order_by(e.c.id)
    )


@functools.cache
def _abandon_stmt() -> Update:
    return (
        e.update()
        .where(e.c.id == bindparam("eid"), e.c.profile_id == bindparam("p"))
        .values(
            status=ExamStatus.ABANDONED.value,
            finished_at=bindparam("now", type_=e.c.finished_at.type),
        )
    )


@functools.cache
def _read_stmts() -> tuple[Select[int], Select[*tuple[Any, ...]], Select[*tuple[Any, ...]]]:
    running = (
        select(e.c.id)
        .where(e.c.profile_id == bindparam("p"), e.c.status == ExamStatus.RUNNING.value)
        .order_by(e.c.started_at.desc(), e.c.id.desc())
        .limit(1)
    )
    items = (
        select(i.c.presentation, i.c.answer, i.c.flagged, i.c.response_ms, c.c.body, c.c.id)
        .select_from(i.join(c, c.c.id == i.c.card_pk))
        .where(i.c.exam_id == bindparam("eid"))
        .order_by(i.c.position)
    )
    counts = (
        select(func.count(i.c.id))
        .where(i.c.exam_id == e.c.id)
        .correlate(e)
        .scalar_subquery()
        .label("stored_questions")
    )
    history = (
        select(*_EXAM_COLUMNS, counts)
        .where(e.c.profile_id == bindparam("p"))
        .order_by(e.c.started_at.desc(), e.c.id.desc())
    )
    return running, items, history


# --- the store --------------------------------------------------------------------------------


class ExamStore:
    """The exams of the repository's profile."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    def profile_id(self) -> int:
        """The database id of the repository's profile."""
        return self.repo.profile_id

    def _exam_row(
        self, conn: Connection, exam_id: int, *, lock: bool = False
    ) -> Row[*tuple[Any, ...]]:
        row = conn.execute(_exam_stmt(lock), {"eid": exam_id, "p": self.profile_id()}).first()
        if row is None:
            raise ExamNotFound(f"No exam {exam_id}.")
        return row

    # --- writing ----------------------------------------------------------------------------

    def create(self, session: ExamSession) -> int:
        """Store a new exam and its questions; sets and returns ``session.exam_id``."""
        limit = session.settings.limit
        insert_exam, pks_stmt, insert_item = _create_stmts()

        def work() -> int:
            with self.repo.write_transaction() as conn:
                exam_id = int(
                    conn.execute(
                        insert_exam,
                        {
                            "profile_id": self.profile_id(),
                            "started_at": session.started_at,
                            "time_limit_s": None if limit is None else int(limit.total_seconds()),
                            "settings": json.dumps(session.settings.to_dict()),
                            "max_score": float(len(session.items)),
                            "status": ExamStatus.RUNNING.value,
                            "position": session.index,
                        },
                    ).scalar_one()
                )
                ids = sorted({item.card.id for item in session.items})
                pks = dict(conn.execute(pks_stmt, {"ids": ids}).all())
                conn.execute(
                    insert_item,
                    [
                        {
                            "exam_id": exam_id,
                            "position": position,
                            "card_pk": pks[item.card.id],
                            "presentation": json.dumps(list(item.order)),
                            "answer": _answer_json(item),
                            "response_ms": item.time_ms,
                            "flagged": item.flagged,
                        }
                        for position, item in enumerate(session.items)
                    ],
                )
                return exam_id

        exam_id = retrying(self.repo.location, work)
        session.exam_id = exam_id
        session.profile = session.profile or self.repo.profile
        return exam_id

    def save_item(self, session: ExamSession, position: int | None = None) -> None:
        """Persist one item's answer, flag and time, and the question on screen (one commit)."""
        self._save_items(session, [session.index if position is None else position])

    def save_all(self, session: ExamSession) -> None:
        """Persist every item (e.g. before finishing, so every time is current); one commit."""
        self._save_items(session, range(len(session.items)))

    def _save_items(self, session: ExamSession, positions: Sequence[int]) -> None:
        exam_id = _require_id(session)
        item_stmt, exam_stmt = _save_item_stmts()
        params = [
            {
                "eid": exam_id,
                "pos": position,
                "answer": _answer_json(session.items[position]),
                "flagged": session.items[position].flagged,
                "ms": session.items[position].time_ms,
            }
            for position in positions
        ]

        def work() -> None:
            with self.repo.write_transaction() as conn:
                conn.execute(item_stmt, params)
                conn.execute(
                    exam_stmt, {"eid": exam_id, "p": self.profile_id(), "position": session.index}
                )

        retrying(self.repo.location, work)

    def finish(self, session: ExamSession, now: datetime) -> ExamResult:
        """Submit the exam at ``now`` (timed out if its time is up), store scores and reviews.

        Status, scores, summary and every answer's review are one transaction: killed or
        failing half-way (a full disk), nothing of the finish is stored, the session is as it
        was (still running), and the exam can be finished again.

        Returns:
            The scored result (``exam_id`` and ``profile`` set).
        """
        before = _clock_of(session)
        try:
            if session.running:
                session.submit(now)
            result = session.result()
            self._store_result(result, reviews=True)
        except BaseException:
            _restore_clock(session, before)
            raise
        return result

    def save_result(self, result: ExamResult) -> None:
        """Store the status, per-item scores and the summary of a scored exam (one commit)."""
        self._store_result(result, reviews=False)

    def record_reviews(self, result: ExamResult) -> int:
        """Store each answered question not yet recorded as a review with mode ``exam``, all in
        one transaction (an exam finished by an older cyberquiz that stopped half-way is
        completed); returns how many."""
        return self._store_result(result, reviews=True, scores=False)

    def complete_submitted(self) -> list[int]:
        """Complete every submitted exam of the profile that lacks reviews of its answers.

        An older cyberquiz marked the exam submitted, then stored its reviews one by one: killed
        in between, some were never stored. Each exam is completed in one transaction; a review
        stored but not yet linked to its question is linked, not stored again. Returns the ids
        of the exams completed.
        """
        with self.repo.read_transaction() as conn:
            ids = list(conn.execute(_incomplete_stmt(), {"p": self.profile_id()}).scalars())
        for exam_id in ids:
            self.record_reviews(self.result(exam_id))
        return ids

    def _store_result(self, result: ExamResult, *, reviews: bool, scores: bool = True) -> int:
        """Scores and/or reviews of a scored exam in one write transaction; how many reviews."""
        from cyberquiz.core.rating import rated_answer

        exam_id = result.exam_id
        if exam_id is None:
            raise ExamNotFound("This exam was never stored.")
        at = result.finished_at or result.started_at
        assert at is not None
        items_stmt, exam_stmt, item_stmt, link_stmt = _finish_stmts()
        profile_id = self.profile_id()

        def work() -> int:
            recorded = 0
            with self.repo.write_transaction() as conn:
                self._exam_row(conn, exam_id, lock=True)
                linked = dict(conn.execute(items_stmt, {"eid": exam_id}).all())
                if scores:
                    conn.execute(
                        exam_stmt,
                        {
                            "eid": exam_id,
                            "status": result.status.value,
                            "finished_at": result.finished_at,
                            "score": result.points,
                            "max_score": float(result.questions),
                            "summary": json.dumps(_summary_dict(result)),
                        },
                    )
                    conn.execute(
                        item_stmt,
                        [
                            {
                                "eid": exam_id,
                                "pos": item.position,
                                "answer": answer_to_json(item.card, item.answer)
                                if item.answered
                                else None,
                                "score": item.score,
                                "verdict": item.grade.verdict.value,
                                "flagged": item.flagged,
                                "ms": item.time_ms,
                            }
                            for item in result.items
                        ],
                    )
                if not reviews:
                    return 0
                for item in result.items:
                    if not item.answered or linked.get(item.position) is not None:
                        continue
                    pk = self.repo.card_pk_in(conn, item.card.id)
                    review_id = conn.execute(
                        _stored_review_stmt(), {"p": profile_id, "pk": pk, "at": at}
                    ).scalar()
                    if review_id is None:
                        # graded once by the exam; rated and stored as every answer is
                        answer = rated_answer(
                            item.card,
                            item.answer,
                            now=at,
                            response_ms=item.time_ms,
                            grade=item.grade,
                        )
                        review_id = self.repo.record_in(
                            conn,
                            answer,
                            mode=Mode.EXAM,
                            scheduled=result.settings.update_schedule,
                        ).id
                        recorded += 1
                    conn.execute(
                        link_stmt, {"eid": exam_id, "pos": item.position, "rid": review_id}
                    )
            return recorded

        return retrying(self.repo.location, work)

    def abandon(self, exam_id: int, now: datetime) -> None:
        """Mark an exam abandoned (its answers stay stored; no reviews are recorded)."""

        def work() -> None:
            with self.repo.write_transaction() as conn:
                done = conn.execute(
                    _abandon_stmt(), {"eid": exam_id, "p": self.profile_id(), "now": now}
                )
                if done.rowcount != 1:
                    raise ExamNotFound(f"No exam {exam_id}.")

        retrying(self.repo.location, work)

    # --- reading ----------------------------------------------------------------------------

    def unfinished(self, now: datetime) -> ExamSession | None:
        """The newest running exam of this profile, rebuilt to continue, or ``None``.

        Args:
            now: when the student resumes: the clock restarts there on the stored question, so
                the time the app was closed does not count against the limit.
        """
        running, _, _ = _read_stmts()
        with self.repo.read_transaction() as conn:
            exam_id = conn.execute(running, {"p": self.profile_id()}).scalar()
        return None if exam_id is None else self.load(int(exam_id), now=now)

    def load(self, exam_id: int, *, now: datetime | None = None) -> ExamSession:
        """Rebuild a stored exam as a session (cards from the stored card bodies)."""
        _, items_stmt, _ = _read_stmts()
        with self.repo.read_transaction() as conn:
            exam = self._exam_row(conn, exam_id)
            rows = conn.execute(items_stmt, {"eid": exam_id}).all()
        items = []
        for row in rows:
            card = card_from_dict(json.loads(row.body))
            items.append(
                ExamItem(
                    card=card,
                    order=tuple(json.loads(row.presentation or "[]")),
                    answer=None if row.answer is None else answer_from_json(card, row.answer),
                    flagged=bool(row.flagged),
                    time_ms=row.response_ms or 0,
                )
            )
        return ExamSession(
            settings=ExamSettings.from_dict(json.loads(exam.settings or "{}")),
            items=items,
            started_at=exam.started_at,
            entered_at=now or exam.started_at,
            index=min(exam.position, max(0, len(items) - 1)),
            status=ExamStatus(exam.status),
            exam_id=exam.id,
            profile=self.repo.profile,
            finished_at=exam.finished_at,
        )

    def result(self, exam_id: int) -> ExamResult:
        """The scored result of a finished exam (re-graded from the stored answers)."""
        return self.load(exam_id).result()

    def history(self, limit: int | None = None) -> list[ExamSummary]:
        """Past exams of this profile, newest first (running ones included, unscored)."""
        _, _, stmt = _read_stmts()
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.repo.read_transaction() as conn:
            exams = conn.execute(stmt, {"p": self.profile_id()}).all()
        out = []
        for exam in exams:
            summary = json.loads(exam.summary) if exam.summary else {}
            out.append(
                ExamSummary(
                    id=exam.id,
                    started_at=exam.started_at,
                    finished_at=exam.finished_at,
                    status=ExamStatus(exam.status),
                    settings=ExamSettings.from_dict(json.loads(exam.settings or "{}")),
                    questions=int(summary["questions"]) if summary else int(exam.stored_questions),
                    answered=int(summary.get("answered", 0)),
                    points=float(exam.score or 0.0),
                    by_area=tuple(
                        GroupScore(g["name"], int(g["questions"]), float(g["points"]))
                        for g in summary.get("by_area", [])
                    ),
                    mistakes=tuple(summary.get("mistakes", [])),
                )
            )
        return out

    def last_mistakes(self) -> list[str]:
        """Card ids not fully right in the newest scored exam (empty if there is none)."""
        for summary in self.history():
            if summary.scored:
                return list(summary.mistakes)
        return []


def _require_id(session: ExamSession) -> int:
    if session.exam_id is None:
        raise ExamNotFound("This exam was never stored; call ExamStore.create first.")
    return session.exam_id


def _answer_json(item: ExamItem) -> str | None:
    return answer_to_json(item.card, item.answer) if item.answered else None


_Clock = tuple[ExamStatus, datetime | None, datetime, int]


def _clock_of(session: ExamSession) -> _Clock:
    """What submitting changes in a session: status, finish, the current question's time."""
    return (session.status, session.finished_at, session.entered_at, session.current.time_ms)


def _restore_clock(session: ExamSession, clock: _Clock) -> None:
    session.status, session.finished_at, session.entered_at, session.current.time_ms = clock


def _summary_dict(result: ExamResult) -> dict[str, Any]:
    def groups(gs: tuple[GroupScore, ...]) -> list[dict[str, Any]]:
        return [{"name": g.name, "questions": g.questions, "points": g.points} for g in gs]

    return {
        "questions": result.questions,
        "answered": result.answered,
        "points": result.points,
        "percent": result.percent,
        "band": result.band,
        "by_area": groups(result.by_area),
        "by_tag": groups(result.by_tag),
        "mistakes": [i.card.id for i in result.mistakes],
    }
