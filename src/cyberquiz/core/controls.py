"""Control characters in text from decks, imports and reports: found, named and removed.

A terminal acts on control characters instead of showing them: ESC starts sequences that can
set the clipboard (OSC 52), retitle the window, clear the screen or plant hyperlinks (OSC 8);
``\\x9b`` is the 8-bit CSI. Card text never needs them, so every C0 control but tab and newline,
DEL and every C1 control is refused in decks, stripped from imports and dropped from anything
written to a terminal.
"""

from __future__ import annotations

import re
import unicodedata

#: C0 controls except tab and newline, DEL, and the C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """``text`` without control characters (tab and newline are kept)."""
    return CONTROL.sub("", text) if CONTROL.search(text) else text


def first_control(text: str) -> int | None:
    """The index of the first control character in ``text``, or None."""
    found = CONTROL.search(text)
    return found.start() if found else None


def describe_control(char: str) -> str:
    """``U+001B (ESC)``: a control character named so that a person can find it."""
    names = {"\x1b": "ESC", "\x00": "NUL", "\x07": "BEL", "\x7f": "DEL", "\x9b": "CSI"}
    name = names.get(char) or unicodedata.name(char, "control")
    return f"U+{ord(char):04X} ({name})"
