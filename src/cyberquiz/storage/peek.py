"""A glance at a SQLite database before SQLAlchemy is loaded: what Home lists, and the theme.

Importing SQLAlchemy and opening the repository is most of the wait before Home (issue 13).
Home's deck list needs none of it: the standard library's ``sqlite3`` reads the deck titles and
card counts in a few milliseconds, so Home is painted first and its queue counts are filled in
when the repository has opened (in a worker, after the paint).

This is SQLite's start-up seam: other databases, a missing file or a file this version did not
write give ``None``, and the app starts the usual way. Nothing is ever written here (the file is
opened read-only).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
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


def sqlite_file(db_url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL (no query string), else ``None``."""
    prefix = "sqlite:///"
    if not db_url.startswith(prefix) or "?" in db_url:
        return None
    rest = db_url[len(prefix) :]
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


def glance(db_url: str, profile: str) -> Glance | None:
    """Home's deck list and the profile's theme, read-only; ``None`` when it cannot be had.

    Args:
        db_url: the app's database URL.
        profile: whose theme.

    Returns:
        The decks (and theme) of an existing database of this schema version, else ``None``.
    """
    path = sqlite_file(db_url)
    if path is None or not path.is_file():
        return None
    try:
        conn = connect_read_only(path, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        (version,) = conn.execute("SELECT version FROM cyberquiz_schema").fetchone()
        if version != SCHEMA_VERSION:
            return None  # the repository migrates (or refuses) it: not for a glance
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
