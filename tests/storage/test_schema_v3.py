"""Schema v3: every answer keeps the UTC offset of the zone it was given in (the v2 -> v3 step
gives the old answers their profile's current zone)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.storage import localzone, migrations, tables
from cyberquiz.storage.backup import list_backups
from cyberquiz.storage.repository import Repository
from support import NOW

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_copy(tmp_path: Path, version: int) -> Path:
    target = tmp_path / f"v{version}.db"
    shutil.copyfile(FIXTURES / f"schema_v{version}.db", target)
    return target


def query(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple]:  # type: ignore[type-arg]
    conn = sqlite3.connect(path)
    try:
        with conn:
            return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_v2_upgrade_gives_old_answers_the_profile_zone_after_a_backup(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path, 2)
    # one more answer before the fixture's, on the other side of Paris's change to winter time
    query(
        path,
        "INSERT INTO review (profile_id, card_pk, at, mode, answer, score, response_ms, "
        "scheduled, phase_before) VALUES (1, 2, '2026-10-20 08:00:00.000000', 'study', 'true', "
        "1, 0, 0, 0)",
    )
    query(path, "INSERT INTO setting VALUES (1, 'timezone', ?)", ('"Europe/Paris"',))
    before = query(path, "SELECT * FROM review ORDER BY id")
    Repository.open(f"sqlite:///{path}", profile="fixture", clock=lambda: NOW).close()
    assert migrations.inspect_database(path).version == tables.SCHEMA_VERSION
    rows = query(path, "SELECT at, utc_offset FROM review ORDER BY at, id")
    assert rows == [
        ("2026-10-20 08:00:00.000000", 120),  # summer time
        ("2026-11-01 12:00:00.000000", 60),
        ("2026-11-01 12:00:00.000000", 60),
        ("2026-11-01 12:10:00.000000", 60),
    ]
    after = query(path, "SELECT * FROM review ORDER BY id")
    assert [row[:-1] for row in after] == before, "nothing else of the answers changed"
    (backup,) = list_backups(path)
    assert f"before-v{tables.SCHEMA_VERSION}" in backup.name
    assert migrations.inspect_database(backup).version == 2


def test_a_profile_without_a_zone_gets_the_system_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fixture_copy(tmp_path, 2)
    monkeypatch.setattr(localzone, "local_timezone", lambda: ZoneInfo("America/New_York"))
    Repository.open(f"sqlite:///{path}", profile="fixture", clock=lambda: NOW).close()
    # 2026-11-01 12:00 UTC: New York went back to standard time (UTC-5) at 06:00 UTC
    assert {row[0] for row in query(path, "SELECT utc_offset FROM review")} == {-300}


def test_new_answers_store_the_offset_of_their_zone(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path, 3)
    repo = Repository.open(f"sqlite:///{path}", profile="fixture", clock=lambda: NOW, fuzz=False)
    try:
        repo.set_setting("timezone", "Asia/Kolkata")
        repo.record_answer(
            "fx-tf", now=NOW, mode=Mode.STUDY, answer="true", score=1, proposed=Rating.GOOD
        )
    finally:
        repo.close()
    assert query(path, "SELECT utc_offset FROM review ORDER BY id DESC LIMIT 1") == [(330,)]


def test_a_v2_server_database_is_upgraded_too(pg_url: str, decks_dir: Path) -> None:
    """The v2 -> v3 step on PostgreSQL: a v2 database is made by taking the column away."""
    from datetime import timedelta

    from sqlalchemy import text

    from cyberquiz.services.sync import sync_decks

    repo = Repository.open(pg_url, profile="ana", clock=lambda: NOW, fuzz=False)
    try:
        sync_decks(repo, [decks_dir])
        repo.set_setting("timezone", "Europe/Paris")
        for days in (60, 0):  # summer time (September), then winter time
            repo.record_answer(
                "a0", now=NOW - timedelta(days=days), mode=Mode.PRACTICE, answer='"x"',
                score=1, proposed=Rating.GOOD,
            )  # fmt: skip
        with repo.engine.begin() as conn:
            conn.execute(text("ALTER TABLE review DROP COLUMN utc_offset"))
            conn.execute(text("UPDATE cyberquiz_schema SET version = 2"))
    finally:
        repo.close()
    repo = Repository.open(pg_url, profile="ana", clock=lambda: NOW, fuzz=False)
    try:
        with repo.engine.connect() as conn:
            version = conn.execute(text("SELECT version FROM cyberquiz_schema")).scalar_one()
            offsets = conn.execute(text("SELECT utc_offset FROM review ORDER BY at")).all()
        assert version == tables.SCHEMA_VERSION
        assert [row[0] for row in offsets] == [120, 60]
    finally:
        repo.close()
