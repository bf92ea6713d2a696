"""A rollup of the review table by profile, UTC quarter hour and zone, kept by triggers.

Grouping 1,000,000 review rows by hour costs about a second on a small machine even with a
covering index; the stats screen has 300 ms. So the per-quarter-hour counts are kept as the
answers are written: three triggers on ``review`` (insert, delete, update) add and subtract
their row's contribution in the same transaction, from whichever process writes. A student's
year is then at most 35,040 rollup rows (only quarter hours with answers exist), usually a few
hundred.

Rows are also keyed by the answer's ``utc_offset`` (schema v4): the streak counts each answer on
the local day of the zone it was given in (schema v3), and a quarter hour of one zone lies
within one local day (offsets and the rollover are whole quarter hours), so the study days come
from here too, not from a scan of every answer (2.8 s for 1,000,000 answers).

The rollup is derived data, and part of the versioned schema (since ``SCHEMA_VERSION`` 2, see
``migrations.py``): a new database gets the table and its triggers in its creation transaction
(:func:`create_rollup`), and the v3 -> v4 migration step builds them and backfills from
``review`` after the automatic backup (:func:`rollup_by_zone`). The stats screen only runs
:func:`ensure_rollup`, a one-read check that repairs the rollup (drop, recreate, backfill) if
some part of it is missing, e.g. a trigger dropped by hand; on a sound database it never writes.
The table is named with a version so that a change of its definition can be rebuilt by a
migration step.

Columns per ``(profile_id, bucket, utc_offset)``, ``bucket`` = ``YYYY-MM-DD HH:MM`` (UTC,
minutes 00, 15, 30 or 45), ``utc_offset`` the answers' zone in minutes:

- ``answers``: every answer; ``study``: of which mode ``study``;
- ``timed``: answers with a response time; ``ms``: the sum of response times;
- ``reviews``: study answers that moved the schedule of a card in review (true retention's
  denominator); ``passed``: of which not rated Again.

This module is the seam for the rollup: SQLite gets the triggers above (``substr``,
``printf``, UPSERT; SQLite >= 3.24); PostgreSQL gets the same table, bucket text and counters
kept by one PL/pgSQL trigger function (:data:`PG_DDL`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

TABLE = "stats_rollup_v2"
TRIGGERS = (f"{TABLE}_ins", f"{TABLE}_del", f"{TABLE}_upd")
#: The rollup of schema v2 and v3 (by profile and bucket only), replaced by v4's.
OLD_TABLE = "stats_rollup_v1"


def bucket_text(value: datetime) -> str:
    """``YYYY-MM-DD HH:MM`` in UTC: a time as the buckets are written, to compare with them."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


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
        f"INSERT INTO {TABLE} "
        "(profile_id, bucket, utc_offset, answers, study, timed, ms, reviews, passed) "
        f"VALUES ({row}.profile_id, {bucket_sql(row + '.at')}, {row}.utc_offset, {_values(row)}) "
        "ON CONFLICT (profile_id, bucket, utc_offset) DO UPDATE SET "
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
        f"WHERE profile_id = {row}.profile_id AND bucket = {bucket_sql(row + '.at')} "
        f"AND utc_offset = {row}.utc_offset;"
    )


DDL = (
    f"CREATE TABLE {TABLE} ("
    "profile_id INTEGER NOT NULL, bucket TEXT NOT NULL, utc_offset INTEGER NOT NULL DEFAULT 0, "
    "answers INTEGER NOT NULL DEFAULT 0, study INTEGER NOT NULL DEFAULT 0, "
    "timed INTEGER NOT NULL DEFAULT 0, ms INTEGER NOT NULL DEFAULT 0, "
    "reviews INTEGER NOT NULL DEFAULT 0, passed INTEGER NOT NULL DEFAULT 0, "
    "PRIMARY KEY (profile_id, bucket, utc_offset)) WITHOUT ROWID",
    f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON review BEGIN {_add('NEW')} END",
    f"CREATE TRIGGER {TRIGGERS[1]} AFTER DELETE ON review BEGIN {_subtract('OLD')} END",
    f"CREATE TRIGGER {TRIGGERS[2]} AFTER UPDATE ON review BEGIN "
    f"{_subtract('OLD')} {_add('NEW')} END",
)

BACKFILL = (
    f"INSERT INTO {TABLE} "
    "(profile_id, bucket, utc_offset, answers, study, timed, ms, reviews, passed) "
    f"SELECT profile_id, {bucket_sql('at')} AS b, utc_offset, COUNT(*), SUM(mode = 'study'), "
    "SUM(response_ms > 0), COALESCE(SUM(response_ms), 0), "
    "SUM(scheduled = 1 AND phase_before = 2), "
    "SUM(scheduled = 1 AND phase_before = 2 AND COALESCE(rating, 0) > 1) "
    "FROM review GROUP BY profile_id, b, utc_offset"
)


PG_FUNCTION = f"{TABLE}_fn"
PG_TRIGGER = f"{TABLE}_trg"


def pg_bucket_sql(column: str) -> str:
    """:func:`bucket_sql` for PostgreSQL (``column`` a naive-UTC timestamp)."""
    return (
        f"to_char(date_trunc('hour', {column}) + floor(extract(minute FROM {column}) / 15) "
        "* interval '15 minutes', 'YYYY-MM-DD HH24:MI')"
    )


