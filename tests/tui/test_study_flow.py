"""The study flow's one rule for every kind, the key guard, undo in order, retype after a miss."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from cyberquiz.core.answers import Grade, Mode, Rating
from cyberquiz.core.cards import Card
from cyberquiz.services.sources import ListSource
from cyberquiz.tui.guard import KeyGuard
from cyberquiz.tui.screens.study import RETYPE_SETTING, StudyScreen
from cyberquiz.tui.widgets.feedback import RatingBar
from support import notices

from .helpers import SIZE, answer, build_app, open_card, screen_text, settle, wait_home
from .test_palette import run_command


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_enter_on_an_unpicked_choice_answers_nothing(tmp_path: Path) -> None:
    """Issue 13.1: Enter on the highlighted option recorded it unseen."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        screen = await open_card(pilot, "k-truefalse")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert app.repo is not None and app.repo.reviews(card_id="k-truefalse") == []
        assert screen.state == "asking"
        await pilot.press("f", "t", "enter")  # a change of mind, then confirm
        await settle(pilot)
        [review] = app.repo.reviews(card_id="k-truefalse")
        assert review.answer == "true"


async def test_dont_know_is_graded_as_not_known(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await open_card(pilot, "k-choice")
        await pilot.press("0", "enter")
        await settle(pilot)
        assert app.repo is not None
        [review] = app.repo.reviews(card_id="k-choice")
        assert review.score == 0.0 and review.rating == Rating.AGAIN
        assert "Not answered" in screen_text(app)


async def test_flip_rates_with_the_same_keys_as_every_kind(tmp_path: Path) -> None:
    """After the back is shown, Enter alone does not answer; 1–4 rate, Enter goes on."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.card is not None
        assert screen.card.id == "k-flip"
        await pilot.press("space", "enter")
        await settle(pilot)
        assert app.repo is not None and app.repo.reviews(card_id="k-flip") == []
        assert screen.card.id == "k-flip" and screen.state == "feedback"
        await pilot.press("3", "2")  # "3" stores Good, "2" changes it to Hard, nothing advances
        await settle(pilot)
        [review] = app.repo.reviews(card_id="k-flip")
        assert review.rating == Rating.HARD
        assert screen.card.id == "k-flip"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.card is not None and screen.card.id == "k-typed"
        assert screen.answer_widget is not None
        assert screen.answer_widget.current_answer() == ""


async def test_keys_just_after_a_new_card_are_not_its_answer(tmp_path: Path) -> None:
    """A double Enter after feedback: the second Enter arrives within the guard and is dropped."""
    app = build_app(tmp_path)
    clock = FakeMonotonic()
    app.key_guard = KeyGuard(0.35, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        app.start_study(ListSource([app.repo.card(i) for i in ("k-choice", "k-truefalse")],
                                   app.repo, Mode.STUDY))  # fmt: skip
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        clock.now += 1
        await answer(pilot, right=True)
        assert screen.state == "feedback"
        await pilot.press("enter")  # too soon after the feedback appeared: dropped
        await settle(pilot)
        assert screen.state == "feedback"
        clock.now += 1
        await pilot.press("enter")  # the next card
        await settle(pilot)
        assert screen.card is not None and screen.card.id == "k-truefalse"
        await pilot.press("t", "enter")  # still within the guard of the new card
        await settle(pilot)
        assert app.repo is not None and app.repo.reviews(card_id="k-truefalse") == []
        widget = screen.answer_widget
        assert widget is not None and widget.current_answer() is None
        clock.now += 1
        await pilot.press("t", "enter")
        await settle(pilot)
        assert len(app.repo.reviews(card_id="k-truefalse")) == 1


@pytest.mark.parametrize("put_away", ["s", "b"])
async def test_undo_after_suspend_or_bury_brings_that_card_back(
    tmp_path: Path, put_away: str
) -> None:
    """Issue 13.3: ctrl+z after suspend undid the previous answer and lost the suspended card."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await answer(pilot, right=True)  # k-flip, Good
        await pilot.press("enter")
        await settle(pilot)
        assert screen.card is not None and screen.card.id == "k-typed"
        await pilot.press(f"ctrl+{put_away}")
        await settle(pilot)
        assert app.repo is not None
        state = app.repo.state("k-typed")
        assert state.suspended or state.buried_until is not None
        await pilot.press("ctrl+z")
        await settle(pilot)
        state = app.repo.state("k-typed")
        assert not state.suspended and state.buried_until is None
        assert screen.card is not None and screen.card.id == "k-typed"
        assert len(app.repo.reviews(card_id="k-flip")) == 1  # the earlier answer is kept
        await pilot.press("ctrl+z")  # then the answer before it
        await settle(pilot)
        assert app.repo.reviews(card_id="k-flip") == []
        assert screen.card is not None and screen.card.id == "k-flip"


async def test_undo_a_flag_and_a_re_rating(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        screen = await open_card(pilot, "k-choice")
        await answer(pilot, right=True)
        await pilot.press("4", "exclamation_mark")
        await settle(pilot)
        assert app.repo is not None and app.repo.state("k-choice").flagged
        await pilot.press("u")
        await settle(pilot)
        assert not app.repo.state("k-choice").flagged
        [review] = app.repo.reviews(card_id="k-choice")
        assert review.rating == Rating.EASY
        await pilot.press("u")
        await settle(pilot)
        [review] = app.repo.reviews(card_id="k-choice")
        assert review.rating == Rating.GOOD
        assert screen.query_one(RatingBar).rating == Rating.GOOD
        assert screen.state == "feedback"


async def test_retype_after_a_miss(tmp_path: Path) -> None:
    """Issue 13.8: after a wrong typed answer the right one is typed once to go on."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        app.start_study(ListSource([app.repo.card(i) for i in ("k-typed", "k-choice")],
                                   app.repo, Mode.STUDY))  # fmt: skip
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await answer(pilot, right=False)
        assert screen.retype_pending
        assert isinstance(app.focused, Input) and app.focused.id == "retype-input"
        assert app.focused.display and app.focused.region.bottom <= app.size.height
        assert "Next" in screen_text(app).splitlines()[-1], "the footer shows how to go on"
        await pilot.press("enter")  # Enter alone does not skip the retype
        await settle(pilot)
        assert screen.card is not None and screen.card.id == "k-typed"
        await pilot.press(*"Vienna", "enter")
        await settle(pilot)
        assert screen.card is not None and screen.card.id == "k-typed"
        await pilot.press("ctrl+u", *"budapest", "enter")
        await settle(pilot)
        assert screen.card is not None and screen.card.id == "k-choice"
        assert app.repo is not None
        [review] = app.repo.reviews(card_id="k-typed")
        assert review.rating == Rating.AGAIN  # the retype stores nothing


async def test_retype_is_a_setting_switched_in_the_palette(tmp_path: Path) -> None:
    """Issue 13.8: retype is on by default; the palette switches it off for the profile, and a
    retype that is waiting is not asked for any more."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        assert app.repo is not None and app.retype_after_miss
        app.start_study(ListSource([app.repo.card(i) for i in ("k-typed", "k-date")],
                                   app.repo, Mode.STUDY))  # fmt: skip
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await answer(pilot, right=False)
        assert screen.retype_pending
        await run_command(pilot, "Retype after a miss: turn off")
        assert app.repo.get_setting(RETYPE_SETTING) is False
        assert app.screen is screen and not screen.retype_pending
        assert not screen.query_one("#retype-input", Input).display
        await pilot.press("enter")
        await settle(pilot)
        assert screen.card is not None and screen.card.id == "k-date"
        await answer(pilot, right=False)
        assert screen.state == "feedback" and not screen.retype_pending
        titles = [command.title for command in app.get_system_commands(screen)]
        assert "Retype after a miss: turn on" in titles


async def test_practice_shows_no_rating(tmp_path: Path) -> None:
    """Issue 13.5: practice counts nothing, so it shows no rating bar and no 'counts as Again'."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        screen = await open_card(pilot, "k-flip", Mode.PRACTICE)
        await pilot.press("space")
        await settle(pilot)
        assert not screen.query_one(RatingBar).display
        text = screen_text(app)
        assert "Again" not in text and "How well" not in text
        await pilot.press("enter")
        await settle(pilot)
        assert app.repo is not None
        [review] = app.repo.reviews(card_id="k-flip")
        assert review.mode is Mode.PRACTICE and review.rating is None


async def test_an_unreadable_answer_keeps_the_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(card: Card, answer: object) -> Grade:
        return Grade(0.0, "unreadable", "x", "?", (), "That answer cannot be read.")  # type: ignore[arg-type]

    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        screen = await open_card(pilot, "k-typed")
        monkeypatch.setattr("cyberquiz.core.grading.grade", unreadable)
        await pilot.press(*"Buda", "enter")
        await settle(pilot)
        assert screen.state == "asking"
        assert screen.answer_widget is not None
        assert screen.answer_widget.current_answer() == "Buda"
        assert app.repo is not None and app.repo.reviews(card_id="k-typed") == []
        assert any("cannot be read" in n.message for n in notices(app))


async def test_practice_title_keeps_the_label_as_written(tmp_path: Path) -> None:
    """Issue 13.5: the title read "cards i have never seen"."""
    from cyberquiz.core.practice import PracticeSource
    from cyberquiz.tui.screens.practice import practice_screen

    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        assert app.repo is not None
        app.push_screen(practice_screen(app, [app.repo.card("k-typed")], PracticeSource.NEW))
        await settle(pilot)
        assert "Cards I have never seen" in screen_text(app)


async def test_preview_does_not_claim_to_bury(tmp_path: Path) -> None:
    """Issue 13.5: preview said "Buried until tomorrow" though it saves nothing."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        assert app.repo is not None
        app.push_screen(StudyScreen(ListSource([app.repo.card("k-typed")], None)))
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        messages = [n.message for n in notices(app)]
        assert not any("Buried" in m for m in messages)
        assert any("saves nothing" in m for m in messages)


SMALL = [(80, 24), (60, 20)]


@pytest.mark.parametrize(
    "size",
    # where the card does not fit, what focus scrolls into view is where the animation ends
    [*(pytest.param(size, marks=pytest.mark.animated) for size in SMALL), (100, 32)],
    ids=lambda s: f"{s[0]}x{s[1]}",
)
@pytest.mark.parametrize("card_id", ["l-order", "l-match", "k-typed"])
async def test_verdict_and_ratings_in_view_on_small_terminals(
    tmp_path: Path, size: tuple[int, int], card_id: str
) -> None:
    """Issue 13.4: the verdict opened scrolled away, the rating bar fell below the fold, and
    after an order or match card at 60×20 the end of the feedback could not be reached."""
    from textual.containers import VerticalScroll

    app = build_app(tmp_path, ("kinds.yaml", "long.yaml"))
    async with app.run_test(size=size) as pilot:
        await wait_home(pilot)
        screen = await open_card(pilot, card_id)
        await answer(pilot, right=False)
        body = screen.query_one("#study-body", VerticalScroll)
        verdict = screen.query_one("#verdict")
        assert body.region.contains_region(verdict.region), "the verdict is in view"
        bar = screen.query_one(RatingBar)
        assert bar.display and bar.region.height == 1
        assert bar.region.bottom <= size[1] - 1, "the rating bar is above the footer"
        for _ in range(30):  # page down until the view stops moving
            before = body.scroll_y
            await pilot.press("pagedown")
            await settle(pilot)
            if body.scroll_y == before:
                break
        assert body.scroll_y == body.max_scroll_y, "the end of the feedback is reachable"
        await pilot.press("pageup")
        await settle(pilot)
        assert body.scroll_y < body.max_scroll_y or body.max_scroll_y == 0


@pytest.mark.parametrize("size", [*SMALL, (100, 32)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_home_keeps_its_columns_and_buttons(tmp_path: Path, size: tuple[int, int]) -> None:
    """Issue 13.4: at 60×20 Home lost columns and the Stats button."""
    from textual.widgets import Button

    app = build_app(tmp_path, ("kinds.yaml", "long.yaml"))
    async with app.run_test(size=size) as pilot:
        home = await wait_home(pilot)
        text = screen_text(app)
        for column in ("New", "Learning", "Due", "Total"):
            assert column in text
        for button in home.query(Button).results():
            assert app.screen.region.contains_region(button.region), button.id
            assert str(button.label) in text, button.label


async def test_new_cards_rated_good_come_back_within_the_learning_steps(tmp_path: Path) -> None:
    """Issue 13.5: the summary said "Next due in 9 days" for two new cards rated Good; FSRS's
    learning steps bring them back in minutes."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await pilot.press("s")
        await settle(pilot)
        for _ in range(2):
            await answer(pilot, right=True)
            await pilot.press("3", "enter")
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "SummaryScreen"
        assert "Next due        in 10 min 00 s" in screen_text(app)
