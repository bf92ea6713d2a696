"""Schema v2: the review rollup is part of the schema: created with it, and by the migration
(since v4, keyed by the answers' zone too: the v4 step builds it, and replaces a v2/v3 one)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.storage import migrations, stats_rollup, tables
from cyberquiz.storage.backup import list_backups
from cyberquiz.storage.errors import NewerSchema
from cyberquiz.storage.repository import Repository
from cyberquiz.storage.stats_rollup import OLD_TABLE, TABLE, TRIGGERS, ensure_rollup
from support import NOW

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROLLUP_OBJECTS = {("table", TABLE), *(("trigger", name) for name in TRIGGERS)}


def fixture_copy(tmp_path: Path, version: int) -> Path:
    target = tmp_path / f"v{version}.db"
    shutil.copyfile(FIXTURES / f"schema_v{version}.db", target)
    return target


def query(path: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def rollup_objects(path: Path) -> set[tuple[str, str]]:
    rows = query(path, "SELECT type, name FROM sqlite_master WHERE name LIKE 'stats_rollup%'")
    return {(kind, name) for kind, name in rows}


def rollup_rows(path: Path, table: str = TABLE) -> list[tuple]:  # type: ignore[type-arg]
    return query(path, f"SELECT * FROM {table} WHERE answers != 0 ORDER BY 1, 2, 3")


def expected_rollup(path: Path, *, zones: bool = True) -> list[tuple]:  # type: ignore[type-arg]
    """The rollup computed in Python from the review rows, independently of the SQL backfill:
    by profile, quarter hour and zone (v4), or by profile and quarter hour (v2, v3)."""
    sums: dict[tuple[int, ...], list[int]] = defaultdict(lambda: [0] * 6)
    offset = "utc_offset" if zones else "0"
    reviews = query(
        path,
        "SELECT profile_id, at, mode, response_ms, scheduled, phase_before, rating, "
        f"{offset} FROM review",
    )
    for profile_id, at, mode, ms, scheduled, phase_before, rating, minutes in reviews:
        bucket = f"{at[:14]}{int(at[14:16]) // 15 * 15:02d}"
        is_review = scheduled == 1 and phase_before == 2
        counts = (1, mode == "study", ms > 0, ms, is_review, is_review and (rating or 0) > 1)
        row = sums[(profile_id, bucket, minutes) if zones else (profile_id, bucket)]
        for i, value in enumerate(counts):
            row[i] += int(value)
    return [(*key, *sums[key]) for key in sorted(sums)]


def open_close(path: Path) -> None:
    Repository.open(f"sqlite:///{path}", profile="fixture", clock=lambda: NOW, fuzz=False).close()


def test_v1_upgrade_builds_and_backfills_the_rollup_after_a_backup(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path, 1)
    assert rollup_objects(path) == set()
    data_before = {t: query(path, f"SELECT * FROM {t}") for t in tables.TABLE_NAMES}
    open_close(path)
    assert migrations.inspect_database(path).version == tables.SCHEMA_VERSION
    assert rollup_objects(path) == ROLLUP_OBJECTS
    # the three fixture answers fall into one quarter hour; none was a review of a review card
    assert rollup_rows(path) == [(1, "2026-11-01 12:00", 0, 3, 2, 1, 4000, 0, 0)]
    assert rollup_rows(path) == expected_rollup(path)
    for name, rows in data_before.items():
        if name != "cyberquiz_schema":
            # v3 appends review.utc_offset (tests/storage/test_schema_v3.py); the rest is kept
            width = len(rows[0]) if rows else 0
            kept = [row[:width] for row in query(path, f"SELECT * FROM {name}")]
            assert kept == rows, name
    (backup,) = list_backups(path)
    assert f"before-v{tables.SCHEMA_VERSION}" in backup.name
    assert migrations.inspect_database(backup).version == 1
    assert rollup_objects(backup) == set()


def test_the_migrated_rollup_follows_new_answers(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path, 1)
    repo = Repository.open(f"sqlite:///{path}", profile="fixture", clock=lambda: NOW, fuzz=False)
    try:
        record = repo.record_answer(
            "fx-tf", now=NOW, mode=Mode.STUDY, answer="true", score=1, proposed=Rating.GOOD
        )
        repo.change_rating(record.id, Rating.AGAIN)
        assert ensure_rollup(repo.engine) is False  # nothing to repair: no write at stats time
    finally:
        repo.close()
    assert rollup_rows(path) == expected_rollup(path)
    assert sum(row[3] for row in rollup_rows(path)) == 4


def test_a_rollup_built_lazily_by_0_1_is_rebuilt_by_the_migration(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path, 1)
    conn = sqlite3.connect(path)
    try:  # cyberquiz 0.1's rollup: the table of v2 and v3, filled with what cannot be trusted
        conn.execute(
            f"CREATE TABLE {OLD_TABLE} (profile_id INTEGER NOT NULL, bucket TEXT NOT NULL, "
            "answers INTEGER, study INTEGER, timed INTEGER, ms INTEGER, reviews INTEGER, "
            "passed INTEGER, PRIMARY KEY (profile_id, bucket))"
        )
        conn.execute(f"INSERT INTO {OLD_TABLE} VALUES (1, '2026-11-01 12:00', 99, 9, 9, 9, 9, 9)")
        conn.commit()
    finally:
        conn.close()
    open_close(path)
    assert rollup_objects(path) == ROLLUP_OBJECTS
    assert rollup_rows(path) == expected_rollup(path)


def test_a_fresh_database_has_the_rollup_and_its_triggers(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    repo = Repository.open(f"sqlite:///{path}", profile="ana", clock=lambda: NOW)
    try:
        assert rollup_objects(path) == ROLLUP_OBJECTS
        assert ensure_rollup(repo.engine) is False
    finally:
        repo.close()
    assert migrations.inspect_database(path).version == tables.SCHEMA_VERSION == 4
    assert list_backups(path) == []


def test_a_fresh_database_is_created_in_one_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while creating the rollup leaves no half-made schema behind."""

    def broken(conn: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(stats_rollup, "create_rollup", broken)
    path = tmp_path / "new.db"
    with pytest.raises(RuntimeError, match="disk on fire"):
        Repository.open(f"sqlite:///{path}", profile="ana", clock=lambda: NOW)
    assert query(path, "SELECT name FROM sqlite_master") == []


def test_opening_a_current_database_does_not_rewrite_it(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path, tables.SCHEMA_VERSION)
    before = path.read_bytes()
    open_close(path)
    after = path.read_bytes()
    # Only the header changes on the first open (journal mode WAL and its change counter)...
    assert after[100:] == before[100:]
    assert list_backups(path) == []
    digest = hashlib.sha256(after).hexdigest()
    open_close(path)
    # ...and from then on not a byte.
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_the_v2_fixture_rollup_matches_its_history(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path, 2)
    old = {("table", OLD_TABLE), *(("trigger", f"{OLD_TABLE}_{s}") for s in ("ins", "del", "upd"))}
    assert rollup_objects(path) == old
    assert rollup_rows(path, OLD_TABLE) == expected_rollup(path, zones=False)


def test_a_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path, tables.SCHEMA_VERSION)
    newer = tables.SCHEMA_VERSION + 1
    conn = sqlite3.connect(path)
    try:
        conn.execute(f"UPDATE cyberquiz_schema SET version = {newer}")
        conn.commit()
    finally:
        conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchema, match=f"version {newer}"):
        open_close(path)
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()
    assert list_backups(path) == []


def test_missing_triggers_are_repaired_at_stats_time(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path, 2)
    repo = Repository.open(f"sqlite:///{path}", profile="fixture", clock=lambda: NOW, fuzz=False)
    try:
        with repo.engine.begin() as conn:
            conn.exec_driver_sql(f"DROP TRIGGER {TRIGGERS[0]}")
        repo.record_answer(  # not counted: no trigger
            "fx-tf", now=NOW, mode=Mode.STUDY, answer="true", score=1, proposed=Rating.GOOD
        )
        assert ensure_rollup(repo.engine) is True
        assert ensure_rollup(repo.engine) is False
    finally:
        repo.close()
    assert rollup_objects(path) == ROLLUP_OBJECTS
    assert rollup_rows(path) == expected_rollup(path)
