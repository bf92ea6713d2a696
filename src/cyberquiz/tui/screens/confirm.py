"""A yes/no question in a dialog."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from cyberquiz.tui.safe import plain
from cyberquiz.tui.screens.base import AppModal


class ConfirmScreen(AppModal[bool]):
    """Ask ``title`` with an explanation; ``y`` dismisses with True, ``n`` or esc with False."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "exam.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Yes", id="confirm.yes"),
        Binding("escape,n", "cancel", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, text: str, *, yes: str = "Yes (y)", no: str = "No (n)"):
        super().__init__()
        self.title_text = title
        self.text = text
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Static(plain(self.text), id="confirm-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, variant="primary", id="confirm-yes", compact=True)
                yield Button(self.no, id="confirm-no", compact=True)

    @on(Button.Pressed, "#confirm-yes")
    def action_confirm(self) -> None:
        """Yes."""
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_cancel(self) -> None:
        """No."""
        self.dismiss(False)
