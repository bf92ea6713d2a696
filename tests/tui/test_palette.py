"""The command palette (ctrl+p) runs the app's own commands beside Textual's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from cyberquiz.tui.screens.pick import PickScreen

from .helpers import SIZE, build_app, settle, wait_home


async def run_command(pilot: Pilot[Any], query: str) -> None:
    """Open the palette, type ``query``, wait for its hits, run the first one."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    hits = pilot.app.screen.query_one(CommandList)
    for _ in range(200):  # the palette searches in a task: wait for its answer, not a time
        await pilot.pause()
        if hits.option_count and query.lower() in str(hits.get_option_at_index(0).prompt).lower():
            break
    await pilot.press("enter")
    await settle(pilot)


async def test_palette_lists_the_app_commands_and_textuals(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles[:2] == ["Study all decks", "Study an area or tag…"]
        assert "Theme" in titles and "Quit" in titles  # Textual's own
        await run_command(pilot, "Study an area")
        assert isinstance(app.screen, PickScreen)
