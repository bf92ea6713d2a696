"""Start-up and error screens."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from cyberquiz.tui.footer import Footer
from cyberquiz.tui.safe import plain
from cyberquiz.tui.screens.base import AppScreen


class LoadingScreen(AppScreen[None]):
    """Shown while the database opens and the decks sync."""

    def compose(self) -> ComposeResult:
        yield Static("Opening your decks…", id="loading", markup=False)


class MessageScreen(AppScreen[None]):
    """A problem that stops the app (e.g. a locked or newer database): the message, then quit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,enter", "quit", "Quit", id="message.quit"),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="message-box"):
            yield Static(plain(self.title_text), id="message-title")
            yield Static(plain(self.message), id="message-text")
            yield Static("Press q to quit.", id="message-hint", markup=False)
        yield Footer()

    def action_quit(self) -> None:
        """Quit with exit status 1: the app could not do its job."""
        self.app.exit(return_code=1)
