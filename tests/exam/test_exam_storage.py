"""ExamStore: answers saved one by one, resume after an interruption, abandon, finish, history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FakeClock
from cyberquiz.core.answers import Mode
from cyberquiz.core.exam import ExamSession, ExamSettings, ExamStatus, draw_exam
from cyberquiz.services.reports import default_report_path, report_paths, write_report_files
from cyberquiz.storage.exams import ExamStore
from cyberquiz.storage.repository import Repository

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


def start(repo: Repository, clock: FakeClock, **kw: object) -> tuple[ExamStore, ExamSession]:
    settings = ExamSettings(count=5, seed=11, **kw)  # type: ignore[arg-type]
    session = ExamSession.start(settings, draw_exam(repo.cards(), settings), clock(), profile="ana")
    store = ExamStore(repo)
    store.create(session)
    return store, session


def answer_current(store: ExamStore, session: ExamSession, clock: FakeClock) -> None:
    session.answer(ANSWERS[session.current.card.id], clock.advance(10))
    store.save_item(session)


def test_answers_are_persisted_one_by_one_and_resume(
    repo: Repository, clock: FakeClock, db_url: str
) -> None:
    store, session = start(repo, clock, minutes=10)
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


def test_finish_stores_scores_reviews_and_history(repo: Repository, clock: FakeClock) -> None:
    store, session = start(repo, clock, penalty=0.25)
    before = repo.states()
    for _ in range(4):
        answer_current(store, session, clock)
        session.next(clock.advance(1))
    result = store.finish(session, clock.advance(5))
    assert result.status is ExamStatus.SUBMITTED and result.exam_id == session.exam_id
    assert store.unfinished(clock()) is None
    exam_reviews = repo.reviews(mode=Mode.EXAM)
    assert len(exam_reviews) == 4, "one review per answered question"
    assert {r.card_id for r in exam_reviews} == {i.card.id for i in result.items if i.answered}
    assert all(r.score >= 0 for r in exam_reviews), "a penalty never reaches the schedule's score"
    assert repo.states() == before, "exam answers do not move the schedule by default"
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


def test_update_schedule_lets_the_exam_move_card_states(repo: Repository, clock: FakeClock) -> None:
    store, session = start(repo, clock, update_schedule=True)
    answer_current(store, session, clock)
    store.finish(session, clock.advance(5))
    card_id = session.items[0].card.id
    assert repo.state(card_id).reps == 1


def test_abandon(repo: Repository, clock: FakeClock) -> None:
    store, session = start(repo, clock)
    answer_current(store, session, clock)
    assert session.exam_id is not None
    store.abandon(session.exam_id, clock.advance(2))
    assert store.unfinished(clock()) is None
    [summary] = store.history()
    assert summary.status is ExamStatus.ABANDONED and not summary.scored
    assert repo.reviews(mode=Mode.EXAM) == []
    assert store.load(session.exam_id).items[0].answered, "its answers stay stored"


def test_timed_out_exam_is_stored_as_timed_out(repo: Repository, clock: FakeClock) -> None:
    store, session = start(repo, clock, minutes=1)
    answer_current(store, session, clock)
    result = store.finish(session, clock.advance(120))
    assert result.status is ExamStatus.TIMED_OUT
    assert store.history()[0].status is ExamStatus.TIMED_OUT


def test_report_files(repo: Repository, clock: FakeClock, tmp_path: Path) -> None:
    store, session = start(repo, clock)
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
