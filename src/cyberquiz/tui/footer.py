"""Textual's footer, rebuilt only when the keys it shows change, and each key styled once.

Textual rebuilds the footer whenever the bindings may have changed (a new screen, every move of
focus, every ``refresh_bindings``): about a dozen times per card in a study session, mostly to
show the same keys again. And its ``FooterKey`` starts compact and is then bound to the footer's
``compact`` (normal), so every key of every rebuild adds the ``-compact`` class and removes it
again, each time restyling the key at once. Together that was a third of the work of opening a
card and showing its feedback. Here the footer is rebuilt only when what it shows differs, and
each key gets its compactness (and class) before it is mounted: the same keys, drawn the same.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.dom import NoScreen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    """The key bindings of the screen (Textual's ``Footer``, drawn the same)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: what the keys on show were built from (see :meth:`_shown`)
        self._built_from: tuple[object, ...] | None = None

    def _shown(self) -> tuple[object, ...]:
        """Everything Textual's ``compose`` builds the keys from, in its order."""
        if not self._bindings_ready:
            return ()
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING
        return (
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
            *(
                (
                    key,
                    active.binding,
                    active.enabled,
                    active.tooltip,
                    app.get_key_display(active.binding),
                )
                for key, active in self.screen.active_bindings.items()
                if active.binding.show or key == palette
            ),
        )

    async def recompose(self) -> None:
        try:
            unchanged = self._built_from is not None and self._shown() == self._built_from
        except NoScreen:  # off its screen (popped): Textual's recompose does nothing then
            unchanged = False
        if not unchanged:
            await super().recompose()

    def compose(self) -> ComposeResult:
        self._built_from = self._shown()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # the command palette's key is not bound to the footer: it stays compact
                compact = self.compact or widget.has_class("-command-palette")
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget
