"""The one writer for the command line: whatever it prints from data is cleaned first.

Deck text, file names, students' reports and error messages can carry terminal control
sequences (OSC 52 clipboard writes, title changes, 8-bit CSI). Commands print through
:func:`echo`, :func:`echo_json` and :func:`print_rich`, never ``click.echo`` or ``print``;
error messages of click exceptions are cleaned by the group (see ``cli.LazyGroup.invoke``).
The app's own styling (colours) is added after cleaning, so it survives.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from cyberquiz.core.controls import CONTROL, strip_controls

if TYPE_CHECKING:
    from typing import TypedDict, Unpack

    from rich.console import Console, RenderableType

    class StyleOptions(TypedDict, total=False):
        """The keyword arguments of ``click.style`` after the text."""

        fg: int | tuple[int, int, int] | str | None
        bg: int | tuple[int, int, int] | str | None
        bold: bool | None
        dim: bool | None
        underline: bool | None
        overline: bool | None
        italic: bool | None
        blink: bool | None
        reverse: bool | None
        strikethrough: bool | None
        reset: bool


def echo(
    message: object = "", *, err: bool = False, nl: bool = True, **style: Unpack[StyleOptions]
) -> None:
    """Print ``message`` without control characters, then in ``style`` (click.style options)."""
    text = strip_controls(str(message))
    click.echo(click.style(text, **style) if style else text, err=err, nl=nl)


def echo_json(payload: Any) -> None:
    """Print ``payload`` as indented JSON; every control character stays data, as an escape.

    ``json.dumps`` escapes C0 controls itself; DEL and the C1 controls (``\\x9b`` is CSI to some
    terminals) would go out raw with ``ensure_ascii=False``, so they are escaped here too.
    """
    text = json.dumps(payload, indent=2, ensure_ascii=False)
    click.echo(CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def print_rich(console: Console, renderable: RenderableType) -> None:
    """Print a rich renderable (a table) with control characters dropped from its text."""
    from rich.segment import Segment, Segments  # deferred: only tables need rich

    segments = [
        seg if seg.control else Segment(strip_controls(seg.text), seg.style)
        for seg in console.render(renderable)
    ]
    console.print(Segments(segments))
