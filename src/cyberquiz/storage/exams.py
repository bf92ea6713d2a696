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

Each exam answer becomes a review with mode ``exam`` at submission
(``repo.record_answer(..., mode=Mode.EXAM, update_schedule=settings.update_schedule)``); only
answered questions are recorded. The finish is one transaction (status, scores and every review),
so a crash half-way through it leaves the exam running with no review of it stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from cyberquiz.storage.repository import Repository


class ExamNotFound(LookupError):
    """No exam with that id for this profile."""


class ExamStore:
    """The exams of the repository's profile."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self._profile_id: int | None = None

    @property
    def engine(self) -> Engine:
        return self.repo.engine

    @contextmanager
    def _session(self, *, write: bool = True) -> Iterator[Any]:
        """A short unit of work; SQLite lock and damage errors become StorageErrors."""
        from sqlmodel import Session

        from cyberquiz.storage.engine import reader
        from cyberquiz.storage.errors import translated

        engine = self.engine if write else reader(self.engine)
        with translated(self.repo.location), Session(engine) as s:
            yield s

    def profile_id(self) -> int:
        """The database id of the repository's profile."""
        return self.repo.profile_id

    def _card_pks(self, s: Any, card_ids: Sequence[str]) -> dict[str, int]:
        from sqlmodel import col, select

        from cyberquiz.storage.tables import CardRow

        rows = s.exec(select(CardRow.card_id, CardRow.id).where(col(CardRow.card_id).in_(card_ids)))
        return {card_id: pk for card_id, pk in rows}

    # --- writing ----------------------------------------------------------------------------

    def create(self, session: ExamSession) -> int:
        """Store a new exam and its questions; sets and returns ``session.exam_id``."""
        from cyberquiz.storage.tables import ExamItemRow, ExamRow

        limit = session.settings.limit
        with self._session() as s:
            exam = ExamRow(
                profile_id=self.profile_id(),
                started_at=session.started_at,
                time_limit_s=None if limit is None else int(limit.total_seconds()),
                settings=json.dumps(session.settings.to_dict()),
                max_score=float(len(session.items)),
                status=ExamStatus.RUNNING.value,
                position=session.index,
            )
            s.add(exam)
            s.flush()
            assert exam.id is not None
            pks = self._card_pks(s, [item.card.id for item in session.items])
            for position, item in enumerate(session.items):
                s.add(
                    ExamItemRow(
                        exam_id=exam.id,
                        position=position,
                        card_pk=pks[item.card.id],
                        presentation=json.dumps(list(item.order)),
                        answer=_answer_json(item),
                        response_ms=item.time_ms,
                        flagged=item.flagged,
                    )
                )
            s.commit()
            assert exam.id is not None
            session.exam_id = exam.id
        session.profile = session.profile or self.repo.profile
        return exam.id

    def save_item(self, session: ExamSession, position: int | None = None) -> None:
        """Persist one item's answer, flag and time, and the question on screen (one commit)."""
        from sqlmodel import select

        from cyberquiz.storage.tables import ExamItemRow, ExamRow

        exam_id = _require_id(session)
        position = session.index if position is None else position
        item = session.items[position]
        with self._session() as s:
            row = s.exec(
                select(ExamItemRow).where(
                    ExamItemRow.exam_id == exam_id, ExamItemRow.position == position
                )
            ).one()
            row.answer = _answer_json(item)
            row.flagged = item.flagged
            row.response_ms = item.time_ms
            s.add(row)
            exam = s.get(ExamRow, exam_id)
            if exam is not None:
                exam.position = session.index
                s.add(exam)
            s.commit()

    def save_all(self, session: ExamSession) -> None:
        """Persist every item (e.g. before finishing, so every time is current)."""
        for position in range(len(session.items)):
            self.save_item(session, position)

    def finish(self, session: ExamSession, now: datetime) -> ExamResult:
        """Submit the exam at ``now`` (timed out if its time is up), store scores and reviews.

        Status, scores, summary and every answer's review are one transaction: killed or
        failing half-way (a full disk), nothing of the finish is stored and the exam is still
        running, to finish again.

        Returns:
            The scored result (``exam_id`` and ``profile`` set).
        """
        if session.running:
            session.submit(now)
        result = session.result()
        self._store_result(result, reviews=True)
        return result

    def save_result(self, result: ExamResult) -> None:
        """Store the status, per-item scores and the summary of a scored exam (one commit)."""
        self._store_result(result, reviews=False)

    def record_reviews(self, result: ExamResult) -> int:
        """Store each answered question not yet recorded as a review with mode ``exam``, all in
        one transaction (an exam finished by an older cyberquiz that stopped half-way is
        completed); returns how many."""
        return self._store_result(result, reviews=True, scores=False)

    def _store_result(self, result: ExamResult, *, reviews: bool, scores: bool = True) -> int:
        """Scores and/or reviews of a scored exam in one write transaction; how many reviews."""
        from sqlmodel import Session, select

        from cyberquiz.core.rating import propose_rating
        from cyberquiz.storage.tables import ExamItemRow, ExamRow

        exam_id = result.exam_id
        if exam_id is None:
            raise ExamNotFound("This exam was never stored.")
        at = result.finished_at or result.started_at
        assert at is not None
        recorded = 0
        # the repository's write transaction; the Session joins it and never commits on its own
        with self.repo.write_transaction() as conn, Session(bind=conn) as s:
            exam = s.get(ExamRow, exam_id)
            if exam is None:
                raise ExamNotFound(f"No exam {exam_id}.")
            rows = {
                r.position: r
                for r in s.exec(select(ExamItemRow).where(ExamItemRow.exam_id == exam_id))
            }
            if scores:
                exam.status = result.status.value
                exam.finished_at = result.finished_at
                exam.score = result.points
                exam.max_score = float(result.questions)
                exam.summary = json.dumps(_summary_dict(result))
                s.add(exam)
            for item in result.items:
                row = rows[item.position]
                if scores:
                    row.answer = (
                        None if not item.answered else answer_to_json(item.card, item.answer)
                    )
                    row.score = item.score
                    row.verdict = item.grade.verdict.value
                    row.flagged = item.flagged
                    row.response_ms = item.time_ms
                if reviews and item.answered and row.review_id is None:
                    s.flush()  # the item rows first, then the review on the same connection
                    # the schedule rates what the student knew, so a penalty never lowers it
                    proposed = propose_rating(item.grade, item.time_ms, item.card)
                    review = self.repo.record_answer_in(
                        conn,
                        item.card.id,
                        now=at,
                        mode=Mode.EXAM,
                        answer=answer_to_json(item.card, item.answer),
                        score=max(0.0, item.score),
                        final=proposed,
                        proposed=proposed,
                        response_ms=item.time_ms,
                        scheduled=result.settings.update_schedule,
                    )
                    row.review_id = review.id
                    recorded += 1
                s.add(row)
            s.flush()
        return recorded

    def abandon(self, exam_id: int, now: datetime) -> None:
        """Mark an exam abandoned (its answers stay stored; no reviews are recorded)."""
        from cyberquiz.storage.tables import ExamRow

        with self._session() as s:
            exam = s.get(ExamRow, exam_id)
            if exam is None or exam.profile_id != self.profile_id():
                raise ExamNotFound(f"No exam {exam_id}.")
            exam.status = ExamStatus.ABANDONED.value
            exam.finished_at = now
            s.add(exam)
            s.commit()

    # --- reading ----------------------------------------------------------------------------

    def unfinished(self, now: datetime) -> ExamSession | None:
        """The newest running exam of this profile, rebuilt to continue, or ``None``.

        Args:
            now: when the student resumes: the clock restarts there on the stored question, so
                the time the app was closed does not count against the limit.
        """
        from sqlmodel import col, select

        from cyberquiz.storage.tables import ExamRow

        with self._session(write=False) as s:
            exam = s.exec(
                select(ExamRow)
                .where(
                    ExamRow.profile_id == self.profile_id(),
                    ExamRow.status == ExamStatus.RUNNING.value,
                )
                .order_by(col(ExamRow.started_at).desc(), col(ExamRow.id).desc())
            ).first()
            if exam is None:
                return None
            exam_id = exam.id
        assert exam_id is not None
        return self.load(exam_id, now=now)

    def load(self, exam_id: int, *, now: datetime | None = None) -> ExamSession:
        """Rebuild a stored exam as a session (cards from the stored card bodies)."""
        from sqlmodel import col, select

        from cyberquiz.storage.tables import CardRow, ExamItemRow, ExamRow

        with self._session(write=False) as s:
            exam = s.get(ExamRow, exam_id)
            if exam is None or exam.profile_id != self.profile_id():
                raise ExamNotFound(f"No exam {exam_id}.")
            rows = s.exec(
                select(ExamItemRow, CardRow)
                .join(CardRow, col(CardRow.id) == ExamItemRow.card_pk)
                .where(ExamItemRow.exam_id == exam_id)
                .order_by(col(ExamItemRow.position))
            ).all()
            items = []
            for item_row, card_row in rows:
                card = card_from_dict(json.loads(card_row.body))
                items.append(
                    ExamItem(
                        card=card,
                        order=tuple(json.loads(item_row.presentation or "[]")),
                        answer=None
                        if item_row.answer is None
                        else answer_from_json(card, item_row.answer),
                        flagged=item_row.flagged,
                        time_ms=item_row.response_ms or 0,
                    )
                )
            session = ExamSession(
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
        return session

    def result(self, exam_id: int) -> ExamResult:
        """The scored result of a finished exam (re-graded from the stored answers)."""
        session = self.load(exam_id)
        return session.result()

    def history(self, limit: int | None = None) -> list[ExamSummary]:
        """Past exams of this profile, newest first (running ones included, unscored)."""
        from sqlmodel import col, select

        from cyberquiz.storage.tables import ExamItemRow, ExamRow

        with self._session(write=False) as s:
            query = (
                select(ExamRow)
                .where(ExamRow.profile_id == self.profile_id())
                .order_by(col(ExamRow.started_at).desc(), col(ExamRow.id).desc())
            )
            if limit is not None:
                query = query.limit(limit)
            exams = s.exec(query).all()
            out = []
            for exam in exams:
                assert exam.id is not None
                summary = json.loads(exam.summary) if exam.summary else {}
                if summary:
                    questions = int(summary.get("questions", 0))
                else:
                    questions = len(
                        s.exec(select(ExamItemRow.id).where(ExamItemRow.exam_id == exam.id)).all()
                    )
                out.append(
                    ExamSummary(
                        id=exam.id,
                        started_at=exam.started_at,
                        finished_at=exam.finished_at,
                        status=ExamStatus(exam.status),
                        settings=ExamSettings.from_dict(json.loads(exam.settings or "{}")),
                        questions=questions,
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
