"""The system's time zone, without SQLAlchemy (the start-up glance needs it too)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo


def local_timezone() -> tzinfo:
    """The system's time zone (``tzlocal``), else the current fixed UTC offset.

    tzlocal reads ``TZ``, ``/etc/timezone``, ``/etc/localtime`` and the platform's own settings;
    a ``TZ`` it cannot name (``PST8PDT``-style rules) raises, and a missing configuration warns
    and gives UTC, so both fall back to the offset the C library reports instead.
    """
    import warnings
    from zoneinfo import ZoneInfoNotFoundError

    from tzlocal import get_localzone

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "defaulting to UTC": the C library knows better
            return get_localzone()
    except (ZoneInfoNotFoundError, ValueError, LookupError, UserWarning):
        return datetime.now().astimezone().tzinfo or UTC


def zone_named(name: object) -> tzinfo:
    """The ``timezone`` setting as a ``ZoneInfo``; unset or unknown: the system's zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if name:
        try:
            return ZoneInfo(str(name))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return local_timezone()
