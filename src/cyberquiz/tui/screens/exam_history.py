"""Past exams: date, settings, score, band and score by area; Enter opens the results."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from cyberquiz.core.exam import ExamSummary
from cyberquiz.core.present import points_text
from cyberquiz.storage.errors import StorageError
from cyberquiz.tui.safe import text as safe_text
from cyberquiz.tui.screens.base import AppModal

if TYPE_CHECKING:
    from cyberquiz.storage.exams import ExamStore

CSS_PATH = Path(__file__).parent.parent / "styles" / "exam.tcss"


def history_row(e: ExamSummary) -> tuple[Text, ...]:
    """One table row; every cell is rich Text (DataTable would parse a str as markup)."""
    score = f"{e.percent:.0f} %  {points_text(e.points)}/{e.questions}" if e.scored else "—"
    areas = "  ".join(f"{g.name} {g.percent:.0f}" for g in e.by_area)
    return (
        Text(e.started_at.strftime("%Y-%m-%d %H:%M")),
        Text(e.status.value.replace("_", " ")),
        Text(score),
        Text(e.band if e.scored else ""),
        safe_text(e.settings.describe()),
        safe_text(areas),
    )


class ExamHistoryScreen(AppModal[None]):
    """Every past exam of this profile, newest first."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="exam-history.close")
    ]

    def __init__(self, store: ExamStore) -> None:
        super().__init__()
        self.store = store
        self.exams: list[ExamSummary] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="exam-history"):
            yield Static("Past exams (Enter: results)", classes="dialog-title")
            yield DataTable(id="exam-history-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        table.add_columns("Date (UTC)", "Status", "Score", "Band", "Settings", "By area")
        try:
            self.exams = self.store.history()
        except StorageError as error:
            self.app.notify(str(error), severity="error", markup=False)
        for e in self.exams:
            table.add_row(*history_row(e), key=str(e.id))
        if not self.exams:
            self.query_one(".dialog-title", Static).update("No exams yet.")
        table.focus()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        from cyberquiz.tui.screens.exam_results import ResultsScreen

        event.stop()
        exam = self.exams[event.cursor_row]
        if not exam.scored:
            self.app.notify("This exam was not finished: it has no results.", timeout=4)
            return
        try:
            result = self.store.result(exam.id)
        except StorageError as error:
            self.app.notify(str(error), severity="error", markup=False)
            return
        self.app.push_screen(ResultsScreen(result))

    def action_close(self) -> None:
        """Close."""
        self.dismiss(None)
