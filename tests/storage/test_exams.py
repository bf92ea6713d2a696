"""ExamStore: answers saved one by one, resume after an interruption, abandon, finish, history."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from cyberquiz.core.answers import Mode
from cyberquiz.core.exam import ExamSession, ExamSettings, ExamStatus, draw_exam
from cyberquiz.services.reports import default_report_path, report_paths, write_report_files
from cyberquiz.storage.exams import ExamStore
from cyberquiz.storage.repository import Repository
from support import FakeClock

ANSWERS = {
    "e-choice": 0,
    "e-truefalse": True,
    "e-date": "2001",
    "e-typed": "Paris",
    "e-multi": frozenset({0}),
}


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Exams are stored alike on a SQLite file and on PostgreSQL."""
    return any_db_url


def start(exam_repo: Repository, clock: FakeClock, **kw: object) -> tuple[ExamStore, ExamSession]:
    settings = ExamSettings(count=5, seed=11, **kw)  # type: ignore[arg-type]
    session = ExamSession.start(
        settings, draw_exam(exam_repo.cards(), settings), clock(), profile="ana"
    )
    store = ExamStore(exam_repo)
    store.create(session)
    return store, session


def answer_current(store: ExamStore, session: ExamSession, clock: FakeClock) -> None:
    session.answer(ANSWERS[session.current.card.id], clock.advance(10))
    store.save_item(session)


def test_answers_are_persisted_one_by_one_and_resume(
    exam_repo: Repository, clock: FakeClock, db_url: str
) -> None:
    store, session = start(exam_repo, clock, minutes=10)
    assert session.exam_id is not None
    answer_current(store, session, clock)
    session.next(clock.advance(1))
    store.save_item(session, 0)  # as the exam screen does: save the question being left
    session.toggle_flag()
    answer_current(store, session, clock)
    # the app is killed here: nothing else is saved. A new process opens the database.
    other = Repository.open(db_url, profile="ana", clock=clock, fuzz=False)
    try:
        resumed = ExamStore(other).unfinished(clock.advance(3600))
    finally:
        other.close()
    assert resumed is not None and resumed.exam_id == session.exam_id
    assert [i.card.id for i in resumed.items] == [i.card.id for i in session.items]
    assert [i.order for i in resumed.items] == [i.order for i in session.items]
    assert [i.answer for i in resumed.items] == [i.answer for i in session.items]
    assert resumed.index == 1 and resumed.flagged() == [1]
    assert resumed.status is ExamStatus.RUNNING
    # 10 s + 1 s on the first question and 10 s on the second count; the hour closed does not
    assert resumed.elapsed(clock()).total_seconds() == 21
    assert resumed.settings == session.settings


def test_finish_stores_scores_reviews_and_history(exam_repo: Repository, clock: FakeClock) -> None:
    store, session = start(exam_repo, clock, penalty=0.25)
    before = exam_repo.states()
    for _ in range(4):
        answer_current(store, session, clock)
        session.next(clock.advance(1))
    result = store.finish(session, clock.advance(5))
    assert result.status is ExamStatus.SUBMITTED and result.exam_id == session.exam_id
    assert store.unfinished(clock()) is None
    exam_reviews = exam_repo.reviews(mode=Mode.EXAM)
    assert len(exam_reviews) == 4, "one review per answered question"
    assert {r.card_id for r in exam_reviews} == {i.card.id for i in result.items if i.answered}
    assert all(r.score >= 0 for r in exam_reviews), "a penalty never reaches the schedule's score"
    assert exam_repo.states() == before, "exam answers do not move the schedule by default"
    assert store.record_reviews(result) == 0, "recording is idempotent"
    [summary] = store.history()
    assert summary.id == session.exam_id and summary.status is ExamStatus.SUBMITTED
    assert summary.questions == 5 and summary.answered == 4
    assert summary.points == pytest.approx(result.points)
    assert summary.band == result.band
    assert {g.name for g in summary.by_area} == {g.name for g in result.by_area}
    assert store.last_mistakes() == [i.card.id for i in result.mistakes]
    reloaded = store.result(session.exam_id or 0)
    assert [i.score for i in reloaded.items] == [i.score for i in result.items]


def test_update_schedule_lets_the_exam_move_card_states(
    exam_repo: Repository, clock: FakeClock
) -> None:
    store, session = start(exam_repo, clock, update_schedule=True)
    answer_current(store, session, clock)
    store.finish(session, clock.advance(5))
    card_id = session.items[0].card.id
    assert exam_repo.state(card_id).reps == 1


def test_abandon(exam_repo: Repository, clock: FakeClock) -> None:
    store, session = start(exam_repo, clock)
    answer_current(store, session, clock)
    assert session.exam_id is not None
    store.abandon(session.exam_id, clock.advance(2))
    assert store.unfinished(clock()) is None
    [summary] = store.history()
    assert summary.status is ExamStatus.ABANDONED and not summary.scored
    assert exam_repo.reviews(mode=Mode.EXAM) == []
    assert store.load(session.exam_id).items[0].answered, "its answers stay stored"


def test_timed_out_exam_is_stored_as_timed_out(exam_repo: Repository, clock: FakeClock) -> None:
    store, session = start(exam_repo, clock, minutes=1)
    answer_current(store, session, clock)
    result = store.finish(session, clock.advance(120))
    assert result.status is ExamStatus.TIMED_OUT
    assert store.history()[0].status is ExamStatus.TIMED_OUT


