"""The study screen against a real temp-file database: answers, ratings and the actions."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.core.state import Phase
from cyberquiz.tui.screens.help import HelpScreen
from cyberquiz.tui.screens.home import HomeScreen
from cyberquiz.tui.screens.study import StudyScreen
from cyberquiz.tui.screens.summary import SummaryScreen
from cyberquiz.tui.widgets.feedback import FeedbackPanel
from support import notices

from .helpers import (
    KIND_IDS,
    SIZE,
    answer,
    build_app,
    open_card,
    screen_text,
    settle,
    wait_home,
)


@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
async def test_answer_every_kind(tmp_path: Path, right: bool) -> None:
    """An answer is stored (score, rating, study mode) and moves the schedule before feedback.

    One app answers the card of every kind in turn: starting the app once per kind adds nothing
    but time (each kind's keys are also checked without the app in test_widgets.py).
    """
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        for card_id in KIND_IDS:
            screen = await open_card(pilot, card_id)
            await answer(pilot, right)
            assert app.repo is not None
            reviews = app.repo.reviews(card_id=card_id)
            assert len(reviews) == 1, card_id
            review = reviews[0]
            assert review.mode is Mode.STUDY, card_id
            expected = Rating.GOOD if right else Rating.AGAIN
            assert review.rating == expected, card_id
            if card_id == "k-flip":
                assert review.proposed is None
            else:
                assert review.proposed == expected, card_id
                assert review.score == (1.0 if right else 0.0), card_id
                panel = screen.query_one(FeedbackPanel)
                assert panel.has_class("-right" if right else "-wrong"), card_id
            assert app.repo.state(card_id).phase is not Phase.NEW, card_id
            app.pop_screen()  # back to Home for the next kind
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen), card_id


async def test_change_rating_after_feedback(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await open_card(pilot, "k-typed")
        await answer(pilot, right=True)
        await pilot.press("4")
        await settle(pilot)
        assert app.repo is not None
        [review] = app.repo.reviews(card_id="k-typed")
        assert review.proposed == Rating.GOOD
        assert review.rating == Rating.EASY
        await pilot.press("1")
        await settle(pilot)
        [review] = app.repo.reviews(card_id="k-typed")
        assert review.rating == Rating.AGAIN


async def test_empty_answer_reveals_and_counts_as_again(tmp_path: Path) -> None:
    """One empty Enter is a stray key and stores nothing; a second one shows the answer."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await open_card(pilot, "k-typed")
        await pilot.press("enter")
        await settle(pilot)
        assert app.repo is not None
        assert app.repo.reviews(card_id="k-typed") == []
        await pilot.press("enter")
        await settle(pilot)
        [review] = app.repo.reviews(card_id="k-typed")
        assert review.rating == Rating.AGAIN and review.score == 0.0
        assert "Not answered" in screen_text(app)
        assert "Budapest" in screen_text(app)


async def test_study_all_goes_through_the_queue_then_summary(tmp_path: Path) -> None:
    """From Home, `s` studies the scheduler's queue in deck order; the summary counts answers."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        seen = []
        for _ in KIND_IDS:
            assert screen.card is not None
            seen.append(screen.card.id)
            await answer(pilot, right=True)
            await pilot.press("enter")  # the same key goes on after every kind's feedback
            await settle(pilot)
        assert seen == list(KIND_IDS)
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Cards reviewed" in text and "9" in text
        assert "9 of 9 (100%)" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("key", ["ctrl+z", "u"])
async def test_undo_brings_the_card_back(tmp_path: Path, key: str) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        screen = await open_card(pilot, "k-choice")
        await answer(pilot, right=True)
        await pilot.press(key)
        await settle(pilot)
        assert app.repo is not None
        assert app.repo.reviews(card_id="k-choice") == []
        assert app.repo.state("k-choice").phase is Phase.NEW
        assert screen.card is not None and screen.card.id == "k-choice"
        assert screen.state == "asking"


async def test_undo_while_typing_uses_ctrl_z(tmp_path: Path) -> None:
    """With the next card's input focused, `u` is text but ctrl+z undoes the last answer."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await answer(pilot, right=True)  # flip card, rated Good
        await pilot.press("enter")  # on to k-typed
        await settle(pilot)
        assert screen.card is not None and screen.card.id == "k-typed"
        await pilot.press("u")
        assert screen.answer_widget is not None
        assert screen.answer_widget.current_answer() == "u"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert screen.card is not None and screen.card.id == "k-flip"
        assert app.repo is not None and app.repo.reviews(card_id="k-flip") == []


@pytest.mark.parametrize("key", ["ctrl+b", "b"])
async def test_bury(tmp_path: Path, key: str) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.card is not None
        assert screen.card.id == "k-flip"  # focus on the flip button: plain letters are actions
        await pilot.press(key)
        await settle(pilot)
        assert app.repo is not None
        assert app.repo.state("k-flip").buried_until is not None
        assert screen.card is not None and screen.card.id == "k-typed"


async def test_bury_while_typing(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        screen = await open_card(pilot, "k-typed")
        await pilot.press("b", "ctrl+b")
        await settle(pilot)
        assert app.repo is not None
        assert app.repo.state("k-typed").buried_until is not None
        assert app.repo.reviews(card_id="k-typed") == []
        assert screen.card is None


@pytest.mark.parametrize("key", ["ctrl+s", "s"])
async def test_suspend(tmp_path: Path, key: str) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await open_card(pilot, "k-flip")
        await pilot.press(key)
        await settle(pilot)
        assert app.repo is not None
        assert app.repo.state("k-flip").suspended


async def test_suspend_after_feedback_with_plain_key(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await open_card(pilot, "k-choice")
        await answer(pilot, right=False)
        await pilot.press("s")
        await settle(pilot)
        assert app.repo is not None
        assert app.repo.state("k-choice").suspended
        assert len(app.repo.reviews(card_id="k-choice")) == 1


@pytest.mark.parametrize("key", ["ctrl+f", "exclamation_mark"])
async def test_flag(tmp_path: Path, key: str) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await open_card(pilot, "k-flip")
        await pilot.press(key)
        await settle(pilot)
        assert app.repo is not None and app.repo.state("k-flip").flagged
        assert "flagged" in screen_text(app)
        await pilot.press(key)
        await settle(pilot)
        assert not app.repo.state("k-flip").flagged


@pytest.mark.parametrize("key", ["ctrl+o", "e"])
async def test_show_deck_line(tmp_path: Path, key: str) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await open_card(pilot, "k-flip")
        await pilot.press(key)
        await settle(pilot)
        messages = [n.message for n in notices(app)]
        assert any("kinds.yaml:" in m for m in messages), messages


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_end_session_shows_summary(tmp_path: Path, key: str) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await open_card(pilot, "k-choice")
        await answer(pilot, right=False)  # feedback has focus: plain letters are actions
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.tally.reviewed == 1
        assert "0 of 1 (0%)" in screen_text(app)


async def test_end_with_nothing_answered_goes_home(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_help_lists_the_screen_keys(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await open_card(pilot, "k-typed")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = {row[1]: row[0] for row in app.screen.rows}
        assert "ctrl+z" in keys["Undo"] and "u" in keys["Undo"]
        assert "ctrl+b" in keys["Bury"] and "b" in keys["Bury"]
        assert "s" in keys["Suspend"] and "ctrl+s" in keys["Suspend"]
        assert "esc" in keys["End"]
        assert "Type the answer" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)


async def test_help_scrolls_to_its_last_key_at_80x24(tmp_path: Path) -> None:
    """Issue 13.4: at 80×24 the help table was cut below the dialog, with no way to scroll."""
    from textual.widgets import DataTable

    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_home(pilot)
        await open_card(pilot, "k-truefalse")
        await pilot.press("f1")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        table = screen.query_one("#help-table", DataTable)
        dialog = screen.query_one("#help-dialog")
        assert dialog.region.contains_region(table.region), "the table is inside the dialog"
        assert "Esc closes" in screen_text(app)
        assert table.scroll_y == 0 < table.max_scroll_y, "more keys than lines: it scrolls"
        for _ in screen.rows:
            await pilot.press("down")
        await settle(pilot)
        assert table.cursor_row == len(screen.rows) - 1
        assert table.scroll_y == table.max_scroll_y, "the last key is in view"


async def test_question_mark_opens_help_on_home(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        descriptions = [row[1] for row in app.screen.rows]
        assert "Study all" in descriptions and "Exam" in descriptions


async def test_palette_starts_study(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"study all", "enter")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)


async def test_study_command_opens_straight_into_study(tmp_path: Path) -> None:
    app = build_app(tmp_path, start="study", options={"deck_ids": ["kinds"], "tags": []})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.card is not None and app.screen.card.id == "k-flip"


async def test_theme_is_remembered(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        app.theme = "nord"
        await settle(pilot)
    again = build_app(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        assert again.theme == "nord"


async def test_click_a_rating_button(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await open_card(pilot, "k-truefalse")
        await answer(pilot, right=True)
        await pilot.click("#rate-2")
        await settle(pilot)
        assert app.repo is not None
        [review] = app.repo.reviews(card_id="k-truefalse")
        assert review.rating == Rating.HARD


async def test_an_unreadable_answer_is_given_back_and_nothing_recorded(tmp_path: Path) -> None:
    """A date answer with no date in it is sent back with the reason; never recorded as Again."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        screen = await open_card(pilot, "k-date")
        await pilot.press(*"sometime", "enter")
        await settle(pilot)
        assert app.repo is not None
        assert app.repo.reviews(card_id="k-date") == []
        assert screen.state == "asking" and not screen.query(FeedbackPanel)
        assert any("Could not read a date" in str(n.message) for n in notices(app))
        await pilot.press(*["backspace"] * 8, *"2001", "enter")
        await settle(pilot)
        [review] = app.repo.reviews(card_id="k-date")
        assert review.rating == Rating.GOOD
