"""A rollup of the review table by profile and UTC quarter hour, kept by SQLite triggers.

Grouping 1,000,000 review rows by hour costs about a second on a small machine even with a
covering index; the stats screen has 300 ms. So the per-quarter-hour counts are kept as the
answers are written: three triggers on ``review`` (insert, delete, update) add and subtract
their row's contribution in the same transaction, from whichever process writes. A student's
year is then at most 35,040 rollup rows (only quarter hours with answers exist), usually a few
hundred.

The rollup is derived data, and part of the versioned schema (``SCHEMA_VERSION`` 2, see
``migrations.py``): a new database gets the table and its triggers in its creation transaction,
and the v1 -> v2 migration step builds them and backfills from ``review`` (after the automatic
backup), both through :func:`create_rollup`. The stats screen only runs :func:`ensure_rollup`, a
one-read check that repairs the rollup (drop, recreate, backfill) if some part of it is missing,
e.g. a trigger dropped by hand; on a sound database it never writes. The table is named with a
version so that a change of its definition can be rebuilt by a migration step.

Columns per ``(profile_id, bucket)``, ``bucket`` = ``YYYY-MM-DD HH:MM`` (UTC, minutes 00, 15,
30 or 45):

- ``answers``: every answer; ``study``: of which mode ``study``;
- ``timed``: answers with a response time; ``ms``: the sum of response times;
- ``reviews``: study answers that moved the schedule of a card in review (true retention's
  denominator); ``passed``: of which not rated Again.

SQLite only (``substr``, ``printf``, triggers with UPSERT; SQLite >= 3.24).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

TABLE = "stats_rollup_v1"
TRIGGERS = (f"{TABLE}_ins", f"{TABLE}_del", f"{TABLE}_upd")


def bucket_sql(column: str) -> str:
    """The quarter-hour bucket of a stored ``YYYY-MM-DD HH:MM:SS`` text, as SQL."""
    return (
        f"(substr({column}, 1, 14) || "
        f"printf('%02d', (CAST(substr({column}, 15, 2) AS INTEGER) / 15) * 15))"
    )


def _values(row: str) -> str:
    """The contribution of ``NEW``/``OLD`` (``row``) as the six counter expressions."""
    review = f"({row}.scheduled = 1 AND {row}.phase_before = 2)"
    return (
        f"1, ({row}.mode = 'study'), ({row}.response_ms > 0), COALESCE({row}.response_ms, 0), "
        f"{review}, ({review} AND COALESCE({row}.rating, 0) > 1)"
    )


def _add(row: str) -> str:
    return (
        f"INSERT INTO {TABLE} (profile_id, bucket, answers, study, timed, ms, reviews, passed) "
        f"VALUES ({row}.profile_id, {bucket_sql(row + '.at')}, {_values(row)}) "
        "ON CONFLICT (profile_id, bucket) DO UPDATE SET "
        "answers = answers + excluded.answers, study = study + excluded.study, "
        "timed = timed + excluded.timed, ms = ms + excluded.ms, "
        "reviews = reviews + excluded.reviews, passed = passed + excluded.passed;"
    )


def _subtract(row: str) -> str:
    review = f"({row}.scheduled = 1 AND {row}.phase_before = 2)"
    return (
        f"UPDATE {TABLE} SET answers = answers - 1, study = study - ({row}.mode = 'study'), "
        f"timed = timed - ({row}.response_ms > 0), ms = ms - COALESCE({row}.response_ms, 0), "
        f"reviews = reviews - {review}, "
        f"passed = passed - ({review} AND COALESCE({row}.rating, 0) > 1) "
        f"WHERE profile_id = {row}.profile_id AND bucket = {bucket_sql(row + '.at')};"
    )


DDL = (
    f"CREATE TABLE {TABLE} ("
    "profile_id INTEGER NOT NULL, bucket TEXT NOT NULL, "
    "answers INTEGER NOT NULL DEFAULT 0, study INTEGER NOT NULL DEFAULT 0, "
    "timed INTEGER NOT NULL DEFAULT 0, ms INTEGER NOT NULL DEFAULT 0, "
    "reviews INTEGER NOT NULL DEFAULT 0, passed INTEGER NOT NULL DEFAULT 0, "
    "PRIMARY KEY (profile_id, bucket)) WITHOUT ROWID",
    f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON review BEGIN {_add('NEW')} END",
    f"CREATE TRIGGER {TRIGGERS[1]} AFTER DELETE ON review BEGIN {_subtract('OLD')} END",
    f"CREATE TRIGGER {TRIGGERS[2]} AFTER UPDATE ON review BEGIN "
    f"{_subtract('OLD')} {_add('NEW')} END",
)

BACKFILL = (
    f"INSERT INTO {TABLE} (profile_id, bucket, answers, study, timed, ms, reviews, passed) "
    f"SELECT profile_id, {bucket_sql('at')} AS b, COUNT(*), SUM(mode = 'study'), "
    "SUM(response_ms > 0), COALESCE(SUM(response_ms), 0), "
    "SUM(scheduled = 1 AND phase_before = 2), "
    "SUM(scheduled = 1 AND phase_before = 2 AND COALESCE(rating, 0) > 1) "
    "FROM review GROUP BY profile_id, b"
)


def _complete(conn: Connection) -> bool:
    names = {
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name IN (?, ?, ?, ?)", (TABLE, *TRIGGERS)
        )
    }
    return names == {TABLE, *TRIGGERS}


def create_rollup(conn: Connection) -> None:
    """Create the rollup table and its triggers and fill it from ``review``, in ``conn``'s
    transaction (the caller's: creation, a migration step or a repair).

    Whatever part of an earlier rollup exists is dropped first: a v1 database may already hold
    one, built on first stats by cyberquiz 0.1. SQLite only; on another database this does
    nothing (the statistics are SQLite-only too).
    """
    if conn.dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")
    for statement in DDL:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(BACKFILL)


def ensure_rollup(engine: Engine) -> bool:
    """Check that the rollup and its triggers exist; repair them if not. True when it repaired.

    The normal path is one read of ``sqlite_master``: the schema (v2) creates the rollup. Only a
    damaged schema (a missing trigger or table) is rebuilt, in one write transaction
    (``BEGIN IMMEDIATE``), re-checked inside it so that two processes never both backfill.
    """
    from cyberquiz.storage.engine import reader

    with reader(engine).connect() as conn:
        if _complete(conn):
            return False
    with engine.begin() as conn:
        if _complete(conn):
            return False
        create_rollup(conn)
    return True
