"""Column types that convert at the database boundary.

SQLite has no time zones: ``DateTime`` columns store a naive value and give one back. The code
speaks UTC-aware datetimes only, so :class:`UTCDateTime` converts to naive UTC on the way in
and reattaches UTC on the way out. Naive input is a bug (which zone was meant?) and is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.types import DateTime, TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A UTC-aware datetime stored as naive UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):  # typed so, but a bind parameter takes anything
            raise TypeError(f"UTCDateTime expects a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass a UTC-aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


def to_naive_utc(value: datetime) -> datetime:
    """The naive-UTC form of an aware datetime, for raw SQL parameters (same rule as the type)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: pass a UTC-aware datetime")
    return value.astimezone(UTC).replace(tzinfo=None)


def to_sql_text(value: datetime) -> str:
    """The text SQLite's ``DateTime`` stores (``YYYY-MM-DD HH:MM:SS.ffffff``) for raw SQL."""
    return to_naive_utc(value).strftime("%Y-%m-%d %H:%M:%S.%f")


def from_sql_text(value: str | None) -> datetime | None:
    """Parse a stored ``DateTime`` text back to a UTC-aware datetime."""
    if value is None:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=UTC)
