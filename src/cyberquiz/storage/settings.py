"""A profile's settings (JSON values by key), its time zone and its scheduler.

The statements, then :class:`SettingsStore`, the layer of the repository that reads them
(cached) and builds the scheduler from them.
"""

from __future__ import annotations

import functools
import json
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import bindparam, select

from cyberquiz.core import queue as rules
from cyberquiz.storage import columns as t
from cyberquiz.storage.dialect import insert
from cyberquiz.storage.errors import retried
from cyberquiz.storage.localzone import zone_named
from cyberquiz.storage.unit import Unit

if TYPE_CHECKING:
    from fsrs.scheduler import SchedulerDict
    from sqlalchemy import Delete, Select
    from sqlalchemy.engine import Connection

    from cyberquiz.core.jsonvalue import JSONValue
    from cyberquiz.core.scheduler import Scheduler
    from cyberquiz.storage.dialect import Upsert

    #: A setting's value: JSON, or the scheduler's configuration (fsrs's TypedDict of JSON
    #: values, which mypy does not count as a mapping of them).
    SettingValue: TypeAlias = JSONValue | SchedulerDict

st = t.setting


@functools.cache
def _read_stmt() -> Select[str, str]:
    return select(st.c.key, st.c.value).where(st.c.profile_id == bindparam("p"))


@functools.cache
def _delete_stmt() -> Delete:
    return st.delete().where(st.c.profile_id == bindparam("p"), st.c.key == bindparam("k"))


@functools.cache
def _put_stmt(dialect: str) -> Upsert:
    stmt = insert(dialect, st)
    return stmt.values(
        profile_id=bindparam("p"), key=bindparam("k"), value=bindparam("v")
    ).on_conflict_do_update(
        index_elements=[st.c.profile_id, st.c.key], set_={"value": stmt.excluded.value}
    )


def load(conn: Connection, profile_id: int) -> dict[str, JSONValue]:
    """Every setting of the profile, decoded."""
    return {k: json.loads(v) for k, v in conn.execute(_read_stmt(), {"p": profile_id})}


def put(conn: Connection, profile_id: int, key: str, value: SettingValue) -> None:
    """Store a setting (any JSON-able value; ``None`` deletes it)."""
    if value is None:
        conn.execute(_delete_stmt(), {"p": profile_id, "k": key})
    else:
        params = {"p": profile_id, "k": key, "v": json.dumps(value)}
        conn.execute(_put_stmt(conn.dialect.name), params)


class SettingsStore(Unit):
    """Settings, the local day and the scheduler of the repository's profile."""

    def _scheduler_instance(self) -> Scheduler:
        from cyberquiz.core.scheduler import Scheduler, default_config

        if self._scheduler is None:
            stored = self.get_setting("scheduler")
            if stored is None:
                stored = default_config()
                self.set_setting("scheduler", stored)
            retention = self.get_setting("desired_retention")
            self._scheduler = Scheduler(
                stored, desired_retention=retention, fuzz=self._fuzz, rng=self._rng
            )
        return self._scheduler

    def _all_settings(self) -> dict[str, JSONValue]:
        if self._settings is None:
            with self._read() as conn:
                self._settings = load(conn, self.profile_id)
        return self._settings

    # Any out: a value's type depends on its key, and callers read it as such (``int(...)``).
    def get_setting(self, key: str, default: JSONValue = None) -> Any:
        """A profile setting (JSON value), or ``default`` when unset.

        Settings are read once and cached; :meth:`set_setting` keeps the cache true, and
        :meth:`reload_settings` rereads them (after another process changed them).
        """
        return self._all_settings().get(key, default)

    def reload_settings(self) -> None:
        """Forget cached settings (and the scheduler built from them)."""
        self._settings = None
        self._tz = None
        self._scheduler = None

    @retried
    def set_setting(self, key: str, value: SettingValue) -> None:
        """Store a profile setting (any JSON-able value; ``None`` deletes it)."""
        with self._write() as conn:
            put(conn, self.profile_id, key, value)
        self.reload_settings()

    def timezone(self) -> tzinfo:
        """The ``timezone`` setting as a ``ZoneInfo``, else the system's zone."""
        if self._tz is None:
            self._tz = zone_named(self.get_setting("timezone"))
        return self._tz

    def _rollover(self) -> int:
        return int(self.get_setting("rollover_hour", rules.DEFAULT_ROLLOVER_HOUR))

    def day_start(self, now: datetime) -> datetime:
        """UTC start of the local study day of ``now``."""
        return rules.day_start(now, self.timezone(), self._rollover())

    def next_rollover(self, now: datetime) -> datetime:
        """UTC start of the next local study day."""
        return rules.next_rollover(now, self.timezone(), self._rollover())
