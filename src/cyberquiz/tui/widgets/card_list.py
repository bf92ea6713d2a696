"""A table of many rows that renders only the lines on screen (the card browser's list).

Textual's ``DataTable`` measures every row it is given, on idle: 10,000 cards took seconds to
show there, and again after every keystroke of a search. This widget keeps the rows, and the
order of those shown, as plain Python lists; a line is formatted when it is first painted, and
cached until that row changes (:meth:`CardList.refresh_row`), so a new search costs one
``refresh()``. Cells are cut and padded to their column's width in terminal cells, and card text
is written as plain segments (never markup).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from rich.cells import set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

T = TypeVar("T")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its title and width in cells (``0``: takes the width that is left)."""

    title: str
    width: int = 0
    right: bool = False


def fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` cut or padded to exactly ``width`` terminal cells."""
    if right:
        return set_cell_size(text, width) if len(text) >= width else text.rjust(width)
    return set_cell_size(text, width)


def one_line(text: str) -> str:
    """``text`` on one line: control characters (tabs, newlines, escapes) become spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def column_widths(columns: Sequence[Column], total: int) -> list[int]:
    """Each column's width in ``total`` cells (one cell between columns; flexible ones share)."""
    fixed = sum(c.width for c in columns) + max(len(columns) - 1, 0)
    flexible = [c for c in columns if not c.width]
    share = max(total - fixed, 8 * len(flexible)) // max(len(flexible), 1)
    return [c.width or share for c in columns]


class CardList(ScrollView, Generic[T], can_focus=True):
    """Rows of ``T``, shown through ``cells(row)`` in the order given to :meth:`show`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"card-list--cursor", "card-list--odd"}
    DEFAULT_CSS = """
    CardList {
        height: 1fr;
    }
    CardList > .card-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    CardList:blur > .card-list--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style;
    }
    CardList > .card-list--odd {
        background: $surface-lighten-1 20%;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another row (``index`` into the rows; ``None``: nothing shown)."""

        card_list: CardList[object]
        index: int | None

    @dataclass
    class Selected(Message):
        """Enter (or a click on the highlighted row) on a row."""

        card_list: CardList[object]
        index: int

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[T], Sequence[str]],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self._cells = cells
        self.rows: list[T] = []
        self.order: list[int] = []
        self._lines: dict[int, list[str]] = {}

    # -- data ----------------------------------------------------------------------------------

    def load(self, rows: Sequence[T]) -> None:
        """Take a new set of rows (all of them shown until :meth:`show` is called)."""
        self.rows = list(rows)
        self._lines.clear()
        self.show(range(len(self.rows)))

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Lay the rows out in other columns (the cached lines are formatted again)."""
        self.columns = tuple(columns)
        self._lines.clear()
        self.refresh()

    def show(self, order: Sequence[int]) -> None:
        """Show these rows (indices into :attr:`rows`) in this order, the cursor on the first."""
        self.order = list(order)
        self.virtual_size = Size(self.size.width, len(self.order))
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = 0
        self.refresh()

    def replace_row(self, index: int, row: T) -> None:
        """Change one row and repaint its line only."""
        self.rows[index] = row
        self._lines.pop(index, None)
        if index in self.order:  # a few thousand ints: cheaper than keeping a reverse map
            self.refresh_line(self.order.index(index))

    @property
    def current(self) -> int | None:
        """The index (into :attr:`rows`) of the highlighted row, if any row is shown."""
        if 0 <= self.cursor < len(self.order):
            return self.order[self.cursor]
        return None

    def header(self, width: int) -> str:
        """The column titles, laid out as the lines are."""
        widths = column_widths(self.columns, width)
        return " ".join(
            fit(c.title, w, right=c.right) for c, w in zip(self.columns, widths, strict=True)
        )

    # -- cursor --------------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.order) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self, self.current))  # type: ignore[arg-type]

    def _scroll_to_cursor(self) -> None:
        self.scroll_to_region(
            Region(0, self.cursor, max(self.size.width, 1), 1), animate=False, immediate=True
        )

    def action_cursor(self, step: int) -> None:
        """Move the cursor up or down."""
        self.cursor += step

    def action_page(self, direction: int) -> None:
        """Move the cursor a screen up or down."""
        self.cursor += direction * max(self.scrollable_content_region.height - 1, 1)

    def action_cursor_to(self, position: int) -> None:
        """Go to the first (0) or last (-1) row."""
        self.cursor = position if position >= 0 else len(self.order) - 1

    def action_select(self) -> None:
        """Open the highlighted row."""
        if self.current is not None:
            self.post_message(self.Selected(self, self.current))  # type: ignore[arg-type]

    def on_click(self, event: events.Click) -> None:
        line = event.y + int(self.scroll_offset.y)
        if 0 <= line < len(self.order):
            if line == self.cursor and event.chain > 1:
                self.action_select()
            self.cursor = line

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.order))
        self._scroll_to_cursor()

    # -- painting ------------------------------------------------------------------------------

    def refresh_line(self, line: int) -> None:
        """Repaint one line (a position among the rows shown)."""
        y = line - int(self.scroll_offset.y)
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + int(self.scroll_offset.y)
        if line >= len(self.order):
            return Strip.blank(width, self.rich_style)
        index = self.order[line]
        cells = self._lines.get(index)
        if cells is None:
            cells = [one_line(c) for c in self._cells(self.rows[index])]
            self._lines[index] = cells
        widths = column_widths(self.columns, width)
        text = " ".join(
            fit(cell, w, right=c.right)
            for cell, c, w in zip(cells, self.columns, widths, strict=True)
        )
        style = self.rich_style
        if line == self.cursor:
            style = style + self.get_component_rich_style("card-list--cursor")
        elif line % 2:
            style = style + self.get_component_rich_style("card-list--odd")
        return Strip([Segment(fit(text, width), style)], width)
