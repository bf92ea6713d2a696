"""The key guard: a key that arrives just after a new question appears is not its answer."""

from __future__ import annotations

import time
from collections.abc import Callable

#: long enough to swallow the second key of a habitual double press, short enough to go unnoticed
DEFAULT_GUARD_SECONDS = 0.35


class KeyGuard:
    """Answer keys pressed within ``seconds`` of :meth:`arm` are dropped.

    ``monotonic`` is injectable so that tests drive the guard without waiting.
    """

    def __init__(self, seconds: float = 0.0, monotonic: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self.monotonic = monotonic
        self._until = float("-inf")

    def arm(self) -> None:
        """A new question (or its feedback) has just appeared."""
        self._until = self.monotonic() + self.seconds

    def blocks(self) -> bool:
        """Whether an answer key pressed now is too soon to count."""
        return self.seconds > 0 and self.monotonic() < self._until


def is_answer_key(key: str, character: str | None) -> bool:
    """Keys that could answer or advance: Enter, space and printable characters."""
    return key in ("enter", "space") or (character is not None and character.isprintable())
