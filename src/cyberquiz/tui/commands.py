"""The command palette (ctrl+p): the app's actions by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from cyberquiz.tui.app import CyberQuizApp

#: (name, help, method name on the app)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Study all decks", "The scheduler's due and new cards from every deck", "action_study_all"),
    ("Study an area or tag…", "Only cards of one area or organization", "action_study_pick"),
    ("Practice", "Cram without touching the schedule", "action_open_practice"),
    ("Exam", "A self-assessment exam", "action_open_exam"),
    ("Statistics", "Progress, forecast and exam readiness", "action_open_stats"),
    ("Switch profile…", "Study as another student", "action_switch_profile"),
    ("Change theme…", "Pick a colour theme (remembered)", "action_change_theme"),
    ("Sync decks now", "Read the deck folders again", "action_sync_decks"),
    ("Keys of this screen", "Help (F1 or ?)", "action_help"),
)


class CyberQuizCommands(Provider):
    """The app's own commands."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = cast("CyberQuizApp", self.app)
        return [(name, help_, getattr(app, method)) for name, help_, method in COMMANDS]

    async def discover(self) -> Hits:
        for name, help_, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_)
