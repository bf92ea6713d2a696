"""Time zones: the system's zone, a profile's zone by name, UTC offsets over a span of time.

Every answer stores the UTC offset (minutes) of the zone it was given in (``review.utc_offset``,
schema v3), so that its local day, and the streak, stay what they were when the zone changes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo


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
    """The zone of a ``timezone`` setting (an IANA name), else the system's zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if name:
        try:
            return ZoneInfo(str(name))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return local_timezone()


def offset_minutes(tz: tzinfo, at: datetime) -> int:
    """The UTC offset of ``tz`` at the instant ``at``, in minutes (east positive)."""
    off = at.astimezone(tz).utcoffset()
    return int(off.total_seconds()) // 60 if off is not None else 0


def offset_pieces(tz: tzinfo, start: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """``[start, end)`` cut where the zone's UTC offset changes: (piece start, offset seconds).

    The offset is constant between transitions (DST); transitions are found to the quarter
    hour (every zone in use changes on one).
    """
    quarter = timedelta(minutes=15)

    def offset(at: datetime) -> int:
        off = at.astimezone(tz).utcoffset()
        return int(off.total_seconds()) if off is not None else 0

    start = start.astimezone(UTC).replace(second=0, microsecond=0)
    pieces: list[tuple[datetime, int]] = []
    current = offset(start)
    pieces.append((start, current))
    day = start
    while day < end:
        nxt = min(day + timedelta(days=1), end)
        if offset(nxt) != current:
            t = day
            while offset(t) == current:  # the first quarter hour with the new offset
                t += quarter
            current = offset(t)
            pieces.append((t, current))
            nxt = t
        day = nxt
    return pieces
