"""Answer widgets in isolation: each kind's keys produce the right answer value."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, ClassVar

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.binding import BindingType

from cyberquiz.core.cards import Card
from cyberquiz.tui.app import FOCUS_MOVES
from cyberquiz.tui.widgets import AnswerWidget, make_answer_widget

from .cards import card_of
from .helpers import WidgetApp, build_app, settle, wait_home


class Harness(WidgetApp):
    """One answer widget; records what it posts."""

    BINDINGS: ClassVar[list[BindingType]] = FOCUS_MOVES  # the app's Tab

    def __init__(self, card: Card, order: tuple[int, ...] = ()) -> None:
        super().__init__()
        self.card = card
        self.order = order
        self.answered: list[Any] = []
        self.changed: list[Any] = []

    def compose(self) -> ComposeResult:
        yield make_answer_widget(self.card, self.order)

    def on_mount(self) -> None:
        self.query_one(AnswerWidget).focus_input()

    @on(AnswerWidget.Answered)
    def _answered(self, event: AnswerWidget.Answered) -> None:
        self.answered.append(event.answer)

    @on(AnswerWidget.Changed)
    def _changed(self, event: AnswerWidget.Changed) -> None:
        self.changed.append(event.answer)


async def run(card: Card, keys: list[str], order: tuple[int, ...] = ()) -> Harness:
    app = Harness(card, order)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
    return app


@pytest.mark.parametrize(
    ("kind", "keys", "order", "expected"),
    [
        ("typed", ["B", "u", "d", "a", "enter"], (), "Buda"),
        ("typed", ["enter", "enter"], (), ""),  # the first empty Enter only warns
        ("date", ["2", "0", "0", "1", "enter"], (), "2001"),
        ("number", ["6", "7", "enter"], (), "67"),
        ("choice", ["2", "enter"], (3, 2, 1, 0), 2),  # shown second is card option 2
        ("choice", ["d", "enter"], (3, 2, 1, 0), 0),
        ("choice", ["2", "1", "enter"], (), 0),  # a change of mind before Enter
        ("choice", ["down", "space", "enter"], (), 1),
        ("choice", ["0", "enter"], (), None),  # "I don't know": no guess
        ("truefalse", ["t", "enter"], (), True),
        ("truefalse", ["f", "enter"], (), False),
        ("truefalse", ["2", "enter"], (), False),
        ("truefalse", ["0", "enter"], (), None),
        ("multi", ["1", "b", "enter"], (), frozenset({0, 1})),
        ("multi", ["space", "down", "space", "space", "enter"], (), frozenset({0})),
        ("multi", ["enter"], (), frozenset()),
        ("cloze", ["2", "0", "0", "1", "enter", "B", "enter"], (), ("2001", "B")),
        ("cloze", ["x", "tab", "y", "enter"], (), ("x", "y")),
        ("order", ["enter"], (2, 1, 0), (2, 1, 0)),
        ("order", ["3", "2", "1", "enter"], (2, 1, 0), (0, 1, 2)),
        ("order", ["J", "enter"], (2, 1, 0), (1, 2, 0)),
        ("order", ["down", "ctrl+up", "enter"], (2, 1, 0), (1, 2, 0)),
        ("match", ["1", "c", "2", "b", "3", "a", "enter"], (2, 1, 0), (0, 1, 2)),
        ("match", ["1", "a", "enter"], (2, 1, 0), (2, None, None)),
        ("match", ["space", "space", "enter"], (1, 0, 2), (1, None, None)),
        ("flip", ["space"], (), None),
    ],
)
async def test_keys_give_answer(
    kind: str, keys: list[str], order: tuple[int, ...], expected: Any
) -> None:
    app = await run(card_of(kind), keys, order)
    assert app.answered == [expected]


@pytest.mark.parametrize(
    ("kind", "keys"),
    [
        ("choice", ["enter"]),  # the highlighted option is not an answer
        ("choice", ["down", "enter"]),
        ("choice", ["2"]),  # a pick waits for Enter
        ("truefalse", ["enter"]),
        ("truefalse", ["t"]),
        ("typed", ["enter"]),  # one stray Enter on nothing
    ],
)
async def test_nothing_is_submitted_until_chosen(kind: str, keys: list[str]) -> None:
    """The rule of every kind: no answer goes in before the student has chosen and confirmed."""
    app = await run(card_of(kind), keys, ())
    assert app.answered == []


async def test_locked_widget_ignores_keys() -> None:
    app = Harness(card_of("choice"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.query_one(AnswerWidget).freeze()
        await pilot.press("1", "a")
        await pilot.pause()
    assert app.answered == []


@pytest.mark.parametrize(
    ("kind", "answer"),
    [
        ("typed", "Lyon"),
        ("choice", 2),
        ("truefalse", False),
        ("multi", frozenset({1, 3})),
        ("cloze", ("a", "b")),
        ("order", (1, 0, 2)),
        ("match", (None, 0, 2)),
    ],
)
async def test_set_answer_round_trips(kind: str, answer: Any) -> None:
    app = Harness(card_of(kind), (2, 1, 0) if kind in ("order", "match") else ())
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        widget = app.query_one(AnswerWidget)
        widget.set_answer(answer)
        await pilot.pause()
        assert widget.current_answer() == answer


async def test_click_picks_a_choice() -> None:
    app = Harness(card_of("choice"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.click("#answer-options", offset=(6, 2))  # second option, inside the border
        await pilot.press("enter")
        await pilot.pause()
    assert app.answered == [1]


async def test_click_reveals_a_flip_card() -> None:
    app = Harness(card_of("flip"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.click("#flip-button")
        await pilot.pause()
    assert app.answered == [None]


async def test_clicks_pair_match_items() -> None:
    app = Harness(card_of("match"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.click("#match-left", offset=(6, 1))  # left item 1
        await pilot.click("#match-right", offset=(6, 3))  # right item shown third
        await pilot.pause()
        widget = app.query_one(AnswerWidget)
        assert widget.current_answer() == (2, None, None)
        assert "Europol" in str(app.query_one("#match-pairs").visual)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2001\nBudapest", ("2001", "Budapest")),
        ("2001\nBudapest\n", ("2001", "Budapest")),
        ("2001\nBudapest\nextra", ("2001", "Budapest")),
        ("2001", ("2001", "")),
    ],
)
async def test_paste_fills_cloze_gaps_in_order(text: str, expected: tuple[str, ...]) -> None:
    """Issue 13.6: a pasted cloze answer landed in the wrong gap (Input keeps one line)."""
    from textual import events

    app = Harness(card_of("cloze"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.focused is not None
        app.focused.post_message(events.Paste(text))
        await pilot.pause()
        assert app.query_one(AnswerWidget).current_answer() == expected
        assert app.answered == []  # a paste is not a submission


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ([*"2001", "enter", *"Buda"], ("2001", "Buda")),
        ([*"2001", "tab", *"Buda"], ("2001", "Buda")),
        ([*"2001", "tab", *"Buda", "shift+tab", "!"], ("2001!", "Buda")),
    ],
    ids=["enter", "tab", "shift+tab"],
)
async def test_a_burst_of_keys_lands_in_the_right_gaps(
    keys: list[str], expected: tuple[str, str]
) -> None:
    """Keys queued behind an Enter (a paste without bracketed paste) or a Tab (a fast typist,
    a script's keys) go to the gap it moved to; the Tab's own move came after them."""
    from textual import events

    app = Harness(card_of("cloze"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        for key in keys:
            char = key if len(key) == 1 else None
            app.post_message(events.Key(key, char))  # all queued before any is handled
        await pilot.pause()
        await pilot.pause()
        assert app.query_one(AnswerWidget).current_answer() == expected
        assert app.answered == []


@pytest.mark.parametrize("kind", ["typed", "choice", "cloze", "order", "match", "flip"])
async def test_focus_asked_before_mounting_lands_once_mounted(kind: str) -> None:
    """A new question's widget is mounted frames after the screen asks for its focus: the ask
    waits for the mount (it used to run first on a fast frame, and the keys went nowhere)."""
    app = App[None]()
    async with app.run_test(size=(100, 32)) as pilot:
        widget = make_answer_widget(card_of(kind), ())
        widget.take_focus()  # not mounted yet
        app.refresh()
        await pilot.pause()  # a frame comes first
        await app.screen.mount(widget)
        await pilot.pause()
        focused = app.focused
        assert focused is not None and (focused is widget or focused in widget.query("*"))
        widget.take_focus()  # mounted: focuses again (e.g. going back to a question)
        app.set_focus(None)
        await pilot.pause()
        await pilot.pause()
        assert app.focused is not None


@asynccontextmanager
async def home_recording_styles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Any, Any, list[Any]]]:
    """The app on Home, its pilot, and every node its stylesheet is applied to from then on."""
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_home(pilot)
        styled: list[Any] = []
        original = app.stylesheet.apply

        def apply(node: Any, **kwargs: Any) -> None:
            styled.append(node)
            original(node, **kwargs)

        monkeypatch.setattr(app.stylesheet, "apply", apply)
        yield app, pilot, styled


async def test_a_widget_is_styled_once_it_is_in_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Classes a widget gains before it is mounted are not styled then; mounted, they are."""
    from textual.widgets import Button

    async with home_recording_styles(tmp_path, monkeypatch) as (app, pilot, styled):
        button = Button("Late", compact=True, flat=True)  # its constructor adds three classes
        assert button.has_class("-textual-compact", "-style-flat")
        assert button not in styled
        later = Button("Late")  # the same classes, given once it is in the app
        await app.screen.mount(button, later)
        later.set_class(True, "-textual-compact", "-style-flat").remove_class("-style-default")
        await settle(pilot)
        assert button in styled
        assert button.classes == later.classes
        assert button.styles.base.get_rules() == later.styles.base.get_rules()
        assert button.styles.height is not None and button.styles.height.value == 1  # compact
        styled.clear()
        button.add_class("-new")  # in the app, a class change restyles it at once
        assert button in styled


async def test_a_new_screen_is_styled_once_and_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A screen just opened is not restyled whole when it shows; its styles are still current."""
    from cyberquiz.tui.screens.browser import BrowserScreen
    from cyberquiz.tui.screens.help import HelpScreen
    from cyberquiz.tui.screens.home import HomeScreen

    async with home_recording_styles(tmp_path, monkeypatch) as (app, pilot, styled):
        for key, kind in (("f1", HelpScreen), ("b", BrowserScreen)):  # a dialog, a full screen
            await pilot.press(key)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, kind)
            assert styled.count(screen) == 1, kind  # when it was mounted
            nodes = list(screen.walk_children(with_self=True))
            rules = [node.styles.base.get_rules() for node in nodes]
            app.update_styles(screen)  # what restyling it whole would have made
            assert [node.styles.base.get_rules() for node in nodes] == rules, kind
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            styled.clear()
