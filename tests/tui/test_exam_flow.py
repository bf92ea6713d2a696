"""The exam with the keys a student presses: question list text, clearing, quitting, wording."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static

from cyberquiz.core.present import points_text
from cyberquiz.tui.screens.confirm import ConfirmScreen
from cyberquiz.tui.screens.exam import ExamScreen, QuestionListScreen, question_numbers
from cyberquiz.tui.screens.exam_results import ResultsScreen
from support import notices

from .helpers import SIZE, build_app, screen_text, settle

EXAM = {"start_now": True, "count": 9, "seed": 3, "minutes": 30}


async def start_exam(pilot: Pilot[Any]) -> ExamScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExamScreen)
    return screen


async def go_to(pilot: Pilot[Any], screen: ExamScreen, card_id: str) -> None:
    index = next(i for i, item in enumerate(screen.session.items) if item.card.id == card_id)
    await screen.go(index)
    await settle(pilot)


async def test_question_list_shows_cloze_blanks_not_answers(tmp_path: Path) -> None:
    """Issue 13.2: ctrl+g listed `{{2001}}`, the answer, in the question text."""
    app = build_app(tmp_path, start="exam", options=EXAM)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_exam(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, QuestionListScreen)
        options = app.screen.query_one(OptionList)
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        cloze = next(t for t in texts if "Opened in ___ in ___" in t)
        assert "2001" not in cloze and "{{" not in cloze and "Budapest" not in cloze
        assert len(texts) == len(screen.session.items)


async def test_results_show_cloze_blanks_and_rounded_scores(tmp_path: Path) -> None:
    app = build_app(tmp_path, start="exam", options=EXAM)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_exam(pilot)
        await go_to(pilot, screen, "k-cloze")
        await pilot.press(*"2001", "enter", *"Vienna", "enter")
        await settle(pilot)
        screen.finish()
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        table = app.screen.query_one("#results-items", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert any("___" in row[1] for row in rows)
        assert not any("{{" in row[1] for row in rows)
        mistakes = str(app.screen.query_one("#results-mistakes").query(Static).last().render())
        assert "{{" not in mistakes


async def test_an_exam_answer_can_be_cleared(tmp_path: Path) -> None:
    """Issue 13.1: a pick in the exam could not be taken back."""
    app = build_app(tmp_path, start="exam", options=EXAM)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_exam(pilot)
        await go_to(pilot, screen, "k-choice")
        index = screen.session.index
        await pilot.press("1")  # a pick is kept at once, without moving on
        await settle(pilot)
        assert screen.session.index == index
        assert screen.session.current.answer is not None
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert screen.session.current.answer is None
        assert index in screen.session.unanswered()
        assert screen.store is not None and screen.session.exam_id is not None
        stored = screen.store.load(screen.session.exam_id)
        assert stored.items[index].answer is None


async def test_enter_on_an_unpicked_exam_choice_records_nothing(tmp_path: Path) -> None:
    app = build_app(tmp_path, start="exam", options=EXAM)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_exam(pilot)
        await go_to(pilot, screen, "k-truefalse")
        index = screen.session.index
        await pilot.press("enter")
        await settle(pilot)
        assert screen.session.index == index and screen.session.current.answer is None


async def test_ctrl_q_in_a_running_exam_asks_first(tmp_path: Path) -> None:
    """Issue 13.6: ctrl+q left a running exam without asking."""
    app = build_app(tmp_path, start="exam", options=EXAM)
    async with app.run_test(size=SIZE) as pilot:
        await start_exam(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ExamScreen)
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert app.return_code == 0


async def test_the_ways_out_of_an_exam_fit_a_60_column_footer(tmp_path: Path) -> None:
    """At 60×20 the footer cut Submit and Pause off (it shows the keys in binding order)."""
    app = build_app(tmp_path, start="exam", options=EXAM)
    async with app.run_test(size=(60, 20)) as pilot:
        await start_exam(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "^s Submit" in footer and "esc Pause" in footer, footer


async def test_exam_hint_says_what_enter_does(tmp_path: Path) -> None:
    """Issue 13.5: the exam said '(empty Enter shows the answer)' where it does not."""
    app = build_app(tmp_path, start="exam", options=EXAM)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_exam(pilot)
        await go_to(pilot, screen, "k-typed")
        text = screen_text(app)
        assert "shows the answer" not in text
        assert "next question" in text


@pytest.mark.parametrize(
    ("positions", "text"),
    [
        ([], "none"),
        ([2], "question 3"),
        ([2, 6, 8], "questions 3, 7 and 9"),
    ],
)
def test_question_numbers(positions: list[int], text: str) -> None:
    assert question_numbers(positions) == text


@pytest.mark.parametrize(
    ("points", "text"), [(4 / 3, "1.33"), (2.5, "2.5"), (4.0, "4"), (0.005, "0.01"), (0, "0")]
)
def test_points_text(points: float, text: str) -> None:
    assert points_text(points) == text


async def test_exam_setup_boxes_look_unchecked_until_checked(tmp_path: Path) -> None:
    """Issue 13.5: every box in the exam set-up showed an X, checked or not."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        text = screen_text(app)
        assert "▐X▌" not in text and "▐ ▌ One of every kind" in text
        assert "▐ ▌ Answers move the study schedule" in text
        await pilot.press("space")  # the focused deck list: check the first deck
        await settle(pilot)
        text = screen_text(app)
        assert "▐X▌ One of every kind" in text
        assert "▐ ▌ dates" in text


async def test_a_double_enter_does_not_skip_the_next_exam_question(tmp_path: Path) -> None:
    from cyberquiz.tui.guard import KeyGuard

    class Clock:
        now = 10.0

        def __call__(self) -> float:
            return self.now

    clock = Clock()
    app = build_app(tmp_path, start="exam", options=EXAM)
    app.key_guard = KeyGuard(0.35, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_exam(pilot)
        await go_to(pilot, screen, "k-choice")
        clock.now += 1
        index = screen.session.index
        await pilot.press("1", "enter", "enter")  # the second Enter lands on the next question
        await settle(pilot)
        assert screen.session.index == index + 1
        clock.now += 1
        await pilot.press("pagedown")
        await settle(pilot)
        assert screen.session.index == index + 2


async def test_help_states_the_one_rule(tmp_path: Path) -> None:
    from cyberquiz.tui.screens.help import HelpScreen

    app = build_app(tmp_path, start="exam", options=EXAM)
    async with app.run_test(size=SIZE) as pilot:
        await start_exam(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert any("nothing is kept until you choose" in n for n in app.screen.notes)


async def test_an_unreadable_exam_answer_stays_for_a_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cyberquiz.core.answers import Grade
    from cyberquiz.core.cards import Card

    def unreadable(card: Card, answer: object) -> Grade:
        return Grade(0.0, "unreadable", "x", "?", (), "That answer cannot be read.")  # type: ignore[arg-type]

    app = build_app(tmp_path, start="exam", options=EXAM)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_exam(pilot)
        await go_to(pilot, screen, "k-typed")
        index = screen.session.index
        monkeypatch.setattr("cyberquiz.core.grading.grade", unreadable)
        await pilot.press(*"Buda", "enter")
        await settle(pilot)
        assert screen.session.index == index
        assert screen.answer_widget is not None
        assert screen.answer_widget.current_answer() == "Buda"
        assert any("cannot be read" in n.message for n in notices(app))
