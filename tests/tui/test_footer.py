"""The footer: Textual's keys, drawn the same, each styled once when the footer is rebuilt."""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.widgets._footer import FooterKey

from cyberquiz.tui.footer import Footer


class Keys(App[None]):
    """A footer of two keys; records which footer keys were restyled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "bell", "Ring"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, compact: bool) -> None:
        super().__init__()
        self.compact = compact
        self.restyled: list[FooterKey] = []

    def compose(self) -> ComposeResult:
        yield Footer(compact=self.compact)

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        if isinstance(node, FooterKey):
            self.restyled.append(node)
        super().update_styles(node, animate)


@pytest.mark.parametrize("compact", [False, True], ids=["normal", "compact"])
async def test_footer_keys_are_styled_once_with_the_footers_compactness(compact: bool) -> None:
    """Textual's keys start compact and are switched back, restyling each key twice per rebuild."""
    app = Keys(compact)
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        keys = [k for k in app.query(FooterKey) if not k.has_class("-command-palette")]
        assert [k.description for k in keys] == ["Ring", "Quit"]
        assert all(k.compact is compact and k.has_class("-compact") is compact for k in keys)
        [palette] = app.query(FooterKey).filter(".-command-palette")
        assert palette.compact and palette.has_class("-compact")
        app.refresh_bindings()  # the footer is rebuilt as on a change of screen or focus
        await pilot.pause()
        await pilot.pause()
        rebuilt = [k for k in app.query(FooterKey) if not k.has_class("-command-palette")]
        assert rebuilt and not set(map(id, rebuilt)) & set(map(id, keys))
        assert app.restyled == []
