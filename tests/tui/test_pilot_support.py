"""The suite's Pilot harness (``tests/support.py``): every settled step (one ``pilot.press`` with
all its keys is one) is painted, and a widget that cannot be drawn still fails the test, although
frames between steps are not rendered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.message import Message
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


class Relay(Static):
    """Passes a message on to the next relay, mounting it first when there is none yet."""

    DEFAULT_CSS = "Relay { height: 1; }"

    @dataclass
    class Pass(Message):
        left: int

    def __init__(self, number: int) -> None:
        super().__init__(str(number))
        self.number = number
        self.passed: list[int] = []

    async def on_relay_pass(self, message: Relay.Pass) -> None:
        message.stop()
        self.passed.append(message.left)
        if message.left:
            relays = list(self.screen.query(Relay).results(Relay))
            if self.number + 1 == len(relays):
                await self.screen.mount(Relay(self.number + 1))
                relays = list(self.screen.query(Relay).results(Relay))
            relays[self.number + 1].post_message(Relay.Pass(message.left - 1))


class RelayApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("r", "relay")]

    def compose(self) -> ComposeResult:
        yield Relay(0)

    def action_relay(self) -> None:
        self.query_one(Relay).post_message(Relay.Pass(5))


async def test_a_press_returns_once_every_widget_has_handled_what_it_caused() -> None:
    """Pilot's wait after a key: messages passed on from widget to widget, mounts on the way."""
    app = RelayApp()
    async with app.run_test() as pilot:
        await pilot.press("r")
        relays = list(app.query(Relay).results(Relay))
        assert [relay.passed for relay in relays] == [[5], [4], [3], [2], [1], [0]]
        assert not busy(app)
