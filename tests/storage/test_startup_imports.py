"""Opening an up-to-date database stays cheap: no table classes, no SQLModel or pydantic.

Building the ``*Row`` classes (SQLModel, pydantic, SQLAlchemy's ORM) was the largest part of
``cyberquiz study``'s start-up beyond Textual (``bench/bench_startup.py``); only creating or
migrating a database needs them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cyberquiz.services.sync import sync_decks
from cyberquiz.storage.repository import Repository
from support import NOW

HEAVY = ["sqlmodel", "pydantic", "sqlalchemy.orm", "cyberquiz.storage.tables"]

OPEN_AND_STUDY = """
import sys
from datetime import datetime, UTC
from cyberquiz.storage.repository import Repository

now = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
repo = Repository.open("sqlite:///" + sys.argv[1], profile="ana", clock=lambda: now)
card = repo.next_card(now)
assert card is not None and card.id == "a0", card
repo.queue_counts(now)
repo.get_setting("theme")
repo.close()
print(",".join(m for m in sys.argv[2:] if m in sys.modules))
"""


def run_open(path: Path) -> str:
    return subprocess.run(
        [sys.executable, "-c", OPEN_AND_STUDY, str(path), *HEAVY],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_opening_an_up_to_date_database_builds_no_table_classes(
    tmp_path: Path, decks_dir: Path
) -> None:
    path = tmp_path / "study.db"
    repo = Repository.open(f"sqlite:///{path}", profile="ana", clock=lambda: NOW)
    try:
        sync_decks(repo, [decks_dir])
    finally:
        repo.close()
    assert run_open(path) == ""


def test_creating_a_database_still_builds_the_tables(tmp_path: Path) -> None:
    """The other side: a new database gets its tables (from the ``*Row`` classes)."""
    out = run_open_new(tmp_path / "new.db")
    assert "cyberquiz.storage.tables" in out.split(",")


def run_open_new(path: Path) -> str:
    code = (
        "import sys\n"
        "from cyberquiz.storage.repository import Repository\n"
        "Repository.open('sqlite:///' + sys.argv[1], profile='ana').close()\n"
        "print(','.join(m for m in sys.argv[2:] if m in sys.modules))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path), *HEAVY], capture_output=True, text=True, check=True
    ).stdout.strip()
