"""Exam mode: set-up, the exam itself (no feedback, a timer), submit, resume or abandon.

The app opens this module through :func:`make_screen` (``app.action_open_exam`` and
``cyberquiz exam``); at start-up ``exam_resume.offer_resume`` asks about an interrupted exam.
The timer reads ``app.clock()`` once a second (:meth:`ExamScreen.check_time`), so tests drive it
with a fake clock and a direct call.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from cyberquiz.core.cards import AREAS
from cyberquiz.core.exam import (
    OTHER_AREA,
    ExamClosed,
    ExamError,
    ExamSession,
    ExamSettings,
    draw_exam,
)
from cyberquiz.core.kinds import question_text
from cyberquiz.core.wording import counted
from cyberquiz.storage.errors import StorageError
from cyberquiz.tui.footer import Footer
from cyberquiz.tui.safe import join, plain
from cyberquiz.tui.screens.base import AppModal, AppScreen
from cyberquiz.tui.widgets.answers import (
    AnswerWidget,
    ClozeAnswer,
    TextAnswer,
    make_answer_widget,
)
from cyberquiz.tui.widgets.cardview import CardView
from cyberquiz.tui.widgets.checks import Check, CheckList

if TYPE_CHECKING:
    from datetime import datetime

    from cyberquiz.core.answers import Answer
    from cyberquiz.storage.exams import ExamStore
    from cyberquiz.tui.app import CyberQuizApp, StartOptions

#: the exam screens' styles
CSS_PATH = Path(__file__).parent.parent / "styles" / "exam.tcss"


#: how often the time spent on the question on screen is stored while the student thinks
SAVE_TIME_EVERY = timedelta(seconds=30)

#: a number field of the set-up: a whole number or a decimal
_Number = TypeVar("_Number", int, float)


def format_remaining(left: timedelta | None) -> str:
    """``12:05 left`` (``1:02:03 left`` past an hour), or ``untimed``."""
    if left is None:
        return "untimed"
    seconds = max(0, int(left.total_seconds() + 0.999))  # round up: 0:00 only when it is over
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"{text} left"


def format_elapsed(spent: timedelta) -> str:
    """``4:05 spent`` for an untimed exam."""
    seconds = max(0, int(spent.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"{text} spent (untimed)"


def question_numbers(positions: list[int]) -> str:
    """Positions as question numbers a student reads as such: ``questions 3, 7 and 9``."""
    numbers = [str(p + 1) for p in positions]
    if not numbers:
        return "none"
    if len(numbers) == 1:
        return f"question {numbers[0]}"
    return f"questions {', '.join(numbers[:-1])} and {numbers[-1]}"


def _store(app: CyberQuizApp) -> ExamStore | None:
    from cyberquiz.storage.exams import ExamStore

    return ExamStore(app.repo) if app.repo is not None else None


def settings_from_options(options: StartOptions) -> ExamSettings:
    """Exam settings from the app's start options (``ExamSettings.to_dict`` keys)."""
    return ExamSettings.from_dict(options)


def prepare_exam(
    app: CyberQuizApp, settings: ExamSettings, *, report: str | None = None
) -> ExamScreen | None:
    """Draw an exam and store it; ``None`` (after a notice) when it cannot be drawn."""
    repo = app.repo
    if repo is None:
        app.notify("The database is still opening.", severity="warning")
        return None
    try:
        settings = settings.with_seed(app.rng)
        items = draw_exam(repo.cards(), settings)
        session = ExamSession.start(settings, items, app.clock(), profile=repo.profile)
        store = _store(app)
        assert store is not None
        store.create(session)
    except ExamError as error:
        app.notify(str(error), title="No exam", severity="warning", markup=False)
        return None
    except StorageError as error:
        app.show_error(error)
        return None
    if len(items) < settings.count:
        app.notify(
            f"Only {counted(len(items), 'question')} match these settings; "
            f"the exam has {len(items)}.",
            timeout=6,
        )
    return ExamScreen(session, store, report=report)


def begin_exam(app: CyberQuizApp, settings: ExamSettings, *, report: str | None = None) -> bool:
    """Draw an exam, store it and open it; a notice instead when it cannot be drawn."""
    screen = prepare_exam(app, settings, report=report)
    if screen is not None:
        app.push_screen(screen)
    return screen is not None


