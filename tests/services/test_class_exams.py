"""Exams an instructor sets for the class, sat by students, results read back (issue 16)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cyberquiz.core.exam import ExamSession, ExamSettings, draw_exam
from cyberquiz.services import class_exams
from cyberquiz.services.class_report import from_repository, students_markdown
from cyberquiz.storage.classroom import ClassError
from cyberquiz.storage.exams import ExamStore
from cyberquiz.storage.repository import Repository
from support import NOW, ClassDb, run_cli

OPENS, CLOSES = NOW - timedelta(hours=1), NOW + timedelta(hours=2)


def _set(exam_class: ClassDb, **options: object) -> class_exams.ClassExam:
    values: dict[str, object] = {
        "title": "Midterm", "count": 4, "seed": 7, "opens": OPENS, "closes": CLOSES, "now": NOW,
        "deck_ids": ("tf",),
    }  # fmt: skip
    values.update(options)
    return class_exams.set_exam(exam_class.url_of(exam_class.name("teach")), **values)  # type: ignore[arg-type]


def _sit(exam_class: ClassDb, who: str, exam_id: int, right: bool) -> list[str]:
    """``who`` sits the class exam from their own login, every answer ``right``; the cards."""
    url = exam_class.url_of(exam_class.name(who))
    with Repository.open(url, profile="", clock=lambda: NOW, fuzz=False) as repo:
        settings = class_exams.settings_to_sit(repo, exam_id, NOW)
        session = ExamSession.start(settings, draw_exam(repo.cards(), settings), NOW)
        store = ExamStore(repo)
        store.create(session)
        for position in range(len(session.items)):
            session.go_to(position, NOW)
            session.answer(right, NOW)
        store.save_all(session)
        store.finish(session, NOW + timedelta(minutes=5))
        return [item.card.id for item in session.items]


def test_students_sit_the_same_exam_and_the_instructor_sees_the_results(
    exam_class: ClassDb,
) -> None:
    made = _set(exam_class)
    assert made.settings.class_exam == made.id and made.settings.seed == 7
    assert made.set_by == exam_class.name("teach")
    ann_url = exam_class.url_of(exam_class.name("ann"))
    with Repository.open(ann_url, profile="", clock=lambda: NOW) as repo:
        [waiting] = class_exams.open_exams(repo, NOW)
        assert waiting.exam.title == "Midterm" and not waiting.finished
    ann_cards = _sit(exam_class, "ann", made.id, right=True)
    ben_cards = _sit(exam_class, "ben", made.id, right=False)
    assert ann_cards == ben_cards and len(ann_cards) == 4  # the instructor's draw for everyone
    with Repository.open(ann_url, profile="", clock=lambda: NOW) as repo:
        assert [w.finished for w in class_exams.open_exams(repo, NOW)] == [True]
        with pytest.raises(ClassError, match="sat Midterm already"):
            class_exams.settings_to_sit(repo, made.id, NOW)
        # ann reads her own sitting only (row-level security), not ben's
        assert class_exams.results(repo)[0].scores == ((exam_class.name("ann"), 100.0),)
    teach = exam_class.url_of(exam_class.name("teach"))
    with Repository.open(teach, profile="", clock=lambda: NOW) as repo:
        [result] = class_exams.results(repo)
        assert result.scores == ((exam_class.name("ann"), 100.0), (exam_class.name("ben"), 0.0))
        report = from_repository(repo, now=NOW)
    text = students_markdown(report)
    assert "## Class exams" in text and "sat by 2 of 2; mean 50 %" in text
    assert f"| {exam_class.name('ben')} | 0 % |" in text


@pytest.mark.parametrize(
    ("now", "message"),
    [
        (OPENS - timedelta(minutes=1), "Midterm opens at"),
        (CLOSES, "Midterm closed at"),
    ],
)
def test_outside_its_window_a_class_exam_is_one_sentence(
    exam_class: ClassDb, now: object, message: str
) -> None:
    made = _set(exam_class)
    url = exam_class.url_of(exam_class.name("ann"))
    with Repository.open(url, profile="", clock=lambda: NOW) as repo:
        assert class_exams.open_exams(repo, now) == []  # type: ignore[arg-type]
        with pytest.raises(ClassError, match=message):
            class_exams.settings_to_sit(repo, made.id, now)  # type: ignore[arg-type]


def test_class_exam_command_sets_and_lists(exam_class: ClassDb) -> None:
    teach = exam_class.url_of(exam_class.name("teach"))
    code, out, err = run_cli(
        "--db", teach, "class", "exam", "--title", "Quiz 1", "--count", "3", "--seed", "5",
        "--opens", "2020-01-01 09:00", "--closes", "2099-01-01 09:00", "--deck", "tf",
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith("class exam 1 set: Quiz 1, 3 questions") and "seed 5" in out
    code, out, err = run_cli("--db", teach, "class", "exams")
    assert code == 0 and "Quiz 1" in out and "sat by 0" in out, err


@pytest.mark.parametrize(
    ("who", "args", "message"),
    [
        ("teach", ("--opens", "2099-01-02", "--closes", "2099-01-01"), "must close after"),
        ("teach", ("--opens", "2020-01-01", "--closes", "2020-01-02"), "closed already"),
        ("teach", ("--count", "9"), "Only 6 questions match"),
        ("teach", ("--deck", "nope"), "No deck 'nope'"),
        ("ann", (), "Only an instructor"),
    ],
)
def test_class_exam_bad_input_is_one_sentence_and_nothing_stored(
    exam_class: ClassDb, who: str, args: tuple[str, ...], message: str
) -> None:
    window = ("--opens", "2020-01-01", "--closes", "2099-01-01")
    url = exam_class.url_of(exam_class.name(who))
    code, _, err = run_cli("--db", url, "class", "exam", "--title", "T", *window, *args)
    assert code == 1 and message in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    teach = exam_class.url_of(exam_class.name("teach"))
    assert run_cli("--db", teach, "class", "exams")[1] == ""


def test_a_student_cannot_set_or_change_a_class_exam_in_plain_sql(exam_class: ClassDb) -> None:
    import sqlalchemy as sa
    from sqlalchemy.exc import ProgrammingError

    made = _set(exam_class)
    engine = sa.create_engine(exam_class.url_of(exam_class.name("ann")))
    try:
        with pytest.raises(ProgrammingError, match="permission denied"), engine.begin() as c:
            c.exec_driver_sql(
                f"UPDATE class_exam SET closes = closes + interval '1 day' WHERE id = {made.id}"
            )
    finally:
        engine.dispose()


def test_settings_name_their_class_exam_and_plain_exams_do_not() -> None:
    settings = ExamSettings(count=3, seed=1, class_exam=4)
    assert ExamSettings.from_dict(settings.to_dict()) == settings
    assert "class_exam" not in ExamSettings(count=3, seed=1).to_dict()
