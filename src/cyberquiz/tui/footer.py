"""Textual's footer, without restyling every key twice each time the bindings change.

Textual's ``FooterKey`` starts compact and is then bound to the footer's ``compact`` (normal),
so every key of every rebuilt footer adds the ``-compact`` class and removes it again, and each
of those restyles the key at once. The footer is rebuilt whenever the bindings change (a new
screen, a move of focus), which made that a quarter of the work of opening a study screen.
Here each bound key gets the footer's value (and its class) before it is mounted: the same
keys, drawn the same, styled once.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    """The key bindings of the screen (Textual's ``Footer``, drawn the same)."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # the command palette's key is not bound to the footer: it stays compact
                compact = self.compact or widget.has_class("-command-palette")
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget
