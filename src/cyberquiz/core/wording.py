"""Counts in words as a student reads them."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 answer``, ``2 answers``, ``0 days``: a count with its noun in the right number.

    Args:
        count: how many.
        noun: the singular (``"card"``, ``"study day"``).
        plural: for a noun whose plural is not the singular plus ``s``.
    """
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