def test_report_files(exam_repo: Repository, clock: FakeClock, tmp_path: Path) -> None:
    store, session = start(exam_repo, clock)
    answer_current(store, session, clock)
    result = store.finish(session, clock.advance(5))
    md, js = write_report_files(result, tmp_path / "report.json")
    assert (md.name, js.name) == ("report.md", "report.json")
    assert md.read_text(encoding="utf-8").startswith("# cyberquiz exam report")
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["exam_id"] == session.exam_id and len(data["items"]) == 5
    assert report_paths(Path("x/exam")) == (Path("x/exam.md"), Path("x/exam.json"))
    assert report_paths(Path("x/exam.md")) == (Path("x/exam.md"), Path("x/exam.json"))
    assert default_report_path(result, tmp_path).name == "cyberquiz-exam-ana-20261128-1500.md"


def _exam_links(exam_repo: Repository, exam_id: int) -> tuple[int, int]:
    """(questions linked to a review, exam reviews stored) of one exam, read directly."""
    from sqlalchemy import text

    with exam_repo.engine.connect() as conn:
        linked = conn.execute(
            text("SELECT count(*) FROM exam_item WHERE exam_id = :e AND review_id IS NOT NULL"),
            {"e": exam_id},
        ).scalar_one()
        stored = conn.execute(text("SELECT count(*) FROM review WHERE mode = 'exam'")).scalar_one()
    return int(linked), int(stored)


def test_a_failed_finish_stores_nothing_and_keeps_the_exam_running(
    exam_repo: Repository, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cyberquiz.storage.errors import DiskFull

    store, session = start(exam_repo, clock, update_schedule=True)
    for _ in range(3):
        answer_current(store, session, clock)
        session.next(clock.advance(1))
    assert session.exam_id is not None
    spent = session.elapsed(clock())
    record_in = exam_repo.record_in
    calls = 0

    def full_on_the_second(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise DiskFull("test.db")
        return record_in(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(exam_repo, "record_in", full_on_the_second)
    with pytest.raises(DiskFull):
        store.finish(session, clock.advance(5))
    assert session.running and session.finished_at is None, "the session is as it was"
    assert session.elapsed(clock()) == spent + timedelta(seconds=5), "its clock too"
    assert _exam_links(exam_repo, session.exam_id) == (0, 0)
    assert store.unfinished(clock()) is not None
    assert sum(s.reps for s in exam_repo.states().values()) == 0
    monkeypatch.undo()
    result = store.finish(session, clock())
    assert result.status is ExamStatus.SUBMITTED
    assert _exam_links(exam_repo, session.exam_id) == (3, 3)


def test_exam_answers_are_rated_as_study_answers_are(
    exam_repo: Repository, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cyberquiz.core import rating

    store, session = start(exam_repo, clock)
    for _ in range(2):
        answer_current(store, session, clock)
        session.next(clock.advance(1))
    rated: list[str] = []
    real = rating.rated_answer

    def spy(card: object, *args: object, **kwargs: object) -> object:
        rated.append(card.id)  # type: ignore[attr-defined]
        return real(card, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rating, "rated_answer", spy)
    result = store.finish(session, clock.advance(5))
    answered = [i for i in result.items if i.answered]
    assert rated == [i.card.id for i in answered]
    stored = {r.card_id: r for r in exam_repo.reviews(mode=Mode.EXAM)}
    for item in answered:
        expected = real(item.card, item.answer, now=clock(), response_ms=item.time_ms)
        assert stored[item.card.id].proposed == expected.proposed
        assert stored[item.card.id].score == pytest.approx(expected.score)


def _half_finished(exam_repo: Repository, clock: FakeClock) -> tuple[ExamStore, int]:
    """An exam as an older finish killed half-way left it: submitted and scored, one review
    stored and linked, one stored but not yet linked, two never stored."""
    from sqlalchemy import text

    store, session = start(exam_repo, clock, update_schedule=True)
    for _ in range(4):
        answer_current(store, session, clock)
        session.next(clock.advance(1))
    store.finish(session, clock.advance(5))
    exam_id = session.exam_id
    assert exam_id is not None
    with exam_repo.engine.begin() as conn:
        ids = [
            row[0]
            for row in conn.execute(
                text(
                    "SELECT review_id FROM exam_item WHERE exam_id = :e AND review_id IS NOT "
                    "NULL ORDER BY position"
                ),
                {"e": exam_id},
            )
        ]
        conn.execute(
            text("UPDATE exam_item SET review_id = NULL WHERE exam_id = :e AND review_id <> :k"),
            {"e": exam_id, "k": ids[0]},
        )
        conn.execute(text("DELETE FROM review WHERE id IN (:a, :b)"), {"a": ids[2], "b": ids[3]})
    assert _exam_links(exam_repo, exam_id) == (1, 2)
    return store, exam_id


def test_an_exam_submitted_by_an_older_version_is_completed_once(
    exam_repo: Repository, clock: FakeClock
) -> None:
    """Completing it links a stored review rather than storing it again, stores the missing
    ones, and a second pass does nothing."""
    store, exam_id = _half_finished(exam_repo, clock)
    assert store.complete_submitted() == [exam_id]
    assert _exam_links(exam_repo, exam_id) == (4, 4)
    assert store.complete_submitted() == []
    assert _exam_links(exam_repo, exam_id) == (4, 4)


def test_opening_the_profile_completes_a_half_finished_exam(
    exam_repo: Repository, clock: FakeClock, db_url: str
) -> None:
    """The app and the CLI open the database through ``open_profile``."""
    from cyberquiz.services.config import open_profile

    _, exam_id = _half_finished(exam_repo, clock)
    with open_profile(db_url, "ana", clock) as other:
        assert _exam_links(other, exam_id) == (4, 4)
