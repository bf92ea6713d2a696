"""The global options, resolved: which database, which profile, which decks.

The CLI builds one :class:`Config` and click hands it to every subcommand; commands import it
from here, never from ``cli.py``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from cyberquiz.storage.repository import Repository

#: ``sqlite://``, ``postgresql+psycopg://``: RFC 3986 scheme then ``://``. Anything else is a path.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass
class Config:
    """The global options, resolved. Shared by every subcommand through click's context."""

    db: str | None = None
    profile: str | None = None
    decks: tuple[Path, ...] = ()
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    @property
    def db_url(self) -> str:
        """An SQLAlchemy URL: ``--db`` as given when it is a URL, else a SQLite file URL."""
        from cyberquiz.paths import default_db_path

        return db_url_for(self.db or str(default_db_path()))

    @property
    def profile_name(self) -> str:
        """``--profile`` normalised (see :func:`normalise_profile`), or the OS user name."""
        from cyberquiz.paths import default_profile

        return normalise_profile(self.profile or "") or normalise_profile(default_profile())

    @property
    def deck_dirs(self) -> tuple[Path, ...]:
        """``--decks`` folders, or the bundled article decks when none are given."""
        if self.decks:
            return self.decks
        from cyberquiz.paths import bundled_decks_dir

        bundled = bundled_decks_dir()
        return (bundled,) if bundled else ()


def db_url_for(db: str) -> str:
    """A path becomes ``sqlite:///<absolute path>``; only ``scheme://...`` is taken as a URL.

    The path is percent-encoded, so ``a?mode=ro.db`` names that file rather than adding a query.
    """
    if _SCHEME.match(db):
        return db
    return "sqlite:///" + quote(str(Path(db).expanduser().resolve()), safe="/")


def normalise_profile(name: str) -> str:
    """The profile name as stored: surrounding spaces removed, Unicode in NFC form.

    ``"alice "`` and ``"alice"`` are one profile, and so are the composed and decomposed forms
    of ``"josé"``. Case is kept as typed; :func:`same_profile` compares without it.
    """
    return unicodedata.normalize("NFC", name.strip())


def same_profile(a: str, b: str) -> bool:
    """Whether two names are the same profile to a person (spaces, Unicode form and case)."""
    return normalise_profile(a).casefold() == normalise_profile(b).casefold()


def open_profile(
    db_url: str, profile: str, clock: Callable[[], datetime] | None = None
) -> Repository:
    """Open ``profile`` in the database; a look-alike of a stored name (``"Alice"`` when
    ``"alice"`` exists) opens the stored one: see :func:`look_alike_warning`.

    Raises:
        StorageError: the database cannot be opened.
    """
    from cyberquiz.storage.repository import Repository

    repo = Repository.open(db_url, profile=profile, clock=clock, same=same_profile)
    complete_exams(repo)
    return repo


def complete_exams(repo: Repository) -> list[int]:
    """Complete the exams an older cyberquiz marked submitted but stopped storing half-way
    (see ``ExamStore.complete_submitted``); the ids completed. A database that cannot be
    written now (read-only, full) still opens: the next opening completes them."""
    import logging

    from cyberquiz.storage.errors import StorageError
    from cyberquiz.storage.exams import ExamStore

    try:
        return ExamStore(repo).complete_submitted()
    except StorageError as error:
        logging.getLogger("cyberquiz").warning("an exam could not be completed: %s", error)
        return []


def look_alike_warning(repo: Repository) -> str | None:
    """What to tell the user when their profile name was matched to a stored one."""
    if repo.profile_asked is None:
        return None
    return f"profile {repo.profile_asked!r} is taken as the existing profile {repo.profile!r}"
