"""Home and the app-wide actions: area/tag picker, profile switch, deck sync, other screens."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from textual.widgets import Static

from cyberquiz.cli import make_app
from cyberquiz.tui.screens.home import ALL_DECKS, HomeScreen
from cyberquiz.tui.screens.pick import AskScreen, PickScreen
from cyberquiz.tui.screens.study import StudyScreen
from support import notices

from .helpers import FIXTURES, NOW, SIZE, build_app, screen_text, settle, wait_home


async def test_home_counts(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        home = await wait_home(pilot)
        assert home.data is not None
        [summary] = home.data.summaries
        assert (summary.deck_id, summary.new, summary.total) == ("kinds", 9, 9)
        text = screen_text(app)
        assert "One of every kind" in text
        assert "All decks" not in text  # only with more than one deck
        assert "0 answers" in text and "streak 0 days" in text


async def test_enter_on_a_deck_row_studies_that_deck(tmp_path: Path) -> None:
    app = build_app(tmp_path, ("kinds.yaml", "markup.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        home = await wait_home(pilot)
        table = home.query_one("#deck-table")
        row = table.get_row_index("markup")  # type: ignore[attr-defined]
        await pilot.press(*["down"] * row, "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert screen.card is not None and screen.card.deck_id == "markup"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_all_decks_row(tmp_path: Path) -> None:
    app = build_app(tmp_path, ("kinds.yaml", "markup.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        home = await wait_home(pilot)
        table = home.query_one("#deck-table")
        keys = [row.key.value for row in table.ordered_rows]  # type: ignore[attr-defined]
        assert keys[-1] == ALL_DECKS


async def test_study_an_area_or_tag(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await pilot.press("t")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickScreen)
        # areas first, each card under its one area as Stats counts it: the deck's tag
        # "concepts" comes first in every card's tags, so k-date (also tagged dates) is there
        assert picker.choices[0] == ("concepts", 9)
        assert "dates" not in [tag for tag, _ in picker.choices]
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert screen.card is not None and screen.card.id == "k-flip"


async def test_switch_profile(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        app.action_switch_profile()
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        await pilot.press("ctrl+u", *"ana", "enter")
        await settle(pilot)
        await wait_home(pilot)
        assert app.profile == "ana"
        assert app.repo is not None and app.repo.profile == "ana"
        assert "profile ana" in screen_text(app)


async def test_sync_decks_from_the_palette(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    shutil.copy(FIXTURES / "kinds.yaml", decks / "kinds.yaml")
    app = make_app(
        db_url=f"sqlite:///{tmp_path / 'sync.db'}",
        profile="tester",
        deck_dirs=[decks],
        clock=lambda: NOW,
        rng=random.Random(0),
    )
    async with app.run_test(size=SIZE) as pilot:
        home = await wait_home(pilot)
        assert home.data is not None and len(home.data.summaries) == 1
        shutil.copy(FIXTURES / "markup.yaml", decks / "markup.yaml")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"sync decks", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.data is not None and len(app.screen.data.summaries) == 2
        assert any("2 added" in n.message for n in notices(app))


@pytest.mark.parametrize(
    ("key", "module"),
    [("p", "practice"), ("x", "exam"), ("i", "stats")],
)
async def test_home_keys_open_the_other_screens(tmp_path: Path, key: str, module: str) -> None:
    """Practice, exam and stats screens come from their own modules (imported on first use)."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await pilot.press(key)
        await settle(pilot)
        screen = app.screen
        assert not isinstance(screen, HomeScreen)
        assert type(screen).__module__.startswith(f"cyberquiz.tui.screens.{module}")


async def test_exam_date_shows_on_home(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        home = await wait_home(pilot)
        assert app.repo is not None
        app.repo.set_setting("exam_date", "2026-12-15")
        home.reload()
        await settle(pilot)
        assert "exam 2026-12-15 (in 17 days)" in screen_text(app)


async def test_switch_profile_from_study_returns_to_a_fresh_home(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        app.action_switch_profile()
        await settle(pilot)
        await pilot.press("ctrl+u", *"bo", "enter")
        await settle(pilot)
        await wait_home(pilot)
        assert len(app.screen_stack) == 2
        assert app.repo is not None and app.repo.profile == "bo"


async def test_header_names_the_decks_given_not_the_article(tmp_path: Path) -> None:
    """Issue 13.5: the header kept the article's subject with another --decks."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        home = await wait_home(pilot)
        title = str(home.query_one("#home-title", Static).render())
        assert "One of every kind" in title  # the one deck's title
        assert "countering cybercrime" not in title


def test_deck_set_title() -> None:
    from cyberquiz.paths import bundled_decks_dir
    from cyberquiz.tui.screens.home import ARTICLE_SUBJECT, deck_set_title

    bundled = bundled_decks_dir()
    assert bundled is not None
    assert deck_set_title([bundled]) == ARTICLE_SUBJECT
    assert deck_set_title([Path("/x/law"), Path("/y/extra.yaml")], ["A", "B"]) == "law, extra"
    assert deck_set_title([Path("/x/law")], ["Treaties"]) == "Treaties"
