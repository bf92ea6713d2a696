"""Storage errors a user can cause or meet, each with a message a person can act on.

The CLI prints ``str(error)`` on stderr and exits 1; the app shows it in a dialog. None of them
is a bug in cyberquiz: a bug stays a plain exception with a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, Protocol, TypeVar

_R = TypeVar("_R")
_P = ParamSpec("_P")


class _Located(Protocol):
    @property
    def location(self) -> str: ...


_S = TypeVar("_S", bound=_Located)

#: SQLSTATEs after which running the whole transaction again is the documented remedy:
#: serialization_failure and deadlock_detected (psycopg's SerializationFailure, DeadlockDetected).
CONFLICT_SQLSTATES = frozenset({"40001", "40P01"})
#: How many times a write transaction runs before a conflict is reported as a busy database.
CONFLICT_ATTEMPTS = 6


class StorageError(Exception):
    """Base class: something about the database that the user has to know about."""


class DatabaseLocked(StorageError):
    """Another program held the database longer than the busy timeout."""

    def __init__(self, path: str, detail: str = "") -> None:
        super().__init__(
            f"The database {path} is busy: another program kept it locked for too long. "
            "Close other cyberquiz windows or tools using it and try again."
            + (f" ({detail})" if detail else "")
        )
        self.path = path


class DatabaseUnavailable(StorageError):
    """The file cannot be opened at all (no permission, missing folder, read-only disk)."""

    def __init__(self, path: str, detail: str = "") -> None:
        hint = (
            # a server URL: the usual causes are the address, the server, the login
            "Check the address, that the server is running, and your login and password "
            "(~/.pgpass or PGPASSWORD)"
            if "://" in path and not path.startswith("sqlite")
            else "Check that its folder exists and that you may write to it, or pass --db"
        )
        detail = " ".join(detail.split())  # drivers indent and tab their second lines
        super().__init__(
            f"Cannot open the database {shown(path)}"
            + (f" ({detail})" if detail else "")
            + f". {hint}."
        )
        self.path = path


def shown(url: str) -> str:
    """A database URL as it may be printed: a password in it becomes ``***``."""
    import re

    return re.sub(r"(://[^/:@]*):[^/@]*@", r"\1:***@", url)


class DatabaseCorrupt(StorageError):
    """The file is damaged (bad pages, truncated, emptied)."""

    def __init__(self, path: str, detail: str = "", backups: list[str] | None = None) -> None:
        hint = (
            f" The newest backup is {backups[-1]}: copy it over the damaged file to restore."
            if backups
            else ""
        )
        super().__init__(
            f"The database {path} is damaged and was left untouched."
            + (f" {detail}" if detail else "")
            + hint
        )
        self.path = path
        self.backups = backups or []


class DiskFull(StorageError):
    """The disk (or a file-size limit) left no room to write: nothing is damaged."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"The disk is full: {path} could not be written, so this change was not stored "
            "(everything stored before is intact); free some space and try again."
        )
        self.path = path


class NewerSchema(StorageError):
    """The database was written by a newer cyberquiz."""

    def __init__(self, path: str, found: int, supported: int) -> None:
        super().__init__(
            f"The database {path} has schema version {found}, but this cyberquiz only knows "
            f"versions up to {supported}. Upgrade cyberquiz (the file was left untouched)."
        )
        self.path = path
        self.found = found
        self.supported = supported


class NotACyberquizDatabase(StorageError):
    """The file exists but is not a cyberquiz database."""

    def __init__(self, path: str, detail: str = "") -> None:
        super().__init__(
            f"{path} is not a cyberquiz database"
            + (f" ({detail})" if detail else "")
            + ". Pass another file with --db (the file was left untouched)."
        )
        self.path = path


class MigrationFailed(StorageError):
    """An upgrade step failed; the transaction was rolled back and a backup exists."""

    def __init__(self, path: str, version: int, detail: str, backup: str | None) -> None:
        super().__init__(
            f"Upgrading {path} to schema version {version} failed ({detail}); nothing was "
            "changed." + (f" A backup copy is at {backup}." if backup else "")
        )


class UnknownCard(StorageError, KeyError):
    """No card with this id in the database."""

    def __init__(self, card_id: str) -> None:
        StorageError.__init__(self, f"No card with id {card_id!r} in the database.")
        self.card_id = card_id

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0])


class UnknownReview(StorageError, KeyError):
    """No review with this id for the profile."""

    def __init__(self, review_id: int) -> None:
        StorageError.__init__(self, f"No answer with id {review_id} for this profile.")
        self.review_id = review_id

    def __str__(self) -> str:
        return str(self.args[0])


class ReviewNotLatest(StorageError):
    """Only the latest scheduled answer of a card can be undone or re-rated."""

    def __init__(self, review_id: int, card_id: str) -> None:
        super().__init__(
            f"Answer {review_id} is not the latest answer to card {card_id!r}; "
            "only the latest one can be undone or re-rated."
        )


