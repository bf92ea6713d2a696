"""Opening an up-to-date database stays cheap: no table classes, no SQLModel or pydantic.

Building the ``*Row`` classes (SQLModel, pydantic, SQLAlchemy's ORM) was the largest part of
``cyberquiz study``'s start-up beyond Textual (``bench/bench_startup.py``); only creating or
migrating a database needs them.
"""

from __future__ import annotations

from pathlib import Path

from cyberquiz.services.sync import sync_decks
from cyberquiz.storage.repository import Repository
from support import NOW, forked

HEAVY = ["sqlmodel", "pydantic", "sqlalchemy.orm", "cyberquiz.storage.tables"]

#: What both runs import first, in the Python their children are forked from.
PRELOAD = "from cyberquiz.storage.repository import Repository"

OPEN_AND_STUDY = """
import json, sys
from datetime import datetime, UTC
from cyberquiz.storage.repository import Repository

now = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
repo = Repository.open("sqlite:///" + path, profile="ana", clock=lambda: now)
card = repo.next_card(now)
assert card is not None and card.id == "a0", card
repo.queue_counts(now)
repo.get_setting("theme")
repo.close()
print(json.dumps([m for m in heavy if m in sys.modules]))
"""

OPEN_NEW = """
import json, sys
from cyberquiz.storage.repository import Repository
Repository.open("sqlite:///" + path, profile="ana").close()
print(json.dumps([m for m in heavy if m in sys.modules]))
"""


def run_open(path: Path, code: str = OPEN_AND_STUDY) -> list[str]:
    """The heavy modules loaded once ``code`` has run on ``path`` in a fresh interpreter."""
    return list(forked(PRELOAD, code, path=str(path), heavy=HEAVY))


def test_opening_an_up_to_date_database_builds_no_table_classes(
    tmp_path: Path, decks_dir: Path
) -> None:
    path = tmp_path / "study.db"
    repo = Repository.open(f"sqlite:///{path}", profile="ana", clock=lambda: NOW)
    try:
        sync_decks(repo, [decks_dir])
    finally:
        repo.close()
    assert run_open(path) == []


def test_creating_a_database_still_builds_the_tables(tmp_path: Path) -> None:
    """The other side: a new database gets its tables (from the ``*Row`` classes)."""
    assert "cyberquiz.storage.tables" in run_open(tmp_path / "new.db", OPEN_NEW)


def test_the_preload_builds_no_table_classes() -> None:
    """What the runs start with holds none of the heavy modules (else they could not tell)."""
    loaded = forked(PRELOAD, "import json, sys; print(json.dumps(sorted(sys.modules)))")
    assert [m for m in HEAVY if m in loaded] == []
