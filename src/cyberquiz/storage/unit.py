"""The unit of work every store of the repository shares: the engine, one write or read
transaction at a time, the background WAL checkpoint, the card id cache.

The aggregates build on it in layers, each in its own module, and ``Repository`` is the last:
:class:`~cyberquiz.storage.settings.SettingsStore` (settings, time zone, scheduler) →
:class:`~cyberquiz.storage.cards.CardStore` (decks, cards, sync) →
:class:`~cyberquiz.storage.queue.QueueStore` (the study queue, card states) →
:class:`~cyberquiz.storage.reviews.ReviewStore` (answers, undo, history, streak) →
:class:`~cyberquiz.storage.repository.Repository` (opening, the profile).
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from cyberquiz.storage.errors import translated

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from cyberquiz.core.cards import Card
    from cyberquiz.core.jsonvalue import JSONValue
    from cyberquiz.core.scheduler import Scheduler

#: Writes between two background WAL checkpoints (an answer writes ~7 pages).
CHECKPOINT_EVERY = 100

log = logging.getLogger("cyberquiz.storage")


class Unit:
    """One profile's connection to the database; see the module docstring."""

    def __init__(
        self,
        engine: Engine,
        *,
        profile: str,
        profile_id: int,
        clock: Callable[[], datetime],
        fuzz: bool,
        rng: random.Random | None,
        path: Path | None,
    ) -> None:
        from cyberquiz.storage.engine import reader

        self.engine = engine
        self._reader = reader(engine)
        self.profile = profile
        self.profile_id = profile_id
        self.clock = clock
        self.path = path
        self._fuzz = fuzz
        self._rng = rng
        self._lock = threading.Lock()
        self._scheduler: Scheduler | None = None
        self._settings: dict[str, JSONValue] | None = None
        self._writes = 0
        self._checkpointer: threading.Thread | None = None
        self._tz: tzinfo | None = None
        self._card_cache: dict[str, Card] = {}
        self._pk_cache: dict[str, int] = {}
        #: False for a class server's students: the instructors sync the decks.
        self.writes_decks = True
        #: On a class database: an instructor (or the owner), who reads every student's rows.
        self.class_instructor = False
        #: The name typed when a stored look-alike was opened instead (see ``open(same=)``).
        self.profile_asked: str | None = None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with translated(self._where()), self.engine.begin() as conn:
            yield conn
        self._writes += 1
        if self.path is not None and self._writes % CHECKPOINT_EVERY == 0:
            self._checkpoint_in_background()

    @contextmanager
    def _autocommit(self) -> Iterator[Connection]:
        """A connection on which every statement commits on its own: no ``BEGIN`` and
        ``COMMIT`` round trips, for a write that is one statement (``server_answer``)."""
        with translated(self._where()), self.engine.connect() as conn:
            yield conn.execution_options(isolation_level="AUTOCOMMIT")

    def write_transaction(self) -> AbstractContextManager[Connection]:
        """One write transaction for the package's other stores (an exam's whole finish)."""
        return self._write()

    def read_transaction(self) -> AbstractContextManager[Connection]:
        """One read-only unit of work for the package's other stores."""
        return self._read()

    def _checkpoint_in_background(self) -> None:
        """Move WAL pages into the database file off the answer path (see engine.checkpoint)."""
        from cyberquiz.storage.engine import checkpoint

        with self._lock:
            if self._checkpointer is not None and self._checkpointer.is_alive():
                return
            self._checkpointer = threading.Thread(
                target=checkpoint, args=(self.path,), name="cyberquiz-checkpoint", daemon=True
            )
            self._checkpointer.start()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with translated(self._where()), self._reader.connect() as conn:
            yield conn

    @property
    def location(self) -> str:
        """Where the data lives, for messages: the file, or the URL without its password."""
        return str(self.path) if self.path else self.engine.url.render_as_string()

    def _where(self) -> str:
        return self.location

    def _pk(self, conn: Connection, card_id: str) -> int:
        pk = self._pk_cache.get(card_id)
        if pk is None:
            pk = self._pk_cache[card_id] = pk_of(conn, card_id)
        return pk

    def card_pk_in(self, conn: Connection, card_id: str) -> int:
        """The database id of a card, inside the caller's unit of work (cached)."""
        return self._pk(conn, card_id)


def pk_of(conn: Connection, card_id: str) -> int:
    """The database id of a card (raises ``UnknownCard``)."""
    from cyberquiz.storage.cards import pk_of as lookup  # cards builds on this module

    return lookup(conn, card_id)
