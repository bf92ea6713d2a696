"""Start-up on an existing database: Home is painted from a glance, then the repository opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyberquiz.tui.app import CyberQuizApp
from cyberquiz.tui.screens.home import HomeScreen
from cyberquiz.tui.screens.study import StudyScreen
from cyberquiz.tui.widgets.cardview import CardView

from .helpers import SIZE, answer, build_app, screen_text, settle, wait_home


async def test_home_lists_the_decks_before_the_repository_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build_app(tmp_path, ("kinds.yaml", "markup.yaml"))
    async with first.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        assert first.repo is not None
        first.repo.set_setting("theme", "nord")

    opened: list[str] = []
    real_open = CyberQuizApp.open_repository
    monkeypatch.setattr(
        CyberQuizApp, "open_repository", lambda self, profile: opened.append(profile)
    )
    app = build_app(tmp_path, ("kinds.yaml", "markup.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and app.repo is None
        assert opened == ["tester"]  # asked for once Home was painted, not before
        assert app.theme == "nord"  # the stored theme from the first frame on
        text = screen_text(app)
        assert "One of every kind" in text and "[bold]Deck[/] with $var" in text
        assert "Opening your decks…" in text
        row = [str(cell) for cell in home.query_one("#deck-table").get_row("kinds")]  # type: ignore[attr-defined]
        assert row[1:] == ["…", "…", "…", "9"]
        await pilot.press("s")  # nothing to study yet: said so, nothing breaks
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)

        real_open(app, "tester")  # now the repository opens: the same Home gets its counts
        await settle(pilot)
        assert app.repo is not None and app.screen is home
        row = [str(cell) for cell in home.query_one("#deck-table").get_row("kinds")]  # type: ignore[attr-defined]
        assert row[1:] == ["9", "0", "0", "9"]
        assert "Opening your decks…" not in screen_text(app)


async def test_a_first_start_opens_the_usual_way(tmp_path: Path) -> None:
    """No database yet: nothing to glance at; the decks are synced before Home shows them."""
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        home = await wait_home(pilot)
        assert home.glance is None and app.repo is not None


async def test_the_first_card_is_painted_before_the_repository_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cyberquiz study`` on an existing database: the queue's first card from the glance;
    the answer typed before the repository opens waits for it, then is stored."""
    first = build_app(tmp_path)
    async with first.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        assert first.repo is not None
        first.repo.set_setting("theme", "nord")
        first.repo.suspend("k-flip")  # the queue's head is k-typed

    opened: list[tuple[str, bool]] = []
    real_open = CyberQuizApp.open_repository

    def card_on_screen(app: CyberQuizApp) -> bool:
        return any(view.size.height > 0 for view in app.screen.query(CardView))

    monkeypatch.setattr(
        CyberQuizApp,
        "open_repository",
        lambda self, profile: opened.append((profile, card_on_screen(self))),
    )
    app = build_app(tmp_path, start="study")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.waiting and app.repo is None
        # asked for once the card was on screen, not before (its worker would slow the paint)
        assert opened == [("tester", True)]
        assert app.theme == "nord"
        assert screen.card is not None and screen.card.id == "k-typed"
        assert "In which city was the Convention" in screen_text(app)
        await answer(pilot, right=True)  # typed before the repository opened: it waits
        assert screen.state == "asking" and screen.waiting

        real_open(app, "tester")
        await settle(pilot)
        assert app.repo is not None and app.screen is screen and not screen.waiting
        assert screen.state == "feedback"
        [review] = app.repo.reviews(card_id="k-typed")
        assert review.answer == '"Budapest"'
        await pilot.press("enter")
        await settle(pilot)
        assert screen.card is not None and screen.card.id != "k-typed"
