"""Home: the decks with their counts, the day's progress, and where to go next."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.content import Content
from textual.widgets import Button, DataTable, Static

from cyberquiz.core.wording import counted
from cyberquiz.tui.footer import Footer
from cyberquiz.tui.safe import join, plain
from cyberquiz.tui.safe import text as safe_text
from cyberquiz.tui.screens.base import AppScreen

if TYPE_CHECKING:
    from cyberquiz.core.state import DeckSummary  # loaded with the counts, after the paint
    from cyberquiz.services.class_exams import OpenExam
    from cyberquiz.storage.peek import Glance
    from cyberquiz.tui.app import CyberQuizApp, StartOptions

ALL_DECKS = "__all__"
#: columns of the deck table that are not the deck title: 4 figures, cell padding, margins
DECK_TABLE_FIXED = 5 + 8 + 5 + 6 + 5 * 2 + 2 + 2
#: the subject of the decks that ship with the app (the article's)
ARTICLE_SUBJECT = "international organizations countering cybercrime"


def deck_set_title(deck_dirs: Sequence[Path], titles: Sequence[str] = ()) -> str:
    """What the decks on Home are about: the article's subject for its own decks, else the
    one deck's title, else the names of the deck folders or files given with ``--decks``."""
    from cyberquiz.paths import bundled_decks_dir

    bundled = bundled_decks_dir()
    if (
        deck_dirs
        and bundled is not None
        and all(Path(d).resolve() == bundled.resolve() for d in deck_dirs)
    ):
        return ARTICLE_SUBJECT
    if len(titles) == 1:
        return titles[0]
    return ", ".join(Path(d).stem if Path(d).suffix else Path(d).name for d in deck_dirs)


@dataclass(frozen=True)
class HomeData:
    """What Home shows, read in a worker."""

    summaries: list[DeckSummary]
    answers_today: int
    seconds_today: int
    streak: int
    exam_date: str | None
    now: datetime
    #: (new, learning, due) across all decks, with the daily limits applied once
    #: (``Repository.today_counts``, which the statistics show too)
    all_counts: tuple[int, int, int] = (0, 0, 0)
    #: the class exams open now (a class server's student)
    class_exams: tuple[OpenExam, ...] = ()


def progress_text(data: HomeData, profile: str) -> Content:
    """``Today: 12 answers in 8 min · streak 3 days · exam 2026-12-15 (in 17 days)``."""
    minutes = round(data.seconds_today / 60)
    parts: list[str | Content | tuple[str, str]] = [
        ("Today ", "bold"),
        f"{counted(data.answers_today, 'answer')} in {minutes} min",
        ("  ·  streak ", "bold"),
        f"{counted(data.streak, 'day')}",
    ]
    if data.exam_date:
        parts += [("  ·  exam ", "bold"), plain(str(data.exam_date))]
        try:
            days = (date.fromisoformat(str(data.exam_date)) - data.now.date()).days
        except ValueError:
            days = None
        if days is not None and days >= 0:
            parts.append(f" (in {counted(days, 'day')})")
    parts += [("  ·  profile ", "bold"), plain(profile)]
    return join(*parts)