def _pg_values(row: str) -> list[str]:
    review = f"({row}.scheduled AND {row}.phase_before = 2)"
    return [
        "1",
        f"({row}.mode = 'study')::int",
        f"({row}.response_ms > 0)::int",
        f"COALESCE({row}.response_ms, 0)",
        f"{review}::int",
        f"({review} AND COALESCE({row}.rating, 0) > 1)::int",
    ]


_COUNTERS = ("answers", "study", "timed", "ms", "reviews", "passed")

PG_DDL = (
    f"CREATE TABLE {TABLE} ("
    "profile_id INTEGER NOT NULL, bucket TEXT NOT NULL, utc_offset INTEGER NOT NULL DEFAULT 0, "
    "answers INTEGER NOT NULL DEFAULT 0, study INTEGER NOT NULL DEFAULT 0, "
    "timed INTEGER NOT NULL DEFAULT 0, ms BIGINT NOT NULL DEFAULT 0, "
    "reviews INTEGER NOT NULL DEFAULT 0, passed INTEGER NOT NULL DEFAULT 0, "
    "PRIMARY KEY (profile_id, bucket, utc_offset))",
    f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP IN ('DELETE', 'UPDATE') THEN "
    f"UPDATE {TABLE} SET "
    + ", ".join(
        f"{n} = {TABLE}.{n} - {v}" for n, v in zip(_COUNTERS, _pg_values("OLD"), strict=True)
    )
    + f" WHERE profile_id = OLD.profile_id AND bucket = {pg_bucket_sql('OLD.at')} "
    "AND utc_offset = OLD.utc_offset; "
    "END IF; "
    "IF TG_OP IN ('INSERT', 'UPDATE') THEN "
    f"INSERT INTO {TABLE} (profile_id, bucket, utc_offset, {', '.join(_COUNTERS)}) VALUES "
    f"(NEW.profile_id, {pg_bucket_sql('NEW.at')}, NEW.utc_offset, {', '.join(_pg_values('NEW'))}) "
    "ON CONFLICT (profile_id, bucket, utc_offset) DO UPDATE SET "
    + ", ".join(f"{n} = {TABLE}.{n} + excluded.{n}" for n in _COUNTERS)
    + "; END IF; RETURN NULL; END $$",
    f"CREATE TRIGGER {PG_TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON review "
    f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
)

PG_BACKFILL = (
    f"INSERT INTO {TABLE} (profile_id, bucket, utc_offset, {', '.join(_COUNTERS)}) "
    f"SELECT profile_id, {pg_bucket_sql('at')} AS b, utc_offset, COUNT(*), "
    + ", ".join(f"SUM({v})" for v in _pg_values("review")[1:])
    + " FROM review GROUP BY profile_id, b, utc_offset"
)


def _complete(conn: Connection) -> bool:
    if conn.dialect.name == "postgresql":
        found = conn.exec_driver_sql(
            "SELECT to_regclass(%(t)s) IS NOT NULL AND EXISTS (SELECT 1 FROM pg_trigger "
            "WHERE tgname = %(g)s AND tgrelid = to_regclass('review'))",
            {"t": TABLE, "g": PG_TRIGGER},
        ).scalar()
        return bool(found)
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
    one, built on first stats by cyberquiz 0.1, and v2/v3 databases hold the rollup without
    zones (:data:`OLD_TABLE`). PostgreSQL gets :data:`PG_DDL`.
    """
    drop_rollup(conn)
    if conn.dialect.name == "postgresql":
        from cyberquiz.storage.classroom import secure_rollup

        for statement in PG_DDL:
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql(PG_BACKFILL)
        secure_rollup(conn)  # a class database's rules, which dropping the table took away
    elif conn.dialect.name == "sqlite":
        for statement in DDL:
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql(BACKFILL)


def drop_rollup(conn: Connection) -> None:
    """Drop every part of a rollup, this version's or an earlier one's, that exists."""
    for table in (OLD_TABLE, TABLE):
        _drop_triggers(conn, table)
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")


def _drop_triggers(conn: Connection, table: str) -> None:
    """Drop the triggers on ``review`` that keep the rollup ``table`` (named after it)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_trg ON review")
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {table}_fn()")
    else:
        for suffix in ("ins", "del", "upd"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_{suffix}")


def rollup_by_zone(conn: Connection) -> None:
    """The v3 -> v4 step: the rollup gains the answers' zone (``utc_offset``) in its key.

    On PostgreSQL the old table is renamed and altered in place, so that a class database keeps
    the grants and row policies ``class init`` gave it; its rows are then counted again. SQLite
    has neither: its rollup is built anew (:func:`create_rollup`).
    """
    if (
        conn.dialect.name != "postgresql"
        or not conn.exec_driver_sql(f"SELECT to_regclass('{OLD_TABLE}') IS NOT NULL").scalar()
    ):
        create_rollup(conn)
        return
    _drop_triggers(conn, OLD_TABLE)
    run = conn.exec_driver_sql
    run(f"ALTER TABLE {OLD_TABLE} RENAME TO {TABLE}")
    run(f"ALTER TABLE {TABLE} ADD COLUMN utc_offset INTEGER NOT NULL DEFAULT 0")
    run(f"ALTER TABLE {TABLE} DROP CONSTRAINT {OLD_TABLE}_pkey")
    run(f"ALTER TABLE {TABLE} ADD PRIMARY KEY (profile_id, bucket, utc_offset)")
    run(f"DELETE FROM {TABLE}")
    run(PG_BACKFILL)
    for statement in PG_DDL[1:]:  # the trigger function and the trigger
        run(statement)


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
