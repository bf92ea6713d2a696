"""The daily limits' defaults and arithmetic, on their own (``core.queue`` uses them).

Apart from the queue rules so that the start-up glance (``storage.peek``) can check them without
loading the card states, before the first card is painted.
"""

from __future__ import annotations

DEFAULT_ROLLOVER_HOUR = 4
DEFAULT_NEW_PER_DAY = 20
DEFAULT_REVIEWS_PER_DAY = 200


def remaining(limit: int, done: int) -> int:
    """What is left of a daily limit (never negative)."""
    return max(0, limit - done)
