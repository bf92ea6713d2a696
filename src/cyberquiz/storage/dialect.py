"""What differs between SQLite and PostgreSQL in a statement, in one place per concern.

Everything else is plain SQLAlchemy Core and runs on both. Connection set-up lives in
``engine.py``, backups in ``backup.py``, the stats rollup in ``stats_rollup.py``; here are the
statement-level seams: the upsert (``INSERT ... ON CONFLICT``, which SQLAlchemy spells per
dialect) and the few SQL functions the statistics need (local day, whole days between two
times, the larger of two numbers, a card's tags in order), each a Core expression.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PostgresqlInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
    from sqlalchemy.engine import Connection
    from sqlalchemy.sql.dml import UpdateBase
    from sqlalchemy.sql.expression import ColumnElement, TableClause

    #: What :func:`insert` gives: either dialect's ``INSERT`` with its ``ON CONFLICT`` clauses.
    Upsert: TypeAlias = SqliteInsert | PostgresqlInsert


def insert(dialect: str, table: TableClause) -> Upsert:
    """``INSERT`` with ``on_conflict_do_update`` / ``on_conflict_do_nothing`` for ``dialect``."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def as_time(dialect: str, value: ColumnElement[Any]) -> ColumnElement[Any]:
    """A stored time text (the rollup's bucket, a bound text) as a time that compares and
    shifts as such: PostgreSQL casts it; SQLite's times are such texts already."""
    if dialect == "postgresql":
        from sqlalchemy import DateTime, cast

        return cast(value, DateTime())
    return value


def local_date(
    dialect: str, moment: ColumnElement[Any], shift: ColumnElement[Any]
) -> ColumnElement[str]:
    """The date (``YYYY-MM-DD`` text) of a naive-UTC time ``moment`` moved by ``shift``, a text
    like ``+3600 seconds`` (SQLite's date modifier; PostgreSQL reads it as an interval)."""
    from sqlalchemy import Interval, cast, func, literal_column

    if dialect == "postgresql":
        moved = moment + cast(shift, Interval())
        return func.to_char(moved, literal_column("'YYYY-MM-DD'"))
    return func.date(moment, shift)


def whole_days(
    dialect: str, later: ColumnElement[Any], earlier: ColumnElement[Any]
) -> ColumnElement[Any]:
    """The whole days from ``earlier`` to ``later``, truncated toward zero."""
    from sqlalchemy import Integer, cast, extract, func

    if dialect == "postgresql":
        return func.trunc(extract("epoch", later - earlier) / 86400)
    return cast(func.julianday(later) - func.julianday(earlier), Integer)


def greatest(dialect: str, a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
    """The larger of two numbers (SQLite's two-argument ``max``)."""
    from sqlalchemy import func

    return func.greatest(a, b) if dialect == "postgresql" else func.max(a, b)


#: The separator of :func:`tag_list`'s text (the ASCII unit separator: never in a tag).
TAG_SEPARATOR = "\x1f"


def tag_list(dialect: str) -> ColumnElement[str]:
    """A card's tags in their order (deck tags first), joined by :data:`TAG_SEPARATOR`, as a
    scalar subquery correlated to ``columns.card``.

    SQLite reads ``card_tag`` in insertion order; PostgreSQL has no such order, so it reads the
    card's stored body, whose ``tags`` list is the same list in the same order.
    """
    from sqlalchemy import JSON, cast, func, literal, literal_column, select

    from cyberquiz.storage import columns as t

    card, separator = t.card, literal(TAG_SEPARATOR)
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import aggregate_order_by

        tags = (
            func.json_array_elements_text(cast(card.c.body, JSON)["tags"])
            .table_valued("value", with_ordinality="ordinality")
            .render_derived(name="t")
        )
        joined = func.string_agg(tags.c.value, aggregate_order_by(separator, tags.c.ordinality))
        return select(joined).select_from(tags).correlate(card).scalar_subquery()
    ct = t.card_tag
    ordered = (
        select(ct.c.tag)
        .where(ct.c.card_pk == card.c.id)
        .order_by(literal_column("rowid"))
        .correlate(card)
        .subquery()
    )
    return select(func.group_concat(ordered.c.tag, separator)).scalar_subquery()


_COMPILED: dict[
    tuple[UpdateBase, str, tuple[str, ...]], tuple[str, tuple[str, ...], bool, dict[str, Any]]
] = {}


def executemany(conn: Connection, stmt: UpdateBase, rows: list[dict[str, Any]]) -> None:
    """Run a Core statement for many rows, the rows handed to the driver as they are.

    SQLAlchemy processes every row's parameters in Python, which was most of a 10,000-card
    first sync's store time. The statement is still compiled by SQLAlchemy for the connection's
    dialect (once per statement and set of keys, cached), so the SQL stays portable; the
    driver's own ``executemany`` then takes the rows (psycopg pipelines them, SQLite loops in
    C). Only for values the driver takes unconverted: ``str``, ``int``, ``float``, ``bool``,
    ``None`` (no datetimes: those need :class:`~cyberquiz.storage.types.UTCDateTime`).
    """
    if not rows:
        return
    key = (stmt, conn.dialect.name, tuple(rows[0]))
    compiled = _COMPILED.get(key)
    if compiled is None:
        # column_keys: an INSERT names only the columns the rows give (the id is the database's).
        form = stmt.compile(dialect=conn.dialect, column_keys=list(rows[0]))
        if form.escaped_bind_names:  # pragma: no cover - our column names need no escaping
            raise ValueError("executemany: bind names need escaping; use conn.execute")
        if form.positional:
            names = tuple(form.positiontup or ())
        else:
            names = tuple(form.bind_names.values())
        # Values written into the statement itself (``.values(retired=True)``) are binds too.
        fixed = {n: form.binds[n].effective_value for n in names if n not in key[2]}
        compiled = _COMPILED[key] = (str(form), names, bool(form.positional), fixed)
    sql, names, positional, fixed = compiled
    if fixed:
        rows = [{**fixed, **r} for r in rows]
    if positional:
        conn.exec_driver_sql(sql, [tuple(r[n] for n in names) for r in rows])
    else:
        conn.exec_driver_sql(sql, [{n: r[n] for n in names} for r in rows])
