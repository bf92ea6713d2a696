"""Pilot tests: a whole exam (answer, go back, change, flag, submit), time-out, resume, practice."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from cyberquiz.cli import make_app
from cyberquiz.core.answers import Mode
from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    DateCard,
    MultiCard,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.exam import ExamSession, ExamSettings, ExamStatus, draw_exam
from cyberquiz.core.state import Phase
from cyberquiz.services.sync import sync_decks
from cyberquiz.storage.exams import ExamStore
from cyberquiz.storage.repository import Repository
from cyberquiz.tui.app import CyberQuizApp
from cyberquiz.tui.screens.exam import ExamScreen, ExamSetupScreen, ResumeScreen, SubmitScreen
from cyberquiz.tui.screens.exam_results import ResultsScreen
from cyberquiz.tui.widgets.answers import ChoiceAnswer, MultiAnswer
from support import EXAM_DECKS, EXAM_MARKUP_DECKS, FakeClock, notices, settle

from .helpers import screen_text

SIZE = (100, 32)
EXAM_OPTIONS = {"start_now": True, "count": 5, "seed": 11, "minutes": 30}


def build(
    db_url: str, clock: FakeClock, *, start: str = "home", options: Any = None
) -> CyberQuizApp:
    return make_app(
        db_url=db_url,
        profile="ana",
        deck_dirs=[EXAM_DECKS],
        clock=clock,
        rng=random.Random(0),
        start=start,
        options=options,
    )


def keys_for(screen: ExamScreen, right: bool) -> list[str]:
    """Keys that answer the current question right or wrong, whatever the shown order."""
    card: Card = screen.session.current.card
    widget = screen.answer_widget
    match card:
        case TypedCard():
            return ["ctrl+u", *(card.answer if right else "zzz"), "enter"]
        case DateCard():
            return ["ctrl+u", *(card.answer.iso()[:4] if right else "1888"), "enter"]
        case ChoiceCard():
            assert isinstance(widget, ChoiceAnswer)
            target = card.answer if right else (card.answer + 1) % len(card.options)
            return [str(widget.shown().index(target) + 1), "enter"]  # pick, then confirm
        case MultiCard():
            assert isinstance(widget, MultiAnswer)
            current = widget.current_answer()
            wanted = card.answers if right else set(range(len(card.options))) - card.answers
            toggles = sorted(set(current) ^ set(wanted))
            return [*(str(widget.shown().index(i) + 1) for i in toggles), "enter"]
        case TrueFalseCard():
            return ["t" if card.answer == right else "f", "enter"]
    raise AssertionError(card)


async def answer(pilot: Pilot[Any], right: bool) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, ExamScreen)
    await pilot.press(*keys_for(screen, right))
    await settle(pilot)


def status(app: CyberQuizApp) -> str:
    return str(app.screen.query_one("#exam-status", Static).render())


async def test_whole_exam(db_url: str, clock: FakeClock, tmp_path: Path) -> None:
    app = build(db_url, clock, start="exam", options=EXAM_OPTIONS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        session = screen.session
        assert len(session.items) == 5 and session.settings.seed == 11
        assert "Question 1 of 5" in status(app) and "30:00 left" in status(app)

        clock.advance(20)
        await answer(pilot, right=True)  # Q1 right: moves on by itself
        assert session.index == 1 and "answered 1" in status(app)
        assert "29:40 left" in status(app)
        await answer(pilot, right=True)  # Q2 right
        assert session.index == 2
        await pilot.press("pageup")  # back to Q2 ...
        await settle(pilot)
        assert session.index == 1
        await answer(pilot, right=False)  # ... and change the answer to a wrong one
        assert session.index == 2
        await pilot.press("ctrl+f")  # flag Q3 and leave it unanswered
        await pilot.press("pagedown")
        await settle(pilot)
        assert session.index == 3 and session.flagged() == [2]
        await answer(pilot, right=True)  # Q4 right; Q5 stays unanswered
        assert session.unanswered() == [2, 4]

        # every answer was saved as it was given
        store = ExamStore(app.repo)  # type: ignore[arg-type]
        stored = store.load(session.exam_id or 0)
        assert [i.answer for i in stored.items] == [i.answer for i in session.items]
        assert stored.flagged() == [2]

        await pilot.press("ctrl+s")
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, SubmitScreen)
        assert "Unanswered: questions 3 and 5" in str(
            confirm.query_one("#exam-submit-unanswered", Static).render()
        )
        assert "Flagged: question 3" in str(
            confirm.query_one("#exam-submit-flagged", Static).render()
        )
        await pilot.press("n")  # keep going
        await settle(pilot)
        assert app.screen is screen and session.running
        await pilot.press("ctrl+s", "y")
        await settle(pilot)

        results = app.screen
        assert isinstance(results, ResultsScreen)
        r = results.result
        assert r.status is ExamStatus.SUBMITTED
        assert [i.score for i in r.items][:2] == [1.0, 0.0] and r.items[3].score == 1.0
        assert r.items[2].flagged and not r.items[2].answered
        assert r.points == 2.0 and r.band == "fail"
        assert r.items[0].time_ms == 20_000
        assert len(results.query(".results-mistake")) == 3
        [summary] = store.history()
        assert summary.status is ExamStatus.SUBMITTED and summary.points == 2.0
        reviews = app.repo.reviews(mode=Mode.EXAM)  # type: ignore[union-attr]
        assert len(reviews) == 3
        assert all(s.phase is Phase.NEW for s in app.repo.states().values())  # type: ignore[union-attr]

        # save the report next to a chosen path
        await pilot.press("r")
        await settle(pilot)
        field = app.screen.query_one(Input)
        field.value = str(tmp_path / "my-exam.md")
        await pilot.press("enter")
        await settle(pilot)
        assert results.saved is not None
        data = json.loads((tmp_path / "my-exam.json").read_text(encoding="utf-8"))
        assert data["total"]["points"] == 2.0 and len(data["items"]) == 5
        assert "# cyberquiz exam report" in (tmp_path / "my-exam.md").read_text(encoding="utf-8")

        # practise my mistakes now: the study screen in practice mode over the 3 mistakes
        from cyberquiz.services.sources import ListSource
        from cyberquiz.tui.screens.study import StudyScreen

        await pilot.press("p")
        await settle(pilot)
        practice = app.screen
        assert isinstance(practice, StudyScreen) and isinstance(practice.source, ListSource)
        assert [c.id for c in practice.source.cards] == [i.card.id for i in r.mistakes]
        assert practice.source.mode is Mode.PRACTICE


async def test_time_out_submits_as_it_stands(db_url: str, clock: FakeClock) -> None:
    options = {**EXAM_OPTIONS, "minutes": 1}
    app = build(db_url, clock, start="exam", options=options)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        clock.advance(30)
        await answer(pilot, right=True)
        clock.advance(29)
        screen.check_time()
        assert "0:01 left" in status(app)
        clock.advance(2)
        screen.check_time()  # what the once-a-second timer does
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.result.status is ExamStatus.TIMED_OUT
        assert results.result.answered == 1 and results.result.time_ms == 60_000
        assert ExamStore(app.repo).history()[0].status is ExamStatus.TIMED_OUT  # type: ignore[arg-type]


async def test_answer_after_the_time_is_up_submits(db_url: str, clock: FakeClock) -> None:
    app = build(db_url, clock, start="exam", options={**EXAM_OPTIONS, "minutes": 1})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        clock.advance(90)  # the timer has not fired yet
        await answer(pilot, right=True)
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.result.answered == 0


def interrupted_exam(db_url: str, clock: FakeClock) -> tuple[int, list[Any]]:
    """An exam answered half-way and never finished (the app was killed)."""
    repo = Repository.open(db_url, profile="ana", clock=clock, fuzz=False)
    try:
        sync_decks(repo, [EXAM_DECKS])
        settings = ExamSettings(count=5, seed=3, minutes=20)
        session = ExamSession.start(settings, draw_exam(repo.cards(), settings), clock())
        store = ExamStore(repo)
        store.create(session)
        for _ in range(2):
            card = session.current.card
            value: Any = {
                ChoiceCard: 0,
                TrueFalseCard: False,
                DateCard: "1999",
                TypedCard: "Paris",
                MultiCard: frozenset({2}),
            }[type(card)]
            session.answer(value, clock.advance(60))
            store.save_item(session)
            session.next(clock())
            store.save_item(session, session.index - 1)
        assert session.exam_id is not None
        return session.exam_id, [i.answer for i in session.items]
    finally:
        repo.close()


async def test_resume_after_interruption(db_url: str, clock: FakeClock) -> None:
    exam_id, answers = interrupted_exam(db_url, clock)
    clock.advance(86_400)  # the next day
    app = build(db_url, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        assert screen.session.exam_id == exam_id and screen.session.index == 2
        assert [i.answer for i in screen.session.items] == answers
        assert "18:00 left" in status(app), "the day away does not count"
        await pilot.press("pageup")
        await settle(pilot)
        widget = screen.answer_widget
        assert widget is not None and widget.current_answer() == answers[1]
        await pilot.press("ctrl+s", "y")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.result.answered == 2
        assert ExamStore(app.repo).unfinished(clock()) is None  # type: ignore[arg-type]


async def test_abandon_an_interrupted_exam(db_url: str, clock: FakeClock) -> None:
    exam_id, _ = interrupted_exam(db_url, clock)
    app = build(db_url, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, (ResumeScreen, ExamScreen))
        [summary] = ExamStore(app.repo).history()  # type: ignore[arg-type]
        assert summary.id == exam_id and summary.status is ExamStatus.ABANDONED


async def test_exam_from_the_set_up_screen(db_url: str, clock: FakeClock) -> None:
    app = build(db_url, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_open_exam()
        await settle(pilot)
        setup = app.screen
        assert isinstance(setup, ExamSetupScreen)
        count = setup.query_one("#exam-count", Input)
        count.value = ""
        count.focus()
        await settle(pilot)
        for key in ["3", "tab", "tab", "5"]:  # typed fast: all queued before any is handled
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(pilot)
        assert [setup.query_one(f"#exam-{n}", Input).value for n in ("count", "seed")] == ["3", "5"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        assert len(screen.session.items) == 3 and screen.session.settings.seed == 5
        await pilot.press("escape")  # leave: the exam stays saved
        await settle(pilot)
        assert not isinstance(app.screen, ExamScreen)
        app.action_open_exam()  # opening Exam again offers to resume it
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)


async def test_practice_leaves_card_state_untouched(db_url: str, clock: FakeClock) -> None:
    from cyberquiz.tui.screens.study import StudyScreen

    app = build(db_url, clock, start="practice", options={"source": "all", "areas": ["bodies"]})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert screen.card is not None and screen.card.area == "bodies"
        before = app.repo.states()  # type: ignore[union-attr]
        card = screen.card
        widget = screen.answer_widget
        if isinstance(card, ChoiceCard):
            assert isinstance(widget, ChoiceAnswer)
            await pilot.press(str(widget.shown().index(card.answer) + 1), "enter")
        else:
            assert isinstance(card, MultiCard) and isinstance(widget, MultiAnswer)
            await pilot.press(*(str(widget.shown().index(i) + 1) for i in card.answers), "enter")
        await settle(pilot)
        assert screen.feedback is not None, "immediate feedback as in study"
        reviews = app.repo.reviews(card_id=card.id)  # type: ignore[union-attr]
        assert [r.mode for r in reviews] == [Mode.PRACTICE] and reviews[0].score == 1.0
        assert app.repo.states() == before  # type: ignore[union-attr]


async def test_history_in_the_app(db_url: str, clock: FakeClock) -> None:
    from cyberquiz.tui.screens.exam_history import ExamHistoryScreen

    app = build(db_url, clock, start="exam", options={**EXAM_OPTIONS, "count": 2})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, right=True)
        await pilot.press("ctrl+s", "y")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("escape")
        await settle(pilot)
        app.action_open_exam()
        await settle(pilot)
        assert isinstance(app.screen, ExamSetupScreen)
        await pilot.press("ctrl+r")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, ExamHistoryScreen)
        [exam] = history.exams
        assert exam.status is ExamStatus.SUBMITTED and exam.questions == 2
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.result.exam_id == exam.id and app.screen.result.answered == 1


async def test_deck_text_is_never_markup(db_url: str, clock: FakeClock, tmp_path: Path) -> None:
    """Markup-like deck text shows exactly as written on every exam screen, and never runs."""
    from cyberquiz.tui.screens.exam import QuestionListScreen

    app = make_app(
        db_url=db_url,
        profile="ana",
        deck_dirs=[EXAM_MARKUP_DECKS],
        clock=clock,
        rng=random.Random(0),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_open_exam()
        await settle(pilot)
        assert "[bold]Deck[/] $title" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        shown = ""
        for _ in range(2):
            shown += screen_text(app)
            await pilot.press("pagedown")
            await settle(pilot)
        for text in (
            "Which [b]one[/b] is [@click=app.quit]safe[/]?",
            "[red]x[/red]",
            "$var",
            "matrix[i][j]",
            "Type [i]this[/i]",
        ):
            assert text in shown, text
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, QuestionListScreen)
        assert "[@click=app.quit]safe[/]" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+s", "y")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        app.screen.query_one("#results-body").scroll_end(animate=False)
        await settle(pilot)
        text = screen_text(app)
        assert "Because [bold]markup[/bold] is data." in text
        assert "[link=https://example.com]quote[/link]" in text
        assert "Expected:    [/]" in text and "Expected:    [x]" in text
        assert app.is_running, "no deck text ran an action"


async def test_quitting_mid_exam_keeps_the_answer_being_typed(
    db_url: str, clock: FakeClock
) -> None:
    options = {**EXAM_OPTIONS, "minutes": None}
    app = build(db_url, clock, start="exam", options=options)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        assert "0:00 spent (untimed)" in status(app)
        while not isinstance(screen.session.current.card, TypedCard):
            await pilot.press("pagedown")
            await settle(pilot)
        position = screen.session.index
        clock.advance(7)
        await pilot.press(*"Budap")  # typed, never submitted
        await settle(pilot)
        exam_id = screen.session.exam_id
        repo = app.repo
        assert repo is not None
        app.exit()
        await pilot.pause()
    stored = ExamStore(repo).load(exam_id or 0)
    assert stored.items[position].answer == "Budap"
    assert stored.items[position].time_ms == 7_000
    assert stored.running


def finished_exam(db_url: str, clock: FakeClock) -> list[str]:
    """An exam finished before the app starts; returns its mistakes' card ids."""
    repo = Repository.open(db_url, profile="ana", clock=clock, fuzz=False)
    try:
        sync_decks(repo, [EXAM_DECKS])
        settings = ExamSettings(count=5, seed=4)
        session = ExamSession.start(settings, draw_exam(repo.cards(), settings), clock())
        store = ExamStore(repo)
        store.create(session)
        for item in session.items:
            if isinstance(item.card, TrueFalseCard):
                session.answer(item.card.answer, clock.advance(5))  # the one right answer
            session.next(clock())
        result = store.finish(session, clock.advance(5))
        return [i.card.id for i in result.mistakes]
    finally:
        repo.close()