class BackupFailed(StorageError):
    """Writing a backup copy failed (disk full, no permission...)."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(f"Could not write a backup of the database to {path}: {detail}")


@contextmanager
def translated(where: str) -> Iterator[None]:
    """Turn the database's lock, damage and connection errors into StorageErrors with a readable
    message (SQLite's and PostgreSQL's wording)."""
    from sqlalchemy.exc import DatabaseError, InterfaceError, OperationalError

    where = shown(where)
    try:
        yield
    except StorageError:
        raise
    except OperationalError as exc:
        text = str(exc.orig)
        if out_of_space(exc.orig, where):
            raise DiskFull(where) from exc
        if "locked" in text or "busy" in text:
            raise DatabaseLocked(where, text) from exc
        if "malformed" in text or "not a database" in text:
            raise DatabaseCorrupt(where, f"SQLite says: {text}.") from exc
        if "unable to open" in text or "readonly" in text:
            raise DatabaseUnavailable(where, text) from exc
        # No statement: the error came while connecting (a host that does not resolve, a
        # refused port, a login refused), whatever words the driver chose for it.
        if exc.statement is None or exc.connection_invalidated or _connection_problem(text):
            raise DatabaseUnavailable(where, text) from exc
        raise
    except InterfaceError as exc:
        raise DatabaseUnavailable(where, str(exc.orig).strip()) from exc
    except DatabaseError as exc:
        text = str(exc.orig)
        if out_of_space(exc.orig, where):
            raise DiskFull(where) from exc
        if "malformed" in text or "not a database" in text:
            raise DatabaseCorrupt(where, f"SQLite says: {text}.") from exc
        if "no such table" in text:
            raise NotACyberquizDatabase(where, text) from exc
        if "permission denied" in text:
            raise DatabaseUnavailable(where, text.strip().splitlines()[0]) from exc
        raise


#: SQLite's primary result codes for a full disk and for a failed read or write.
SQLITE_FULL, SQLITE_IOERR = 13, 10
#: Free space under which a failed write is taken for a full disk.
NEARLY_FULL = 1 << 20


def out_of_space(error: BaseException | None, where: str = "") -> bool:
    """Whether a driver error means there was no room to write.

    SQLite says ``SQLITE_FULL`` ("database or disk is full") when the disk is full (ENOSPC),
    but a file-size limit (EFBIG, ``ulimit -f``) surfaces as an I/O error: that one counts when
    a size limit is set or the disk at ``where`` is (nearly) full. PostgreSQL says SQLSTATE
    53100 (disk_full).
    """
    if error is None:
        return False
    if getattr(error, "sqlstate", None) == "53100":
        return True
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return "database or disk is full" in str(error)
    if code & 0xFF == SQLITE_FULL:
        return True
    return code & 0xFF == SQLITE_IOERR and _no_room(where)


def _no_room(where: str) -> bool:
    """A file-size limit is set, or the file system holding ``where`` has (almost) no space."""
    import os
    from pathlib import Path

    try:
        import resource

        if resource.getrlimit(resource.RLIMIT_FSIZE)[0] != resource.RLIM_INFINITY:
            return True
    except (ImportError, OSError, ValueError):  # no resource module on Windows
        pass
    folder = Path(where).parent if where else Path()
    try:
        stat = os.statvfs(folder)
    except (OSError, AttributeError):
        return False
    return stat.f_bavail * stat.f_frsize < NEARLY_FULL


def _connection_problem(text: str) -> bool:
    """Whether a server's error says the connection failed (down, refused, auth)."""
    return any(
        phrase in text
        for phrase in (
            "connection refused",
            "could not connect",
            "connection failed",
            "server closed the connection",
            "password authentication failed",
            "does not exist",
            "No such file or directory",
        )
    )


def is_conflict(exc: BaseException) -> bool:
    """Whether ``exc`` is a server's serialization failure or deadlock (retrying can succeed)."""
    from sqlalchemy.exc import DBAPIError

    seen: BaseException | None = exc
    while seen is not None:  # translated() may have wrapped it ("blocked by process" -> locked)
        if isinstance(seen, DBAPIError):
            return getattr(seen.orig, "sqlstate", None) in CONFLICT_SQLSTATES
        seen = seen.__cause__
    return False


def retried(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
    """A method that is one whole transaction, run by :func:`retrying` on its object's
    ``location`` (the repository and its stores): the one retry of the package."""
    import functools

    @functools.wraps(method)
    def run(self: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        return retrying(self.location, lambda: method(self, *args, **kwargs))

    return run


def retrying(where: str, work: Callable[[], _R], attempts: int = CONFLICT_ATTEMPTS) -> _R:
    """Run ``work`` (one whole transaction) again after a serialization failure or deadlock,
    up to ``attempts`` times with a short random pause; then :class:`DatabaseLocked`."""
    import random
    import time

    for attempt in range(1, attempts + 1):
        try:
            return work()
        except Exception as exc:
            if not is_conflict(exc):
                raise
            if attempt == attempts:
                raise DatabaseLocked(where, "other writers kept conflicting with this one") from exc
            # Random so that the conflicting writers do not meet again at the same instant.
            time.sleep(random.uniform(0, 0.005 * 2**attempt))  # up to ~0.16 s at the last
    raise AssertionError("unreachable")  # pragma: no cover
