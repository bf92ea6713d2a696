"""Statistics and exam readiness: activity heatmap, forecast, cards, mastery, exams, readiness.

The data (``storage.stats.StatsStore.collect``) is built in a thread worker, which posts
:class:`StatsScreen.Loaded` back; widgets are only touched on the UI thread.
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import (
    DataTable,
    Input,
    Label,
    Static,
    TabbedContent,
    TabPane,
)

from cyberquiz.core.wording import counted
from cyberquiz.tui.footer import Footer
from cyberquiz.tui.safe import plain
from cyberquiz.tui.safe import text as safe_text
from cyberquiz.tui.screens.base import AppScreen

if TYPE_CHECKING:
    from textual.geometry import Size

    from cyberquiz.core.readiness import Plan, Readiness
    from cyberquiz.core.statsmodel import DayActivity, StatsData
    from cyberquiz.tui.app import CyberQuizApp, StartOptions

CSS_PATH = Path(__file__).parent.parent / "styles" / "stats.tcss"

#: Heatmap weeks at 80 columns; wider terminals show one more week per 2 extra columns.
HEATMAP_WEEKS = 12
HEATMAP_MAX_WEEKS = 52
_LEVELS = "░▒▓█"
_WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "")
TABS = (
    "tab-activity",
    "tab-forecast",
    "tab-cards",
    "tab-mastery",
    "tab-exams",
    "tab-readiness",
)


def make_screen(app: CyberQuizApp, options: StartOptions) -> StatsScreen:
    """The app's entry point (``app.action_open_stats``)."""
    exam_date = options.get("exam_date")
    return StatsScreen(
        exam_date=date.fromisoformat(exam_date) if exam_date else None,
        target=options.get("target"),
    )


def duration(seconds: int) -> str:
    """``0 min``, ``42 min``, ``3 h 05 min``."""
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.0f}%"


