"""The one SQLAlchemy engine per process, set up so that no acknowledged answer is ever lost.

SQLite settings, applied to every new connection through the ``connect`` event:

- ``journal_mode=WAL``: readers never block the writer, and a second app instance can read
  while the first writes.
- ``foreign_keys=ON``: SQLite leaves them off by default.
- ``busy_timeout``: wait (up to :data:`BUSY_TIMEOUT_MS`) for another writer instead of failing.
- ``synchronous=NORMAL`` (:data:`SYNCHRONOUS`; ``CYBERQUIZ_SYNCHRONOUS=FULL`` to change it).
  Every answer is still committed in its own transaction before the app shows feedback, and a
  commit that returned survives the app being killed or crashing (the WAL is in the operating
  system's hands). What a **power cut or OS crash** can cost with NORMAL: the answers committed
  since the WAL was last synced to disk (at the last checkpoint, every ~1000 pages, or when
  the OS flushed it: in practice the last seconds, at most a few minutes of answers); the
  database itself stays consistent, never corrupt. ``FULL`` fsyncs the WAL at every commit, so
  a power cut loses at most the answer being written, but on this machine the fsync made an
  answer ~4-6x slower (p50 ~1 ms -> ~5-7 ms, p99 past the 10 ms goal under load); see
  ``bench/bench_storage.py``, which measures both.

The app never opens and closes the database file outside SQLite while it may be open in SQLite
(``migrations.inspect_database`` lets SQLite read the header): closing any descriptor of the
file drops every lock of the process's connections, and another process could then delete the
WAL still in use, losing the answers acknowledged after it.

Transactions: pysqlite's own implicit ``BEGIN`` handling is switched off
(``isolation_level = None`` on the DBAPI connection: Python 3.11's sqlite3 has no
``autocommit`` attribute, which is what SQLAlchemy's documented recipe touches on 3.12+), and
SQLAlchemy's ``begin`` event emits ``BEGIN IMMEDIATE`` itself. A write transaction therefore
takes the write lock up front, where the busy timeout applies, instead of upgrading a read lock
half-way (which fails at once with "database is locked"), and concurrent read-modify-write of a
card state cannot lose an update. Read-only units of work use :func:`reader` and a plain
deferred ``BEGIN`` so that they never queue behind a writer.

Compiled statements are shared by every engine of the process (:class:`SharedStatements`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    import sqlite3

    from psycopg import Connection as PsycopgConnection
    from psycopg.rows import TupleRow
    from sqlalchemy.engine import URL, Compiled, Connection, Dialect, Engine
    from sqlalchemy.pool import ConnectionPoolEntry, Pool, PoolProxiedConnection

    #: What :func:`dialect_kind` gives: the dialect's class, its server's version, its
    #: parameter style and its label length.
    DialectKind: TypeAlias = tuple[type[Dialect], tuple[int | str, ...] | None, str, int | None]

#: How long a connection waits for another writer before "database is locked".
BUSY_TIMEOUT_MS = 10_000
#: SQLite ``synchronous`` mode; see the module docstring for what a power cut can cost.
SYNCHRONOUS = "NORMAL"
_SYNCHRONOUS_MODES = ("OFF", "NORMAL", "FULL", "EXTRA")
#: WAL pages before a commit runs a checkpoint itself. The repository checkpoints from a
#: background thread long before this (see ``Repository``), so an answer rarely pays for one;
#: this is the backstop for other writers.
WAL_AUTOCHECKPOINT_PAGES = 4000
#: Execution option that marks a read-only unit of work (deferred BEGIN).
READONLY_OPTION = "cyberquiz_readonly"


#: How many compiled statements the process keeps (SQLAlchemy keeps 500 per engine).
STATEMENT_CACHE_SIZE = 1000


class SharedStatements:
    """SQLAlchemy's cache of compiled statements, shared by the engines of this process.

    SQLAlchemy caches each compiled statement per engine, under a key that holds the engine's
    dialect object: every engine a process opens (a second repository, a profile switch, a
    class report's logins, each test's database) compiled every statement again, about a fifth
    of the work of opening a database and syncing its decks. Here the dialect in a key stands
    for what the compiled SQL depends on: its class, its server's version and its parameter
    style. Engines on the same kind of database therefore share a statement compiled once;
    a server of another version gets its own. (The mapping is the ``compiled_cache`` execution
    option, SQLAlchemy's own hook for a cache; it is thread-safe like SQLAlchemy's.)
    """

    def __init__(self, size: int = STATEMENT_CACHE_SIZE) -> None:
        from sqlalchemy.util import LRUCache

        self._cache: LRUCache[Any, Compiled] = LRUCache(size)

    @staticmethod
    def _key(key: Any) -> Any:
        from sqlalchemy.engine import Dialect

        if not isinstance(key, tuple):
            return key
        return tuple(dialect_kind(part) if isinstance(part, Dialect) else part for part in key)

    def get(self, key: Any, default: Compiled | None = None) -> Compiled | None:
        return self._cache.get(self._key(key), default)

    def __setitem__(self, key: Any, value: Compiled) -> None:
        self._cache[self._key(key)] = value

    def __len__(self) -> int:
        return len(self._cache)


_statements: SharedStatements | None = None


def dialect_kind(dialect: Dialect) -> DialectKind:
    """What SQL compiled for ``dialect`` depends on: its class, its server's version and its
    parameter style (two engines on the same kind of database compile the same SQL)."""
    return (type(dialect), dialect.server_version_info, dialect.paramstyle, dialect.label_length)


def shared_statements() -> SharedStatements:
    """The process's :class:`SharedStatements` (made on first use)."""
    global _statements
    if _statements is None:
        _statements = SharedStatements()
    return _statements


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


