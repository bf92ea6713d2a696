"""The stats screen in the real app: loads in a worker, shows every pane, sets the exam date."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, TabbedContent

from cyberquiz.cli import make_app
from cyberquiz.tui.app import CyberQuizApp
from cyberquiz.tui.screens.stats import Bars, Heatmap, StatsScreen
from storage.stats_history import NOW, build_history
from support import settle

from .helpers import WidgetApp, screen_text


def stats_app(tmp_path: Path, options: dict[str, Any] | None = None) -> CyberQuizApp:
    db_url = f"sqlite:///{tmp_path / 'stats.db'}"
    build_history(db_url).close()
    return make_app(
        db_url=db_url,
        profile="ana",
        deck_dirs=[],
        clock=lambda: NOW,
        rng=random.Random(0),
        start="stats",
        options=options,
    )


def text_of(screen: StatsScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_stats_screen_shows_the_figures(tmp_path: Path) -> None:
    app = stats_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.data is not None
        figures = text_of(screen, "#activity-figures")
        assert "Streak        2 days" in figures
        assert "Today         1 answer, " in figures
        retention = text_of(screen, "#retention")
        assert "last  7 days    75%   3/4 passed" in retention
        heatmap = screen.query_one(Heatmap)
        assert heatmap.weeks() == 22  # 12 at 80 columns, one more per 2 columns
        cards = screen.query_one("#cards-table", DataTable)
        assert cards.row_count == 3  # two decks and the total
        assert [str(c) for c in cards.get_row_at(2)][-1] == "7"
        exams = screen.query_one("#exams-table", DataTable)
        assert exams.row_count == 2
        summary = text_of(screen, "#readiness-summary")
        assert "17 study days left, today included" in summary
        assert "7 cards: 5 studied, 2 never seen" in summary
        assert screen.query_one("#exam-date", Input).value == "2026-12-15"


async def test_tabs_switch_with_keys(tmp_path: Path) -> None:
    app = stats_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.active == "tab-activity"
        await pilot.press("right")
        assert tabs.active == "tab-forecast"
        await pilot.press("left", "left")
        assert tabs.active == "tab-readiness"
        await pilot.press("3")
        assert tabs.active == "tab-cards"
        assert app.screen.query_one(Heatmap).weeks() == 12


async def test_exam_date_typed_on_the_screen_is_saved(tmp_path: Path) -> None:
    app = stats_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        field = app.screen.query_one("#exam-date", Input)
        assert field.has_focus
        field.value = ""
        await pilot.press("enter")  # no date: readiness says what it waits for
        await settle(pilot)
        assert app.repo is not None and app.repo.get_setting("exam_date") is None
        bars = app.screen.query_one("#readiness-area", Bars)
        assert (bars.rows, str(bars.render())) == ((), "Once the exam date is set.")
        await pilot.press(*"2026-12-31", "enter")
        await settle(pilot)
        assert app.repo is not None
        assert app.repo.get_setting("exam_date") == "2026-12-31"
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.data is not None and screen.data.readiness is not None
        assert screen.data.readiness.days_left == 33
        assert (
            [name for name, _, _ in bars.rows]
            == [g.name for g in screen.data.readiness.by_area]
            != []
        )
        # a bad date is refused without changing anything
        field.value = ""
        await pilot.press(*"31.12.2026", "enter")
        await settle(pilot)
        assert app.repo.get_setting("exam_date") == "2026-12-31"


async def test_start_options_override_the_saved_date(tmp_path: Path) -> None:
    app = stats_app(tmp_path, {"exam_date": "2026-12-05", "target": 0.8})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.data is not None and screen.data.readiness is not None
        assert screen.data.readiness.days_left == 7
        assert screen.data.readiness.target == 0.8


async def test_escape_goes_back_home(tmp_path: Path) -> None:
    from cyberquiz.tui.screens.home import HomeScreen

    app = stats_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        app.action_open_stats()
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)


def test_snapshot_activity_80x24(tmp_path: Path, snap_compare: Any) -> None:
    """The Activity tab at 80×24: a 12-week heatmap with today (28 Nov) bold in the last
    column, streak 2 / longest 3, 1 answer today, retention 75% (7 days) and 60% (30 days)
    below the desired 90%."""

    async def ready(pilot: Pilot[Any]) -> None:
        await settle(pilot)

    assert snap_compare(stats_app(tmp_path), terminal_size=(80, 24), run_before=ready)


def test_snapshot_readiness_100x32(tmp_path: Path, snap_compare: Any) -> None:
    """The Readiness tab at 100×32: exam 2026-12-15, 17 study days left, 7 cards (5 studied), the
    expected score if the student stops now, the plan to reach 90% and the plan at the
    current pace, and the expected score by area as bars."""

    async def ready(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("6")
        await pilot.pause()

    assert snap_compare(stats_app(tmp_path), terminal_size=(100, 32), run_before=ready)


async def test_deck_titles_are_data_not_markup(tmp_path: Path) -> None:
    title = "[bold]Treaties[/] [@click=app.quit]quit[/] $primary"
    app = stats_app(tmp_path)
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path / 'stats.db'}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE deck SET title = :t WHERE id = 'd1'"), {"t": title})
    engine.dispose()
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot)
        cards = app.screen.query_one("#cards-table", DataTable)
        assert str(cards.get_row_at(0)[0]) == title
        await pilot.press("3")
        await pilot.click("#cards-table")
        assert app.is_running


class BarsApp(WidgetApp):
    def compose(self) -> ComposeResult:
        yield Bars(id="bars")


async def test_bars_are_a_name_a_bar_and_a_figure_per_row_as_written() -> None:
    """A name longer than its 20 columns ends in an ellipsis (a wrapped label showed only its
    first words); a full bar takes the complete colour; names and figures are data."""
    app = BarsApp()
    async with app.run_test(size=(80, 5)) as pilot:
        bars = app.query_one(Bars)
        await settle(pilot)
        assert screen_text(app).splitlines()[0].rstrip() == "No cards yet."
        bars.show([("[bold]League of Arab States", 0.5, "[red]1/2[/]"), ("dates", 1.0, "2/2")])
        await settle(pilot)
        lines = screen_text(app).splitlines()
        half = "━" * 15 + "╺" + "━" * 14
        assert lines[0].rstrip() == "[bold]League of Ara…" + half + "    [red]1/2[/]"
        assert lines[1].rstrip() == "dates" + " " * 15 + "━" * 30 + "    2/2"
        assert bars.size.height == 2
        complete = bars.get_component_rich_style("bars--complete").color
        drawn = bars.render()
        assert any(span.style.color == complete for span in drawn.spans if span.start > 60)
