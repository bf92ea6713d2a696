"""A profile's settings: JSON values by key."""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select

from cyberquiz.storage import columns as t
from cyberquiz.storage.dialect import insert

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

st = t.setting


@functools.cache
def _read_stmt() -> Any:
    return select(st.c.key, st.c.value).where(st.c.profile_id == bindparam("p"))


@functools.cache
def _delete_stmt() -> Any:
    return st.delete().where(st.c.profile_id == bindparam("p"), st.c.key == bindparam("k"))


@functools.cache
def _put_stmt(dialect: str) -> Any:
    stmt = insert(dialect, st)
    return stmt.values(
        profile_id=bindparam("p"), key=bindparam("k"), value=bindparam("v")
    ).on_conflict_do_update(
        index_elements=[st.c.profile_id, st.c.key], set_={"value": stmt.excluded.value}
    )


def load(conn: Connection, profile_id: int) -> dict[str, Any]:
    """Every setting of the profile, decoded."""
    return {k: json.loads(v) for k, v in conn.execute(_read_stmt(), {"p": profile_id})}


def put(conn: Connection, profile_id: int, key: str, value: Any) -> None:
    """Store a setting (any JSON-able value; ``None`` deletes it)."""
    if value is None:
        conn.execute(_delete_stmt(), {"p": profile_id, "k": key})
    else:
        params = {"p": profile_id, "k": key, "v": json.dumps(value)}
        conn.execute(_put_stmt(conn.dialect.name), params)
