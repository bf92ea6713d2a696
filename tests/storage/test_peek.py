"""The start-up glance: Home's deck list read with sqlite3 alone, or None when it cannot be."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from cyberquiz.services.sync import sync_decks
from cyberquiz.storage.peek import DeckGlance, glance, sqlite_file
from cyberquiz.storage.repository import Repository

from .conftest import NOW


@pytest.fixture
def synced(db_url: str, decks_dir: Path) -> Iterator[Repository]:
    """A synced SQLite file (a glance is SQLite's alone): ``tmp_path / "test.db"``."""
    repo = Repository.open(db_url, profile="ana", clock=lambda: NOW, fuzz=False)
    try:
        sync_decks(repo, [decks_dir])
        yield repo
    finally:
        repo.close()


def test_decks_in_home_order_with_their_active_cards_and_the_theme(
    synced: Repository, tmp_path: Path
) -> None:
    synced.set_setting("theme", "nord")
    seen = glance(f"sqlite:///{tmp_path / 'test.db'}", "ana")
    assert seen is not None
    assert seen.decks == (DeckGlance("alpha", "Deck alpha", 5), DeckGlance("beta", "Deck beta", 3))
    assert seen.theme == "nord"
    assert glance(f"sqlite:///{tmp_path / 'test.db'}", "ben").theme is None  # another profile


@pytest.mark.parametrize(
    "url",
    ["sqlite://", "sqlite:///:memory:", "postgresql://u@h/db", "sqlite:///x.db?mode=ro"],
)
def test_only_plain_sqlite_files(url: str) -> None:
    assert sqlite_file(url) is None


def test_nothing_to_glance_at(tmp_path: Path) -> None:
    assert glance(f"sqlite:///{tmp_path / 'missing.db'}", "ana") is None
    (tmp_path / "text.db").write_text("not a database\n")
    assert glance(f"sqlite:///{tmp_path / 'text.db'}", "ana") is None
    with sqlite3.connect(tmp_path / "other.db") as conn:
        conn.execute("CREATE TABLE notes (id INTEGER)")
    assert glance(f"sqlite:///{tmp_path / 'other.db'}", "ana") is None


def test_another_schema_version_is_left_to_the_repository(
    synced: Repository, tmp_path: Path
) -> None:
    path = tmp_path / "test.db"
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE cyberquiz_schema SET version = version + 1")
    assert glance(f"sqlite:///{path}", "ana") is None


def test_a_glance_changes_nothing_in_the_database(synced: Repository, tmp_path: Path) -> None:
    """Read-only (SQLite may still make its WAL index files beside it, as any reader does)."""
    path = tmp_path / "test.db"
    synced.close()
    before = path.read_bytes()
    assert glance(f"sqlite:///{path}", "ana") is not None
    assert path.read_bytes() == before
