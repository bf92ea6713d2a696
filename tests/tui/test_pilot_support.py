"""The suite's Pilot harness (``tests/support.py``): every settled step (one ``pilot.press`` with
all its keys is one) is painted, and a widget that cannot be drawn still fails the test, although
frames between steps are not rendered."""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Static

from support import busy


class Counter(Static):
    """Shows its count; cannot be drawn once the count is negative."""

    DEFAULT_CSS = "Counter { width: 10; height: 1; }"  # laid out without being drawn

    def __init__(self) -> None:
        super().__init__("0")
        self.count = 0
        self.drawn: list[str] = []

    def render(self) -> str:
        if self.count < 0:
            raise ZeroDivisionError("this widget cannot be drawn")
        self.drawn.append(str(self.count))
        return str(self.count)


class CounterApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("up", "step(1)"), ("x", "step(-100)")]

    def compose(self) -> ComposeResult:
        yield Counter()

    def action_step(self, by: int) -> None:
        counter = self.query_one(Counter)
        for _ in range(abs(by)):  # many refreshes in one step: one frame to paint at its end
            counter.count += 1 if by > 0 else -1
            counter.refresh()


async def test_each_settled_step_is_painted_once_with_what_it_shows() -> None:
    app = CounterApp()
    async with app.run_test() as pilot:
        counter = app.query_one(Counter)
        await pilot.press("up", "up")
        assert counter.drawn[-1] == "2"
        assert not busy(app), "nothing is left to paint once a key has settled"
        drawn = len(counter.drawn)
        await pilot.pause()
        assert len(counter.drawn) == drawn, "a settled screen is not painted again"


async def test_one_press_is_painted_once_after_its_last_key() -> None:
    """The keys of one ``pilot.press(...)`` are one step: no paint between them, one after."""
    app = CounterApp()
    async with app.run_test() as pilot:
        counter = app.query_one(Counter)
        await pilot.pause()
        drawn = len(counter.drawn)
        await pilot.press("up", "up", "up")
        assert counter.drawn[drawn:] == ["3"]
        await pilot.press("up")
        await pilot.press("up")
        assert counter.drawn[drawn:] == ["3", "4", "5"], "each press is a step of its own"


async def test_a_widget_that_cannot_be_drawn_fails_the_step_that_shows_it() -> None:
    app = CounterApp()
    async with app.run_test() as pilot:
        with pytest.raises(ZeroDivisionError, match="cannot be drawn"):
            await pilot.press("x")


async def test_a_widget_that_cannot_be_drawn_after_the_last_key_fails_the_press() -> None:
    app = CounterApp()
    async with app.run_test() as pilot:
        with pytest.raises(ZeroDivisionError, match="cannot be drawn"):
            await pilot.press("up", "x")
