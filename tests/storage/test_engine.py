"""What a process compiles once: the engines' statements (shared only where the SQL is the same)
and the script that creates a new database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select

from cyberquiz.storage import migrations, tables
from cyberquiz.storage.engine import SharedStatements, create_engine
from cyberquiz.storage.repository import Repository

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


def test_a_new_database_has_every_table_column_key_and_index_of_the_table_classes(
    any_db_url: str,
) -> None:
    """New databases are created from a script compiled once per process, not by
    ``create_all``: what it creates is what the table classes declare."""
    from sqlalchemy import inspect

    Repository.open(any_db_url, profile="ana").close()
    Repository.open(any_db_url, profile="bo").close()  # the second opens what the first made
    engine = create_engine(any_db_url)
    try:
        with engine.connect() as conn:
            found = inspect(conn)
            for table in migrations._all_tables(tables):
                columns = {c["name"]: c for c in found.get_columns(table.name)}
                assert set(columns) == {c.name for c in table.columns}, table.name
                for column in table.columns:
                    assert columns[column.name]["nullable"] == column.nullable, column
                key = found.get_pk_constraint(table.name)["constrained_columns"]
                assert key == [c.name for c in table.primary_key.columns], table.name
                refers = {
                    (tuple(fk["constrained_columns"]), fk["referred_table"])
                    for fk in found.get_foreign_keys(table.name)
                }
                assert refers == {
                    ((fk.parent.name,), fk.column.table.name) for fk in table.foreign_keys
                }, table.name
                indexes = {
                    ix["name"]: (tuple(ix["column_names"]), bool(ix["unique"]))
                    for ix in found.get_indexes(table.name)
                    if not ix.get("duplicates_constraint")  # a unique column's, on the server
                }
                assert indexes == {
                    ix.name: (tuple(c.name for c in ix.columns), bool(ix.unique))
                    for ix in table.indexes
                }, table.name
    finally:
        engine.dispose()
