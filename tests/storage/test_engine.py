"""The engines of a process share their compiled statements, and only where the SQL is the same."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select

from cyberquiz.storage.engine import SharedStatements, create_engine

METADATA = MetaData()
NOTE = Table(
    "shared_statement_note",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("text", String, nullable=False),
)


def _hit(url: str, text: str) -> tuple[bool, list[str]]:
    """Write ``text`` and read it back on a new engine: whether the read was compiled before."""
    engine = create_engine(url)
    try:
        METADATA.create_all(engine)
        with engine.begin() as conn:
            conn.execute(insert(NOTE).values(text=text))
            result = conn.execute(select(NOTE.c.text).where(NOTE.c.text == text))
            hit = result.context.cache_hit == engine.dialect.CACHE_HIT  # type: ignore[attr-defined]
            return hit, list(result.scalars())
    finally:
        engine.dispose()


def test_a_second_engine_reuses_the_first_ones_statements(tmp_path: Path) -> None:
    # (the first read may hit too: another test's engine may have compiled it already)
    _first, rows = _hit(f"sqlite:///{tmp_path / 'a.db'}", "first")
    second, rows2 = _hit(f"sqlite:///{tmp_path / 'b.db'}", "second")
    assert rows == ["first"] and rows2 == ["second"]  # each its own values, its own file
    assert second  # compiled by the first engine


def test_another_kind_of_database_compiles_its_own(tmp_path: Path, pg_url: str) -> None:
    """SQLite's statements (``?`` parameters) would fail on the server (``%(name)s``)."""
    _hit(f"sqlite:///{tmp_path / 'a.db'}", "on sqlite")
    _first, rows = _hit(pg_url, "on the server")
    assert rows == ["on the server"]
    second, rows = _hit(pg_url, "again")
    assert second and rows == ["again"]


def test_the_key_stands_for_the_dialects_class_version_and_paramstyle() -> None:
    from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
    from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

    cache = SharedStatements()
    one, two = SQLiteDialect_pysqlite(), SQLiteDialect_pysqlite()
    cache[(one, "SELECT", (), False, False)] = "compiled"
    assert cache.get((two, "SELECT", (), False, False)) == "compiled"
    assert cache.get((two, "SELECT", ("a",), False, False)) is None
    server_15, server_16 = PGDialect_psycopg(), PGDialect_psycopg()
    server_15.server_version_info, server_16.server_version_info = (15, 4), (16, 1)
    cache[(server_15, "SELECT", (), False, False)] = "for 15"
    assert cache.get((server_16, "SELECT", (), False, False)) is None
    assert cache.get((one, "SELECT", (), False, False)) == "compiled"
    assert len(cache) == 2
