"""Backup copies of a SQLite database, written with SQLite's online backup API.

A copy is taken from a fresh read-only connection (copying the file while the app runs in WAL
mode can give an empty or stale copy: the newest pages live in the ``-wal`` file). Copies go to
``backups/`` next to the database, named ``<db stem>-<UTC time>-<reason>.db``; the newest
:data:`KEEP` are kept.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from cyberquiz.storage.errors import BackupFailed

#: How many backup copies are kept per database.
KEEP = 5


def backup_dir(db_path: Path) -> Path:
    """``backups/`` next to the database file."""
    return db_path.parent / "backups"


def list_backups(db_path: Path) -> list[Path]:
    """Backup copies of ``db_path``, oldest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{db_path.stem}-*.db") if p.is_file())


def write_backup(
    db_path: Path, *, reason: str = "manual", keep: int = KEEP, now: datetime | None = None
) -> Path:
    """Copy ``db_path`` into its ``backups/`` folder and drop the oldest copies beyond ``keep``.

    Args:
        db_path: the SQLite database file.
        reason: a word in the file name (``manual``, ``before-v2``...).
        keep: how many copies to keep.
        now: the time in the name (defaults to the wall clock).

    Returns:
        The path of the new copy.

    Raises:
        BackupFailed: the copy could not be written (the database is not changed).
    """
    folder = backup_dir(db_path)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    partial = target.with_suffix(".db.partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise BackupFailed(str(target), str(exc)) from exc
    for old in list_backups(db_path)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return target
