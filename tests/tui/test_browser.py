"""The card browser: open it, search as one types, act on a card, its history, its file."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from cyberquiz.cli import make_app
from cyberquiz.core.answers import Mode, Rating
from cyberquiz.core.state import Phase
from cyberquiz.tui.app import CyberQuizApp
from cyberquiz.tui.screens.browser import BrowserScreen
from cyberquiz.tui.screens.card_history import CardHistoryScreen
from cyberquiz.tui.screens.confirm import ConfirmScreen
from cyberquiz.tui.screens.home import HomeScreen
from support import REPO_ROOT, notices

from .helpers import NOW, SIZE, build_app, screen_text, settle, steady, wait_home
from .test_palette import run_command


def history(app: CyberQuizApp) -> None:
    """Some answers and states: k-typed answered twice (right, then wrong), k-date suspended and
    flagged, k-choice buried; local days in UTC so that due dates do not depend on the machine."""
    repo = app.repo
    assert repo is not None
    repo.set_setting("timezone", "UTC")
    for minutes, (answer, rating) in enumerate(
        [('"Budapest"', Rating.GOOD), ('"Paris"', Rating.AGAIN)]
    ):
        repo.record_answer(
            "k-typed",
            now=NOW - timedelta(days=3) + timedelta(minutes=minutes),
            mode=Mode.STUDY,
            answer=answer,
            score=1.0 if rating == Rating.GOOD else 0.0,
            proposed=rating,
        )
    repo.suspend("k-date")
    repo.flag("k-date")
    repo.bury("k-choice", NOW)


async def open_browser(pilot: Pilot[Any], *, with_history: bool = True) -> BrowserScreen:
    """Home, then ``b``: the browser with its rows loaded."""
    await wait_home(pilot)
    if with_history:
        history(pilot.app)  # type: ignore[arg-type]
    await pilot.press("b")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BrowserScreen) and screen.loaded
    return screen


def shown(screen: BrowserScreen) -> list[str]:
    """Card ids in the list, in order."""
    card_list = screen.query_one("#browser-list")
    return [screen.rows[i].card_id for i in card_list.order]  # type: ignore[attr-defined]


async def go_to(pilot: Pilot[Any], screen: BrowserScreen, card_id: str) -> None:
    """Focus the list and put the cursor on ``card_id``."""
    await pilot.press("down")  # from the search to the list
    card_list = screen.query_one("#browser-list")
    card_list.cursor = shown(screen).index(card_id)  # type: ignore[attr-defined]
    await settle(pilot)


async def test_b_on_home_lists_every_card_and_esc_goes_back(tmp_path: Path) -> None:
    app = build_app(tmp_path, ("kinds.yaml", "markup.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot)
        ids = shown(screen)
        assert ids[:3] == ["k-flip", "k-typed", "k-date"] and len(ids) == 11
        text = screen_text(app)
        assert "11 of 11 cards" in text
        assert "[@click=app.quit]What is 2+2?[/]" in text  # card text is data, not markup
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_the_palette_opens_the_browser(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        await run_command(pilot, "Browse cards")
        assert isinstance(app.screen, BrowserScreen)


async def test_search_filters_as_one_types(tmp_path: Path) -> None:
    app = build_app(tmp_path, ("kinds.yaml", "markup.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot)
        await pilot.press(*"deck:markup")
        await settle(pilot)
        assert shown(screen) == ["m-typed", "m-choice"]
        assert "2 of 11 cards" in screen_text(app)
        await pilot.press(*["backspace"] * len("deck:markup"), *"is:suspended")
        await settle(pilot)
        assert shown(screen) == ["k-date"]
        await pilot.press(*["backspace"] * len("suspended"), *"buried")
        await settle(pilot)
        assert shown(screen) == ["k-choice"]
        await pilot.press(*["backspace"] * len("is:buried"), *"budapest")
        await settle(pilot)
        assert "k-typed" in shown(screen)  # the answer is searched too
        await pilot.press(*["backspace"] * len("budapest"), *"is:sleeping")
        await settle(pilot)
        assert shown(screen) == []
        assert "is:sleeping is not a state" in screen_text(app)


async def test_suspend_flag_unbury_and_reset_from_the_list(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot)
        repo = app.repo
        assert repo is not None
        await go_to(pilot, screen, "k-date")
        await pilot.press("s", "f")  # unsuspend, unflag
        await settle(pilot)
        state = repo.state("k-date")
        assert not state.suspended and not state.flagged
        await pilot.press("s")
        await settle(pilot)
        assert repo.state("k-date").suspended
        assert screen.rows[2].state.suspended  # the row shows it without reloading
        await go_to(pilot, screen, "k-choice")
        await pilot.press("b")
        await settle(pilot)
        assert repo.state("k-choice").buried_until is None
        await go_to(pilot, screen, "k-typed")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # asked first: nothing happens without yes
        await settle(pilot)
        assert repo.state("k-typed").phase != Phase.NEW
        await pilot.press("r", "y")
        await settle(pilot)
        assert repo.state("k-typed").phase == Phase.NEW
        assert len(repo.reviews(card_id="k-typed")) == 2  # the history stays


async def test_history_of_a_card(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot)
        await go_to(pilot, screen, "k-typed")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CardHistoryScreen)
        assert "History of k-typed" in screen_text(app)
        table = app.screen.query_one("#history-table", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [(r[1], r[2], r[3], r[5]) for r in rows] == [
            ("study", "Again", "0%", "Paris"),  # newest first
            ("study", "Good", "100%", "Budapest"),
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


@contextmanager
def _no_suspend() -> Iterator[None]:
    yield


async def test_e_opens_the_deck_file_at_the_cards_line_in_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args_file = tmp_path / "args.txt"
    editor = tmp_path / "editor.py"
    editor.write_text(
        f"import sys; open({str(args_file)!r}, 'w').write('\\n'.join(sys.argv[1:]))\n"
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    app = build_app(tmp_path)
    monkeypatch.setattr(app, "suspend", _no_suspend)  # the headless driver cannot suspend
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, with_history=False)
        await go_to(pilot, screen, "k-typed")
        await pilot.press("e")
        await settle(pilot)
    path = str(REPO_ROOT / "tests" / "tui" / "fixtures" / "kinds.yaml")
    assert args_file.read_text().splitlines() == ["+13", path]


async def test_the_list_is_read_again_when_the_editor_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13.6: after the editor changed a card, the browser showed the old text."""
    decks = tmp_path / "decks"
    decks.mkdir()
    deck = decks / "kinds.yaml"
    deck.write_text((REPO_ROOT / "tests" / "tui" / "fixtures" / "kinds.yaml").read_text())
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys; from pathlib import Path; p = Path(sys.argv[-1]); "
        "p.write_text(p.read_text().replace('In which city was', 'Where was'))\n"
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    app = make_app(
        db_url=f"sqlite:///{tmp_path / 'tui.db'}",
        profile="tester",
        deck_dirs=[decks],
        clock=lambda: NOW,
    )
    monkeypatch.setattr(app, "suspend", _no_suspend)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, with_history=False)
        await go_to(pilot, screen, "k-typed")
        await pilot.press("e")
        await settle(pilot)
        current = screen._current()
        assert current is not None and current[1].card_id == "k-typed"
        assert current[1].question.startswith("Where was the Convention on Cybercrime")
        assert "Where was the Convention" in screen_text(app)


