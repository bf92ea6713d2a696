"""Deck text is data, never markup: the one place that turns user text into Textual content.

Every widget that shows text from a deck, a database or an error message (which may quote deck
text) goes through :func:`plain` or :func:`styled`, or passes ``markup=False``. ``Content(text)``
takes the text literally: ``[bold]``, ``[/]``, ``[@click=app.quit]x[/]`` and ``$var`` stay as
written.
Control characters (ESC, CSI, BEL, ...) are dropped here too: a terminal would act on them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content

from cyberquiz.core.controls import strip_controls

if TYPE_CHECKING:
    from typing import TypedDict, Unpack

    from rich.console import JustifyMethod, OverflowMethod
    from rich.style import Style
    from rich.text import Span

    class TextOptions(TypedDict, total=False):
        """The keyword arguments of ``rich.text.Text`` after the text."""

        style: str | Style
        justify: JustifyMethod | None
        overflow: OverflowMethod | None
        no_wrap: bool | None
        end: str
        tab_size: int | None
        spans: list[Span] | None


def plain(text: str) -> Content:
    """The text exactly as written, with no markup or variables interpreted."""
    return Content(strip_controls(text))


def text(value: str, **options: Unpack[TextOptions]) -> Text:
    """A rich ``Text`` of data (a table cell): literal, control characters dropped.

    Args:
        value: the text from a deck, the database or a report.
        options: ``style``, ``justify``, ... as for ``rich.text.Text``.
    """
    return Text(strip_controls(value), **options)


def styled(text: str, style: str) -> Content:
    """The text exactly as written, in ``style`` (a style string such as ``"bold"``)."""
    return Content.assemble((strip_controls(text), style))


def join(*parts: str | Content | tuple[str, str]) -> Content:
    """Join literal strings, content and ``(text, style)`` pairs; strings are never parsed."""
    return Content.assemble(*(_clean(part) for part in parts))


def _clean(part: str | Content | tuple[str, str]) -> str | Content | tuple[str, str]:
    if isinstance(part, str):
        return strip_controls(part)
    if isinstance(part, tuple):
        return (strip_controls(part[0]), part[1])
    return part
