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
from typing import TYPE_CHECKING

from cyberquiz.storage.errors import BackupFailed
from cyberquiz.storage.peek import connect_read_only

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

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
        source = connect_read_only(db_path)
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


def backup_database(url: str, *, now: datetime | None = None) -> Path:
    """Back up the database at ``url``, whichever kind it is (the backup seam).

    A SQLite file: :func:`write_backup` (online backup API). PostgreSQL: ``pg_dump`` in its
    custom format, into ``backups/`` beside the default database, when ``pg_dump`` is on PATH.

    Raises:
        StorageError: no database yet, not a cyberquiz file, or no way to back this one up.
        BackupFailed: the copy could not be written.
    """
    from cyberquiz.storage.engine import sqlite_path
    from cyberquiz.storage.errors import StorageError

    path = sqlite_path(url)
    if path is not None:
        from cyberquiz.storage.migrations import inspect_database

        if not path.exists():
            raise StorageError(f"There is no database at {path} yet: nothing to back up.")
        inspect_database(path)  # refuse to back up another program's file as if it were ours
        return write_backup(path, now=now)
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise StorageError(f"cyberquiz cannot back up a {parsed.get_backend_name()} database.")
    return _pg_dump(parsed, now=now)


def _pg_dump(url: URL, *, now: datetime | None) -> Path:
    import shutil
    import subprocess

    from cyberquiz.paths import default_db_path
    from cyberquiz.storage.errors import StorageError

    program = shutil.which("pg_dump")
    if program is None:
        raise StorageError(
            "Backing up a PostgreSQL database needs pg_dump, which is not installed here. "
            "Install PostgreSQL's client programs (e.g. apt install postgresql-client) or back "
            "up on the server."
        )
    folder = backup_dir(default_db_path())
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{url.database or 'cyberquiz'}-{stamp}.dump"
    partial = target.with_suffix(".dump.partial")
    command = [program, "--format=custom", f"--file={partial}", f"--dbname={url.database}"]
    env = dict(os.environ)
    query = dict(url.query)
    if url.host or query.get("host"):
        command.append(f"--host={url.host or query['host']}")
    if url.port:
        command.append(f"--port={url.port}")
    if url.username:
        command.append(f"--username={url.username}")
    if url.password:
        env["PGPASSWORD"] = str(url.password)  # never on the command line, where ps shows it
    if "options" in query:
        env["PGOPTIONS"] = str(query["options"])
        schema = str(query["options"]).partition("search_path=")[2]
        if schema:
            command.append(f"--schema={schema}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines()
            raise BackupFailed(str(target), lines[-1] if lines else "pg_dump failed")
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupFailed(str(target), str(exc)) from exc
    except BackupFailed:
        partial.unlink(missing_ok=True)
        raise
    return target
