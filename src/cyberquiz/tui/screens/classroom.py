"""The Class screen: an instructor's live view of the class on a class server (issue 16).

The same report as ``class-report --db`` (``services.class_report.from_repository``), read in a
worker from the app's open repository: students (readiness, who is idle), mastery by area, item
analysis of the questions, and the class exams' results. Students never get here (and row-level
security would show them only their own rows anyway).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from cyberquiz.core.wording import counted
from cyberquiz.tui.footer import Footer
from cyberquiz.tui.safe import text as safe_text
from cyberquiz.tui.screens.base import AppScreen

if TYPE_CHECKING:
    from cyberquiz.services.class_report import LiveClassReport
    from cyberquiz.tui.app import CyberQuizApp

CSS_PATH = Path(__file__).parent.parent / "styles" / "classroom.tcss"
TABS = ("class-students", "class-areas", "class-items", "class-exams")

#: (header, right-aligned) per table
STUDENT_COLUMNS = (
    ("Student", False),
    ("Answers", True),
    ("Last answer", False),
    ("Idle days", True),
    ("Exam date", False),
    ("Readiness", True),
    ("", False),
)
AREA_COLUMNS = (("Area", False), ("Cards", True), ("Mastery", True))
ITEM_COLUMNS = (
    ("Card", False),
    ("Question", False),
    ("Area", False),
    ("n", True),
    ("Facility", True),
    ("Discr.", True),
    ("Frequent wrong answers", False),
    ("", False),
)
EXAM_COLUMNS = (("Exam", False), ("Open", False), ("Sat", True), ("Mean", True), ("Scores", False))


@dataclass(frozen=True, slots=True)
class ClassView:
    """What the screen shows, as plain strings (built and tested without the app)."""

    summary: str
    students: tuple[tuple[str, ...], ...]
    areas: tuple[tuple[str, ...], ...]
    items: tuple[tuple[str, ...], ...]
    exams: tuple[tuple[str, ...], ...]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def class_view(report: LiveClassReport, zone: tzinfo = UTC) -> ClassView:
    """The screen's rows from the live report; times in ``zone``."""
    from cyberquiz.services.class_exams import when

    idle = frozenset(s.name for s in report.students if s.inactive)
    students = tuple(
        (
            s.name,
            str(s.answers),
            when(s.last_answer, zone) if s.last_answer else "never",
            "—" if s.idle_days is None else str(s.idle_days),
            str(s.exam_date or "—"),
            _percent(s.readiness),
            "idle" if s.inactive else "",
        )
        for s in report.students
    )
    areas = tuple((area, str(cards), _percent(mastery)) for area, cards, mastery in report.mastery)
    items = tuple(
        (
            i.card_id,
            " ".join(i.question.split()),
            i.area,
            str(i.presented),
            f"{i.facility:.2f}",
            "—" if i.discrimination is None else f"{i.discrimination:.2f}",
            "; ".join(f"{answer} ({n})" for answer, n in i.wrong_answers),
            "CHECK" if i.broken else "",
        )
        for i in report.items.items
    )
    exams = tuple(
        (
            r.exam.title,
            f"{when(r.exam.opens, zone)} – {when(r.exam.closes, zone)}",
            f"{len(r.scores)}/{len(report.students)}",
            "—" if r.mean is None else f"{r.mean:.0f}%",
            ", ".join(f"{name} {p:.0f}%" for name, p in r.scores),
        )
        for r in report.exams
    )
    summary = (
        f"{len(report.students)} students · {len(idle)} idle {report.inactive_days}+ days · "
        f"{counted(len(report.items.items), 'question')} answered · "
        f"{len(report.exams)} class exams · read {when(report.now, zone)}"
    )
    return ClassView(
        summary=summary,
        students=students,
        areas=areas,
        items=items,
        exams=exams,
    )


class ClassScreen(AppScreen[None]):
    """The class, live: students, areas, questions and class exams."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="class.close"),
        Binding("r", "reload", "Refresh", id="class.reload"),
        Binding(
            "right,bracketright", "switch_tab(1)", "Next tab", id="class.next_tab", key_display="→"
        ),
        Binding(
            "left,bracketleft", "switch_tab(-1)", "Previous", id="class.prev_tab", key_display="←"
        ),
    ]

    class Loaded(Message):
        """The class was read."""

        def __init__(self, report: LiveClassReport) -> None:
            super().__init__()
            self.report = report

    def __init__(self) -> None:
        super().__init__()
        self.view: ClassView | None = None

    @property
    def cq_app(self) -> CyberQuizApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Class", id="class-title")
        yield Static("Reading the class…", id="class-summary", markup=False)
        with TabbedContent(id="class-tabs"):
            for tab, title in zip(TABS, ("Students", "Areas", "Questions", "Exams"), strict=True):
                with TabPane(title, id=tab):
                    yield DataTable(id=f"{tab}-table", zebra_stripes=True, cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        for tab, columns in zip(
            TABS, (STUDENT_COLUMNS, AREA_COLUMNS, ITEM_COLUMNS, EXAM_COLUMNS), strict=True
        ):
            table = self.query_one(f"#{tab}-table", DataTable)
            for header, right in columns:
                table.add_column(Text(header, justify="right" if right else "left"))
        self.load()

    @work(thread=True, exclusive=True, group="class")
    def load(self) -> None:
        """Read the class off the UI thread."""
        from cyberquiz.services.class_report import from_repository
        from cyberquiz.storage.errors import StorageError

        app = self.cq_app
        repo = app.repo
        if repo is None:
            return
        try:
            report = from_repository(repo, now=app.clock())
        except StorageError as error:
            app.call_from_thread(app.show_error, error)
            return
        self.post_message(self.Loaded(report))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        repo = self.cq_app.repo
        self.show(class_view(event.report, repo.timezone() if repo is not None else UTC))

    def show(self, view: ClassView) -> None:
        """Fill the tables (card text and names as plain text, never markup)."""
        self.view = view
        self.query_one("#class-summary", Static).update(view.summary)
        rows = (view.students, view.areas, view.items, view.exams)
        columns = (STUDENT_COLUMNS, AREA_COLUMNS, ITEM_COLUMNS, EXAM_COLUMNS)
        for tab, table_rows, headers in zip(TABS, rows, columns, strict=True):
            table = self.query_one(f"#{tab}-table", DataTable)
            cells = [
                [
                    safe_text(value, justify="right" if right else "left")
                    for value, (_, right) in zip(row, headers, strict=True)
                ]
                for row in table_rows
            ]
            # Each column as wide as its widest cell, set here: a DataTable sizes its columns
            # only when idle and keeps the rows it drew before at the old widths, so a frame in
            # between left the Last answer column cut short until the next redraw.
            table.clear(columns=True)
            for index, (header, right) in enumerate(headers):
                width = max([len(header), *(row[index].cell_len for row in cells)])
                table.add_column(Text(header, justify="right" if right else "left"), width=width)
            for row in cells:
                table.add_row(*row)

    def action_reload(self) -> None:
        """Read the class again."""
        self.query_one("#class-summary", Static).update("Reading the class…")
        self.load()

    def action_switch_tab(self, step: int) -> None:
        """The next or previous tab."""
        tabs = self.query_one("#class-tabs", TabbedContent)
        index = TABS.index(tabs.active) if tabs.active in TABS else 0
        tabs.active = TABS[(index + step) % len(TABS)]

    def action_close(self) -> None:
        """Back to Home."""
        self.cq_app.leave_screen(self)