def make_screen(app: CyberQuizApp, options: StartOptions) -> Screen[Any]:
    """The app's entry: start options from ``cyberquiz exam`` start at once; else the set-up.

    With an interrupted exam waiting, the student is asked first whether to resume it.
    """
    store = _store(app)
    if store is not None and options.get("resume_checked") is not True:
        try:
            waiting = store.unfinished(app.clock())
        except StorageError:
            waiting = None
        if waiting is not None:
            return ResumeScreen(
                waiting, store, then=lambda: _open(app, options), then_on_later=False
            )
    if options.get("start_now"):
        try:
            settings = settings_from_options(options)
        except ExamError as error:
            app.notify(str(error), title="No exam", severity="error", markup=False)
            return ExamSetupScreen(app, ExamSettings())
        screen = prepare_exam(app, settings, report=options.get("report"))
        return screen if screen is not None else ExamSetupScreen(app, settings)
    return ExamSetupScreen(app, ExamSettings.from_dict(options) if options else ExamSettings())


def _open(app: CyberQuizApp, options: StartOptions) -> None:
    app.push_screen(make_screen(app, {**options, "resume_checked": True}))


# --- set-up ------------------------------------------------------------------------------------


class ExamSetupScreen(AppModal[None]):
    """Choose decks, areas, tags, number of questions, time limit, seed and penalty."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="exam-setup.cancel"),
        Binding("ctrl+s", "start", "Start", id="exam-setup.start", priority=True),
        Binding("ctrl+r", "history", "Past exams", id="exam-setup.history", priority=True),
    ]

    def __init__(self, app: CyberQuizApp, settings: ExamSettings) -> None:
        super().__init__()
        self.cq_app = app
        self.initial = settings
        repo = app.repo
        self.decks = [(d.id, d.title, len(d.cards)) for d in repo.decks()] if repo else []
        self.tag_names: list[str] = []
        if repo is not None:
            from cyberquiz.tui.screens.pick import tag_choices

            self.tag_names = [t for t, _ in tag_choices(repo.cards()) if t not in AREAS]

    def compose(self) -> ComposeResult:
        s = self.initial
        with Vertical(classes="dialog", id="exam-setup"):
            yield Static("New exam", classes="dialog-title")
            with Horizontal(id="exam-setup-lists"):
                yield CheckList(
                    *[
                        Selection(
                            join(plain(title), (f"  {n}", "dim")), deck_id, deck_id in s.deck_ids
                        )
                        for deck_id, title, n in self.decks
                    ],
                    id="exam-decks",
                    compact=True,
                )
                yield CheckList(
                    *[Selection(a, a, a in s.areas) for a in (*AREAS, OTHER_AREA)],
                    id="exam-areas",
                    compact=True,
                )
            with Horizontal(classes="exam-setup-row"):
                yield Static("Tags ", classes="exam-setup-label")
                yield Input(
                    value=", ".join(s.tags),
                    placeholder="any of, comma-separated, e.g. un, council-of-europe",
                    id="exam-tags",
                    compact=True,
                )
            with Horizontal(classes="exam-setup-row"):
                yield Static("Questions ", classes="exam-setup-label")
                yield Input(str(s.count), type="integer", id="exam-count", compact=True)
                yield Static(" Minutes ", classes="exam-setup-label")
                yield Input(
                    "" if s.minutes is None else f"{s.minutes:g}",
                    placeholder="none",
                    type="number",
                    id="exam-minutes",
                    compact=True,
                )
                yield Static(" Seed ", classes="exam-setup-label")
                yield Input(
                    "" if s.seed is None else str(s.seed),
                    placeholder="random",
                    type="integer",
                    id="exam-seed",
                    compact=True,
                )
                yield Static(" Penalty ", classes="exam-setup-label")
                yield Input(f"{s.penalty:g}", type="number", id="exam-penalty", compact=True)
            yield Check(
                "Answers move the study schedule", s.update_schedule, id="exam-update", compact=True
            )
            yield Static("", id="exam-setup-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Past exams ^r", id="exam-history", compact=True)
                yield Button("Start ^s", variant="primary", id="exam-start", compact=True)
                yield Button("Cancel", id="exam-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#exam-decks", SelectionList).border_title = "Decks (none = all)"
        self.query_one("#exam-areas", SelectionList).border_title = "Areas (none = all)"
        self.query_one("#exam-decks", SelectionList).focus()

    def read_settings(self) -> ExamSettings:
        """The settings as entered. Raises ExamError with a message for the student."""

        def number(widget_id: str, kind: type[_Number]) -> _Number | None:
            text = self.query_one(widget_id, Input).value.strip()
            if not text:
                return None
            try:
                return kind(text)
            except ValueError:
                raise ExamError(f"{text!r} is not a number.") from None

        tags = tuple(
            t.strip() for t in self.query_one("#exam-tags", Input).value.split(",") if t.strip()
        )
        return ExamSettings(
            deck_ids=tuple(self.query_one("#exam-decks", SelectionList).selected),
            areas=tuple(self.query_one("#exam-areas", SelectionList).selected),
            tags=tags,
            count=number("#exam-count", int) or 20,
            minutes=number("#exam-minutes", float),
            seed=number("#exam-seed", int),
            penalty=number("#exam-penalty", float) or 0.0,
            update_schedule=self.query_one("#exam-update", Checkbox).value,
        )

    @on(Button.Pressed, "#exam-start")
    def action_start(self) -> None:
        """Start the exam with these settings."""
        try:
            settings = self.read_settings()
        except ExamError as error:
            message = self.query_one("#exam-setup-error", Static)
            message.update(plain(str(error)))
            message.set_class(True, "-shown")
            return
        self.dismiss(None)
        begin_exam(self.cq_app, settings)

    @on(Button.Pressed, "#exam-history")
    def action_history(self) -> None:
        """Past exams: date, settings, score, by area."""
        from cyberquiz.tui.screens.exam_history import ExamHistoryScreen

        store = _store(self.cq_app)
        if store is not None:
            self.app.push_screen(ExamHistoryScreen(store))

    @on(Button.Pressed, "#exam-cancel")
    def action_cancel(self) -> None:
        """Close without starting."""
        self.dismiss(None)


# --- the exam ----------------------------------------------------------------------------------


class ExamScreen(AppScreen[None]):
    """One question at a time, no feedback; the counter and the time left always on top."""

    #: The app starts no study, practice, other exam or profile switch over this screen.
    EXCLUSIVE: ClassVar[bool] = True
    #: keys that arrive just after a question appears are not taken as its answer
    GUARDED: ClassVar[bool] = True
    #: the rule of every kind, for the help screen
    HELP_RULE: ClassVar[str] = (
        "Every kind: nothing is kept until you choose (pick or type); Enter goes on, "
        "ctrl+l clears the answer, ctrl+s submits the exam."
    )
    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown,ctrl+n", "next", "Next", id="exam.next", priority=True),
        Binding("pageup,ctrl+b", "previous", "Back", id="exam.previous", priority=True),
        # the ways out before the rest: a 60-column footer cut Submit and Pause off
        Binding("ctrl+s", "submit", "Submit", id="exam.submit", priority=True),
        Binding("escape", "leave", "Pause", id="exam.leave"),
        Binding("ctrl+f", "flag", "Flag", id="exam.flag", priority=True),
        Binding("ctrl+g", "questions", "List", id="exam.questions", priority=True),
        Binding("ctrl+l", "clear", "Clear", id="exam.clear", priority=True),
    ]

    def __init__(
        self, session: ExamSession, store: ExamStore | None = None, *, report: str | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.store = store
        self.report = report
        self._generation = 0
        self._dirty = False
        self._finishing = False
        #: a finish failed (full disk, locked): time-up no longer submits by itself each tick
        self._finish_failed = False

    @property
    def cq_app(self) -> CyberQuizApp:
        return self.app  # type: ignore[return-value]

    def now(self) -> datetime:
        return self.cq_app.clock()

    def compose(self) -> ComposeResult:
        yield Static("", id="exam-status")
        yield VerticalScroll(id="exam-body")
        yield Footer(compact=True)  # every exam key fits in 80 columns

    async def on_mount(self) -> None:
        await self.show_question()
        self.set_interval(1.0, self.check_time)

    # -- showing ---------------------------------------------------------------------------

    def status_text(self) -> str:
        s = self.session
        now = self.now()
        left = s.remaining(now)
        clock = format_remaining(left) if left is not None else format_elapsed(s.elapsed(now))
        return (
            f"Question {s.index + 1} of {len(s.items)}  ·  answered "
            f"{len(s.items) - len(s.unanswered())}  ·  flagged {len(s.flagged())}  ·  {clock}"
        )

    def update_status(self) -> None:
        self.query_one("#exam-status", Static).update(plain(self.status_text()))

    @property
    def answer_widget(self) -> AnswerWidget | None:
        found = self.query(AnswerWidget)
        return found.first() if found else None

    @property
    def card_view(self) -> CardView | None:
        found = self.query(CardView)
        return found.first() if found else None

    async def show_question(self) -> None:
        """Show the current question with the answer given so far."""
        item = self.session.current
        self._generation += 1
        body = self.query_one("#exam-body", VerticalScroll)
        await body.remove_children()
        position = f"{self.session.index + 1} of {len(self.session.items)}"
        widget = make_answer_widget(item.card, item.order, id=f"exam-answer-{self._generation}")
        widget.in_exam = True
        await body.mount(
            CardView(
                item.card,
                position=position,
                flagged=item.flagged,
                id=f"exam-card-{self._generation}",
            ),
            widget,
        )
        if item.answer is not None:
            widget.set_answer(item.answer)
        body.scroll_home(animate=False)
        self.cq_app.key_guard.arm()
        widget.take_focus()
        self.update_status()

    # -- answering ---------------------------------------------------------------------------

    def _save(self, position: int | None = None) -> None:
        if self.store is None or self.session.exam_id is None:
            return
        try:
            self.store.save_item(self.session, position)
        except StorageError as error:
            self.cq_app.show_error(error)

    def _record(self, widget: AnswerWidget, value: Answer) -> bool:
        """Keep ``value`` as the current answer; False when the time was up (then submit)."""
        if widget is not self.answer_widget or self._finishing:
            return False
        try:
            self.session.answer(value, self.now())
        except ExamClosed:
            self.finish()
            return False
        return True

    @on(AnswerWidget.Changed)
    def _changed(self, event: AnswerWidget.Changed) -> None:
        event.stop()
        if self._record(event.widget, event.answer):
            if isinstance(event.widget, TextAnswer | ClozeAnswer):
                self._dirty = True  # saved on Enter or when leaving, not on every keystroke
            else:
                self._save()  # a pick, toggle or move is one deliberate step: keep it now
            self.update_status()

    def on_unmount(self) -> None:
        # the app is quitting mid-exam: keep the answer being typed and the time
        if self._dirty and self.session.running and not self._finishing:
            with suppress(ExamClosed):
                self.session.go_to(self.session.index, self.now())
            self._save()

    @on(AnswerWidget.Answered)
    async def _answered(self, event: AnswerWidget.Answered) -> None:
        from cyberquiz.services.answering import sent_back

        event.stop()
        message = sent_back(self.session.current.card, event.answer)
        if message is not None:  # unreadable: kept as typed, not taken, the student retries
            self.notify(message, title="Try again", severity="warning", markup=False)
            return
        if not self._record(event.widget, event.answer):
            return
        self._save()
        self._dirty = False
        if self.session.index < len(self.session.items) - 1:
            await self.go(self.session.index + 1)
        else:
            self.update_status()

    async def go(self, index: int) -> None:
        """Move to question ``index`` (0-based), saving the one being left."""
        if self._finishing:
            return
        leaving = self.session.index
        try:
            self.session.go_to(index, self.now())
        except ExamClosed:
            self.finish()
            return
        self._save(leaving)
        self._dirty = False
        if self.session.index != leaving:
            await self.show_question()
        else:
            self.update_status()

    async def action_next(self) -> None:
        """Next question."""
        await self.go(self.session.index + 1)

    async def action_previous(self) -> None:
        """Previous question."""
        await self.go(self.session.index - 1)

    def action_flag(self) -> None:
        """Flag the question to come back to it (or unflag it)."""
        if self._finishing:
            return
        flagged = self.session.toggle_flag()
        view = self.card_view
        if view is not None:
            view.set_flagged(flagged)
        self._save()
        self.update_status()

    def action_questions(self) -> None:
        """Jump to any question (answered, flagged or not)."""

        async def chosen(index: int | None) -> None:
            if index is not None:
                await self.go(index)

        self.app.push_screen(QuestionListScreen(self.session), chosen)

    async def action_clear(self) -> None:
        """Take back the answer to this question (it counts as unanswered again)."""
        if self._finishing:
            return
        try:
            self.session.answer(None, self.now())
        except ExamClosed:
            self.finish()
            return
        self._save()
        self._dirty = False
        await self.show_question()
        self.notify(f"Answer to question {self.session.index + 1} cleared.", timeout=2)

    def action_quit_exam(self) -> None:
        """Ask before quitting the app in the middle of an exam (the app's ctrl+q comes here)."""
        from cyberquiz.tui.screens.confirm import ConfirmScreen

        if self._finishing or not self.session.running:
            self.app.exit()
            return

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.action_leave()
                self.app.exit()

        self.app.push_screen(
            ConfirmScreen(
                "Quit during the exam?",
                "The exam is saved with its answers and the time left; it is offered again "
                "the next time the app starts.",
                yes="Quit (y)",
                no="Keep going (n)",
            ),
            confirmed,
        )

    def action_submit(self) -> None:
        """Ask for confirmation, listing unanswered and flagged questions, then submit."""
        if self._finishing:
            return

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.finish()

        self.app.push_screen(SubmitScreen(self.session), confirmed)

    def action_leave(self) -> None:
        """Leave the exam for now: it stays saved and is offered again."""
        if self.session.running:
            try:
                self.session.go_to(self.session.index, self.now())
            except ExamClosed:
                self.finish()
                return
            self._save()
        self.app.notify("The exam is saved; open Exam (or restart) to resume it.", timeout=5)
        self.dismiss_screen()

    def dismiss_screen(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()

    # -- time and the end ----------------------------------------------------------------------

    def check_time(self) -> None:
        """Refresh the time left; when it is up, submit the exam as it stands."""
        if self._finishing or not self.session.running:
            return
        now = self.now()
        if self.session.is_time_up(now):
            if not self._finish_failed:
                self.app.notify(
                    "Time is up: the exam was submitted as it stood.", severity="warning"
                )
                self.finish()
            return
        if self.store is not None and now - self.session.entered_at >= SAVE_TIME_EVERY:
            # keep the clock honest across a crash: store the time on this question now and then
            self.session.go_to(self.session.index, now)
            self._save()
        self.update_status()

    def finish(self) -> None:
        """Submit (or time out), store the result and the reviews, and show the results."""
        from cyberquiz.tui.screens.exam_results import ResultsScreen

        if self._finishing:
            return
        self._finishing = True
        # a modal (submit, question list) may be on top: close it before leaving
        while self.app.screen is not self and isinstance(self.app.screen, ModalScreen):
            self.app.pop_screen()
        now = self.now()
        if self.store is not None and self.session.exam_id is not None:
            try:
                result = self.store.finish(self.session, now)
            except StorageError as error:
                # Nothing of the finish was stored and the session is as it was: no results
                # that look stored; the exam stays here to submit again (ctrl+s).
                self._finishing = False
                self._finish_failed = True
                self.notify(
                    str(error),
                    title="The exam was not submitted: submit again (ctrl+s)",
                    severity="error",
                    markup=False,
                    timeout=15,
                )
                self.update_status()
                return
        else:
            result = self.session.submit(now) if self.session.running else self.session.result()
        screen = ResultsScreen(result, report=self.report)
        if self.app.screen is self:
            self.app.switch_screen(screen)
        else:
            self.app.push_screen(screen)


class SubmitScreen(AppModal[bool]):
    """Submit the exam? Lists the unanswered and flagged questions."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Submit", id="exam-submit.yes"),
        Binding("escape,n", "cancel", "Keep going", id="exam-submit.no"),
    ]

    def __init__(self, session: ExamSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.session
        with Vertical(classes="dialog", id="exam-submit"):
            yield Static("Submit the exam?", classes="dialog-title")
            yield Static(
                plain(f"Unanswered: {question_numbers(s.unanswered())}"),
                id="exam-submit-unanswered",
            )
            yield Static(
                plain(f"Flagged: {question_numbers(s.flagged())}"), id="exam-submit-flagged"
            )
            yield Static("Once submitted, answers cannot be changed.", classes="dim")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Submit (y)", variant="primary", id="exam-submit-yes", compact=True)
                yield Button("Keep going (n)", id="exam-submit-no", compact=True)

    @on(Button.Pressed, "#exam-submit-yes")
    def action_confirm(self) -> None:
        """Submit now."""
        self.dismiss(True)

    @on(Button.Pressed, "#exam-submit-no")
    def action_cancel(self) -> None:
        """Back to the exam."""
        self.dismiss(False)


class QuestionListScreen(AppModal[int | None]):
    """Every question with its state (answered, flagged); pick one to go there."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back", id="exam-list.cancel")
    ]

    def __init__(self, session: ExamSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        options = []
        for i, item in enumerate(self.session.items):
            mark = ("✓" if item.answered else "·") + ("⚑" if item.flagged else " ")
            text = " ".join(question_text(item.card).split())
            if len(text) > 70:
                text = text[:69] + "…"
            options.append(Option(join((f"{i + 1:>3} {mark} ", "bold"), plain(text)), id=f"q-{i}"))
        with Vertical(classes="dialog", id="exam-list"):
            yield Static("Questions  (✓ answered, ⚑ flagged)", classes="dialog-title")
            yield OptionList(*options, id="exam-list-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.session.index
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        """Back to the exam."""
        self.dismiss(None)


class ResumeScreen(AppModal[str]):
    """An exam was interrupted: resume it, abandon it, or decide later."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "resume", "Resume", id="exam-resume.resume"),
        Binding("a", "abandon", "Abandon", id="exam-resume.abandon"),
        Binding("escape,l", "later", "Later", id="exam-resume.later"),
    ]

    def __init__(
        self,
        session: ExamSession,
        store: ExamStore,
        *,
        then: Callable[[], None] | None = None,
        then_on_later: bool = True,
    ) -> None:
        super().__init__()
        self.session = session
        self.store = store
        self.then = then
        self.then_on_later = then_on_later

    def compose(self) -> ComposeResult:
        s = self.session
        answered = len(s.items) - len(s.unanswered())
        when = s.started_at.strftime("%Y-%m-%d %H:%M UTC")
        left = format_remaining(s.remaining(s.entered_at))
        with Vertical(classes="dialog", id="exam-resume"):
            yield Static("An exam was interrupted", classes="dialog-title")
            yield Static(
                plain(
                    f"Started {when}: {answered} of {counted(len(s.items), 'question')} "
                    f"answered, {left}.\n"
                    f"{s.settings.describe()}"
                ),
                id="exam-resume-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Resume (r)", variant="primary", id="exam-resume-yes", compact=True)
                yield Button("Abandon (a)", variant="error", id="exam-resume-abandon", compact=True)
                yield Button("Later (l)", id="exam-resume-later", compact=True)

    @on(Button.Pressed, "#exam-resume-yes")
    def action_resume(self) -> None:
        """Continue the exam where it was left."""
        app: CyberQuizApp = self.app  # type: ignore[assignment]
        self.dismiss("resume")
        # the clock restarts now: the time the app was closed does not count
        self.session.entered_at = app.clock()
        screen = ExamScreen(self.session, self.store)
        app.push_screen(screen)
        if self.session.is_time_up(app.clock()):
            app.call_after_refresh(screen.check_time)

    @on(Button.Pressed, "#exam-resume-abandon")
    def action_abandon(self) -> None:
        """Store the exam as abandoned."""
        app: CyberQuizApp = self.app  # type: ignore[assignment]
        assert self.session.exam_id is not None
        try:
            self.store.abandon(self.session.exam_id, app.clock())
        except StorageError as error:
            app.show_error(error)
        self.dismiss("abandon")
        app.notify("The interrupted exam was abandoned.", timeout=4)
        if self.then is not None:
            self.then()

    @on(Button.Pressed, "#exam-resume-later")
    def action_later(self) -> None:
        """Keep it for later."""
        self.dismiss("later")
        if self.then is not None and self.then_on_later:
            self.then()