def synchronous_mode(value: str | None = None) -> str:
    """``value``, else ``$CYBERQUIZ_SYNCHRONOUS``, else :data:`SYNCHRONOUS` (validated)."""
    import os

    mode = (value or os.environ.get("CYBERQUIZ_SYNCHRONOUS") or SYNCHRONOUS).upper()
    if mode not in _SYNCHRONOUS_MODES:
        raise ValueError(f"synchronous must be one of {', '.join(_SYNCHRONOUS_MODES)}, not {mode}")
    return mode


def create_engine(
    url: str,
    *,
    busy_timeout_ms: int | None = None,
    synchronous: str | None = None,
    echo: bool = False,
) -> Engine:
    """Create the engine for ``url``; SQLite gets WAL, foreign keys, busy timeout, BEGIN IMMEDIATE.

    Args:
        url: an SQLAlchemy URL (``sqlite:///path/to/file.db`` or a server URL).
        busy_timeout_ms: override :data:`BUSY_TIMEOUT_MS` (tests use a short one).
        synchronous: override the SQLite ``synchronous`` mode (see :func:`synchronous_mode`).
        echo: log SQL (debugging).
    """
    import sqlalchemy as sa
    from sqlalchemy import event

    timeout = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
    sync_mode = synchronous_mode(synchronous)
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return _postgresql_engine(parsed, echo=echo)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(url, echo=echo, pool_pre_ping=True)

    kwargs: dict[str, type[Pool]] = {}
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
    def _on_connect(
        dbapi_connection: sqlite3.Connection, connection_record: ConnectionPoolEntry
    ) -> None:
        # Disable pysqlite's own BEGIN (and its COMMIT before DDL); we emit BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(timeout)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute(f"PRAGMA synchronous = {sync_mode}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
            # After a checkpoint, shrink a WAL left bigger than this (bounded disk use).
            cursor.execute("PRAGMA journal_size_limit = 33554432")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(READONLY_OPTION):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    engine.update_execution_options(compiled_cache=shared_statements())
    return engine


def _postgresql_engine(url: URL, *, echo: bool) -> Engine:
    """A PostgreSQL engine on psycopg 3 (a plain ``postgresql://`` URL means psycopg 3 here, not
    SQLAlchemy's default psycopg2). SQLAlchemy imports the driver only now, so SQLite users
    never load it."""
    import sqlalchemy as sa

    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    try:
        engine = sa.create_engine(
            url,
            echo=echo,
            # A class server: a few connections per app, recycled before typical server idle
            # timeouts; checked before use only after a pause (below).
            pool_size=2,
            max_overflow=4,
            pool_recycle=1800,
        )
    except ModuleNotFoundError as exc:  # pragma: no cover - psycopg is a dependency
        from cyberquiz.storage.errors import DatabaseUnavailable

        raise DatabaseUnavailable(
            url.render_as_string(hide_password=True), "psycopg 3 is not installed"
        ) from exc
    _ping_after_idle(engine)
    engine.update_execution_options(compiled_cache=shared_statements())
    return engine


#: Seconds a pooled server connection may rest before it is checked (a ping) on its next use.
IDLE_PING_SECONDS = 10.0


def _ping_after_idle(engine: Engine) -> None:
    """Check a pooled connection before use only when it rested :data:`IDLE_PING_SECONDS`.

    A laptop's link drops while the student reads a card, not between two statements of one
    answer; SQLAlchemy's ``pool_pre_ping`` pays a round trip on every checkout (a third one
    beside the two of an answer, on a loaded server several milliseconds each).
    A dead connection makes the pool open a new one (``DisconnectionError`` at checkout).
    """
    import time

    from sqlalchemy import event
    from sqlalchemy.exc import DisconnectionError

    @event.listens_for(engine, "checkin")
    def _rested_since(
        dbapi_connection: PsycopgConnection[TupleRow] | None, record: ConnectionPoolEntry
    ) -> None:
        record.info["cyberquiz_checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(
        dbapi_connection: PsycopgConnection[TupleRow],
        record: ConnectionPoolEntry,
        proxy: PoolProxiedConnection,
    ) -> None:
        since = record.info.get("cyberquiz_checked_in")
        if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
            return
        try:
            dbapi_connection.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as exc:  # the driver's "connection closed" in any of its forms
            raise DisconnectionError(str(exc)) from exc


def checkpoint(path: Path) -> None:
    """A PASSIVE WAL checkpoint from a fresh connection: copies committed pages into the main
    file without taking the write lock, so it can run beside the app's answers. Errors are
    ignored: the next checkpoint (or SQLite's own) will do the work."""
    import sqlite3

    try:
        conn = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            conn.close()
    except sqlite3.Error:
        pass


def reader(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions are read-only: deferred ``BEGIN``.

    On a server each statement runs on its own (autocommit): at READ COMMITTED, PostgreSQL's
    default, a transaction gives its statements no common snapshot anyway, and the ``BEGIN`` and
    the ``ROLLBACK`` at the pool's check-in were two round trips more around every read (the
    next card and the status line after each answer: four waits instead of eight).
    """
    if engine.dialect.name == "postgresql":
        return engine.execution_options(**{READONLY_OPTION: True}, isolation_level="AUTOCOMMIT")
    return engine.execution_options(**{READONLY_OPTION: True})


#: The advisory lock key that serializes schema changes and deck syncs on a server.
SCHEMA_LOCK = 0x6379_7175


def serialize_writers(conn: Connection) -> None:
    """Make this transaction the only schema-changer or deck-syncer at a time.

    SQLite already is (``BEGIN IMMEDIATE`` takes the one write lock); PostgreSQL takes a
    transaction-scoped advisory lock, released at commit or rollback.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
