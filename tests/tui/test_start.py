"""Start-up: database problems as a message (never a traceback), preview, the study command."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from cyberquiz.cli import make_app
from cyberquiz.tui.screens.home import HomeScreen
from cyberquiz.tui.screens.message import MessageScreen
from cyberquiz.tui.screens.preview import PreviewScreen
from cyberquiz.tui.screens.study import StudyScreen
from cyberquiz.tui.screens.summary import SummaryScreen
from support import notices

from .helpers import FIXTURES, NOW, SIZE, answer, screen_text, settle


def app_on(db_path: Path, *, start: str = "home", options: dict[str, object] | None = None):
    return make_app(
        db_url=f"sqlite:///{db_path}",
        profile="tester",
        deck_dirs=[FIXTURES / "kinds.yaml"],
        clock=lambda: NOW,
        rng=random.Random(0),
        start=start,
        options=options,
    )


def _not_sqlite(path: Path) -> None:
    path.write_text("this is not a database\n")


def _other_program(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")


def _corrupt(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)


def _newer(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE cyberquiz_schema (id INTEGER PRIMARY KEY, version INTEGER)")
        conn.execute("INSERT INTO cyberquiz_schema VALUES (1, 999)")


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (_not_sqlite, "not a SQLite file"),
        (_other_program, "no cyberquiz tables"),
        (_newer, "999"),
        (_corrupt, "damaged"),
    ],
    ids=["not-sqlite", "other-program", "newer-schema", "corrupt"],
)
async def test_database_problem_shows_a_message(tmp_path: Path, spoil, words: str) -> None:
    db = tmp_path / "bad.db"
    spoil(db)
    app = app_on(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MessageScreen)
        text = screen_text(app)
        assert "cannot be opened" in text
        assert words in app.screen.message
        assert "Traceback" not in text
        await pilot.press("q")
        await settle(pilot)
    assert not app.is_running
    assert app.return_code == 1


async def test_locked_database_on_answer_is_a_notice_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that meets a locked database: a notice, the card stays, nothing half-shown."""
    from cyberquiz.storage.errors import DatabaseLocked

    from .helpers import open_card, wait_home

    app = app_on(tmp_path / "ok.db")
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        screen = await open_card(pilot, "k-typed")
        assert app.repo is not None

        def locked(*args: object, **kwargs: object) -> None:
            raise DatabaseLocked(str(tmp_path / "ok.db"), "database is locked")

        monkeypatch.setattr(app.repo, "record_answer", locked)
        await answer(pilot, right=True)
        assert app.is_running
        assert screen.state == "asking"
        assert any("busy" in n.message for n in notices(app))
        monkeypatch.undo()
        await pilot.press("enter")  # the answer is still typed: try again
        await settle(pilot)
        assert screen.state == "feedback"
        assert len(app.repo.reviews(card_id="k-typed")) == 1


async def test_preview_shows_cards_in_file_order_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    app = app_on(db, start="preview", options={"path": str(FIXTURES / "kinds.yaml")})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        assert "preview" in screen_text(app)
        seen = []
        for _ in range(3):
            assert screen.card is not None
            seen.append(screen.card.id)
            await answer(pilot, right=True)
            if screen.state == "feedback":
                await pilot.press("enter")
                await settle(pilot)
        assert seen == ["k-flip", "k-typed", "k-date"]
        await pilot.press("r")  # reload: starts over from the first card
        await settle(pilot)
        assert screen.card is not None and screen.card.id == "k-flip"
    assert not db.exists()
    assert app.repo is None


async def test_preview_of_a_broken_deck_lists_problems_with_lines(tmp_path: Path) -> None:
    app = app_on(
        tmp_path / "x.db", start="preview", options={"path": str(FIXTURES / "broken.yaml")}
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PreviewScreen)
        text = screen_text(app)
        assert "broken.yaml:" in text
        assert "press r to reload" in text


async def test_preview_end_shows_summary_then_exits(tmp_path: Path) -> None:
    app = app_on(tmp_path / "x.db", start="preview", options={"path": str(FIXTURES / "kinds.yaml")})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, right=True)  # the flip card: preview rates nothing, Enter goes on
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await settle(pilot)
    assert not app.is_running


def test_study_and_preview_commands_build_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """`cyberquiz study --deck X --tag Y` and `preview FILE` pass their options to run_app."""
    calls: list[tuple[str, dict[str, object]]] = []

    def fake_run_app(config: object, start: str = "home", options: dict | None = None) -> None:
        calls.append((start, options or {}))

    monkeypatch.setattr("cyberquiz.commands.study.run_app", fake_run_app)
    from cyberquiz.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["study", "--deck", "kinds", "--deck", "dates", "--tag", "eu"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["preview", str(FIXTURES / "kinds.yaml")])
    assert result.exit_code == 0, result.output
    assert calls == [
        ("study", {"deck_ids": ["kinds", "dates"], "tags": ["eu"]}),
        ("preview", {"path": str(FIXTURES / "kinds.yaml")}),
    ]


async def test_study_of_an_unknown_deck_says_so_on_home(tmp_path: Path) -> None:
    app = app_on(tmp_path / "t.db", start="study", options={"deck_ids": ["nosuch"], "tags": []})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        messages = [str(n.message) for n in notices(app)]
        assert messages == ["No deck with id nosuch. The decks are: kinds."], messages


async def test_study_tag_option(tmp_path: Path) -> None:
    app = app_on(tmp_path / "t.db", start="study", options={"deck_ids": [], "tags": ["dates"]})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.card is not None and app.screen.card.id == "k-date"
        await answer(pilot, right=True)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        # Home built after a study start shows whole deck titles (DataTable measured too late)
        assert "One of every kind" in screen_text(app)


async def test_study_start_shows_the_stored_card_then_syncs(tmp_path: Path) -> None:
    """With cards already stored, `cyberquiz study` paints the first card before checking the
    deck files; new or broken decks are reported right after."""
    db = tmp_path / "warm.db"
    first = app_on(db)
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
    app = make_app(
        db_url=f"sqlite:///{db}",
        profile="tester",
        deck_dirs=[FIXTURES / "kinds.yaml", FIXTURES / "markup.yaml", FIXTURES / "broken.yaml"],
        clock=lambda: NOW,
        rng=random.Random(0),
        start="study",
        options={"deck_ids": [], "tags": []},
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.card is not None and app.screen.card.id == "k-flip"
        assert app.repo is not None
        assert {d.id for d in app.repo.decks()} == {"kinds", "markup"}
        messages = [n.message for n in notices(app)]
        assert any("2 added" in m for m in messages), messages
        assert any("broken.yaml:" in m for m in messages), messages
