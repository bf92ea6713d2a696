"""Where things live: the default database, config and the bundled decks. No I/O at import."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "cyberquiz"


def default_db_path() -> Path:
    """``<user data dir>/cyberquiz.db`` (e.g. ``~/.local/share/cyberquiz/cyberquiz.db``)."""
    import platformdirs  # deferred: only needed when no --db is given

    return platformdirs.user_data_path(APP_NAME) / "cyberquiz.db"


def config_dir() -> Path:
    import platformdirs

    return platformdirs.user_config_path(APP_NAME)


def bundled_decks_dir() -> Path | None:
    """The article's decks: shipped in the wheel, or ``questions/`` of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "questions", here.parents[1] / "questions"):
        if candidate.is_dir():
            return candidate
    return None


def default_profile() -> str:
    """The OS user name, or ``student`` when it cannot be found."""
    try:
        import getpass

        return getpass.getuser() or "student"
    except Exception:  # getpass raises various errors when no user name is set
        return os.environ.get("USER") or "student"
