"""A glance at a SQLite database before SQLAlchemy is loaded: what Home lists, the theme, and
the first card of a study session.

Importing SQLAlchemy and opening the repository is most of the wait before Home or the first
card (issue 13). Neither needs it: the standard library's ``sqlite3`` reads the deck titles and
card counts, or the head of the study queue, in a few milliseconds, so the screen is painted
first and the repository opens in a worker after the paint. :func:`first_card` runs the
repository's queue rule (``Repository.next_card``, ``core.queue``) in plain SQL; a test holds the
two to the same answers.

This is SQLite's start-up seam: other databases, a missing file or a file this version did not
write give ``None``, and the app starts the usual way. Nothing is ever written here (the file is
opened read-only).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cyberquiz.storage.version import SCHEMA_VERSION


@dataclass(frozen=True, slots=True)
class DeckGlance:
    """A deck as Home first lists it: id, title and number of active cards."""

    deck_id: str
    title: str
    total: int


@dataclass(frozen=True, slots=True)
class Glance:
    """What Home can show before the repository opens."""

    decks: tuple[DeckGlance, ...]
    #: the profile's stored theme, if any
    theme: str | None


def connect_read_only(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A read-only connection to the SQLite file at ``path``, whatever characters its name has.

    The path goes into a ``file:`` URI percent-encoded: ``a?mode=ro.db`` or ``50%.db`` name
    files, not a query or an escape.
    """
    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=timeout)


#: The first 16 bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: SQLite's result code for a file it cannot read as a database (header or its fields).
SQLITE_NOTADB = 26


def not_a_database(exc: sqlite3.Error, path: Path) -> bool:
    """Whether SQLite refused ``path`` because it is no SQLite file at all (not damaged, locked
    or unreadable). The header is read outside SQLite only after SQLite refused the file: a file
    this process has open in SQLite must never be opened and closed outside it, which would drop
    every lock its connections hold (another process could then delete the WAL still in use)."""
    if getattr(exc, "sqlite_errorcode", None) != SQLITE_NOTADB:
        return False
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER
    except OSError:
        return False