class HomeScreen(AppScreen[None]):
    """The decks, today's progress, and the ways into study, practice, exam and stats."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "app.study_all", "Study all", show=False, id="home.study_all"),
        Binding("enter", "study_deck", "Study deck", id="home.study_deck"),
        Binding("t", "app.study_pick", "Area/tag", show=False, id="home.study_pick"),
        Binding("p", "app.open_practice", "Practice", show=False, id="home.practice"),
        Binding("x", "app.open_exam", "Exam", show=False, id="home.exam"),
        Binding("i", "app.open_stats", "Stats", show=False, id="home.stats"),
        Binding("b", "app.open_browser", "Browse", id="home.browse"),
        Binding("c", "open_class", "Class", id="home.class"),
        Binding("e", "sit_class_exam", "Class exam", id="home.class_exam"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    def __init__(self, glance: Glance | None = None) -> None:
        super().__init__()
        self.data: HomeData | None = None
        #: the deck list read before the repository opened (start-up), until the counts come
        self.glance = glance

    @property
    def cq_app(self) -> CyberQuizApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="home-title")
        yield Static("Loading…", id="home-progress", markup=False)
        yield Static("", id="home-class", markup=False)
        table: DataTable[Text] = DataTable(id="deck-table", cursor_type="row", zebra_stripes=True)
        self._add_columns(table, 20)
        yield table
        with Grid(id="home-actions"):
            yield Button("Study all (s)", id="btn-study", variant="primary", compact=True)
            yield Button("Area/tag (t)", id="btn-pick", compact=True)
            yield Button("Practice (p)", id="btn-practice", compact=True)
            yield Button("Exam (x)", id="btn-exam", compact=True)
            yield Button("Stats (i)", id="btn-stats", compact=True)
        yield Footer()

    @staticmethod
    def _add_columns(table: DataTable[Text], deck_width: int) -> None:
        # labels as Text: a str label is parsed as markup, which imports rich's emoji table
        table.add_column(Text("Deck"), key="deck", width=max(deck_width, 4))
        for label, key, width in (
            ("New", "new", 5),
            ("Learning", "learning", 8),
            ("Due", "due", 5),
            ("Total", "total", 6),
        ):
            table.add_column(Text(label, justify="right"), key=key, width=width)

    def _title(self, titles: Sequence[str] = ()) -> Content:
        return join(
            ("cyberquiz", "bold"), "  ", plain(deck_set_title(self.cq_app.deck_dirs, titles))
        )

    def on_mount(self) -> None:
        self.query_one("#deck-table", DataTable).focus()
        self._fit(self.app.size.width)
        if self.glance is not None:
            self._show_glance(self.glance)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)
        if self.data is not None:
            self.show_data(self.data)

    def _fit(self, width: int) -> None:
        """Five buttons in a row where they fit, else three and two (80 columns and less)."""
        self.query_one("#home-actions", Grid).styles.grid_size_columns = 5 if width >= 90 else 3

    def _show_glance(self, glance: Glance) -> None:
        """The decks and their totals; the counts wait for the repository (``…``)."""
        self.query_one("#home-progress", Static).update("Opening your decks…")
        table = self.query_one("#deck-table", DataTable)
        table.clear(columns=True)
        titles = [d.title or d.deck_id for d in glance.decks] + ["All decks"]
        self._add_columns(table, min(max(len(t) for t in titles), 60))
        waiting = [Text("…", justify="right", style="dim")] * 3
        for d in glance.decks:
            table.add_row(
                safe_text(d.title or d.deck_id),
                *waiting,
                Text(str(d.total), justify="right"),
                key=d.deck_id,
            )
        if len(glance.decks) != 1:
            total = sum(d.total for d in glance.decks)
            table.add_row(
                Text("All decks", style="bold"),
                *waiting,
                Text(str(total), justify="right", style="bold"),
                key=ALL_DECKS,
            )
        self.call_after_refresh(self.cq_app.first_paint_done)

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the counts again (in a worker)."""
        if self.cq_app.repo is not None:
            self._load()

    @work(thread=True, exclusive=True, group="home")
    def _load(self) -> None:
        from cyberquiz.services.class_exams import open_exams
        from cyberquiz.storage.errors import StorageError

        app = self.cq_app
        repo = app.repo
        if repo is None:
            return
        now = app.clock()
        try:
            answers, seconds = repo.today_progress(now)
            counts = repo.today_counts(now)
            data = HomeData(
                summaries=repo.deck_summaries(now),
                answers_today=answers,
                seconds_today=seconds,
                streak=repo.streak(now),
                exam_date=repo.get_setting("exam_date"),
                now=now,
                all_counts=(counts.new, counts.learning, counts.review),
                class_exams=tuple(open_exams(repo, now)),
            )
        except StorageError as error:
            app.call_from_thread(app.show_error, error)
            return
        app.call_from_thread(self.show_data, data)

    def show_data(self, data: HomeData) -> None:
        """Fill the table and the progress line."""
        self.data = data
        self.query_one("#home-title", Static).update(
            self._title([s.title or s.deck_id for s in data.summaries])
        )
        self.query_one("#home-progress", Static).update(progress_text(data, self.cq_app.profile))
        self._show_class_exams(data)
        table = self.query_one("#deck-table", DataTable)
        selected = None
        if table.row_count and table.cursor_row is not None:
            try:
                selected = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            except Exception:  # an empty or changed table has no such row
                selected = None
        # Columns get widths from the data: DataTable's own measuring happens on idle and can
        # leave a table rendered in between with stale widths (seen when Home is rebuilt).
        table.clear(columns=True)
        titles = [s.title or s.deck_id for s in data.summaries] + ["All decks"]
        # the figures always fit: the deck column takes what is left (titles are cut, not them)
        room = self.app.size.width - DECK_TABLE_FIXED
        self._add_columns(table, min(max(len(t) for t in titles), 60, max(room, 12)))
        total = 0
        for s in data.summaries:
            table.add_row(
                safe_text(s.title or s.deck_id),
                Text(str(s.new), justify="right", style="bold" if s.new else "dim"),
                Text(str(s.learning), justify="right", style="bold" if s.learning else "dim"),
                Text(str(s.due), justify="right", style="bold" if s.due else "dim"),
                Text(str(s.total), justify="right"),
                key=s.deck_id,
            )
            total += s.total
        if len(data.summaries) != 1:
            table.add_row(
                Text("All decks", style="bold"),
                *[Text(str(v), justify="right", style="bold") for v in (*data.all_counts, total)],
                key=ALL_DECKS,
            )
        if not data.summaries:
            self.notify(
                "No decks found. Point cyberquiz at a deck folder with --decks DIR.",
                severity="warning",
            )
        self.call_after_refresh(self.cq_app.first_paint_done)
        if selected is not None:
            with suppress(Exception):  # the deck may be gone
                table.move_cursor(row=table.get_row_index(selected))

    def _show_class_exams(self, data: HomeData) -> None:
        """A line for the class exam a student may sit now (none: no line)."""
        from cyberquiz.services.class_exams import when

        line = self.query_one("#home-class", Static)
        waiting = [o.exam for o in data.class_exams if not o.finished]
        line.display = bool(waiting)
        if waiting:
            exam = waiting[0]
            zone = self.cq_app.repo.timezone() if self.cq_app.repo is not None else None
            line.update(
                f"Class exam open: {exam.title} · "
                f"{counted(exam.settings.count, 'question')} · closes "
                f"{when(exam.closes, zone)} — press e to sit it"
            )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The Class key for instructors only; the class exam key while one is open."""
        if action == "open_class":
            repo = self.cq_app.repo
            return repo is not None and repo.class_instructor
        if action == "sit_class_exam":
            return self.data is not None and any(not o.finished for o in self.data.class_exams)
        return True

    def action_open_class(self) -> None:
        """The Class screen (instructors)."""
        self.cq_app.action_open_class()

    def action_sit_class_exam(self) -> None:
        """Sit the open class exam with the instructor's questions."""
        from cyberquiz.services.class_exams import settings_to_sit
        from cyberquiz.storage.errors import StorageError

        app = self.cq_app
        waiting = [o.exam for o in self.data.class_exams if not o.finished] if self.data else []
        if app.repo is None or not waiting:
            return
        try:
            settings = settings_to_sit(app.repo, waiting[0].id, app.clock())
        except StorageError as error:  # closed meanwhile, or sat already: one sentence
            app.notify(str(error), title="Class exam", severity="warning", markup=False)
            self.reload()
            return
        # to_dict gives JSON, with the exam's keys of StartOptions
        options = cast("StartOptions", {**settings.to_dict(), "start_now": True})
        app.open_page("exam", options)

    def action_study_deck(self) -> None:
        """Study the highlighted deck."""
        table = self.query_one("#deck-table", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self._study(key)

    def _study(self, key: str | None) -> None:
        if key is None or key == ALL_DECKS:
            self.cq_app.action_study()
        else:
            self.cq_app.action_study([key])

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._study(event.row_key.value)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        app = self.cq_app
        actions = {
            "btn-study": app.action_study_all,
            "btn-pick": app.action_study_pick,
            "btn-practice": app.action_open_practice,
            "btn-exam": app.action_open_exam,
            "btn-stats": app.action_open_stats,
        }
        if event.button.id in actions:
            actions[event.button.id]()
