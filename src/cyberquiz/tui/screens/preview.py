"""Preview: one deck file as a student would see it, in file order, writing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from cyberquiz.services.sources import ListSource
from cyberquiz.tui.safe import join, plain
from cyberquiz.tui.screens.study import StudyScreen

if TYPE_CHECKING:
    from cyberquiz.decks.loader import DeckLoad


class PreviewScreen(StudyScreen):
    """The study screen on one deck file; ``r`` reloads the file; nothing is stored."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r,r", "reload", "Reload file", id="preview.reload"),
    ]

    def __init__(self, path: Path, load: DeckLoad) -> None:
        deck = load.deck
        cards = list(deck.cards) if deck is not None else []
        super().__init__(ListSource(cards, None), title=f"Preview: {path}")
        self.path = path
        self.load = load

    def begin(self) -> None:
        problems = [p for p in self.load.problems if p.severity == "error"] or []
        if self.load.deck is None or problems:
            self.show_problems()
            return
        for warning in self.load.problems:
            self.notify(str(warning), severity="warning", markup=False, timeout=8)
        super().begin()

    def show_problems(self) -> None:
        """List the deck's problems (path:line:column) instead of cards."""
        body = self.query_one("#study-body", VerticalScroll)
        body.remove_children()
        lines = [join(("This deck has problems; fix them and press r to reload.", "bold"))]
        lines += [plain(str(p)) for p in self.load.problems]
        body.mount(*[Static(line, classes="problem-line") for line in lines])

    def action_reload(self) -> None:
        """Read the deck file again and start over."""
        from cyberquiz.decks.loader import load_deck_file

        self.load = load_deck_file(self.path)
        deck = self.load.deck
        self.source = ListSource(list(deck.cards) if deck is not None else [], None)
        self.notify("Reloaded.", timeout=2)
        self.begin()