def sqlite_file(db_url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL (no query string), else ``None``."""
    prefix = "sqlite:///"
    if not db_url.startswith(prefix) or "?" in db_url:
        return None
    rest = db_url[len(prefix) :]
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


@dataclass(frozen=True, slots=True)
class FirstCard:
    """What the first card of a study session needs before the repository opens."""

    #: the card's stored body (``core.serialize.card_to_dict`` as JSON)
    body: str
    #: the profile's stored theme, if any
    theme: str | None


def _open(db_url: str) -> sqlite3.Connection | None:
    """The database file read-only, if it is a SQLite file of this schema version."""
    path = sqlite_file(db_url)
    if path is None or not path.is_file():
        return None
    try:
        conn = connect_read_only(path, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        (version,) = conn.execute("SELECT version FROM cyberquiz_schema").fetchone()
    except (sqlite3.Error, TypeError, ValueError):
        conn.close()
        return None
    if version != SCHEMA_VERSION:  # the repository migrates (or refuses) it: not for a glance
        conn.close()
        return None
    return conn


def _stamp(value: datetime) -> str:
    """A UTC-aware time as SQLite's stored ``DateTime`` text (``storage.types.to_sql_text``)."""
    return value.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def first_card(
    db_url: str,
    profile: str,
    now: datetime,
    deck_ids: Sequence[str] | None = None,
    tags: Sequence[str] | None = None,
) -> FirstCard | None:
    """The card ``Repository.next_card`` would give first (and the theme), read-only.

    Args:
        db_url: the app's database URL.
        profile: whose queue (the name exactly as stored).
        now: UTC-aware time.
        deck_ids, tags: the session's filters.

    Returns:
        The card's stored body and the theme, or ``None``: nothing due, or nothing a glance
        can read (no such file or profile, another schema version, a locked or damaged file).
    """
    conn = _open(db_url)
    if conn is None:
        return None
    try:
        row = conn.execute("SELECT id FROM profile WHERE name = ?", (profile,)).fetchone()
        if row is None:
            return None
        pid = int(row[0])
        settings = {
            str(k): json.loads(v)
            for k, v in conn.execute("SELECT key, value FROM setting WHERE profile_id = ?", (pid,))
        }
        new_left, reviews_left = _left_today(conn, pid, settings, now)
        phases = [1, 3] + ([2] if reviews_left else []) + ([0] if new_left else [])
        heads = {phase: _head(conn, pid, phase, now, deck_ids, tags) for phase in phases}
    except (sqlite3.Error, TypeError, ValueError, OverflowError):  # damaged, locked, not ours
        return None
    finally:
        conn.close()
    theme = settings.get("theme")
    learning = [h for p, h in heads.items() if p in (1, 3) and h is not None]
    head = min(learning, key=lambda h: h[1]) if learning else heads.get(2) or heads.get(0)
    if head is None:
        return None
    return FirstCard(head[0], theme if isinstance(theme, str) else None)


#: longer than any local study day (23 to 25 hours, across a change of offset)
_DAY_AT_MOST = timedelta(hours=48)


def _left_today(
    conn: sqlite3.Connection, pid: int, settings: dict[str, Any], now: datetime
) -> tuple[bool, bool]:
    """Whether today's limits leave new cards and reviews (``Repository`` counts the answers
    since the local day began, in the profile's time zone).

    The time zone is looked up only near a limit: it costs tzlocal and zoneinfo (imports and
    file reads) before the first paint. The answers of the last 48 hours include today's, so
    when even they leave room under both limits, today's leave room too.
    """
    from cyberquiz.core import limits

    new_limit = int(settings.get("new_per_day", limits.DEFAULT_NEW_PER_DAY))
    reviews_limit = int(settings.get("reviews_per_day", limits.DEFAULT_REVIEWS_PER_DAY))
    done = _answered(conn, pid, now - _DAY_AT_MOST, None)
    if limits.remaining(new_limit, done.get(0, 0)) and limits.remaining(
        reviews_limit, done.get(2, 0)
    ):
        return True, True
    from cyberquiz.core import queue as rules
    from cyberquiz.storage.localzone import zone_named

    tz = zone_named(settings.get("timezone"))
    hour = int(settings.get("rollover_hour", limits.DEFAULT_ROLLOVER_HOUR))
    done = _answered(conn, pid, rules.day_start(now, tz, hour), rules.next_rollover(now, tz, hour))
    return (
        limits.remaining(new_limit, done.get(0, 0)) > 0,
        limits.remaining(reviews_limit, done.get(2, 0)) > 0,
    )


def _answered(
    conn: sqlite3.Connection, pid: int, start: datetime, end: datetime | None
) -> dict[int, int]:
    """Study answers given in ``[start, end)`` (no end: up to any time), by phase before."""
    sql = "SELECT phase_before, COUNT(*) FROM review WHERE profile_id = ? AND at >= ?"
    params: list[int | str] = [pid, _stamp(start)]
    if end is not None:
        sql += " AND at < ?"
        params.append(_stamp(end))
    sql += " AND scheduled = 1 GROUP BY phase_before"
    return {phase: int(count) for phase, count in conn.execute(sql, params).fetchall()}


def _head(
    conn: sqlite3.Connection,
    pid: int,
    phase: int,
    now: datetime,
    deck_ids: Sequence[str] | None,
    tags: Sequence[str] | None,
) -> tuple[str, str] | None:
    """``(body, due)`` of the first card of ``phase`` in queue order (``cards._next_stmt``)."""
    stamp = _stamp(now)
    sql = (
        "SELECT c.body, s.due FROM card_state s JOIN card c ON c.id = s.card_pk "
        "WHERE s.profile_id = ? AND s.phase = ? AND s.suspended = 0 "
        "AND (s.buried_until IS NULL OR s.buried_until <= ?) AND c.retired = 0"
    )
    params: list[int | str] = [pid, phase, stamp]
    if deck_ids is not None:
        sql += f" AND c.deck_id IN ({', '.join('?' * len(deck_ids))})"
        params += list(deck_ids)
    if tags is not None:
        sql += (
            " AND EXISTS (SELECT 1 FROM card_tag t WHERE t.card_pk = c.id "
            f"AND t.tag IN ({', '.join('?' * len(tags))}))"
        )
        params += list(tags)
    if phase != 0:
        sql += " AND s.due <= ?"
        params.append(stamp)
    sql += " ORDER BY s.due, s.card_pk LIMIT 1"
    row = conn.execute(sql, params).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def glance(db_url: str, profile: str) -> Glance | None:
    """Home's deck list and the profile's theme, read-only; ``None`` when it cannot be had.

    Args:
        db_url: the app's database URL.
        profile: whose theme.

    Returns:
        The decks (and theme) of an existing database of this schema version, else ``None``.
    """
    conn = _open(db_url)
    if conn is None:
        return None
    try:
        rows = conn.execute(
            "SELECT d.id, d.title, COUNT(c.id) FROM deck d LEFT JOIN card c "
            "ON c.deck_id = d.id AND c.retired = 0 WHERE d.retired = 0 "
            "GROUP BY d.id, d.title, d.path ORDER BY d.path, d.id"
        ).fetchall()
        theme = conn.execute(
            "SELECT s.value FROM setting s JOIN profile p ON p.id = s.profile_id "
            "WHERE p.name = ? AND s.key = 'theme'",
            (profile,),
        ).fetchone()
    except (sqlite3.Error, TypeError, ValueError):  # not ours, damaged, locked, empty
        return None
    finally:
        conn.close()
    try:
        name = None if theme is None else json.loads(theme[0])
    except ValueError:
        name = None
    return Glance(
        decks=tuple(DeckGlance(str(i), str(t), int(n)) for i, t, n in rows),
        theme=name if isinstance(name, str) else None,
    )
