"""Practice: choose what to cram, then the study screen with feedback that never moves the schedule.

The app opens this module through :func:`make_screen` (``app.action_open_practice`` and
``cyberquiz practice``). Answers go through H-tui's ``ListSource`` with mode ``practice``: they
are stored as reviews but the card states (FSRS) are left alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cyberquiz.core.cards import Card
from cyberquiz.core.practice import SOURCE_LABELS, PracticeSource, select_practice
from cyberquiz.core.wording import counted
from cyberquiz.storage.errors import StorageError
from cyberquiz.tui.safe import join, plain
from cyberquiz.tui.screens.base import AppModal

if TYPE_CHECKING:
    from cyberquiz.tui.app import CyberQuizApp, StartOptions
    from cyberquiz.tui.screens.study import StudyScreen

CSS_PATH = Path(__file__).parent.parent / "styles" / "exam.tcss"


def practice_pool(
    app: CyberQuizApp, source: PracticeSource | str, options: StartOptions
) -> list[Card]:
    """The cards to practise from ``source`` with the deck/area/tag filters in ``options``."""
    from cyberquiz.storage.exams import ExamStore

    repo = app.repo
    if repo is None:
        return []
    source = PracticeSource(source)
    mistakes = ExamStore(repo).last_mistakes() if source is PracticeSource.MISTAKES else []
    return select_practice(
        repo.cards(),
        repo.states(),
        source,
        now=app.clock(),
        rng=app.rng,
        deck_ids=options.get("deck_ids") or (),
        areas=options.get("areas") or (),
        tags=options.get("tags") or (),
        mistakes=mistakes,
        limit=options.get("limit"),
    )


def practice_screen(app: CyberQuizApp, cards: list[Card], source: PracticeSource) -> StudyScreen:
    """The study screen over ``cards`` with answers stored in practice mode."""
    from cyberquiz.core.answers import Mode
    from cyberquiz.services.sources import ListSource
    from cyberquiz.tui.screens.study import StudyScreen

    # the label as written: lower-casing it made "cards i have never seen"
    title = f"Practice: {SOURCE_LABELS[source]}  (the schedule does not move)"
    cards_source = ListSource(cards, app.repo, Mode.PRACTICE)
    return StudyScreen(cards_source, title=title)


def make_screen(app: CyberQuizApp, options: StartOptions) -> Screen[Any]:
    """``--source`` given: straight into practice; otherwise the chooser."""
    source = options.get("source")
    if source:
        try:
            cards = practice_pool(app, source, options)
        except StorageError as error:
            app.show_error(error)
            cards = []
        if cards:
            return practice_screen(app, cards, PracticeSource(source))
        app.notify(
            f"Nothing to practise for “{SOURCE_LABELS[PracticeSource(source)]}”: choose another.",
            severity="warning",
            timeout=6,
        )
    return PracticeChooser(options)


class PracticeChooser(AppModal[None]):
    """Pick where the practice cards come from (with how many cards each source has)."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="practice.cancel")
    ]

    def __init__(self, options: StartOptions | None = None) -> None:
        super().__init__()
        self.options: StartOptions = {**(options or {})}
        self.pools: dict[PracticeSource, list[Card]] = {}

    @property
    def cq_app(self) -> CyberQuizApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="practice-chooser"):
            yield Static("Practise without touching the schedule", classes="dialog-title")
            filters = [
                f"{key.replace('_ids', 's')}: {', '.join(self.options[key])}"
                for key in ("deck_ids", "areas", "tags")
                if self.options.get(key)
            ]
            if filters:
                yield Static(plain("Only " + "; ".join(filters)), classes="dim")
            yield OptionList(id="practice-sources")

    def on_mount(self) -> None:
        options = self.query_one("#practice-sources", OptionList)
        for source in PracticeSource:
            try:
                pool = practice_pool(self.cq_app, source, self.options)
            except StorageError as error:
                self.cq_app.show_error(error)
                pool = []
            self.pools[source] = pool
            count = len(pool)
            options.add_option(
                Option(
                    join(
                        plain(SOURCE_LABELS[source]),
                        (f"  {counted(count, 'card')}", "dim"),
                    ),
                    id=f"source-{source.value}",
                    disabled=count == 0,
                )
            )
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        source = list(PracticeSource)[event.option_index]
        cards = self.pools.get(source) or []
        app = self.cq_app
        self.dismiss(None)
        if cards:
            app.push_screen(practice_screen(app, cards, source))

    def action_cancel(self) -> None:
        """Close."""
        self.dismiss(None)
