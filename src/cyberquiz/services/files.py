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


class WriteRefused(Exception):
    """A file was not written because writing it could destroy something; says what and why."""


def _is_database(path: Path) -> bool:
    """Whether ``path`` is a SQLite file; SQLite looks first, since it may be this process's
    own open database (see :func:`cyberquiz.storage.peek.not_a_database`)."""
    import sqlite3

    from cyberquiz.storage.peek import connect_read_only, not_a_database

    try:
        if path.stat().st_size == 0:
            return False
        conn = connect_read_only(path, timeout=0)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return not not_a_database(exc, path)  # locked, damaged: a database all the same
    except (OSError, sqlite3.Error):
        return False
    return True


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
