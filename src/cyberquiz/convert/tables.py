"""What every format's table from kind to mapping shares.

Each format module keeps one ``dict[Kind, ...]`` with an entry for every kind: how the format
writes (or reads) that kind, or :class:`Unsupported` with the reason it cannot. The tests walk
:data:`Kind` over every table and name the format and the kind of any missing entry.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A kind the format cannot represent, and why (for the skipped list)."""

    reason: str
