"""Summary: what a study session did, and when the next cards are due."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Static

from cyberquiz.services.sources import SessionTally
from cyberquiz.tui.footer import Footer
from cyberquiz.tui.safe import join
from cyberquiz.tui.screens.base import AppScreen

if TYPE_CHECKING:
    from cyberquiz.tui.app import CyberQuizApp


def duration_text(seconds: int) -> str:
    """``45 s``, ``3 min 20 s``, ``1 h 05 min``."""
    if seconds < 60:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def due_text(next_due: datetime | None, now: datetime) -> str:
    """When the next card is due, relative to ``now``."""
    if next_due is None:
        return "nothing scheduled"
    delta = int((next_due - now).total_seconds())
    if delta <= 0:
        return "now"
    if delta >= 2 * 86400:
        return f"in {round(delta / 86400)} days"
    return f"in {duration_text(delta)}"


class SummaryScreen(AppScreen[None]):
    """What the session did: cards reviewed, accuracy, time, next due."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape,q", "close", "Back", id="summary.close"),
    ]

    def __init__(self, tally: SessionTally, *, now: datetime, next_due: datetime | None) -> None:
        super().__init__()
        self.tally = tally
        self.at = now
        self.next_due = next_due

    def compose(self) -> ComposeResult:
        tally = self.tally
        accuracy = tally.accuracy
        right = f"{tally.correct} of {tally.graded}"
        if accuracy is not None:
            right += f" ({round(accuracy * 100)}%)"
        rows = [
            ("Cards reviewed", str(tally.reviewed)),
            ("Right", right),
            ("Time", duration_text(tally.seconds(self.at))),
            ("Next due", due_text(self.next_due, self.at)),
        ]
        with Vertical(id="summary-box"):
            yield Static("Session finished", id="summary-title", markup=False)
            for label, value in rows:
                yield Static(join((f"{label:<16}", "bold"), value), classes="summary-row")
            yield Button("Back (Enter)", id="summary-back", variant="primary")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()

    def action_close(self) -> None:
        """Back to Home (or out of a preview)."""
        app: CyberQuizApp = self.app  # type: ignore[assignment]
        app.leave_screen(self, finished=True)
