"""Schema v4: the review rollup is keyed by the answers' zone too, and the streak's study days
come from it: the same days as counting each answer on its own zone's day, without reading every
answer (2.8 s for a million answers on the stats screen and on Home before)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.storage import migrations, stats_rollup, tables
from cyberquiz.storage.backup import list_backups
from cyberquiz.storage.repository import Repository
from cyberquiz.storage.reviews import study_days
from support import NOW, ClassDb, run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: (UTC time, zone offset in minutes, mode): answers around local midnights of zones east and
#: west, with the quarter hours that a day's edge splits, and a practice answer (not study).
ANSWERS = [
    ("2026-11-20 20:45", 180, "study"),  # Moscow 23:45: the 20th at rollover 0
    ("2026-11-20 21:00", 180, "study"),  # Moscow 00:00: the 21st
    ("2026-11-20 21:00", -300, "study"),  # New York 16:00: the 20th
    ("2026-11-22 04:30", 345, "study"),  # Kathmandu 10:15
    ("2026-11-23 23:59", 0, "practice"),  # not a study answer: no study day
    ("2026-11-24 03:59", 0, "study"),  # UTC 03:59: the 23rd at rollover 4
    ("2026-11-25 04:00", 0, "study"),
    ("2026-11-27 01:30", 180, "study"),  # Moscow 04:30: the 27th at rollover 4 (UTC: the 26th)
]


def _expected(rollover_hour: int, since: datetime | None) -> set[date]:
    """Each study answer on its own zone's day, counted by hand."""
    days = set()
    for at, minutes, mode in ANSWERS:
        moment = datetime.fromisoformat(at).replace(tzinfo=UTC)
        if mode != "study" or (since is not None and moment < since):
            continue
        days.add((moment + timedelta(minutes=minutes, hours=-rollover_hour)).date())
    return days


@pytest.mark.parametrize("rollover_hour", [0, 4])
def test_study_days_from_the_rollup_are_each_answers_own_day(
    any_db_url: str, decks_dir: Path, rollover_hour: int
) -> None:
    from cyberquiz.services.sync import sync_decks
    from cyberquiz.storage import columns as t

    with Repository.open(any_db_url, profile="ana", clock=lambda: NOW, fuzz=False) as repo:
        sync_decks(repo, [decks_dir])
        with repo.engine.begin() as conn:
            card_pk = conn.execute(sa.select(sa.func.min(t.card.c.id))).scalar()
            conn.execute(
                t.review.insert(),
                [
                    {
                        "profile_id": repo.profile_id,
                        "card_pk": card_pk,
                        "at": datetime.fromisoformat(at).replace(tzinfo=UTC),
                        "mode": mode,
                        "answer": "null",
                        "score": 1.0,
                        "response_ms": 0,
                        "scheduled": False,
                        "phase_before": 0,
                        "utc_offset": minutes,
                    }
                    for at, minutes, mode in ANSWERS
                ],
            )
        since = datetime(2026, 11, 21, 21, tzinfo=UTC)  # Moscow's 22nd, at rollover 0
        with repo.engine.connect() as conn:
            for start in (None, since):
                found = study_days(conn, repo.profile_id, rollover_hour, start)
                assert found == _expected(rollover_hour, start), start


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_v3_upgrade_keys_the_rollup_by_zone_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    shutil.copyfile(FIXTURES / "schema_v3.db", path)
    Repository.open(f"sqlite:///{path}", profile="fixture", clock=lambda: NOW).close()
    assert migrations.inspect_database(path).version == tables.SCHEMA_VERSION == 4
    names = {name for (name,) in _query(path, "SELECT name FROM sqlite_master")}
    assert stats_rollup.TABLE in names and stats_rollup.OLD_TABLE not in names
    assert _query(path, f"SELECT * FROM {stats_rollup.TABLE} ORDER BY 1, 2, 3") == [
        (1, "2026-11-01 12:00", 0, 3, 2, 1, 4000, 0, 0)
    ]
    (backup,) = list_backups(path)
    assert "before-v4" in backup.name
    assert migrations.inspect_database(backup).version == 3


def test_a_class_database_keeps_its_rules_through_the_upgrade(
    class_db: ClassDb, class_decks: Path
) -> None:
    """PostgreSQL alters the rollup in place: students keep writing it, each their own rows."""
    owner = class_db.owner_url
    assert run_cli("--db", owner, "class", "init")[0] == 0
    for who in ("alice", "bob"):
        assert run_cli("--db", owner, "class", "add-student", class_db.name(who))[0] == 0
    assert run_cli("--db", owner, "--decks", str(class_decks), "sync")[0] == 0
    engine = sa.create_engine(owner)
    with engine.begin() as conn:  # back to v3's rollup, with the rules class init gave it
        run = conn.exec_driver_sql
        run(f"DROP TRIGGER {stats_rollup.PG_TRIGGER} ON review")
        run(f"DROP FUNCTION {stats_rollup.PG_FUNCTION}()")
        run(f"ALTER TABLE {stats_rollup.TABLE} RENAME TO {stats_rollup.OLD_TABLE}")
        run(f"ALTER TABLE {stats_rollup.OLD_TABLE} DROP CONSTRAINT {stats_rollup.TABLE}_pkey")
        run(f"ALTER TABLE {stats_rollup.OLD_TABLE} DROP COLUMN utc_offset")
        run(f"ALTER TABLE {stats_rollup.OLD_TABLE} ADD PRIMARY KEY (profile_id, bucket)")
        run("UPDATE cyberquiz_schema SET version = 3")
    engine.dispose()
    alice_url = class_db.url_of(class_db.name("alice"))
    code, _, err = run_cli("--db", alice_url, "stats", "--json")  # before the owner: refused
    assert code == 1 and "the owner of the database runs any cyberquiz command" in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    Repository.open(owner, profile="owner", clock=lambda: NOW).close()  # the owner upgrades
    for who in ("alice", "bob"):
        url = class_db.url_of(class_db.name(who))
        with Repository.open(url, profile="x", clock=lambda: NOW, fuzz=False) as repo:
            repo.record_answer(
                "a0", now=NOW, mode=Mode.STUDY, answer='"x"', score=1.0, proposed=Rating.GOOD
            )
    alice = sa.create_engine(class_db.url_of(class_db.name("alice")))
    try:
        with alice.connect() as conn:
            rows = conn.exec_driver_sql(
                f"SELECT p.name, r.answers FROM {stats_rollup.TABLE} r "
                "JOIN profile p ON p.id = r.profile_id"
            ).all()
    finally:
        alice.dispose()
    assert [tuple(r) for r in rows] == [(class_db.name("alice"), 1)]
