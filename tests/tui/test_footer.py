"""The footer: one widget that draws the screen's keys cell for cell as Textual's footer does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.events import MouseScrollDown, MouseScrollUp
from textual.pilot import Pilot
from textual.widgets import Footer as TextualFooter
from textual.widgets import Input

from cyberquiz.tui.footer import Footer
from support import settle


class Keys(App[None]):
    """Three keys (one bound twice, one that can be disabled) and the palette's, over an input."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "ring", "Ring"),
        Binding("n,right", "next", "Next card"),
        Binding("z", "next", "Next again"),  # the same action: Textual shows its first key only
        Binding("h", "hidden", "Hidden", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self, footer: type[Footer | TextualFooter], *, compact: bool = False, theme: str = ""
    ) -> None:
        super().__init__()
        self.footer_class = footer
        self.compact = compact
        self.ring = True
        self.rung: list[str] = []
        if theme:
            self.theme = theme

    def compose(self) -> ComposeResult:
        yield Input()
        yield self.footer_class(compact=self.compact)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "ring" and not self.ring else True

    def action_ring(self) -> None:
        self.rung.append("ring")

    def action_next(self) -> None:
        self.rung.append("next")


def cells(app: App[Any]) -> list[tuple[str, Any]]:
    """The bottom line of the screen as (character, Rich style) per cell; meta is not drawn."""
    strips = app.screen._compositor.render_strips()
    out: list[tuple[str, Any]] = []
    for segment in strips[-1]:
        style = segment.style.clear_meta_and_links() if segment.style else None
        out += [(char, style) for char in segment.text]
    return out


def line(app: App[Any]) -> str:
    return "".join(char for char, _style in cells(app))


@asynccontextmanager
async def unfocused(width: int) -> AsyncIterator[tuple[Keys, Pilot[None], Footer]]:
    """The app with nothing focused, so that every key is shown (the input takes letters)."""
    app = Keys(Footer)
    async with app.run_test(size=(width, 5)) as pilot:
        app.set_focus(None)
        await settle(pilot)
        yield app, pilot, app.query_one(Footer)


#: (compact, ring, mouse x over the footer or None): the states drawn and compared
STATES = [
    (False, True, None),
    (True, True, None),
    (False, False, None),  # a disabled key is dim
    (False, True, 2),  # the mouse over a key
    (True, False, 1),  # over a disabled key
    (False, True, 77),  # over the palette's key
]


async def drawn(
    footer: type[Footer | TextualFooter], theme: str, width: int, states: list[Any]
) -> list[list[tuple[str, Any]]]:
    """The footer's line in each state, one state after the other in one app."""
    app = Keys(footer, theme=theme)
    lines = []
    async with app.run_test(size=(width, 3)) as pilot:
        app.set_focus(None)  # the input takes letters: focused, it hides their keys
        widget = app.query_one(footer)
        for compact, ring, hover in states:
            widget.compact = compact
            app.ring = ring
            app.refresh_bindings()
            await settle(pilot)
            # the mouse over the footer, or away from it (over the input)
            await pilot.hover(footer if hover is not None else Input, offset=(hover or 0, 0))
            await settle(pilot)
            lines.append(cells(app))
    return lines


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "solarized-light", "nord"])
@pytest.mark.parametrize(
    ("width", "states"),
    [(80, STATES), (32, [(True, True, None)])],  # 32: the keys are cut under the palette's
    ids=["80", "narrow"],
)
async def test_drawn_as_textuals_footer(theme: str, width: int, states: list[Any]) -> None:
    theirs = await drawn(TextualFooter, theme, width, states)
    ours = await drawn(Footer, theme, width, states)
    for state, mine, textuals in zip(states, ours, theirs, strict=True):
        assert "".join(c for c, _ in mine) == "".join(c for c, _ in textuals), state
        for x, (cell, expected) in enumerate(zip(mine, textuals, strict=True)):
            assert cell == expected, f"{state}: cell {x}"


async def test_keys_follow_the_bindings_and_focus() -> None:
    app = Keys(Footer)
    async with app.run_test(size=(80, 5)) as pilot:
        await settle(pilot)
        footer = app.query_one(Footer)
        # the input has focus and takes printable keys: their bindings are not shown
        assert [k.description for k in footer.keys] == []
        app.set_focus(None)
        await settle(pilot)
        assert [(k.display, k.description) for k in footer.keys] == [
            ("a", "Ring"),
            ("n", "Next card"),
            ("q", "Quit"),
        ]
        assert footer.palette_key is not None and footer.palette_key.display == "^p"
        assert line(app).startswith(" a Ring  n Next card  q Quit ")
        assert line(app).endswith("▏^p palette ")
        app.ring = False
        app.refresh_bindings()
        await settle(pilot)
        assert [k.enabled for k in footer.keys] == [False, True, True]


async def test_a_click_runs_the_key_and_a_disabled_key_rings_the_bell() -> None:
    async with unfocused(80) as (app, pilot, _footer):
        await pilot.click(Footer, offset=(1, 0))  # " a Ring "
        await pilot.click(Footer, offset=(10, 0))  # " n Next card "
        await settle(pilot)
        assert app.rung == ["ring", "next"]
        app.ring = False
        app.refresh_bindings()
        await settle(pilot)
        bells: list[bool] = []
        app.bell = lambda: bells.append(True)  # type: ignore[method-assign]
        await pilot.click(Footer, offset=(1, 0))
        await pilot.click(Footer, offset=(60, 0))  # between the keys and the palette: nothing
        await settle(pilot)
        assert app.rung == ["ring", "next"] and bells == [True]
        await pilot.click(Footer, offset=(78, 0))  # the palette's key
        await settle(pilot)
        assert app.screen.__class__.__name__ == "CommandPalette"


async def test_hovering_a_key_shows_its_tooltip_and_a_pointer() -> None:
    async with unfocused(80) as (_app, pilot, footer):
        await pilot.hover(Footer, offset=(76, 0))
        assert footer.tooltip == "Open the command palette" and footer.styles.pointer == "pointer"
        await pilot.hover(Footer, offset=(50, 0))
        assert footer.tooltip is None and footer.styles.pointer == "default"


async def test_the_wheel_brings_keys_that_do_not_fit_into_view() -> None:
    # (Pilot has no wheel of its own: its private helper posts the events, as click() does)
    async with unfocused(30) as (app, pilot, _footer):
        assert line(app).startswith(" a Ring  n Next")
        await pilot._post_mouse_events([MouseScrollDown], Footer, (1, 0))
        await settle(pilot)
        assert line(app).startswith(" n Next card  q")
        await pilot._post_mouse_events([MouseScrollUp], Footer, (1, 0))
        await settle(pilot)
        assert line(app).startswith(" a Ring  n Next")


async def test_not_redrawn_when_its_keys_stay_the_same() -> None:
    async with unfocused(60) as (app, pilot, footer):
        keys = footer.keys
        app.refresh_bindings()
        await settle(pilot)
        assert footer.keys is keys
