"""The footer: Textual's keys, drawn the same, rebuilt only when they change, styled once."""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.widgets._footer import FooterKey

from cyberquiz.tui.footer import Footer
from support import settle


class Keys(App[None]):
    """A footer of two keys and the palette's; records which footer keys were restyled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "bell", "Ring"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, compact: bool) -> None:
        super().__init__()
        self.compact = compact
        self.ring = True
        self.restyled: list[FooterKey] = []

    def compose(self) -> ComposeResult:
        yield Footer(compact=self.compact)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "bell" and not self.ring else True

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        if isinstance(node, FooterKey):
            self.restyled.append(node)
        super().update_styles(node, animate)

    def keys(self) -> list[FooterKey]:
        return list(self.query(FooterKey).results(FooterKey))


@pytest.mark.parametrize("compact", [False, True], ids=["normal", "compact"])
async def test_footer_keys_are_styled_once_with_the_footers_compactness(compact: bool) -> None:
    """Textual's keys start compact and are switched back, restyling each key twice per rebuild."""
    app = Keys(compact)
    async with app.run_test(size=(60, 5)) as pilot:
        await settle(pilot)
        *keys, palette = app.keys()
        assert [k.description for k in keys] == ["Ring", "Quit"]
        assert all(k.compact is compact and k.has_class("-compact") is compact for k in keys)
        assert palette.has_class("-command-palette")
        assert palette.compact and palette.has_class("-compact")
        app.ring = False  # the bell is shown disabled: the footer is rebuilt
        app.refresh_bindings()
        await settle(pilot)
        rebuilt = app.keys()
        assert not set(map(id, rebuilt)) & set(map(id, keys))
        assert [k.has_class("-disabled") for k in rebuilt] == [True, False, False]
        assert app.restyled == []


async def test_footer_is_not_rebuilt_when_its_keys_stay_the_same() -> None:
    """Textual rebuilds it on every refresh of the bindings (each move of focus, each card)."""
    app = Keys(compact=False)
    async with app.run_test(size=(60, 5)) as pilot:
        await settle(pilot)
        keys = app.keys()
        app.refresh_bindings()
        await settle(pilot)
        assert app.keys() == keys
