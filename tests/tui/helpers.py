"""Driving the app in tests: build it, wait for it, open a card, answer it right or wrong."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from cyberquiz.cli import make_app
from cyberquiz.core.answers import Mode
from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    FlipCard,
    MatchCard,
    MultiCard,
    NumberCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.kinds.number import format_number
from cyberquiz.services.sources import ListSource
from cyberquiz.tui.app import CyberQuizApp
from cyberquiz.tui.screens.base import AppScreen
from cyberquiz.tui.screens.home import HomeScreen
from cyberquiz.tui.screens.study import StudyScreen
from cyberquiz.tui.widgets.answers import (
    ChoiceAnswer,
    MatchAnswer,
    MultiAnswer,
    OrderAnswer,
)
from support import NOW, settle

FIXTURES = Path(__file__).parent / "fixtures"
SIZE = (100, 32)
#: the kinds deck, in file order
KIND_IDS = (
    "k-flip",
    "k-typed",
    "k-date",
    "k-choice",
    "k-multi",
    "k-truefalse",
    "k-cloze",
    "k-order",
    "k-match",
)


class WidgetApp(App[None]):
    """An app for widgets on their own, on a screen that behaves as the app's screens do."""

    def get_default_screen(self) -> Screen[Any]:
        return AppScreen(id="_default")


def build_app(
    tmp_path: Path,
    decks: Sequence[str] = ("kinds.yaml",),
    *,
    start: str = "home",
    options: dict[str, Any] | None = None,
    now: datetime = NOW,
    profile: str = "tester",
) -> CyberQuizApp:
    """The real app through the CLI's factory: a temp SQLite file, fixture decks, frozen clock."""
    return make_app(
        db_url=f"sqlite:///{tmp_path / 'tui.db'}",
        profile=profile,
        deck_dirs=[FIXTURES / d for d in decks],
        clock=lambda: now,
        rng=random.Random(0),
        start=start,
        options=options,
    )


async def wait_home(pilot: Pilot[Any]) -> HomeScreen:
    """Wait for the database to open and Home to show its counts."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HomeScreen), f"expected Home, got {screen!r}"
    assert screen.data is not None
    return screen


async def open_card(pilot: Pilot[Any], card_id: str, mode: Mode = Mode.STUDY) -> StudyScreen:
    """Open the study screen on one card (stored with ``mode``) and wait for it."""
    app = pilot.app
    assert isinstance(app, CyberQuizApp) and app.repo is not None
    card = app.repo.card(card_id)
    app.start_study(ListSource([card], app.repo, mode), title="Test")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, StudyScreen)
    assert screen.card is not None and screen.card.id == card_id
    return screen


def answer_keys(screen: StudyScreen, right: bool) -> list[str]:
    """Keys that answer the card on ``screen`` right (or wrong), whatever the shown order."""
    card: Card | None = screen.card
    widget = screen.answer_widget
    assert card is not None and widget is not None
    match card:
        case FlipCard():  # reveal, then the rating (stored at once); Enter goes on
            return ["space", "3" if right else "1"]
        case TypedCard():
            return [*(card.answer if right else "zzz"), "enter"]
        case DateCard():
            return [*(card.answer.iso()[:4] if right else "1888"), "enter"]
        case ChoiceCard():
            assert isinstance(widget, ChoiceAnswer)
            target = card.answer if right else (card.answer + 1) % len(card.options)
            return [str(widget.shown().index(target) + 1), "enter"]
        case MultiCard():
            assert isinstance(widget, MultiAnswer)
            picks = card.answers if right else set(range(len(card.options))) - card.answers
            return [*(str(widget.shown().index(i) + 1) for i in sorted(picks)), "enter"]
        case TrueFalseCard():
            return ["t" if card.answer == right else "f", "enter"]
        case ClozeCard():
            keys: list[str] = []
            for gap in card.gaps:
                keys += [*(gap.answers[0] if right else "qqq"), "enter"]
            return keys
        case OrderCard():
            assert isinstance(widget, OrderAnswer)
            indices = range(len(card.items))
            wanted = list(indices) if right else list(reversed(indices))
            return [*(widget.label(i) for i in wanted), "enter"]
        case MatchCard():
            assert isinstance(widget, MatchAnswer)
            n = len(card.pairs)
            keys = []
            for left in range(n):
                partner = left if right else (left + 1) % n
                keys += [str(left + 1), "abcdefghij"[widget.right_order.index(partner)]]
            return [*keys, "enter"]
        case NumberCard():
            return [*(format_number(card.answer) if right else "999999"), "enter"]
    raise AssertionError(card)


async def answer(pilot: Pilot[Any], right: bool) -> None:
    """Answer the card on screen right or wrong and wait."""
    screen = pilot.app.screen
    assert isinstance(screen, StudyScreen)
    await pilot.press(*answer_keys(screen, right))
    await settle(pilot)


def screen_text(app: CyberQuizApp) -> str:
    """Everything on screen as plain text (what a student sees)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


async def steady(pilot: Pilot[Any]) -> None:
    """Stop cursor blinking so that a snapshot does not depend on when it is taken."""
    from textual.widgets import Input

    for field in pilot.app.screen.query(Input).results(Input):
        field.cursor_blink = False
    await pilot.pause()
