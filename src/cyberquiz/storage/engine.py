"""The one SQLAlchemy engine per process, set up so that no acknowledged answer is ever lost.

SQLite settings, applied to every new connection through the ``connect`` event:

- ``journal_mode=WAL``: readers never block the writer, and a second app instance can read
  while the first writes.
- ``foreign_keys=ON``: SQLite leaves them off by default.
- ``busy_timeout``: wait (up to :data:`BUSY_TIMEOUT_MS`) for another writer instead of failing.
- ``synchronous=FULL`` (:data:`SYNCHRONOUS`): every commit fsyncs the write-ahead log before it
  returns. Measured cost: see ``bench/bench_storage.py``. What a power cut can cost: **nothing
  that was acknowledged** - an answer whose commit returned is on disk; only the answer being
  written at that instant can be lost, and the database stays consistent. (With ``NORMAL`` a
  power cut could roll back the last few seconds of committed answers, the ones since the last
  checkpoint; a killed process loses nothing in either mode.)

Transactions: pysqlite's own implicit ``BEGIN`` handling is switched off
(``isolation_level = None`` on the DBAPI connection: Python 3.11's sqlite3 has no
``autocommit`` attribute, which is what SQLAlchemy's documented recipe touches on 3.12+), and
SQLAlchemy's ``begin`` event emits ``BEGIN IMMEDIATE`` itself. A write transaction therefore
takes the write lock up front, where the busy timeout applies, instead of upgrading a read lock
half-way (which fails at once with "database is locked"), and concurrent read-modify-write of a
card state cannot lose an update. Read-only units of work use :func:`reader` and a plain
deferred ``BEGIN`` so that they never queue behind a writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

#: How long a connection waits for another writer before "database is locked".
BUSY_TIMEOUT_MS = 10_000
#: SQLite ``synchronous`` mode; see the module docstring for what a power cut can cost.
SYNCHRONOUS = "FULL"
#: Execution option that marks a read-only unit of work (deferred BEGIN).
READONLY_OPTION = "cyberquiz_readonly"


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL, or ``None`` for in-memory or non-SQLite URLs."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database)


def create_engine(url: str, *, busy_timeout_ms: int | None = None, echo: bool = False) -> Engine:
    """Create the engine for ``url``; SQLite gets WAL, foreign keys, busy timeout, BEGIN IMMEDIATE.

    Args:
        url: an SQLAlchemy URL (``sqlite:///path/to/file.db`` or a server URL).
        busy_timeout_ms: override :data:`BUSY_TIMEOUT_MS` (tests use a short one).
        echo: log SQL (debugging).
    """
    import sqlalchemy as sa
    from sqlalchemy import event

    timeout = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(url, echo=echo, pool_pre_ping=True)

    kwargs: dict[str, Any] = {}
    if sqlite_path(url) is None:
        # One shared connection, or every new connection would see a new empty memory database.
        kwargs["poolclass"] = sa.pool.StaticPool
    engine = sa.create_engine(
        url,
        echo=echo,
        connect_args={"timeout": timeout / 1000, "check_same_thread": False},
        **kwargs,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        # Disable pysqlite's own BEGIN (and its COMMIT before DDL); we emit BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(timeout)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(READONLY_OPTION):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def reader(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions are read-only: deferred ``BEGIN``."""
    return engine.execution_options(**{READONLY_OPTION: True})
