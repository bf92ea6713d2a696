"""Exam results: total and band, by area and organization, time per question, every mistake."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from cyberquiz.core.exam import ExamResult, ExamStatus, GroupScore, ItemResult
from cyberquiz.core.exam_report import answer_text
from cyberquiz.core.kinds import question_text
from cyberquiz.core.present import points_text
from cyberquiz.tui.footer import Footer
from cyberquiz.tui.safe import join, plain
from cyberquiz.tui.safe import text as safe_text
from cyberquiz.tui.screens.base import AppScreen

if TYPE_CHECKING:
    from cyberquiz.tui.app import CyberQuizApp

CSS_PATH = Path(__file__).parent.parent / "styles" / "exam.tcss"
BAR_WIDTH = 20


def bar(percent: float, width: int = BAR_WIDTH) -> str:
    """A text bar: ``█████░░░░░`` for 50 %."""
    filled = round(max(0.0, min(100.0, percent)) / 100 * width)
    return "█" * filled + "░" * (width - filled)


def _seconds(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _one_line(text: str, limit: int = 42) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mistake_content(item: ItemResult) -> Content:
    """One mistake: the question, the student's answer, the expected one, explain and source."""
    card = item.card
    parts: list[str | Content | tuple[str, str]] = [
        (f"{item.position + 1}. ", "bold"),
        plain(question_text(card)),
        ("\n   Your answer: ", "bold"),
        plain(answer_text(item) or "(none)"),
        ("\n   Expected:    ", "bold"),
        plain(item.grade.expected),
        (f"\n   Score: {points_text(item.score)} ({item.grade.verdict.value})", "dim"),
    ]
    if card.explain:
        parts += ["\n   ", plain(card.explain.strip())]
    if card.source:
        parts += [("\n   “", "italic"), (card.source.strip(), "italic"), ("”", "italic")]
    if card.note:
        parts += [("\n   Note: ", "dim"), plain(card.note.strip())]
    return join(*parts)


class ResultsScreen(AppScreen[None]):
    """The scored exam, with keys to practise the mistakes and to save a report."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "practise_mistakes", "Practise mistakes", id="results.practise"),
        Binding("r", "save_report", "Save report", id="results.report"),
        Binding("escape,q", "close", "Close", id="results.close"),
    ]

    def __init__(self, result: ExamResult, *, report: str | None = None) -> None:
        super().__init__()
        self.result = result
        self.report = report
        self.saved: tuple[Path, Path] | None = None

    @property
    def cq_app(self) -> CyberQuizApp:
        return self.app  # type: ignore[return-value]

    def headline(self) -> str:
        r = self.result
        status = (
            "Time ran out: submitted as it stood.  " if r.status is ExamStatus.TIMED_OUT else ""
        )
        return (
            f"{status}Score {points_text(r.points)} / {r.questions}  ({r.percent:.1f} %)  ·  "
            f"{r.band}  ·  "
            f"answered {r.answered} of {r.questions}  ·  time {_seconds(r.time_ms)}"
        )

    def compose(self) -> ComposeResult:
        r = self.result
        yield Static(plain(self.headline()), id="results-headline", classes=f"-{r.band}")
        with VerticalScroll(id="results-body"):
            with Vertical(classes="results-section"):
                yield Static("By area", classes="results-title")
                yield DataTable(id="results-areas", cursor_type="none", zebra_stripes=True)
            if r.by_organization:
                with Vertical(classes="results-section"):
                    yield Static("By organization", classes="results-title")
                    yield DataTable(id="results-orgs", cursor_type="none", zebra_stripes=True)
            with Vertical(classes="results-section"):
                yield Static("Questions", classes="results-title")
                yield DataTable(id="results-items", cursor_type="row", zebra_stripes=True)
            with Vertical(classes="results-section", id="results-mistakes"):
                count = len(r.mistakes)
                yield Static(
                    f"Mistakes ({count})" if count else "No mistakes: every answer was right.",
                    classes="results-title",
                )
                for item in r.mistakes:
                    yield Static(mistake_content(item), classes="results-mistake")
        yield Footer()

    def _fill_groups(self, table: DataTable[Text], groups: tuple[GroupScore, ...]) -> None:
        table.add_columns("Name", "Questions", "Points", "%", "")
        for g in groups:
            table.add_row(
                safe_text(g.name),
                Text(str(g.questions)),
                Text(points_text(g.points)),
                Text(f"{g.percent:.0f}"),
                Text(bar(g.percent)),
            )

    def on_mount(self) -> None:
        r = self.result
        self._fill_groups(self.query_one("#results-areas", DataTable), r.by_area)
        if r.by_organization:
            self._fill_groups(self.query_one("#results-orgs", DataTable), r.by_organization)
        items = self.query_one("#results-items", DataTable)
        items.add_columns("#", "Question", "Area", "Score", "Time", "Flag")
        for i in r.items:
            # DataTable parses str cells as markup: deck text goes in as rich Text
            items.add_row(
                Text(str(i.position + 1)),
                safe_text(_one_line(question_text(i.card))),
                safe_text(i.area),
                Text(points_text(i.score)),
                Text(_seconds(i.time_ms)),
                Text("⚑" if i.flagged else ""),
            )
        if self.report:
            self.save_report(Path(self.report))

    def save_report(self, path: Path) -> None:
        """Write the Markdown and JSON reports and say where."""
        from cyberquiz.services.files import WriteRefused
        from cyberquiz.services.reports import write_report_files

        force = path == Path(self.report or "") and bool(self.cq_app.options.get("report_force"))
        try:
            self.saved = write_report_files(self.result, path, force=force)
        except (OSError, WriteRefused) as error:
            self.app.notify(
                f"The report could not be saved: {error}", severity="error", markup=False
            )
            return
        md, js = self.saved
        self.app.notify(f"Report saved: {md} and {js}", title="Report", markup=False, timeout=8)

    def action_save_report(self) -> None:
        """Save the report as Markdown and JSON (asks where)."""
        from cyberquiz.services.reports import default_report_path
        from cyberquiz.tui.screens.pick import AskScreen

        default = Path(self.report) if self.report else default_report_path(self.result)

        def chosen(text: str | None) -> None:
            if text and text.strip():
                self.save_report(Path(text.strip()))

        self.app.push_screen(
            AskScreen("Save the report (Markdown and JSON)", "File name", value=str(default)),
            chosen,
        )

    def action_practise_mistakes(self) -> None:
        """Practise this exam's mistakes now, with feedback (the schedule does not move)."""
        cards = list({i.card.id: i.card for i in self.result.mistakes}.values())
        if not cards:
            self.app.notify("No mistakes to practise.", timeout=3)
            return
        self.cq_app.practice_cards(cards, title="Practice: exam mistakes")

    def action_close(self) -> None:
        """Back to Home."""
        if not self.cq_app.leave_screen(self, finished=True):
            self.app.pop_screen()
