"""The card browser: every card with its deck, state, due date and latest answers, searchable.

As in Anki's browser: type to search (words, ``tag:``, ``deck:``, ``kind:``, ``is:``), open a
card's history, unsuspend, unbury, unflag or reset it, and open its deck file at the card's line
in ``$EDITOR``. Rows are read once, in a worker; a search filters them in memory
(``core.browse``) and the list paints only the lines on screen (``widgets.card_list``).
"""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from cyberquiz.core.browse import STATES, BrowseRow, Search, SearchError, parse_search
from cyberquiz.core.state import Phase
from cyberquiz.core.wording import counted
from cyberquiz.tui.footer import Footer
from cyberquiz.tui.safe import join, plain
from cyberquiz.tui.screens.base import AppScreen
from cyberquiz.tui.widgets.card_list import CardList, Column

if TYPE_CHECKING:
    from cyberquiz.tui.app import CyberQuizApp

CSS_PATH = Path(__file__).parent.parent / "styles" / "browser.tcss"

PHASE_NAMES = {
    Phase.NEW: "new",
    Phase.LEARNING: "learning",
    Phase.REVIEW: "review",
    Phase.RELEARNING: "relearning",
}
#: Below this width the kind column is left out (``kind:`` still searches it).
WIDE = 96

NARROW_COLUMNS = (
    Column("Question"),
    Column("Deck", 10),
    Column("State", 10),
    Column("Due", 10),
    Column("Lap", 3, right=True),
    Column("Flags", 5),
    Column("Last", 4),
)
WIDE_COLUMNS = (*NARROW_COLUMNS[:2], Column("Kind", 9), *NARROW_COLUMNS[2:])


def flags_text(row: BrowseRow, now: datetime) -> str:
    """``S`` suspended, ``B`` buried, ``F`` flagged, ``L`` leech."""
    s = row.state
    marks = [(s.suspended, "S"), (row.is_buried(now), "B"), (s.flagged, "F"), (s.leech, "L")]
    return "".join(mark for on_, mark in marks if on_)


def due_text(row: BrowseRow, now: datetime, tz: tzinfo) -> str:
    """The local due date, ``today``, or nothing for a new card."""
    due = row.state.due
    if due is None or row.state.phase == Phase.NEW:
        return ""
    day = due.astimezone(tz).date()
    return "today" if day == now.astimezone(tz).date() else day.isoformat()


def answers_text(row: BrowseRow) -> str:
    """The latest answers, oldest first: ``✓`` right, ``✗`` wrong."""
    return "".join("✓" if right else "✗" for right in row.last_answers)


def where_text(row: BrowseRow) -> str:
    """``path:line`` of the card in its deck file (relative to the current folder when in it)."""
    path = row.path
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        relative = path
    if not relative.startswith(os.pardir):
        path = relative
    return f"{path}:{row.line}" if row.line else path


def editor_command(editor: str, path: str, line: int | None) -> list[str]:
    """``$EDITOR +line path`` as an argument list (``EDITOR`` may hold options)."""
    return [*shlex.split(editor), *([f"+{line}"] if line else []), path]


