"""A checkbox and a selection list whose unchecked boxes are empty, not a dimmer ✗.

Textual draws every toggle button with the same "X" and tells checked from unchecked by colour
only, so in some themes an unchecked box looks checked (issue 13.5).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList

CHECKED = "X"
UNCHECKED = " "


class Check(Checkbox):
    """A checkbox that shows an empty box when unchecked."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = CHECKED if self.value else UNCHECKED
        return super()._button


class CheckList(SelectionList[str]):
    """A selection list that shows an empty box for each option that is not selected."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 2 or segments[1].text != CHECKED:
            return strip
        meta = segments[1].style.meta if segments[1].style is not None else {}
        index = meta.get("option")
        if index is None or self.get_option_at_index(index).value in self.selected:
            return strip
        segments[1] = Segment(UNCHECKED, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)