class Heatmap(Widget):
    """Answers per local day as a calendar: one column per week, Monday on top."""

    DEFAULT_CSS = """
    Heatmap {
        height: 9;
        width: auto;
        color: $success;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.days: tuple[DayActivity, ...] = ()

    def show(self, days: tuple[DayActivity, ...]) -> None:
        self.days = days
        self.refresh(layout=True)

    def weeks(self) -> int:
        """12 weeks at 80 columns, one more per 2 columns beyond (at most a year)."""
        extra = max(0, self.app.size.width - 80) // 2
        return min(HEATMAP_MAX_WEEKS, HEATMAP_WEEKS + extra)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return 4 + 2 * self.weeks()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 9

    def render(self) -> Text:
        weeks = self.weeks()
        text = Text(no_wrap=True, overflow="crop")
        if not self.days:
            return text
        today = self.days[-1].day
        by_day = {d.day: d.answers for d in self.days}
        # the grid ends with the week of today; its first column starts on a Monday
        first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
        counts = sorted(n for n in by_day.values() if n > 0)

        def level(n: int) -> int:
            if n <= 0 or not counts:
                return -1
            rank = sum(1 for c in counts if c <= n) / len(counts)
            return min(len(_LEVELS) - 1, int(rank * len(_LEVELS) - 1e-9))

        months = [" "] * (2 * weeks)
        starts = [w for w in range(weeks) if (first + timedelta(days=7 * w)).day <= 7]
        if not starts or starts[0] >= 2:
            starts.insert(0, 0)  # name the first column's month when there is room
        for w in starts:
            label = (first + timedelta(days=7 * w)).strftime("%b")
            if 2 * w + len(label) <= len(months):
                months[2 * w : 2 * w + len(label)] = list(label)
        text.append("    " + "".join(months) + "\n", style="dim")
        for row in range(7):
            text.append(f"{_WEEKDAYS[row]:<4}", style="dim")
            for w in range(weeks):
                day = first + timedelta(days=7 * w + row)
                if day > today:
                    text.append("  ")
                    continue
                lv = level(by_day.get(day, 0))
                if lv < 0:
                    text.append("· ", style="dim")
                else:
                    text.append(_LEVELS[lv] + " ", style="bold" if day == today else "")
            text.append("\n")
        text.append("    less · " + " ".join(_LEVELS) + " more", style="dim")
        return text


NO_CARDS = "No cards yet."


class Bars(Widget):
    """Labelled bars, a row each: the name in 20 columns, a bar of 30 (Textual's progress bar
    glyphs and colours) and the figure.

    One widget draws every row: a row of a Label, a ProgressBar and a Label was five widgets,
    two thirds of the stats screen's 104, and mounting and styling them was most of the time the
    screen took to open.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"bars--bar", "bars--complete", "bars--figure"}
    DEFAULT_CSS = """
    Bars {
        height: auto;
        & > .bars--bar { color: $primary; background: $surface; }
        & > .bars--complete { color: $success; background: $surface; }
        & > .bars--figure { color: $text-muted; }
    }
    """
    NAME_WIDTH = 20
    BAR_WIDTH = 30
    GAP = 4  # where the progress bar's hidden percentage and time would be

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: tuple[tuple[str, float, str], ...] = ()
        self.empty = NO_CARDS

    def show(self, rows: list[tuple[str, float, str]], *, empty: str = NO_CARDS) -> None:
        """Show ``(name, share from 0 to 1, figure)`` rows, or ``empty`` when there are none."""
        self.rows = tuple(rows)
        self.empty = empty
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.rows))

    def render(self) -> Text:
        from textual.renderables.bar import Bar

        if not self.rows:
            return Text(self.empty)
        console = self.app.console
        options = console.options.update_width(self.BAR_WIDTH)
        figure_style = self.get_component_rich_style("bars--figure")
        lines = []
        for name, share, figure in self.rows:
            percentage = round(100 * share) / 100
            style = self.get_component_rich_style(
                "bars--bar" if percentage < 1 else "bars--complete"
            )
            bar = Bar(
                highlight_range=(0, self.BAR_WIDTH * percentage),
                highlight_style=Style.from_color(style.color),
                background_style=Style.from_color(style.bgcolor),
            )
            line = safe_text(name, no_wrap=True, overflow="ellipsis")
            line.truncate(self.NAME_WIDTH, overflow="ellipsis", pad=True)
            for drawn in bar.__rich_console__(console, options):
                line.append_text(drawn)  # type: ignore[arg-type]
            line.append(" " * self.GAP)
            line.append_text(safe_text(figure, style=figure_style))
            lines.append(line)
        return Text("\n").join(lines)