class BrowserScreen(AppScreen[None]):
    """Every card, searchable; history, unsuspend, unbury, unflag, reset, open in the editor."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="browser.back"),
        Binding("slash", "focus_search", "Search", id="browser.search"),
        Binding("down", "focus_list", "To the list", show=False, id="browser.list"),
        Binding("h", "history", "History", id="browser.history"),
        Binding("s", "toggle_suspend", "Suspend", id="browser.suspend"),
        Binding("b", "unbury", "Unbury", id="browser.unbury"),
        Binding("f", "toggle_flag", "Flag", id="browser.flag"),
        Binding("r", "reset", "Reset", id="browser.reset"),
        Binding("e", "edit", "Edit", id="browser.edit"),
    ]
    #: shown by the help screen (F1) below the keys
    HELP_NOTES: ClassVar[tuple[str, ...]] = (
        'Search: words (all of them), "a phrase", tag:un, deck:eu, kind:typed, tag:org-* '
        f"(a prefix), is:{', is:'.join(STATES)}; -word or -is:new leaves out.",
        "Flags: S suspended, B buried, F flagged, L leech. Last: the latest answers, ✓ right.",
        "Keys s, b, f, r, e, h act on the highlighted card when the list has the focus "
        "(↓ or Enter from the search).",
    )

    def __init__(self, search: str = "") -> None:
        super().__init__()
        self.initial_search = search
        self.rows: list[BrowseRow] = []
        self.tz: tzinfo | None = None
        self.now: datetime | None = None
        self.loaded = False
        #: the last search and what it found (typing more of a word searches only those)
        self.last_search: tuple[Search, list[int]] | None = None
        #: whether the kind column is shown (wide enough)
        self.wide = False

    @property
    def cq_app(self) -> CyberQuizApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Browse cards", id="browser-title", markup=False)
        yield Input(
            self.initial_search,
            placeholder="Search: words, tag:un, deck:eu, is:due, is:suspended, -word  (F1: more)",
            id="browser-search",
            compact=True,
        )
        yield Static("", id="browser-header", markup=False)
        yield CardList(NARROW_COLUMNS, self._cells, id="browser-list")
        yield Static("Loading cards…", id="browser-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#browser-search", Input).focus()
        self._load()

    # -- loading -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="browser")
    def _load(self, *, sync: bool = False, keep: str | None = None) -> None:
        """Read every card's row (a worker: a few hundred ms for 10,000 cards); with ``sync``,
        read the deck files into the database first (after the editor changed one). The cursor
        goes back to card ``keep``."""
        from cyberquiz.storage.errors import StorageError

        app = self.cq_app
        repo = app.repo
        if repo is None:
            return
        try:
            if sync:
                from cyberquiz.services.sync import sync_decks

                report = sync_decks(repo, list(app.deck_dirs))
                app.call_from_thread(app.synced, report, quiet=True)
            rows, tz = repo.browse(), repo.timezone()
        except StorageError as error:
            app.call_from_thread(app.show_error, error)
            return
        app.call_from_thread(self.show_rows, rows, tz, keep)

    def show_rows(self, rows: list[BrowseRow], tz: tzinfo, keep: str | None = None) -> None:
        """Take the rows read by the worker and show those the search finds (the cursor on
        card ``keep`` when it is among them)."""
        self.rows, self.tz, self.now = rows, tz, self.cq_app.clock()
        self.last_search = None
        self.loaded = True
        card_list = self._list()
        card_list.load(rows)
        self.rows = card_list.rows  # one list: a changed row is changed for both
        self._layout_columns()
        self.search(self.query_one("#browser-search", Input).value)
        if keep is not None:
            order = card_list.order
            for line, index in enumerate(order):
                if self.rows[index].card_id == keep:
                    card_list.cursor = line
                    break

    # -- search --------------------------------------------------------------------------------

    @on(Input.Changed, "#browser-search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self.loaded:
            self.search(event.value)

    @on(Input.Submitted, "#browser-search")
    def _search_submitted(self) -> None:
        self._list().focus()

    def search(self, text: str) -> None:
        """Show the rows that ``text`` finds; a search that cannot be read shows why, and none."""
        assert self.now is not None
        problem: str | None = None
        wanted: Search | None
        try:
            wanted = parse_search(text, self.now)
        except SearchError as error:
            wanted, problem = None, str(error)
        if wanted is None:
            found = []
        elif self.last_search is not None and wanted.narrows(self.last_search[0]):
            found = wanted.run(self.rows, within=self.last_search[1])
        else:
            found = wanted.run(self.rows)
        self.last_search = None if wanted is None else (wanted, found)
        self._list().show(found)
        total = len(self.rows)
        count = f"{len(found):,} of {counted(total, 'card')}"
        self.query_one("#browser-title", Static).update(
            join(("Browse cards", "bold"), "  ·  ", count), layout=False
        )
        if problem:
            self._detail(problem, error=True)
        elif not found:
            self._detail("No card matches this search." if total else "No cards yet.")

    # -- the list ------------------------------------------------------------------------------

    def _list(self) -> CardList[BrowseRow]:
        return self.query_one("#browser-list", CardList)

    def _cells(self, row: BrowseRow) -> list[str]:
        assert self.now is not None and self.tz is not None
        cells = [row.question, row.deck_id]
        if self.wide:
            cells.append(row.kind)
        return [
            *cells,
            PHASE_NAMES[row.state.phase],
            due_text(row, self.now, self.tz),
            str(row.state.lapses) if row.state.lapses else "",
            flags_text(row, self.now),
            answers_text(row),
        ]

    def on_resize(self) -> None:
        self._layout_columns()

    def _layout_columns(self) -> None:
        card_list = self._list()
        wide = self.size.width >= WIDE
        if wide != self.wide:
            self.wide = wide
            card_list.set_columns(WIDE_COLUMNS if wide else NARROW_COLUMNS)
        header = card_list.header(card_list.scrollable_content_region.width or self.size.width)
        self.query_one("#browser-header", Static).update(header, layout=False)

    @on(CardList.Highlighted)
    def _highlighted(self, event: CardList.Highlighted) -> None:
        if event.index is None:
            return
        row = self.rows[event.index]
        tags = ", ".join(row.tags) or "no tags"
        self._detail(f"{row.card_id}  ·  {where_text(row)}  ·  {row.kind}  ·  {tags}")

    @on(CardList.Selected)
    def _selected(self) -> None:
        self.action_history()

    def _detail(self, text: str, *, error: bool = False) -> None:
        detail = self.query_one("#browser-detail", Static)
        detail.update(plain(text), layout=False)  # one line always: no layout needed
        detail.set_class(error, "-error")

    def _current(self) -> tuple[int, BrowseRow] | None:
        index = self._list().current
        if index is None:
            return None
        return index, self.rows[index]

    # -- actions -------------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to Home."""
        self.cq_app.leave_screen(self)

    def action_focus_search(self) -> None:
        """Type a search."""
        self.query_one("#browser-search", Input).focus()

    def action_focus_list(self) -> None:
        """From the search down to the list."""
        self._list().focus()

    def action_history(self) -> None:
        """Every answer to the highlighted card."""
        from cyberquiz.storage.errors import StorageError
        from cyberquiz.tui.screens.card_history import CardHistoryScreen

        current, repo = self._current(), self.cq_app.repo
        if current is None or repo is None or self.tz is None:
            return
        _, row = current
        try:
            reviews = repo.reviews(card_id=row.card_id)
            card = repo.card(row.card_id)
        except StorageError as error:
            self.cq_app.show_error(error)
            return
        self.app.push_screen(CardHistoryScreen(card, row, reviews, self.tz))

    def _change(self, verb: str, change: str) -> None:
        """Apply a repository change to the highlighted card, then repaint its line."""
        from cyberquiz.storage.errors import StorageError

        current, repo = self._current(), self.cq_app.repo
        if current is None or repo is None:
            return
        index, row = current
        try:
            if change == "suspend":
                repo.suspend(row.card_id, not row.state.suspended)
            elif change == "flag":
                repo.flag(row.card_id, not row.state.flagged)
            elif change == "unbury":
                repo.unbury(row.card_id)
            elif change == "reset":
                repo.reset(row.card_id)
            state = repo.state(row.card_id)
        except StorageError as error:
            self.cq_app.show_error(error)
            return
        self._list().replace_row(index, replace(row, state=state))
        self.notify(f"{row.card_id}: {verb}.", timeout=3, markup=False)

    def action_toggle_suspend(self) -> None:
        """Suspend the highlighted card, or unsuspend it."""
        current = self._current()
        if current is not None:
            suspended = current[1].state.suspended
            self._change("unsuspended" if suspended else "suspended", "suspend")

    def action_toggle_flag(self) -> None:
        """Flag the highlighted card, or clear its flag."""
        current = self._current()
        if current is not None:
            self._change("unflagged" if current[1].state.flagged else "flagged", "flag")

    def action_unbury(self) -> None:
        """Put a buried card back in today's queue."""
        current = self._current()
        if current is None or self.now is None:
            return
        if not current[1].is_buried(self.now):
            self.notify("This card is not buried.", timeout=3)
            return
        self._change("back in today's queue", "unbury")

    def action_reset(self) -> None:
        """Forget the highlighted card's schedule (asks first)."""
        from cyberquiz.tui.screens.confirm import ConfirmScreen

        current = self._current()
        if current is None:
            return
        row = current[1]
        if row.state.phase == Phase.NEW:
            self.notify("This card is new already.", timeout=3)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._change("reset to new", "reset")

        question = (
            f"Reset {row.card_id} to new? Its schedule is forgotten; its answers stay in the "
            "history, and a suspension or flag stays."
        )
        dialog = ConfirmScreen("Reset card", question, yes="Reset (y)", no="Cancel (n)")
        self.app.push_screen(dialog, answered)

    def action_edit(self) -> None:
        """Open the card's deck file at its line in $EDITOR (or show where it is)."""
        from textual.app import SuspendNotSupported

        current = self._current()
        if current is None:
            return
        row = current[1]
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.notify(
                f"{where_text(row)}\nSet EDITOR to open it from here.",
                title="The card is written in",
                timeout=8,
                markup=False,
            )
            return
        command = editor_command(editor, row.path, row.line)
        try:
            with self.app.suspend():
                subprocess.run(command, check=False)
        except SuspendNotSupported:
            self.notify(f"{where_text(row)}", title="Cannot open an editor here", markup=False)
        except OSError as error:
            self.notify(
                f"{shlex.join(command)}: {error.strerror or error}",
                title="The editor did not start",
                severity="error",
                markup=False,
            )
        else:
            # the file may have changed: read the decks again, then this list
            self._load(sync=True, keep=row.card_id)
