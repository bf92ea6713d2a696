"""What differs between SQLite and PostgreSQL in a statement, in one place per concern.

Everything else is plain SQLAlchemy Core and runs on both. Connection set-up lives in
``engine.py``, backups in ``backup.py``, the stats rollup in ``stats_rollup.py``; here are the
statement-level seams: the upsert (``INSERT ... ON CONFLICT``, which SQLAlchemy spells per
dialect) and the few SQL functions the statistics need (local day, whole days between two
times, a card's tags in order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.sql.expression import TableClause


def insert(dialect: str, table: TableClause) -> Any:
    """``INSERT`` with ``on_conflict_do_update`` / ``on_conflict_do_nothing`` for ``dialect``."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def local_date(dialect: str, column: str, shift: str) -> str:
    """SQL for the date (``YYYY-MM-DD`` text) of a naive-UTC time ``column`` moved by ``shift``,
    an SQL expression giving text like ``+3600 seconds``."""
    if dialect == "postgresql":
        return f"to_char(CAST({column} AS timestamp) + CAST({shift} AS interval), 'YYYY-MM-DD')"
    return f"date({column}, {shift})"


def whole_days(dialect: str, later: str, earlier: str) -> str:
    """SQL for the whole days from ``earlier`` to ``later`` (naive-UTC times), truncated
    toward zero like SQLite's ``CAST(... AS INTEGER)``."""
    if dialect == "postgresql":
        return f"trunc(EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400)"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def greatest(dialect: str, a: str, b: str) -> str:
    """SQL for the larger of two numbers."""
    return f"GREATEST({a}, {b})" if dialect == "postgresql" else f"MAX({a}, {b})"


#: The separator of :func:`tag_list`'s text (the ASCII unit separator: never in a tag).
TAG_SEPARATOR = "\x1f"


def tag_list(dialect: str, card_alias: str = "c") -> str:
    """SQL for a card's tags in their order (deck tags first), joined by :data:`TAG_SEPARATOR`.

    SQLite reads ``card_tag`` in insertion order; PostgreSQL has no such order, so it reads the
    card's stored body, whose ``tags`` list is the same list in the same order.
    """
    if dialect == "postgresql":
        return (
            "(SELECT string_agg(t.value, chr(31) ORDER BY t.ordinality) FROM "
            f"json_array_elements_text(CAST({card_alias}.body AS json) -> 'tags') "
            "WITH ORDINALITY AS t)"
        )
    return (
        "(SELECT group_concat(tag, char(31)) FROM "
        f"(SELECT tag FROM card_tag WHERE card_pk = {card_alias}.id ORDER BY rowid))"
    )
