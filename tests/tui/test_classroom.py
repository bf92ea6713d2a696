"""The Class screen for instructors and the class exam on a student's Home (issue 16), against
the test server; the screen's rows are tested without the app."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.widgets import DataTable

from cyberquiz.cli import make_app
from cyberquiz.services import class_exams
from cyberquiz.services.class_report import from_repository
from cyberquiz.storage.repository import Repository
from cyberquiz.tui.app import CyberQuizApp
from cyberquiz.tui.commands import app_commands
from cyberquiz.tui.screens.classroom import ClassScreen, class_view
from cyberquiz.tui.screens.exam import ExamScreen
from cyberquiz.tui.screens.home import HomeScreen
from support import NOW, ClassDb, settle

SIZE = (100, 32)


def _exam(db: ClassDb) -> class_exams.ClassExam:
    return class_exams.set_exam(
        db.url_of(db.name("teach")),
        title="Midterm",
        count=4,
        seed=7,
        opens=NOW - timedelta(hours=1),
        closes=NOW + timedelta(hours=1),
        now=NOW,
        deck_ids=("tf",),
    )


def _app(db: ClassDb, who: str, decks: Path) -> CyberQuizApp:
    return make_app(
        db_url=db.url_of(db.name(who)),
        profile="whoever",  # a class server's login is the profile
        deck_dirs=[decks],
        clock=lambda: NOW,
        rng=random.Random(0),
    )


def _answer(db: ClassDb, who: str, card: str, score: float) -> None:
    from cyberquiz.core.answers import Mode, Rating

    with Repository.open(db.url_of(db.name(who)), profile="", clock=lambda: NOW) as repo:
        repo.set_setting("timezone", "UTC")
        repo.record_answer(
            card, now=NOW, mode=Mode.STUDY, answer="true", score=score, proposed=Rating.GOOD
        )


def _rows(screen: ClassScreen, table: str) -> list[list[str]]:
    found: DataTable[Any] = screen.query_one(f"#{table}-table", DataTable)
    return [[str(cell) for cell in found.get_row_at(i)] for i in range(found.row_count)]


def test_the_class_view_has_a_row_per_student_area_question_and_exam(exam_class: ClassDb) -> None:
    _answer(exam_class, "ann", "tf0", 1.0)
    _answer(exam_class, "ben", "tf0", 0.0)
    _exam(exam_class)
    with Repository.open(
        exam_class.url_of(exam_class.name("teach")), profile="", clock=lambda: NOW
    ) as repo:
        view = class_view(from_repository(repo, now=NOW))
    ann, ben = exam_class.name("ann"), exam_class.name("ben")
    assert [row[0] for row in view.students] == [ann, ben]
    assert view.students[0][1:4] == ("1", "2026-11-28 15:00", "0")
    assert [row[0] for row in view.items] == ["tf0"] and view.items[0][4] == "0.50"
    assert view.exams == (("Midterm", "2026-11-28 14:00 – 2026-11-28 16:00", "0/2", "—", ""),)
    assert view.summary.startswith("2 students · 0 idle 7+ days · 1 question answered")


async def test_an_instructor_opens_the_class_screen_from_home(
    exam_class: ClassDb, class_decks: Path
) -> None:
    _answer(exam_class, "ann", "tf1", 1.0)
    app = _app(exam_class, "teach", class_decks)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Class" in [c.title for c in app_commands(app)]
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ClassScreen)
        names = [row[0] for row in _rows(screen, "class-students")]
        assert names == [exam_class.name("ann"), exam_class.name("ben")]
        assert _rows(screen, "class-exams") == []
        _exam(exam_class)  # set meanwhile: r reads the class again
        await pilot.press("r")
        await settle(pilot)
        assert [row[0] for row in _rows(screen, "class-exams")] == ["Midterm"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_a_student_sits_the_open_class_exam_from_home_and_has_no_class_screen(
    exam_class: ClassDb, class_decks: Path
) -> None:
    made = _exam(exam_class)
    app = _app(exam_class, "ann", class_decks)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        line = str(home.query_one("#home-class").render())
        assert "Class exam open: Midterm · 4 questions" in line and "press e" in line
        assert "Class" not in [c.title for c in app_commands(app)]
        await pilot.press("c")  # not for students: nothing opens
        await settle(pilot)
        assert app.screen is home
        await pilot.press("e")
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        assert exam.session.settings.class_exam == made.id and len(exam.session.items) == 4
        assert exam.session.settings.seed == 7