class StatsScreen(AppScreen[None]):
    """Statistics and exam readiness."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="stats.close"),
        Binding(
            "right,bracketright", "switch_tab(1)", "Next tab", id="stats.next_tab", key_display="→"
        ),
        Binding(
            "left,bracketleft", "switch_tab(-1)", "Previous", id="stats.prev_tab", key_display="←"
        ),
        *(
            Binding(str(i + 1), f"show_tab({i})", f"Tab {i + 1}", show=False)
            for i in range(len(TABS))
        ),
        Binding("r", "reload", "Refresh", id="stats.reload"),
        Binding("d", "exam_date", "Exam date", id="stats.exam_date"),
    ]

    class Loaded(Message):
        """The statistics were computed."""

        def __init__(self, data: StatsData) -> None:
            super().__init__()
            self.data = data

    class Failed(Message):
        """Computing the statistics failed (a storage error)."""

        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    def __init__(self, *, exam_date: date | None = None, target: float | None = None) -> None:
        super().__init__()
        self.exam_date = exam_date
        self.target = target
        self.data: StatsData | None = None

    @property
    def cq_app(self) -> CyberQuizApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Statistics", id="stats-title")
        with TabbedContent(id="stats-tabs"):
            with TabPane("Activity", id="tab-activity"), VerticalScroll():
                with Horizontal(id="activity-top"):
                    yield Heatmap(id="heatmap")
                    yield Static("Computing…", id="activity-figures")
                yield Static("", id="retention")
            with TabPane("Forecast", id="tab-forecast"), Vertical():
                yield Static("", id="forecast-figures")
                yield self._plot("forecast-plot")
            with TabPane("Cards", id="tab-cards"), Vertical():
                yield DataTable(id="cards-table", zebra_stripes=True, cursor_type="row")
            with TabPane("Mastery", id="tab-mastery"), VerticalScroll():
                yield Static("", id="mastery-note")
                yield Label("By area", classes="section")
                yield Bars(id="mastery-area")
                yield Label("By organization", classes="section")
                yield Bars(id="mastery-org")
            with TabPane("Exams", id="tab-exams"), Vertical():
                yield Static("", id="exams-note")
                yield self._plot("exams-plot")
                yield DataTable(id="exams-table", zebra_stripes=True, cursor_type="row")
            with TabPane("Readiness", id="tab-readiness"), VerticalScroll():
                with Horizontal(id="exam-date-row"):
                    yield Label("Exam date ", id="exam-date-label")
                    yield Input(
                        placeholder="YYYY-MM-DD", id="exam-date", max_length=10, compact=True
                    )
                yield Static("", id="readiness-summary")
                yield Label("Expected on the exam day if you stop now, by area", classes="section")
                yield Bars(id="readiness-area")
        yield Footer()

    def _plot(self, id: str) -> Widget:
        from textual_plotext import PlotextPlot  # deferred: plotext only for this screen

        return PlotextPlot(id=id)

    def on_mount(self) -> None:
        self.load()

    # -- data ---------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="stats")
    def load(self) -> None:
        """Collect the statistics off the UI thread."""
        from cyberquiz.storage.errors import StorageError
        from cyberquiz.storage.stats import StatsStore

        repo = self.cq_app.repo
        if repo is None:
            return
        try:
            data = StatsStore(repo).collect(
                self.cq_app.clock(), exam_date=self.exam_date, target=self.target
            )
        except StorageError as error:
            self.post_message(self.Failed(error))
            return
        self.post_message(self.Loaded(data))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.cq_app.show_error(message.error)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.data = data = message.data
        self._show_activity(data)
        self._show_forecast(data)
        self._show_cards(data)
        self._show_mastery(data)
        self._show_exams(data)
        self._show_readiness(data)

    # -- panes --------------------------------------------------------------------------------

    def _show_activity(self, data: StatsData) -> None:
        self.query_one(Heatmap).show(data.activity)
        today = data.activity[-1] if data.activity else None
        week = data.days(7)
        lines = [
            f"Streak        {counted(data.streak, 'day')}",
            f"Longest       {counted(data.longest_streak, 'day')}",
            f"Today         {counted(today.answers if today else 0, 'answer')}, "
            f"{duration(today.seconds if today else 0)}",
            f"Last 7 days   {counted(sum(d.answers for d in week), 'answer')}, "
            f"{duration(sum(d.seconds for d in week))}",
            f"All time      {counted(data.answers_total, 'answer')}, "
            f"{duration(data.seconds_total)}",
            f"Pace          {data.pace_answers_per_day:.1f} answers a day (14 days)",
        ]
        if data.seconds_per_answer is not None:
            lines.append(f"Per answer    {data.seconds_per_answer:.0f} s")
        self.query_one("#activity-figures", Static).update(plain("\n".join(lines)))
        ret = [f"True retention (review cards)   desired {percent(data.desired_retention)}"]
        for r in data.retention:
            figure = percent(r.rate)
            detail = f"{r.passed}/{r.reviews} passed" if r.reviews else "no reviews"
            mark = ""
            if r.rate is not None:
                mark = "  ✓" if r.rate >= data.desired_retention else "  below desired"
            ret.append(f"  last {r.days:>2} days   {figure:>4}   {detail}{mark}")
        self.query_one("#retention", Static).update(plain("\n".join(ret)))

    def _show_forecast(self, data: StatsData) -> None:
        dues = [f.due for f in data.forecast]
        tomorrow = dues[1] if len(dues) > 1 else 0
        week = sum(dues[:7])
        now = ""
        if data.now_counts is not None:  # Home's figures, counted by the same function
            c = data.now_counts
            now = f"Now, as on Home: {c.review} due · {c.learning} learning · {c.new} new\n"
        self.query_one("#forecast-figures", Static).update(
            plain(
                f"{now}Due today (learning steps too) {dues[0] if dues else 0} · tomorrow "
                f"{tomorrow} · 7 days {week} · 30 days {sum(dues)} "
                f"({sum(dues) / max(len(dues), 1):.1f} a day)"
            )
        )
        plot = self.query_one("#forecast-plot")
        plt = plot.plt  # type: ignore[attr-defined]
        plt.clear_data()
        plt.clear_figure()
        xs = list(range(len(dues)))
        plt.bar(xs, dues, width=0.4)
        ticks = [i for i in xs if i % 5 == 0]
        plt.xticks(ticks, [data.forecast[i].day.strftime("%d %b") for i in ticks])
        plt.title("Cards due per day")
        top = max([*dues, 1])
        step = max(1, round(top / 4))
        plt.yticks(list(range(0, top + step, step)))
        plt.ylim(0, top * 1.05)
        plot.refresh()

    def _show_cards(self, data: StatsData) -> None:
        table = self.query_one("#cards-table", DataTable)
        table.clear(columns=True)
        # sized to fit 80 columns: long deck titles are cut, the figures never
        wide = self.app.size.width > 100
        table.add_column("Deck", width=40 if wide else 26)
        for name in ("New", "Learn", "Young", "Mature", "Susp.", "Leech", "Total"):
            table.add_column(Text(name, justify="right"), width=max(len(name), 6 if wide else 5))
        for c in (*data.decks, data.totals):
            figures = (c.new, c.learning, c.young, c.mature, c.suspended, c.leeches, c.total)
            style = "bold" if c.deck_id == "all" else ""
            table.add_row(
                safe_text(c.title, style=style),
                *(Text(str(n), justify="right", style=style) for n in figures),
            )

    def _show_mastery(self, data: StatsData) -> None:
        from cyberquiz.core.statsmodel import MASTERY_THRESHOLD

        self.query_one("#mastery-note", Static).update(
            plain(
                f"Share of cards you would recall now with a probability of at least "
                f"{percent(MASTERY_THRESHOLD)}."
            )
        )
        self.query_one("#mastery-area", Bars).show(
            [
                (m.name, m.share, f"{percent(m.share)} {m.mastered}/{m.cards}")
                for m in data.mastery_by_area
            ]
        )
        self.query_one("#mastery-org", Bars).show(
            [
                (m.name, m.share, f"{percent(m.share)} {m.mastered}/{m.cards}")
                for m in data.mastery_by_org
            ]
        )

    def _show_exams(self, data: StatsData) -> None:
        exams = data.exams
        note = self.query_one("#exams-note", Static)
        plot = self.query_one("#exams-plot")
        table = self.query_one("#exams-table", DataTable)
        table.clear(columns=True)
        if not exams:
            note.update(plain("No finished exams yet. Sit one from Home or with `cyberquiz exam`."))
            plot.display = False
            table.display = False
            return
        best = max(e.score for e in exams)
        note.update(
            plain(
                f"{counted(len(exams), 'exam')} · "
                f"last {percent(exams[-1].score)} · best {percent(best)}"
            )
        )
        plot.display = True
        table.display = True
        plt = plot.plt  # type: ignore[attr-defined]
        plt.clear_data()
        plt.clear_figure()
        xs = list(range(1, len(exams) + 1))
        plt.plot(xs, [100 * e.score for e in exams], marker="braille", label="score")
        areas = sorted({name for e in exams for name, _ in e.by_area})
        for name in areas:
            points = [
                (i, 100 * v) for i, e in enumerate(exams, 1) for n, v in e.by_area if n == name
            ]
            if len(points) > 1:
                plt.plot([p[0] for p in points], [p[1] for p in points], label=name)
        plt.ylim(0, 100)
        plt.xticks(xs, [e.finished_at.strftime("%d %b") for e in exams])
        plt.title("Exam score (%)")
        plot.refresh()
        table.add_columns("Date", "Questions", "Score", *(safe_text(a) for a in areas))
        for e in reversed(exams):
            by = dict(e.by_area)
            table.add_row(
                e.finished_at.strftime("%Y-%m-%d %H:%M"),
                Text(str(e.questions), justify="right"),
                Text(percent(e.score), justify="right"),
                *(Text(percent(by.get(a)), justify="right") for a in areas),
            )

    def _show_readiness(self, data: StatsData) -> None:
        ready = data.readiness
        field = self.query_one("#exam-date", Input)
        summary = self.query_one("#readiness-summary", Static)
        bars = self.query_one("#readiness-area", Bars)
        if ready is None:
            field.value = ""
            summary.update(
                plain(
                    "Type the exam's date above (Enter saves it), or run\n"
                    "  cyberquiz stats --exam-date 2026-12-15 --save\n"
                    "to see your expected score on that day and what it takes to reach "
                    "the target."
                )
            )
            bars.show([], empty="Once the exam date is set.")
            return
        exam_day = self.exam_date or ready.exam_at.astimezone(_zone(data.timezone)).date()
        field.value = exam_day.isoformat()
        summary.update(plain(readiness_text(ready)))
        bars.show(
            [(g.name, g.expected, f"{percent(g.expected)} of {g.cards}") for g in ready.by_area]
        )

    # -- actions ------------------------------------------------------------------------------

    @on(Input.Submitted, "#exam-date")
    def _exam_date_entered(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        repo = self.cq_app.repo
        if not text:
            self.exam_date = None
            if repo is not None:
                repo.set_setting("exam_date", None)
            self.load()
            return
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self.notify(
                f"{text!r} is not a date like 2026-12-15.", severity="warning", markup=False
            )
            return
        self.exam_date = day
        if repo is not None:
            repo.set_setting("exam_date", day.isoformat())  # one small write, inline
        self.notify(f"Exam date set to {day.isoformat()}.", markup=False)
        self.load()

    def action_exam_date(self) -> None:
        """Go to the exam date field on the readiness tab."""
        self.query_one(TabbedContent).active = "tab-readiness"
        self.query_one("#exam-date", Input).focus()

    def action_switch_tab(self, step: int) -> None:
        """The next (or previous) tab."""
        tabs = self.query_one(TabbedContent)
        index = TABS.index(tabs.active) if tabs.active in TABS else 0
        tabs.active = TABS[(index + step) % len(TABS)]

    def action_show_tab(self, index: int) -> None:
        """Tab number ``index + 1``."""
        self.query_one(TabbedContent).active = TABS[index]

    def action_reload(self) -> None:
        """Compute the statistics again."""
        self.load()

    def action_close(self) -> None:
        """Back to where the stats were opened from."""
        if not self.cq_app.leave_screen(self):
            self.app.pop_screen()


def _zone(name: str) -> tzinfo | None:
    """The profile's zone by name (None: the system's, for a zone without an IANA name)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _plan_line(label: str, plan: Plan) -> str:
    cards = f"{counted(plan.new_per_day, 'new card')} a day"
    return (
        f"{label:<16}{cards} · {plan.answers_per_day:.0f} answers · "
        f"{plan.minutes_per_day:.0f} min a day → {percent(plan.expected_score)} expected"
    )


def readiness_text(ready: Readiness) -> str:
    """The readiness summary: the prediction and the plans, in plain sentences."""
    days = ready.days_left
    lines = [
        f"{counted(days, 'study day')} left, today included · target {percent(ready.target)}",
        f"{counted(ready.cards, 'card')}: {ready.studied} studied, {ready.unseen} never seen",
        f"{'If you stop now':<16}{percent(ready.expected_score)} expected",
    ]
    if days == 0:
        lines.append("No study days are left before the exam.")
        return "\n".join(lines)
    if ready.needed is None:
        lines.append(
            f"{'Out of reach':<16}at most {percent(ready.all_at_once.expected_score)} "
            "expected, learning every card today"
        )
    else:
        lines.append(_plan_line(f"To reach {percent(ready.target)}", ready.needed))
    lines.append(_plan_line("At your pace", ready.at_pace))
    lines.append("")
    lines.append(
        f"Your pace: {ready.pace_answers_per_day:.0f} answers a day (last 14 days), "
        f"{ready.seconds_per_answer:.0f} s an answer."
    )
    lines.append("Simulated day by day: reviews when due, recall drawn from FSRS probabilities.")
    return "\n".join(lines)


__all__ = ["StatsScreen", "make_screen", "readiness_text"]
