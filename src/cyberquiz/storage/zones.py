"""UTC offsets: of a zone at an instant, and over a span of time (the system's zone and a
profile's zone by name are in ``localzone.py``, which the start-up glance imports alone).

Every answer stores the UTC offset (minutes) of the zone it was given in (``review.utc_offset``,
schema v3), so that its local day, and the streak, stay what they were when the zone changes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo


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
