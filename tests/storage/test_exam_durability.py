"""Finishing an exam is all or nothing: SIGKILLed at any point, either the exam is still running
with none of its reviews stored, or it is submitted with every answered question's review."""

from __future__ import annotations

import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from cyberquiz.core.exam import ExamSession, ExamSettings, ExamStatus, draw_exam
from cyberquiz.storage.exams import ExamStore
from cyberquiz.storage.repository import Repository
from support import FakeClock

from .writers import Writer

WORKER = Path(__file__).resolve().parent / "exam_finish_worker.py"
ANSWERS = {
    "e-choice": 0,
    "e-truefalse": True,
    "e-date": "2001",
    "e-typed": "Paris",
    "e-multi": frozenset({0}),
}


def answered_exam(exam_repo: Repository, clock: FakeClock, update_schedule: bool) -> ExamSession:
    settings = ExamSettings(count=5, seed=11, update_schedule=update_schedule)
    session = ExamSession.start(
        settings, draw_exam(exam_repo.cards(), settings), clock(), profile="ana"
    )
    store = ExamStore(exam_repo)
    store.create(session)
    for _ in range(len(session.items)):
        session.answer(ANSWERS[session.current.card.id], clock.advance(10))
        store.save_item(session)
        session.next(clock.advance(1))
    return session


def run_worker(db: str, exam_id: int, now: str, kill_after: int, delay: float | None) -> str:
    proc = Writer(WORKER, db, str(exam_id), now, str(kill_after))
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
    proc.stdin.write("go\n")
    proc.stdin.flush()
    if delay is not None:
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, -signal.SIGKILL), err
    return out


def check_all_or_nothing(db: Path, exam_id: int, answered: int, schedule: bool) -> bool:
    """Assert the stored exam is whole either way; whether it was finished."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        [(status,)] = conn.execute("SELECT status FROM exam WHERE id = ?", (exam_id,))
        linked = conn.execute(
            "SELECT count(*) FROM exam_item WHERE exam_id = ? AND review_id IS NOT NULL",
            (exam_id,),
        ).fetchone()[0]
        reviews = conn.execute("SELECT count(*) FROM review WHERE mode = 'exam'").fetchone()[0]
        reps = conn.execute("SELECT coalesce(sum(reps), 0) FROM card_state").fetchone()[0]
    finally:
        conn.close()
    if status == ExamStatus.RUNNING.value:
        assert (linked, reviews, reps) == (0, 0, 0), "a killed finish left part of itself"
        return False
    assert status == ExamStatus.SUBMITTED.value
    assert linked == reviews == answered, "every answer stored exactly once"
    assert reps == (answered if schedule else 0)
    return True


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [1, 3, 5])
def test_finish_killed_after_some_reviews_stores_none_of_them(
    exam_repo: Repository, clock: FakeClock, db_url: str, kill_after: int
) -> None:
    session = answered_exam(exam_repo, clock, update_schedule=True)
    assert session.exam_id is not None
    db = Path(str(exam_repo.engine.url.database))
    now = clock.advance(5).isoformat()
    out = run_worker(db_url, session.exam_id, now, kill_after, None)
    assert "done" not in out
    assert not check_all_or_nothing(db, session.exam_id, 5, schedule=True)
    # the exam can still be finished, once, and whole
    assert "done" in run_worker(db_url, session.exam_id, now, -1, None)
    assert check_all_or_nothing(db, session.exam_id, 5, schedule=True)


@pytest.mark.slow
def test_finish_killed_at_random_moments_is_all_or_nothing(
    exam_repo: Repository, clock: FakeClock, db_url: str
) -> None:
    rng = random.Random(14)
    session = answered_exam(exam_repo, clock, update_schedule=True)
    assert session.exam_id is not None
    db = Path(str(exam_repo.engine.url.database))
    now = clock.advance(5).isoformat()
    finished = False
    for _ in range(6):
        run_worker(db_url, session.exam_id, now, -1, rng.uniform(0.0, 0.05))
        finished = check_all_or_nothing(db, session.exam_id, 5, schedule=True)
        if finished:
            break
    if not finished:
        run_worker(db_url, session.exam_id, now, -1, None)
        assert check_all_or_nothing(db, session.exam_id, 5, schedule=True)
