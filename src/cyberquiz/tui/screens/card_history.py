"""One card's history: where it is written, its schedule now, and every answer given to it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from cyberquiz.core.browse import BrowseRow
from cyberquiz.core.cards import Card
from cyberquiz.core.serialize import answer_display, answer_from_json
from cyberquiz.core.state import ReviewRecord
from cyberquiz.tui.safe import join, plain
from cyberquiz.tui.safe import text as safe_text
from cyberquiz.tui.screens.base import AppModal


def answer_text(card: Card, stored: str) -> str:
    """A stored answer as the student gave it (the raw JSON if it no longer fits the card)."""
    try:
        return answer_display(card, answer_from_json(card, stored))
    except (ValueError, TypeError, KeyError, IndexError):  # the card was edited since
        return stored


class CardHistoryScreen(AppModal[None]):
    """Every answer to one card, newest first, with its schedule now."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "browser.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,h", "close", "Close", id="history.close"),
    ]

    def __init__(
        self, card: Card, row: BrowseRow, reviews: Sequence[ReviewRecord], tz: tzinfo
    ) -> None:
        super().__init__()
        self.card = card
        self.row = row
        self.reviews = list(reviews)
        self.tz = tz

    def compose(self) -> ComposeResult:
        from cyberquiz.tui.screens.browser import where_text

        row, state = self.row, self.row.state
        where = where_text(row)
        with Vertical(classes="dialog", id="history-dialog"):
            yield Static(
                join(("History of ", "bold"), (row.card_id, "bold")), classes="dialog-title"
            )
            yield Static(plain(row.question), id="history-question")
            schedule = [f"{row.deck_id} · {row.kind} · {where}"]
            if state.due is not None:
                due = state.due.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")
                schedule.append(f"due {due} · {state.reps} reviews · {state.lapses} lapses")
            if state.stability is not None and state.difficulty is not None:
                schedule.append(
                    f"stability {state.stability:.1f} days · difficulty {state.difficulty:.1f}"
                )
            yield Static(plain("\n".join(schedule)), id="history-schedule")
            if not self.reviews:
                yield Static("Never answered.", id="history-empty", markup=False)
                return
            table: DataTable[Text] = DataTable(id="history-table", cursor_type="row")
            table.add_columns("When", "Mode", "Rating", "Score", "Secs", "Answer")
            for review in reversed(self.reviews):
                rating = review.rating.name.capitalize() if review.rating is not None else ""
                table.add_row(
                    Text(review.at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")),
                    Text(str(review.mode)),
                    Text(rating),
                    Text(f"{review.score:.0%}", justify="right"),
                    Text(f"{review.response_ms / 1000:.0f}", justify="right"),
                    safe_text(" ".join(answer_text(self.card, review.answer).split())),
                )
            yield table

    def action_close(self) -> None:
        """Back to the browser."""
        self.dismiss(None)
