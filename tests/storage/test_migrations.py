"""Schema versions, upgrades, and files cyberquiz must refuse to touch; backups; locks."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.core.state import Phase
from cyberquiz.storage import migrations, stats_rollup, tables, version
from cyberquiz.storage.backup import list_backups, write_backup
from cyberquiz.storage.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseUnavailable,
    MigrationFailed,
    NewerSchema,
    NotACyberquizDatabase,
)
from cyberquiz.storage.repository import Repository
from support import NOW

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: the version after the current one, for tests of a future migration step
NEXT = version.SCHEMA_VERSION + 1


#: About SQLite files: headers, backups next to the file, locks (see test_postgres.py).
@pytest.fixture
def any_db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'study.db'}"


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fixture_copy(tmp_path: Path, version: int) -> Path:
    target = tmp_path / f"v{version}.db"
    shutil.copyfile(FIXTURES / f"schema_v{version}.db", target)
    return target


@pytest.mark.parametrize("version", [1, 2, 3])
def test_every_fixture_version_opens_with_its_data(tmp_path: Path, version: int) -> None:
    path = fixture_copy(tmp_path, version)
    repo = Repository.open(url(path), profile="fixture", clock=lambda: NOW, fuzz=False)
    try:
        assert [c.id for c in repo.cards()] == ["fx-flip", "fx-tf"]
        assert repo.state("fx-flip").phase == Phase.REVIEW
        assert repo.state("fx-flip").reps == 2
        assert repo.state("fx-tf").flagged
        assert [r.mode for r in repo.reviews()] == [Mode.STUDY, Mode.PRACTICE, Mode.STUDY]
        assert repo.get_setting("theme") == "light"
        assert len(repo.get_setting("scheduler")["parameters"]) == 21
        repo.record_answer(
            "fx-tf", now=NOW, mode=Mode.STUDY, answer="true", score=1, proposed=Rating.GOOD
        )
    finally:
        repo.close()
    assert migrations.inspect_database(path).version == tables.SCHEMA_VERSION


def test_upgrade_backs_up_then_migrates_in_a_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fixture_copy(tmp_path, 1)

    def add_column(conn) -> None:  # a stand-in for a future schema step, after the real ones
        conn.exec_driver_sql("ALTER TABLE card_state ADD COLUMN note TEXT")

    monkeypatch.setattr(version, "SCHEMA_VERSION", NEXT)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (NEXT, add_column)])
    repo = Repository.open(url(path), profile="fixture", clock=lambda: NOW, fuzz=False)
    try:
        assert repo.state("fx-flip").reps == 2
    finally:
        repo.close()
    backups = list_backups(path)
    assert len(backups) == 1 and f"before-v{NEXT}" in backups[0].name
    assert migrations.inspect_database(backups[0]).version == 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version FROM cyberquiz_schema").fetchone() == (NEXT,)
        assert conn.execute(f"SELECT COUNT(*) FROM {stats_rollup.TABLE}").fetchone() == (1,)
        assert "note" in {r[1] for r in conn.execute("PRAGMA table_info(card_state)")}
    conn.close()


def test_failed_upgrade_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = fixture_copy(tmp_path, 1)

    def broken(conn) -> None:
        conn.exec_driver_sql("ALTER TABLE card_state ADD COLUMN note TEXT")
        conn.exec_driver_sql("DROP TABLE no_such_table")

    monkeypatch.setattr(version, "SCHEMA_VERSION", NEXT)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (NEXT, broken)])
    with pytest.raises(MigrationFailed, match="backup copy"):
        Repository.open(url(path), profile="fixture", clock=lambda: NOW)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version FROM cyberquiz_schema").fetchone() == (1,)
        assert "note" not in {r[1] for r in conn.execute("PRAGMA table_info(card_state)")}
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert stats_rollup.TABLE not in names  # the v4 step was rolled back with the rest
    conn.close()
    assert len(list_backups(path)) == 1


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path, 1)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE cyberquiz_schema SET version = 99")
    conn.close()
    before = digest(path)
    with pytest.raises(NewerSchema, match="version 99") as info:
        Repository.open(url(path), profile="x")
    assert "Upgrade cyberquiz" in str(info.value)
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists()


def test_newer_schema_in_wal_mode_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    Repository.open(url(path), profile="x").close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE cyberquiz_schema SET version = 5")
    conn.close()
    before = digest(path)
    with pytest.raises(NewerSchema):
        Repository.open(url(path), profile="x")
    assert digest(path) == before


def test_not_a_database_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my lecture notes\n" * 50)
    before = digest(path)
    with pytest.raises(NotACyberquizDatabase, match="not a SQLite file"):
        Repository.open(url(path), profile="x")
    assert digest(path) == before


def test_another_programs_sqlite_database_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.close()
    before = digest(path)
    with pytest.raises(NotACyberquizDatabase, match="no cyberquiz tables"):
        Repository.open(url(path), profile="x")
    assert digest(path) == before


def test_corrupt_file_is_reported_and_left_untouched(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path, 1)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xde\xad\xbe\xef" * ((4096 - 100) // 4)
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(DatabaseCorrupt, match="damaged"):
        Repository.open(url(path), profile="x")
    assert digest(path) == before


def test_empty_file_with_backups_is_damage_not_a_fresh_start(tmp_path: Path) -> None:
    path = tmp_path / "study.db"
    Repository.open(url(path), profile="x").close()
    copy = write_backup(path)
    path.write_bytes(b"")
    with pytest.raises(DatabaseCorrupt, match="0 bytes") as info:
        Repository.open(url(path), profile="x")
    assert str(copy) in str(info.value)
    assert path.stat().st_size == 0


def test_empty_file_without_backups_is_a_fresh_start(tmp_path: Path) -> None:
    path = tmp_path / "study.db"
    path.write_bytes(b"")
    Repository.open(url(path), profile="x").close()
    assert migrations.inspect_database(path).version == tables.SCHEMA_VERSION


def test_locked_database_gives_a_clear_error_and_writes_nothing(
    synced: Repository, tmp_path: Path
) -> None:
    path = Path(str(synced.engine.url.database))
    short = Repository.open(url(path), profile="ana", clock=lambda: NOW, busy_timeout_ms=50)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseLocked, match="busy") as info:
            short.record_answer(
                "a0", now=NOW, mode=Mode.STUDY, answer="null", score=1, proposed=Rating.GOOD
            )
        assert "try again" in str(info.value)
        assert short.next_card(NOW).id == "a0"  # reading still works while another writes
        holder.execute("ROLLBACK")
        short.record_answer(
            "a0", now=NOW, mode=Mode.STUDY, answer="null", score=1, proposed=Rating.GOOD
        )
        assert len(synced.reviews()) == 1
    finally:
        holder.close()
        short.close()


def test_backup_while_the_app_runs_has_the_latest_answers(synced: Repository) -> None:
    synced.record_answer(
        "a0", now=NOW, mode=Mode.STUDY, answer="null", score=1, proposed=Rating.GOOD
    )
    path = Path(str(synced.engine.url.database))
    copy = write_backup(path)  # the app still has the database open, in WAL mode
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT COUNT(*) FROM review").fetchone() == (1,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_backups_are_rotated(synced: Repository) -> None:
    path = Path(str(synced.engine.url.database))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made = [write_backup(path, now=start + timedelta(minutes=i), keep=5) for i in range(7)]
    assert list_backups(path) == made[2:]
    assert all(p.parent == path.parent / "backups" for p in made)


def test_a_folder_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnavailable, match="Cannot open"):
        Repository.open(url(blocker / "sub" / "study.db"), profile="x")


def test_damage_found_while_working_is_a_clear_error(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path, 1)
    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'review'").fetchone()
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    repo = Repository.open(url(path), profile="fixture", clock=lambda: NOW)
    try:
        with sqlite3.connect(path) as conn:  # the migration's pages into the file, to damage
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        data = bytearray(path.read_bytes())
        offset = (root[0] - 1) * page_size
        data[offset : offset + page_size] = b"\xff" * page_size
        path.write_bytes(bytes(data))
        repo.engine.dispose()  # no cached pages
        with pytest.raises(DatabaseCorrupt, match="damaged"):
            repo.reviews()
    finally:
        repo.close()


@pytest.mark.parametrize("version", [1, 2, 3])
def test_migrated_fixture_has_exactly_the_columns_of_the_tables(
    tmp_path: Path, version: int
) -> None:
    """A column added to a ``*Row`` class without a migration step fails here."""
    from sqlmodel import SQLModel

    path = fixture_copy(tmp_path, version)
    Repository.open(url(path), profile="fixture", clock=lambda: NOW).close()
    conn = sqlite3.connect(path)
    try:
        for name in tables.TABLE_NAMES:
            in_db = {row[1] for row in conn.execute(f"PRAGMA table_info({name})")}
            in_code = {c.name for c in SQLModel.metadata.tables[name].columns}
            assert in_db == in_code, (
                f"table {name}: bump SCHEMA_VERSION and add a step to migrations.MIGRATIONS"
            )
    finally:
        conn.close()
