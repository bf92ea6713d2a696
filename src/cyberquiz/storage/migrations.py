"""Schema version and migrations: open a database only when it is safe, upgrade it safely.

History of :data:`~cyberquiz.storage.version.SCHEMA_VERSION`:

- **1** (cyberquiz 0.1): profiles, decks, cards, card tags, card states, reviews, exams, exam
  items, settings. Fixture: ``tests/storage/fixtures/schema_v1.db``.
- **2**: the review rollup of ``stats_rollup.py`` (table ``stats_rollup_v1`` and three triggers
  on ``review``) becomes part of the schema. Step: create them and backfill from ``review``
  (dropping any rollup that cyberquiz 0.1 built lazily on first stats), so that the cost of
  the backfill is paid here, after the backup, instead of when the stats screen first opens.
  Since v4 the v4 step builds it (this step only drops a lazily built one).
  Fixture: ``tests/storage/fixtures/schema_v2.db``.
- **3**: ``review.utc_offset``, the UTC offset (minutes) of the zone each answer was given in,
  so that the streak counts each answer on its own local day. Step: add the column; old rows
  get the offset of their profile's current zone (its ``timezone`` setting, else the system's)
  at the time of each answer. Fixture: ``tests/storage/fixtures/schema_v3.db``.
- **4**: the rollup is also keyed by the answers' zone (table ``stats_rollup_v2``), so that the
  study days of the streak come from it instead of a scan of every answer (2.8 s for a million
  answers, on the stats screen and on Home). Step: ``stats_rollup.rollup_by_zone`` (PostgreSQL
  alters the table in place, keeping a class database's grants and policies).
  Fixture: ``tests/storage/fixtures/schema_v4.db``.

To change the schema: bump ``SCHEMA_VERSION`` in ``version.py``, append ``(new_version, step)`` to
:data:`MIGRATIONS` (a step gets the connection inside the migration transaction and runs DDL/DML
to go from ``new_version - 1`` to ``new_version``), generate the new fixture with
``tests/storage/make_fixtures.py`` and keep the old fixtures: the tests upgrade each of them.
Schema objects outside the ``*Row`` tables (the rollup and its triggers) are created by
:func:`prepare` for a new database and by the migration step that introduced them; a step that
rebuilds ``review`` must recreate the rollup's triggers (``stats_rollup.create_rollup``).

Before anything is written, :func:`inspect_database` looks at the file read-only:

- no file, or an empty SQLite database → created fresh at the current version;
- a 0-byte file **while backups exist** → damage (:class:`DatabaseCorrupt`), not a fresh start;
- not SQLite, or SQLite without the cyberquiz tables → :class:`NotACyberquizDatabase`;
- unreadable pages → :class:`DatabaseCorrupt`;
- a newer version → :class:`NewerSchema`.

In each error case the file is left untouched. An older version is backed up
(``backups/<stem>-<time>-before-v<N>.db``) and then migrated in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from cyberquiz.storage import backup as backups
from cyberquiz.storage import stats_rollup
from cyberquiz.storage.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseUnavailable,
    DiskFull,
    MigrationFailed,
    NewerSchema,
    NotACyberquizDatabase,
    out_of_space,
)
from cyberquiz.storage.peek import connect_read_only, not_a_database

if TYPE_CHECKING:
    from types import ModuleType

    from sqlalchemy import Table
    from sqlalchemy.engine import Connection, Engine

    from cyberquiz.storage.engine import DialectKind

    #: A kind of database and the names of the tables to create.
    _ScriptKey: TypeAlias = tuple[DialectKind, *tuple[str, ...]]


def _v2_review_rollup(conn: Connection) -> None:
    """v1 -> v2: the review rollup became part of the schema. Since v4 the v4 step builds it
    (it is keyed by v3's ``utc_offset``); this step drops one cyberquiz 0.1 built lazily."""
    stats_rollup.drop_rollup(conn)


def _v3_review_utc_offset(conn: Connection) -> None:
    """v2 -> v3: each answer's UTC offset; old answers get their profile's current zone."""
    import json

    from sqlalchemy import bindparam, func, select

    from cyberquiz.storage import columns as t
    from cyberquiz.storage.localzone import zone_named
    from cyberquiz.storage.types import UTCDateTime
    from cyberquiz.storage.zones import offset_pieces

    conn.exec_driver_sql("ALTER TABLE review ADD COLUMN utc_offset INTEGER NOT NULL DEFAULT 0")
    r, st = t.review, t.setting
    zones = dict(
        conn.execute(select(st.c.profile_id, st.c.value).where(st.c.key == "timezone")).all()
    )
    spans = conn.execute(
        select(r.c.profile_id, func.min(r.c.at), func.max(r.c.at)).group_by(r.c.profile_id)
    ).all()
    fill = (
        r.update()
        .where(
            r.c.profile_id == bindparam("p"),
            r.c.at >= bindparam("start", type_=UTCDateTime()),
            r.c.at < bindparam("end", type_=UTCDateTime()),
        )
        .values(utc_offset=bindparam("minutes"))
    )
    for profile_id, first, last in spans:
        name = zones.get(profile_id)
        tz = zone_named(json.loads(name) if name else None)
        end = last + timedelta(days=1)
        pieces = offset_pieces(tz, first.replace(tzinfo=UTC) - timedelta(days=1), end)
        bounds = [start for start, _ in pieces[1:]] + [end]
        conn.execute(
            fill,
            [
                {"p": profile_id, "start": start, "end": until, "minutes": seconds // 60}
                for (start, seconds), until in zip(pieces, bounds, strict=True)
            ],
        )


#: (version reached, step) in order; step(conn) migrates from version - 1.
MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (2, _v2_review_rollup),
    (3, _v3_review_utc_offset),
    (4, stats_rollup.rollup_by_zone),
]


@dataclass(frozen=True, slots=True)
class FileStatus:
    """What :func:`inspect_database` found: ``version`` is ``None`` for a new/empty database."""

    path: Path
    version: int | None


def inspect_database(path: Path) -> FileStatus:
    """Look at a SQLite file read-only and say whether cyberquiz may open it.

    Raises:
        DatabaseCorrupt: damaged file, or an emptied file where backups exist.
        NotACyberquizDatabase: another kind of file, or another program's database.
        NewerSchema: written by a newer cyberquiz.
    """
    from cyberquiz.storage.version import SCHEMA_VERSION

    if not path.exists():
        return FileStatus(path, None)
    if path.is_dir():
        raise NotACyberquizDatabase(str(path), "it is a folder")
    known = [str(p) for p in backups.list_backups(path)]
    size = path.stat().st_size
    if size == 0:
        if known:
            raise DatabaseCorrupt(
                str(path), "The file is empty (0 bytes) although backups of it exist.", known
            )
        return FileStatus(path, None)
    # SQLite reads the header itself: never open and close the file outside SQLite, which
    # would drop every lock this process's connections hold on it (POSIX locks belong to the
    # process): another process could then take itself for the last one open, checkpoint and
    # delete the WAL, and the answers this process acknowledges afterwards would be lost.
    try:
        conn = connect_read_only(path)
        try:
            names = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if not names:
                return FileStatus(path, None)
            if "cyberquiz_schema" not in names:
                raise NotACyberquizDatabase(str(path), "it has no cyberquiz tables")
            row = conn.execute("SELECT version FROM cyberquiz_schema WHERE id = 1").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if not_a_database(exc, path):
            if known:
                raise DatabaseCorrupt(
                    str(path), "Its header is not a SQLite header.", known
                ) from exc
            raise NotACyberquizDatabase(str(path), "it is not a SQLite file") from exc
        if "locked" in text or "busy" in text:
            raise DatabaseLocked(str(path), text) from exc
        if "unable to open" in text:
            raise DatabaseUnavailable(str(path), text) from exc
        if out_of_space(exc, str(path)):  # a full disk is not damage: no backup advice
            raise DiskFull(str(path)) from exc
        raise DatabaseCorrupt(str(path), f"SQLite says: {text}.", known) from exc
    if row is None:
        raise DatabaseCorrupt(str(path), "Its schema version row is missing.", known)
    version = int(row[0])
    if version > SCHEMA_VERSION:
        raise NewerSchema(str(path), version, SCHEMA_VERSION)
    return FileStatus(path, version)


def check_integrity(path: Path) -> None:
    """``PRAGMA quick_check`` read-only; raises :class:`DatabaseCorrupt` unless it says ok."""
    try:
        conn = connect_read_only(path)
        try:
            result = [r[0] for r in conn.execute("PRAGMA quick_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if out_of_space(exc, str(path)):
            raise DiskFull(str(path)) from exc
        raise DatabaseCorrupt(str(path), f"SQLite says: {exc}.") from exc
    if result != ["ok"]:
        raise DatabaseCorrupt(str(path), "Integrity check: " + "; ".join(result[:3]))


def prepare(engine: Engine, path: Path | None, *, app_version: str = "") -> int:
    """Bring the database at ``engine`` to the current schema; return the version it had.

    ``path`` is the SQLite file (``None`` for memory or a server database: no file checks, no
    backup). Checks run before anything is written; see the module docstring.
    """
    from cyberquiz.storage.version import SCHEMA_VERSION

    found = inspect_database(path).version if path is not None else None
    if found == SCHEMA_VERSION:
        return found
    # Only creating or migrating needs the table classes: building them (SQLModel, pydantic,
    # the ORM) costs ~150 ms, which a start on an up-to-date database no longer pays.
    from sqlmodel import SQLModel

    from cyberquiz.storage import tables

    backup_path: str | None = None
    if found is not None and path is not None:
        check_integrity(path)
        backup_path = str(backups.write_backup(path, reason=f"before-v{SCHEMA_VERSION}"))
    current: int | None = None
    try:
        with engine.begin() as conn:
            from cyberquiz.storage.engine import serialize_writers

            serialize_writers(conn)
            # Re-read inside the write transaction: another process may have just done it.
            empty, current = _version_in(conn)
            if current is None:
                if empty:
                    _create_tables(conn, _all_tables(tables))
                else:  # a schema table without its row: create what is missing
                    SQLModel.metadata.create_all(conn, tables=_all_tables(tables))
                stats_rollup.create_rollup(conn)
                _write_version(conn, SCHEMA_VERSION, app_version)
            elif current < SCHEMA_VERSION:
                for version, step in MIGRATIONS:
                    if version > current:
                        step(conn)
                _write_version(conn, SCHEMA_VERSION, app_version)
            elif current > SCHEMA_VERSION:
                raise NewerSchema(str(path), current, SCHEMA_VERSION)
    except MigrationFailed:
        raise
    except NewerSchema:
        raise
    except Exception as exc:
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, OperationalError) and "locked" in str(exc):
            raise DatabaseLocked(str(path), str(exc.orig)) from exc
        if path is None and current is not None and current < SCHEMA_VERSION:
            raise _server_upgrade_failed(engine, SCHEMA_VERSION, exc) from exc
        if found is None:
            raise
        raise MigrationFailed(str(path), SCHEMA_VERSION, str(exc), backup_path) from exc
    return found if found is not None else 0


def _server_upgrade_failed(engine: Engine, version: int, exc: Exception) -> MigrationFailed:
    """A server database's upgrade failed (rolled back): what happened, in one sentence.

    A class member's login may not change the schema (only the owner of the tables may): the
    owner upgrades it by running any command first.
    """
    where = engine.url.render_as_string(hide_password=True)
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    if getattr(getattr(exc, "orig", None), "sqlstate", None) == "42501":  # insufficient privilege
        detail += (
            "; this login may not change the schema: the owner of the database runs any "
            "cyberquiz command on it first (`class init`, for instance)"
        )
    return MigrationFailed(where, version, detail, None)


def _all_tables(tables_module: ModuleType) -> list[Table]:
    from sqlmodel import SQLModel

    return [SQLModel.metadata.tables[name] for name in tables_module.TABLE_NAMES]


#: (kind of database, tables) -> the statements that create them (see _create_tables)
_create_scripts: dict[_ScriptKey, list[str]] = {}


def _create_tables(conn: Connection, tables: list[Table]) -> None:
    """Create ``tables`` in an empty database: the statements of ``create_all``, compiled once
    per process for each kind of database (compiling them was a quarter of creating one, and
    ``create_all`` also asked for each table whether it existed)."""
    from sqlalchemy.schema import CreateIndex, CreateTable

    from cyberquiz.storage.engine import dialect_kind

    dialect = conn.dialect
    key: _ScriptKey = (dialect_kind(dialect), *(table.name for table in tables))
    script = _create_scripts.get(key)
    if script is None:
        wanted = set(tables)
        script = []
        for table in tables[0].metadata.sorted_tables:  # a table after those it refers to
            if table in wanted:
                script.append(str(CreateTable(table).compile(dialect=dialect)))
                indexes = sorted(table.indexes, key=lambda index: str(index.name))
                script += [str(CreateIndex(index).compile(dialect=dialect)) for index in indexes]
        _create_scripts[key] = script
    for statement in script:
        conn.exec_driver_sql(statement)


def _version_in(conn: Connection) -> tuple[bool, int | None]:
    """(whether the database is empty, the schema version it records, if any)."""
    from sqlalchemy import inspect, text

    if not inspect(conn).has_table("cyberquiz_schema"):
        if inspect(conn).get_table_names():
            raise NotACyberquizDatabase(str(conn.engine.url.database), "it has no cyberquiz tables")
        return True, None
    row = conn.execute(text("SELECT version FROM cyberquiz_schema WHERE id = 1")).first()
    return False, None if row is None else int(row[0])


def _write_version(conn: Connection, version: int, app_version: str) -> None:
    from sqlalchemy import text

    now = datetime.now(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    conn.execute(text("DELETE FROM cyberquiz_schema"))
    conn.execute(
        text(
            "INSERT INTO cyberquiz_schema (id, version, app_version, migrated_at) "
            "VALUES (1, :v, :a, :t)"
        ),
        {"v": version, "a": app_version, "t": now},
    )
