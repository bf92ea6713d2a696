"""Deck text is data, never markup: the one place that turns user text into Textual content.

Every widget that shows text from a deck, a database or an error message (which may quote deck
text) goes through :func:`plain` or :func:`styled`, or passes ``markup=False``. ``Content(text)``
takes the text literally: ``[bold]``, ``[/]``, ``[@click=app.quit]x[/]`` and ``$var`` stay as
written.
"""

from __future__ import annotations

from textual.content import Content


def plain(text: str) -> Content:
    """The text exactly as written, with no markup or variables interpreted."""
    return Content(text)


def styled(text: str, style: str) -> Content:
    """The text exactly as written, in ``style`` (a style string such as ``"bold"``)."""
    return Content.assemble((text, style))


def join(*parts: str | Content | tuple[str, str]) -> Content:
    """Join literal strings, content and ``(text, style)`` pairs; strings are never parsed."""
    return Content.assemble(*parts)