async def test_without_editor_e_says_where_the_card_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.chdir(REPO_ROOT)
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, with_history=False)
        await go_to(pilot, screen, "k-typed")
        await pilot.press("e")
        await settle(pilot)
        [notice] = [n.message for n in notices(app)]
    assert notice.replace(os.sep, "/") == (
        "tests/tui/fixtures/kinds.yaml:13\nSet EDITOR to open it from here."
    )


@pytest.mark.parametrize("size", [(100, 32), (80, 24)], ids=["100x32", "80x24"])
def test_snapshot_browser(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """The browser on the kinds and markup decks: 11 of 11 cards; k-typed in learning, due
    2026-11-25, last answers ✓✗; k-date suspended and flagged (SF); k-choice buried (B); the
    markup cards' text shown literally; at 100 columns a Kind column, at 80 none; the list
    focused with the cursor on k-typed, whose id, file:line, kind and tags are below it."""
    monkeypatch.chdir(REPO_ROOT)

    async def ready(pilot: Pilot[Any]) -> None:
        screen = await open_browser(pilot)
        await go_to(pilot, screen, "k-typed")
        await steady(pilot)

    app = build_app(tmp_path, ("kinds.yaml", "markup.yaml"))
    assert snap_compare(app, terminal_size=size, run_before=ready)


def test_snapshot_card_history(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """k-typed's history: its question, deck · kind · file:line, due date and schedule, and
    its two answers newest first (Paris, Again, 0%; Budapest, Good, 100%)."""
    monkeypatch.chdir(REPO_ROOT)

    async def ready(pilot: Pilot[Any]) -> None:
        screen = await open_browser(pilot)
        await go_to(pilot, screen, "k-typed")
        await pilot.press("h")
        await settle(pilot)

    assert snap_compare(build_app(tmp_path), terminal_size=SIZE, run_before=ready)