async def test_practise_the_last_exams_mistakes(db_url: str, clock: FakeClock) -> None:
    from cyberquiz.services.sources import ListSource
    from cyberquiz.tui.screens.study import StudyScreen

    mistakes = finished_exam(db_url, clock)
    assert len(mistakes) == 4
    app = build(db_url, clock, start="practice", options={"source": "mistakes"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and isinstance(screen.source, ListSource)
        assert [c.id for c in screen.source.cards] == mistakes
        assert screen.source.mode is Mode.PRACTICE


async def test_practice_chooser(db_url: str, clock: FakeClock) -> None:
    from cyberquiz.services.sources import ListSource
    from cyberquiz.tui.screens.practice import PracticeChooser
    from cyberquiz.tui.screens.study import StudyScreen

    app = build(db_url, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_open_practice()
        await settle(pilot)
        chooser = app.screen
        assert isinstance(chooser, PracticeChooser)
        assert len(chooser.pools["new"]) == 6, "flip cards are practised too (not in exams)"
        assert chooser.pools["leeches"] == [] and chooser.pools["mistakes"] == []
        from textual.widgets import OptionList

        options = chooser.query_one(OptionList)
        assert options.get_option_at_index(2).disabled  # leeches: none
        options.highlighted = 4  # never seen
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and isinstance(screen.source, ListSource)
        assert len(screen.source.cards) == 6


async def test_time_out_while_the_submit_dialog_is_open(db_url: str, clock: FakeClock) -> None:
    app = build(db_url, clock, start="exam", options={**EXAM_OPTIONS, "minutes": 1})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SubmitScreen)
        clock.advance(61)
        screen.check_time()
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.result.status is ExamStatus.TIMED_OUT
        assert not any(isinstance(s, (SubmitScreen, ExamScreen)) for s in app.screen_stack)


async def test_time_on_screen_is_stored_every_30_seconds(db_url: str, clock: FakeClock) -> None:
    app = build(db_url, clock, start="exam", options=EXAM_OPTIONS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        store = ExamStore(app.repo)  # type: ignore[arg-type]
        exam_id = screen.session.exam_id or 0
        clock.advance(29)
        screen.check_time()
        assert store.load(exam_id).items[0].time_ms == 0
        clock.advance(2)
        screen.check_time()  # what the once-a-second timer does
        assert store.load(exam_id).items[0].time_ms == 31_000
        assert screen.session.remaining(clock()) == screen.session.settings.limit - timedelta(
            seconds=31
        )


async def test_nothing_else_starts_over_a_running_exam(db_url: str, clock: FakeClock) -> None:
    """The palette's study, practice, exam, stats and profile actions refuse while an exam runs."""
    app = build(db_url, clock, start="exam", options=EXAM_OPTIONS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        for action in (
            "study_all",
            "study_pick",
            "open_exam",
            "open_practice",
            "open_stats",
            "switch_profile",
        ):
            await app.run_action(action)
            await settle(pilot)
            assert app.screen is exam, action
        assert any("Finish or pause the exam" in str(n.message) for n in notices(app))


async def test_a_failed_submit_keeps_the_exam_to_submit_again(
    db_url: str, clock: FakeClock, monkeypatch: Any
) -> None:
    """A full disk at the finish: one notice, no results, the exam still running; then again."""
    from cyberquiz.storage.errors import DiskFull

    app = build(db_url, clock, start="exam", options=EXAM_OPTIONS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        await answer(pilot, right=True)
        finish = ExamStore.finish

        def full(self: ExamStore, session: ExamSession, now: Any) -> Any:
            raise DiskFull("test.db")

        monkeypatch.setattr(ExamStore, "finish", full)
        await pilot.press("ctrl+s", "y")
        await settle(pilot)
        assert app.screen is screen and screen.session.running
        assert not any(isinstance(s, ResultsScreen) for s in app.screen_stack)
        [notice] = [n for n in notices(app) if "not submitted" in n.title]
        assert "The disk is full" in str(notice.message)
        monkeypatch.setattr(ExamStore, "finish", finish)
        await pilot.press("ctrl+s", "y")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert ExamStore(app.repo).history()[0].status is ExamStatus.SUBMITTED  # type: ignore[arg-type]
