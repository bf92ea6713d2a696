"""A date as precise as it is known: a year, a year and month, or a day.

Its own small module so that the date card (core.kinds.date) and date reading (core.dates)
can both use it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

Precision: TypeAlias = Literal["year", "month", "day"]


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A year, a year and month, or a full date (month and day are 1-based)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        """``2001``, ``2001-11`` or ``2001-11-23``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
