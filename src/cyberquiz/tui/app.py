"""The cyberquiz app: opens the database and decks in a worker, then Home (or a start screen).

What screens use from it:

- ``app.repo`` (the open :class:`~cyberquiz.storage.repository.Repository`, or ``None`` while it
  opens or in preview), ``app.clock()`` (UTC-aware now), ``app.rng`` (``random.Random``),
  ``app.profile``, ``app.deck_dirs``, ``app.options`` (the start options).
- ``app.open_page(name, options)`` opens the exam, practice, stats or class screen; their
  modules are imported there, when first opened, not at start-up.
- ``app.open_screen(screen)`` pushes a screen over Home; ``app.leave_screen(screen)`` goes back.
- ``app.start_study(source, title=...)`` runs the study screen on any
  :class:`~cyberquiz.services.sources.CardSource` (e.g. ``ListSource(cards, repo, Mode.PRACTICE)``
  for practice with feedback).
- ``app.show_error(error)`` shows a storage error without a traceback.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypedDict

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from cyberquiz.core.wording import counted
from cyberquiz.tui.commands import app_commands
from cyberquiz.tui.guard import KeyGuard, is_answer_key

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.notifications import SeverityLevel

    from cyberquiz.core.cards import Card
    from cyberquiz.decks.loader import DeckLoad, Problem
    from cyberquiz.services.sources import CardSource
    from cyberquiz.storage.peek import Glance
    from cyberquiz.storage.repository import Repository
    from cyberquiz.storage.sync import SyncReport
    from cyberquiz.tui.screens.home import HomeScreen
    from cyberquiz.tui.screens.study import StudyScreen

#: how many deck problems the start-up notice quotes
NOTICE_PROBLEMS = 5

#: Textual's own Tab and Shift+Tab, but run as the key arrives. The screen's bindings ran only
#: once the focused widget had had the key, after the keys queued behind it, which then went to
#: the field before: "5", Tab, "15" typed fast (or sent by a script) filled one field.
FOCUS_MOVES: list[BindingType] = [
    Binding("tab", "focus_next", show=False, priority=True, system=True, id="app.focus_next"),
    Binding(
        "shift+tab",
        "focus_previous",
        show=False,
        priority=True,
        system=True,
        id="app.focus_previous",
    ),
]

Page = Literal["exam", "practice", "stats", "classroom"]
"""The screens that ``open_page`` opens by name."""
Start = Literal["home", "study", "preview", "exam", "practice", "stats"]
"""Where the app opens: the command that started it (``cyberquiz exam`` opens the exam)."""


class StartOptions(TypedDict, total=False):
    """The start options (``app.options``) and the options of ``open_page``, by screen.

    The exam's are ``ExamSettings.to_dict`` keys, read back with ``ExamSettings.from_dict``.
    """

    # study, practice, exam
    deck_ids: list[str]
    tags: list[str]
    # practice, exam
    areas: list[str]
    # preview: the deck file
    path: str
    # practice: the source of the cards (a ``PracticeSource`` value), how many at most
    source: str | None
    limit: int | None
    # stats: the exam date (ISO) and the target score for this run
    exam_date: str
    target: float
    # exam: its settings
    count: int
    minutes: float | None
    seed: int | None
    penalty: float
    update_schedule: bool
    class_exam: int
    # exam: start at once (no set-up), the report files, the resume question asked already
    start_now: bool
    report: str | None
    report_force: bool
    resume_checked: bool


class CyberQuizApp(App[int]):
    """Study decks of cards on international law, with spaced repetition."""

    TITLE = "cyberquiz"
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "styles/app.tcss",
        "styles/home.tcss",
        "styles/study.tcss",
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="app.help"),
        Binding("question_mark", "help", "Help", show=False, id="app.help2"),
        *FOCUS_MOVES,
    ]

    def __init__(
        self,
        *,
        db_url: str,
        profile: str,
        deck_dirs: Sequence[Path],
        clock: Callable[[], datetime],
        rng: random.Random,
        start: Start = "home",
        options: StartOptions | None = None,
        key_guard: KeyGuard | None = None,
    ) -> None:
        super().__init__()
        #: drops answer keys that arrive just after a question appears (screens with GUARDED)
        self.key_guard = key_guard or KeyGuard()
        self.db_url = db_url
        self.profile = profile
        self.deck_dirs = tuple(deck_dirs)
        self.clock = clock
        self.rng = rng
        self.start = start
        self.options: StartOptions = {**(options or {})}
        self.repo: Repository | None = None
        #: problems from the last deck sync
        self.deck_problems: list[Problem] = []
        #: the theme stored in the profile's settings (not written again when it is set)
        self._stored_theme: str | None = None
        self._resume_pending = False
        #: the start-up deck sync waits for the first card to be painted
        self._sync_after_paint = False
        #: what to say when ``study --deck`` names no stored deck (found by the worker)
        self._unknown_deck_notice: str | None = None
        #: Home was painted from a glance: the repository opens once it is on screen
        self._open_after_paint = False
        self._glanced = False

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        """Restyle ``node`` and what is under it, once it is in the app.

        Textual restyles a node whenever it gains or loses a class, even before it is mounted
        (every Button gains one or two in its constructor), and mounting styles it again from
        scratch (``App._register``): the first styling was thrown away. It was a sixth of the
        restyling in answering a card, and a widget not yet in the app shows nothing to restyle.
        """
        if node.is_attached:  # the app itself always is
            super().update_styles(node, animate)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette (ctrl+p): the app's own commands, then Textual's (theme, keys, quit)."""
        yield from app_commands(self)
        yield from super().get_system_commands(screen)

    async def on_event(self, event: events.Event) -> None:
        # Before any widget sees it: a key pressed just as a new question appeared was meant for
        # the one before (a double Enter, "3, Enter" after a flip card), never for this one.
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and getattr(self.screen, "GUARDED", False)
            and is_answer_key(event.key, event.character)
            and self.key_guard.blocks()
        ):
            event.stop()
            return
        await super().on_event(event)

    # -- start-up ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.start == "home" and self._home_from_glance():
            return
        if self.start == "study" and self._study_from_glance():
            return
        from cyberquiz.tui.screens.message import LoadingScreen  # not needed after a glance

        # the worker first: opening the database is most of the wait for the first card
        if self.start == "preview":
            self.open_preview()
        else:
            self.open_repository(self.profile)
        self.push_screen(LoadingScreen())

    def _home_from_glance(self) -> bool:
        """Paint Home from a glance at the database file; the repository opens after the paint.

        Importing SQLAlchemy and opening the repository took most of the start-up; Home's deck
        list needs neither (``storage.peek``). False on a first start, or any database the
        glance cannot read: the app then starts the usual way.
        """
        from cyberquiz.storage.peek import glance

        seen = glance(self.db_url, self.profile)
        if seen is None or not seen.decks:
            return False
        self._stored_theme = seen.theme
        if seen.theme in self.available_themes and seen.theme != self.theme:
            self.theme = seen.theme
        self._open_after_paint = True
        self.push_screen(self._home(seen))
        return True

    def _study_from_glance(self) -> bool:
        """Paint the first card from a glance at the database file; the repository opens after
        the paint and the answer waits for it (``StudyScreen.attach_source``).

        SQLAlchemy and the repository were most of the wait for the first card; the queue's
        head needs neither (``storage.peek.first_card``). False when the glance finds no card.
        """
        import json

        from cyberquiz.core.serialize import card_from_dict
        from cyberquiz.storage.peek import first_card

        options = self.options
        found = first_card(
            self.db_url,
            self.profile,
            self.clock(),
            options.get("deck_ids") or None,
            options.get("tags") or None,
        )
        if found is None:
            return False
        try:
            card = card_from_dict(json.loads(found.body))
        except Exception:  # a body this version cannot read: the repository path says why
            return False
        self._stored_theme = found.theme
        if found.theme in self.available_themes and found.theme != self.theme:
            self.theme = found.theme
        self._open_after_paint = True
        self.push_screen(self._study_screen(options.get("deck_ids"), options.get("tags"), card))
        return True

    @work(thread=True, exclusive=True, group="repository")
    def open_repository(self, profile: str) -> None:
        """Open (create, migrate) the database and sync the decks, off the UI thread."""
        from cyberquiz.services.config import look_alike_warning, open_profile
        from cyberquiz.storage.errors import StorageError

        try:
            repo = open_profile(self.db_url, profile, self.clock)
        except StorageError as error:
            self.call_from_thread(self.show_fatal, "The database cannot be opened", error)
            return
        warning = look_alike_warning(repo)
        if warning:
            self.call_from_thread(self.notify, warning, severity="warning")
        try:
            theme = repo.get_setting("theme")
            if self._glanced:  # Home is up already: its counts first, the deck files after
                self._sync_after_paint = True
                self.call_from_thread(self._repository_ready, repo, None, theme)
                return
            if self.start == "study" and self._has_card(repo):
                # a student waits for the first card: it comes from the stored decks and the
                # deck files are checked for changes right after it is painted
                self._sync_after_paint = True
                self.call_from_thread(self._repository_ready, repo, None, theme)
                return
            from cyberquiz.services.sync import sync_decks

            report = sync_decks(repo, list(self.deck_dirs))
            self._unknown_deck_notice = self._unknown_decks(repo)
        except StorageError as error:
            repo.close()
            self.call_from_thread(self.show_fatal, "The decks cannot be stored", error)
            return
        self.call_from_thread(self._repository_ready, repo, report, theme)

    def _has_card(self, repo: Repository) -> bool:
        """Whether the study start options find a card in the stored decks (no sync needed)."""
        options = self.options
        card = repo.next_card(
            self.clock(),
            deck_ids=options.get("deck_ids") or None,
            tags=options.get("tags") or None,
        )
        return card is not None

    def _repository_ready(self, repo: Repository, report: SyncReport | None, theme: object) -> None:
        old = self.repo
        self.repo = repo
        if old is not None and old is not repo:
            old.close()
            while len(self.screen_stack) > 2:  # another profile: back to a fresh Home
                self.pop_screen()
        self._stored_theme = theme if isinstance(theme, str) else None
        if isinstance(theme, str) and theme in self.available_themes and theme != self.theme:
            self.theme = theme
        if report is not None:
            self.deck_problems = list(report.problems)
            self._notify_problems(report)
        self._show_start()

    def _notify_problems(self, report: SyncReport) -> None:
        problems = [p for p in report.problems if p.severity == "error"]
        failed = list(report.failed_files)
        if not problems and not failed:
            return
        lines = [str(p) for p in problems[:NOTICE_PROBLEMS]]
        if len(problems) > NOTICE_PROBLEMS:
            lines.append(f"… and {len(problems) - NOTICE_PROBLEMS} more.")
        lines.append("Run `cyberquiz validate` to see all of them; the other decks are usable.")
        files = len(failed) or len({p.path for p in problems})
        self.notify(
            "\n".join(lines),
            title=f"{counted(files, 'deck file')} not loaded",
            severity="warning",
            markup=False,
            timeout=15,
        )

    def _show_start(self) -> None:
        from cyberquiz.tui.screens.home import HomeScreen

        start, options = self.start, self.options
        self.start = "home"  # a profile switch later opens Home only
        self._resume_pending = True
        if self._glanced and isinstance(self.screen, HomeScreen):
            self._glanced = False
            self.screen.reload()  # the glance's Home gets its counts
            return
        if self._glanced and start == "study":
            self._glanced = False
            self._attach_study(options)
            return
        notice, self._unknown_deck_notice = self._unknown_deck_notice, None
        if notice is not None:
            self.switch_screen(self._home())
            self.notify(notice, title="Unknown deck", severity="error", markup=False, timeout=15)
        elif start == "study":
            # straight to the first card: Home is built only when the student goes back to it
            self.switch_screen(self._study_screen(options.get("deck_ids"), options.get("tags")))
        else:
            self.switch_screen(self._home())
            if start == "exam":
                # the exam screen asks about an interrupted exam itself, before starting one
                self._resume_pending = False
                self.open_page(start, options)
            elif start == "practice" or start == "stats":
                page: Page = start
                self._resume_pending = False
                if not self._offer_resume(then=lambda: self.open_page(page, options)):
                    self.open_page(page, options)

    def _unknown_decks(self, repo: Repository) -> str | None:
        """(In the worker.) What to say when ``study --deck`` names ids no stored deck has."""
        deck_ids = self.options.get("deck_ids") if self.start == "study" else None
        if not deck_ids:
            return None
        known = sorted(deck.id for deck in repo.decks())
        unknown = [deck_id for deck_id in deck_ids if deck_id not in known]
        if not unknown:
            return None
        return f"No deck with id {', '.join(unknown)}. The decks are: {', '.join(known)}."

    def _attach_study(self, options: StartOptions) -> None:
        """The repository opened under a first card painted from the glance: give it its source."""
        from cyberquiz.services.sources import RepositorySource
        from cyberquiz.tui.screens.study import StudyScreen

        assert self.repo is not None
        for screen in self.screen_stack:
            if isinstance(screen, StudyScreen) and screen.waiting:
                deck_ids, tags = options.get("deck_ids"), options.get("tags")
                screen.attach_source(
                    RepositorySource(self.repo, deck_ids=deck_ids or None, tags=tags or None)
                )
        self.call_after_refresh(self.first_paint_done)  # the deck sync, then a resume offer

    def first_paint_done(self) -> None:
        """The first screen has painted its content: now do what may wait (once per start)."""
        if self._open_after_paint:
            self._open_after_paint = False
            self._glanced = True
            self.open_repository(self.profile)
            return
        if self._sync_after_paint:
            self._sync_after_paint = False
            self.sync_decks(quiet=True)
        if self._resume_pending:
            self._resume_pending = False
            self.call_after_refresh(self._offer_resume)  # one more frame: the card is up first

    def _home(self, glance: Glance | None = None) -> HomeScreen:
        from cyberquiz.tui.screens.home import HomeScreen

        return HomeScreen(glance)

    def _offer_resume(self, then: Callable[[], None] | None = None) -> bool:
        """Offer to resume an exam cut short by a quit or crash (the exam module's dialog).

        Returns:
            True when the dialog was shown (``then`` runs after it unless the exam resumes).
        """
        from cyberquiz.tui.screens.exam_resume import offer_resume

        return offer_resume(self, then)

    @work(thread=True, exclusive=True, group="repository")
    def open_preview(self) -> None:
        """Load one deck file for ``cyberquiz preview``: nothing is stored anywhere."""
        from cyberquiz.decks.loader import load_deck_file

        path = Path(self.options["path"])
        load = load_deck_file(path)
        self.call_from_thread(self._preview_ready, load)

    def _preview_ready(self, load: DeckLoad) -> None:
        from cyberquiz.tui.screens.preview import PreviewScreen

        screen = PreviewScreen(Path(self.options["path"]), load)
        self.switch_screen(screen)

    # -- errors ------------------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification (screens' too) without control characters: it may quote data."""
        from cyberquiz.core.controls import strip_controls

        super().notify(
            strip_controls(message),
            title=strip_controls(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def show_fatal(self, title: str, error: BaseException) -> None:
        """A message screen for an error that stops the app from working (no traceback)."""
        from cyberquiz.tui.screens.message import MessageScreen

        self.switch_screen(MessageScreen(title, str(error)))

    def show_error(self, error: BaseException) -> None:
        """A notice for an error during use (a write that failed, a locked database)."""
        self.notify(
            str(error), title="Database problem", severity="error", markup=False, timeout=10
        )

    # -- navigation --------------------------------------------------------------------------

    def open_screen(self, screen: Screen[Any]) -> None:
        """Push ``screen`` over the current one."""
        self.push_screen(screen)

    def leave_screen(self, screen: Screen[Any], *, finished: bool = False) -> bool:
        """Go back from ``screen``; in preview, leaving ends the app. False if it cannot leave."""
        if self.screen is not screen:
            return False
        if len(self.screen_stack) > 2:
            self.pop_screen()
            return True
        if self.options.get("path"):  # preview: there is no Home to go back to
            self.exit(0)
            return True
        if self.repo is not None:
            self.switch_screen(self._home())
            return True
        return False

    def start_study(self, source: CardSource, *, title: str = "Study") -> None:
        """Open the study screen on any card source."""
        from cyberquiz.tui.screens.study import StudyScreen

        self.push_screen(StudyScreen(source, title=title))

    def _study_screen(
        self,
        deck_ids: Sequence[str] | None = None,
        tags: Sequence[str] | None = None,
        first: Card | None = None,
        leave_out: frozenset[str] = frozenset(),
    ) -> StudyScreen:
        """The scheduler's queue; before the repository opens, ``first`` is shown meanwhile."""
        from cyberquiz.tui.screens.study import StudyScreen

        assert self.repo is not None or first is not None
        bits = []
        if deck_ids:
            bits.append("deck " + ", ".join(deck_ids))
        if tags:
            bits.append("tag " + ", ".join(tags))
        title = "Study: " + ("; ".join(bits) if bits else "all decks")
        source = None
        if self.repo is not None:
            from cyberquiz.services.sources import RepositorySource

            source = RepositorySource(
                self.repo, deck_ids=deck_ids or None, tags=tags or None, leave_out=leave_out
            )
        return StudyScreen(source, title=title, first=first)

    def _busy_with_exam(self) -> bool:
        """True (and says so) while an exam is open: nothing else starts over it."""
        if any(getattr(screen, "EXCLUSIVE", False) for screen in self.screen_stack):
            self.notify(
                "Finish or pause the exam first (esc pauses it).", severity="warning", timeout=4
            )
            return True
        return False

    def action_study(
        self,
        deck_ids: Sequence[str] | None = None,
        tags: Sequence[str] | None = None,
        leave_out: frozenset[str] = frozenset(),
    ) -> None:
        """Study the scheduler's queue (all decks, or some decks / tags, without ``leave_out``)."""
        if self.repo is None:
            self.notify("The database is still opening.", severity="warning")
            return
        if self._busy_with_exam():
            return
        self.push_screen(self._study_screen(deck_ids, tags, leave_out=leave_out))

    def action_study_all(self) -> None:
        """Study every deck's due cards."""
        self.action_study()

    def action_study_pick(self) -> None:
        """Choose an area or tag to study (an area: the cards the statistics count in it)."""
        from cyberquiz.core.areas import AREAS, tagged_elsewhere
        from cyberquiz.tui.screens.pick import PickScreen, tag_choices

        if self.repo is None or self._busy_with_exam():
            return
        cards = self.repo.cards()
        choices = tag_choices(cards)

        def chosen(tag: str | None) -> None:
            if not tag:
                return
            leave_out = frozenset[str]()
            if tag in AREAS:
                leave_out = tagged_elsewhere(((c.id, c.tags) for c in cards), tag)
            self.action_study(None, [tag], leave_out)

        self.push_screen(PickScreen("Study an area or tag", choices), chosen)

    def practice_cards(self, cards: Sequence[Card], *, title: str = "Practice") -> None:
        """Practise ``cards`` with feedback, without moving the schedule."""
        from cyberquiz.core.answers import Mode
        from cyberquiz.services.sources import ListSource

        self.start_study(ListSource(list(cards), self.repo, Mode.PRACTICE), title=title)

    def open_page(self, name: Page, options: StartOptions | None = None) -> None:
        """Open the exam, practice, stats or class screen (imported here: not needed to start)."""
        if self.repo is None:
            self.notify("The database is still opening.", severity="warning")
            return
        if self._busy_with_exam():
            return
        given: StartOptions = {**(options or {})}
        screen: Screen[Any]
        if name == "exam":
            from cyberquiz.tui.screens import exam

            screen = exam.make_screen(self, given)
        elif name == "practice":
            from cyberquiz.tui.screens import practice

            screen = practice.make_screen(self, given)
        elif name == "stats":
            from cyberquiz.tui.screens import stats

            screen = stats.make_screen(self, given)
        else:
            from cyberquiz.tui.screens.classroom import ClassScreen

            screen = ClassScreen()
        self.push_screen(screen)

    def action_open_exam(self) -> None:
        """Sit a self-assessment exam."""
        self.open_page("exam")

    def action_open_practice(self) -> None:
        """Practise without touching the schedule."""
        self.open_page("practice")

    def action_open_stats(self) -> None:
        """Statistics and exam readiness."""
        self.open_page("stats")

    def action_open_class(self) -> None:
        """The Class screen: the class, live (instructors on a class server)."""
        if self.repo is not None and not self.repo.class_instructor:
            self.notify(
                "The Class screen is for the instructors of a class server.",
                severity="warning",
                timeout=4,
            )
            return
        self.open_page("classroom")

    def action_open_browser(self) -> None:
        """Every card: search, history, unsuspend, unbury, unflag, reset, open its file."""
        from cyberquiz.tui.screens.browser import BrowserScreen

        if self.repo is None:
            self.notify("The database is still opening.", severity="warning")
            return
        if self._busy_with_exam():
            return
        self.push_screen(BrowserScreen())

    # -- settings, profile, decks ------------------------------------------------------------

    def _theme_changed(self, theme: Theme) -> None:
        if self.repo is None or theme.name == self._stored_theme:
            return
        from cyberquiz.storage.errors import StorageError

        try:
            self.repo.set_setting("theme", theme.name)
        except StorageError as error:
            self.show_error(error)
            return
        self._stored_theme = theme.name

    @property
    def retype_after_miss(self) -> bool:
        """The profile's setting: after a wrong typed answer, type the right one to go on."""
        from cyberquiz.storage.errors import StorageError
        from cyberquiz.tui.screens.study import RETYPE_SETTING

        if self.repo is None:
            return True
        try:
            return bool(self.repo.get_setting(RETYPE_SETTING, True))
        except StorageError:
            return True

    def action_toggle_retype(self) -> None:
        """Switch retyping after a miss on or off for this profile (stored)."""
        from cyberquiz.storage.errors import StorageError
        from cyberquiz.tui.screens.study import RETYPE_SETTING, StudyScreen

        if self.repo is None:
            self.notify("The database is still opening.", severity="warning")
            return
        on = not self.retype_after_miss
        try:
            self.repo.set_setting(RETYPE_SETTING, on)
        except StorageError as error:
            self.show_error(error)
            return
        if not on:
            for screen in self.screen_stack:
                if isinstance(screen, StudyScreen):
                    screen.retype_switched_off()
        self.notify(
            "Retype after a miss: on. After a wrong typed answer, type the right one to go on."
            if on
            else "Retype after a miss: off.",
            timeout=4,
        )

    def action_switch_profile(self) -> None:
        """Ask for a profile name and reopen the app on it."""
        from cyberquiz.tui.screens.pick import AskScreen

        if self._busy_with_exam():
            return

        def chosen(name: str | None) -> None:
            from cyberquiz.services.config import normalise_profile

            name = normalise_profile(name or "")  # "ana " and a decomposed "josé" are one name
            if not name or name == self.profile:
                return
            self.profile = name
            self.open_repository(name)

        self.push_screen(AskScreen("Switch profile", "Profile name", value=self.profile), chosen)

    def action_sync_decks(self) -> None:
        """Read the deck folders again and store what changed."""
        if self.repo is None:
            return
        self.notify("Syncing decks…", timeout=2)
        self.sync_decks()

    @work(thread=True, exclusive=True, group="sync")
    def sync_decks(self, quiet: bool = False) -> None:
        """Sync the deck folders in a worker; ``quiet`` reports only problems and changes."""
        from cyberquiz.storage.errors import StorageError

        repo = self.repo
        if repo is None:
            return
        try:
            from cyberquiz.services.sync import sync_decks

            report = sync_decks(repo, list(self.deck_dirs))
        except StorageError as error:
            self.call_from_thread(self.show_error, error)
            return
        self.call_from_thread(self.synced, report, quiet)

    def synced(self, report: SyncReport, quiet: bool = False) -> None:
        """Show what a deck sync found, and read Home's counts again when decks changed."""
        from cyberquiz.tui.screens.home import HomeScreen

        self.deck_problems = list(report.problems)
        self._notify_problems(report)
        if not quiet or report.changed:
            self.notify("Decks synced: " + report.summary() + ".", timeout=4, markup=False)
        if report.changed:
            for screen in self.screen_stack:
                if isinstance(screen, HomeScreen):
                    screen.reload()

    async def action_quit(self) -> None:
        """Quit; in a running exam, ask first (the exam is saved either way)."""
        for screen in reversed(self.screen_stack):  # the exam may be under its question list
            ask = getattr(screen, "action_quit_exam", None)
            if ask is not None:
                ask()
                return
        self.exit()

    def action_help(self) -> None:
        """Every key of the current screen."""
        from cyberquiz.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen.for_screen(self, self.screen))

    def on_unmount(self) -> None:
        if self.repo is not None:
            self.repo.close()
            self.repo = None
