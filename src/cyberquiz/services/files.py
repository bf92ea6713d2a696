"""Writing files the user names, without ever destroying one by accident.

Every file the app writes at a user's request (export, import, class reports, exam reports)
comes through :func:`write_file` or :func:`write_with`: the output may not be one of the
command's own input files, may not be an existing file unless the user said ``--force``, is
never a database (not even with ``--force``), and is never written through a symbolic link. The
data goes to a temporary file in the same folder that then replaces the target in one
``os.replace``, so a failure (a full disk, an exception while writing) leaves the old file, or
nothing, but never half a file.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

#: The first 16 bytes of every SQLite database file.
SQLITE_MAGIC = b"SQLite format 3\x00"
#: SQLite's result code for a file it cannot read as a database.
SQLITE_NOTADB = 26


class WriteRefused(Exception):
    """A file was not written because writing it could destroy something; says what and why."""


def _is_database(path: Path) -> bool:
    """Whether ``path`` is a SQLite file. SQLite looks first: it may be this process's own open
    database, and opening and closing it outside SQLite would drop the locks of the process's
    connections (then another process may delete the write-ahead log still in use)."""
    import sqlite3
    from urllib.parse import quote

    try:
        if path.stat().st_size == 0:
            return False
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=0)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
        return True
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) != SQLITE_NOTADB:
            return True  # locked, damaged: a database all the same
    except (OSError, sqlite3.Error):
        pass
    try:  # a file SQLite cannot read: no connection of this process holds it
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.exists() and a.samefile(b))
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Python < 3.13)
        return False


def check_output(path: Path, *, force: bool = False, inputs: Iterable[Path] = ()) -> None:
    """Refuse an output that would destroy a file, before any work is done.

    Args:
        path: the file to be written.
        force: the user allows replacing an existing regular file.
        inputs: the command's input files: the output may be none of them, even with ``force``.

    Raises:
        WriteRefused: the output is an input, a symbolic link, a database, not a regular file,
            or an existing file without ``force``.
    """
    for source in inputs:
        if _same_file(path, source):
            raise WriteRefused(f"{path} is an input of this command; write to another file.")
    if path.is_symlink():
        raise WriteRefused(f"{path} is a symbolic link; not writing through it.")
    if not path.exists():
        return
    if not path.is_file():
        raise WriteRefused(f"{path} exists and is not a regular file; not replacing it.")
    if _is_database(path):
        raise WriteRefused(f"{path} is a database; not replacing it, not even with --force.")
    if not force:
        raise WriteRefused(f"{path} already exists; add --force to replace it.")


def write_with(
    path: Path,
    write: Callable[[Path], object],
    *,
    force: bool = False,
    inputs: Iterable[Path] = (),
) -> None:
    """Check ``path`` (see :func:`check_output`), let ``write`` fill a temporary file, rename it.

    Raises:
        WriteRefused: see :func:`check_output`.
        OSError: the folder cannot be created or written; nothing was changed.
    """
    check_output(path, force=force, inputs=inputs)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    # O_EXCL: never follow or reuse something planted at the temporary name; 0o666 minus the
    # umask gives the file the permissions any new file would have.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.close(fd)
    try:
        write(temp)
        with temp.open("rb") as handle:
            os.fsync(handle.fileno())
        check_output(path, force=force, inputs=inputs)  # nothing appeared meanwhile
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_file(
    path: Path, data: str | bytes, *, force: bool = False, inputs: Iterable[Path] = ()
) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` safely; see :func:`write_with`."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    write_with(path, lambda temp: temp.write_bytes(payload), force=force, inputs=inputs)
