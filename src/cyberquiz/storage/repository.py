"""The repository: everything the app stores, behind methods that speak core types.

Open one per process (``Repository.open``); each method is its own short unit of work, so it is
safe to call from the app's thread and from workers. Every write is one ``BEGIN IMMEDIATE``
transaction, committed before the method returns; no transaction stays open between calls.
All datetimes in and out are UTC-aware. Errors a user can meet are
:class:`~cyberquiz.storage.errors.StorageError` subclasses with a readable message.

Public API::

    repo = Repository.open(db_url, profile="ana", clock=None, fuzz=True, seed=None)
    repo.profile                       # the profile name
    repo.close()
    repo.engine                        # SQLAlchemy engine (for storage/exams.py, storage/stats.py)

    # decks (the YAML is parsed only for files whose hash changed)
    services.sync.sync_decks(repo, paths) -> SyncReport  # added, updated, retired, restored,
                                            # unchanged_files, problems, failed_files
    repo.decks() -> list[Deck]               # active decks with their active cards, from the DB
    repo.card(card_id) -> Card               # raises UnknownCard
    repo.cards(deck_ids=None, tags=None, include_retired=False) -> list[Card]
    repo.deck_summaries(now) -> list[DeckSummary]

    # study
    repo.next_card(now, deck_ids=None, tags=None, exclude=()) -> Card | None
    repo.queue_counts(now, deck_ids=None, tags=None) -> QueueCounts(new, learning, review)
    repo.state(card_id) -> CardState;  repo.states(card_ids=None) -> dict[str, CardState]
    repo.record_answer(card_id, now=, mode=, answer=, score=, proposed=, rating=None,
                       response_ms=0, update_schedule=None) -> ReviewRecord
        # answer: JSON text (core.serialize.answer_to_json); rating defaults to proposed;
        # update_schedule defaults to mode == Mode.STUDY; committed before it returns.
    repo.change_rating(review_id, rating) -> ReviewRecord   # rewrites from the state before
    repo.undo_review(review_id)                             # restores that state, deletes it
    repo.bury(card_id, now); repo.suspend(card_id, True/False); repo.flag(card_id, True/False)
    repo.next_due_time(now, deck_ids=None, tags=None) -> datetime | None
    repo.reviews(card_id=None, mode=None, since=None) -> list[ReviewRecord]
    repo.today_progress(now) -> (answers today, seconds studied today)
    repo.streak(now) -> int
    repo.retrievability(card_id, now) -> float
    repo.review_count() -> int          # study answers that moved the schedule (optimizer gate)

    # settings, JSON values, per profile: theme, desired_retention, new_per_day,
    # reviews_per_day, rollover_hour, timezone, exam_date, target_score, scheduler
    repo.get_setting(key, default=None); repo.set_setting(key, value)   # value None deletes
    repo.reload_settings()             # settings are cached; reread after another process
    repo.timezone() -> tzinfo; repo.day_start(now) -> datetime; repo.next_rollover(now)

Only the latest schedule-moving answer of a card can be re-rated or undone
(:class:`~cyberquiz.storage.errors.ReviewNotLatest` otherwise). Errors: ``DatabaseLocked``,
``DatabaseCorrupt``, ``DatabaseUnavailable``, ``NewerSchema``, ``NotACyberquizDatabase``,
``MigrationFailed``, ``UnknownCard``, ``UnknownReview``, ``ReviewNotLatest`` (all
``StorageError``). ``ValueError`` for naive datetimes or a schedule move without a rating.

Speed (``bench/bench_storage.py``): the queue is a single indexed query over ``card_state``
(``ix_card_state_queue``: profile, phase, due, card); daily limits count today's rows of
``ix_review_profile_at``; SQL strings are compiled once; WAL checkpoints run in a background
thread every :data:`CHECKPOINT_EVERY` writes.
"""

from __future__ import annotations

import functools
import json
import logging
import random
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from cyberquiz.core import queue as rules
from cyberquiz.core.answers import Mode, Rating
from cyberquiz.core.queue import QueueCounts
from cyberquiz.core.state import CardState, DeckSummary, Phase, ReviewRecord, StoredAnswer
from cyberquiz.storage import cards as card_store
from cyberquiz.storage import reviews as review_store
from cyberquiz.storage import settings as setting_store
from cyberquiz.storage.engine import retried
from cyberquiz.storage.errors import (
    DatabaseUnavailable,
    ReviewNotLatest,
    StorageError,
    UnknownCard,
    UnknownReview,
    retrying,
    translated,
)
from cyberquiz.storage.localzone import local_timezone as local_timezone
from cyberquiz.storage.localzone import zone_named
from cyberquiz.storage.sync import StoredDecks, SyncPlan, SyncReport
from cyberquiz.storage.zones import offset_minutes

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from cyberquiz.core.browse import BrowseRow
    from cyberquiz.core.cards import Card, Deck
    from cyberquiz.core.scheduler import Scheduler
    from cyberquiz.storage.classroom import Login

__all__ = ["QueueCounts", "Repository", "StorageError", "SyncReport"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _retried(
    method: Callable[Concatenate[Repository, _P], _R],
) -> Callable[Concatenate[Repository, _P], _R]:
    """Run a write method again, whole, after a server's serialization failure or deadlock."""

    @functools.wraps(method)
    def run(self: Repository, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        return retrying(self.location, lambda: method(self, *args, **kwargs))

    return run


#: Writes between two background WAL checkpoints (an answer writes ~7 pages).
CHECKPOINT_EVERY = 100

log = logging.getLogger("cyberquiz.storage")


class Repository:
    """One student's view of the database. See the module docstring for the API."""

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
        self._settings: dict[str, Any] | None = None
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

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        db_url: str,
        *,
        profile: str,
        clock: Callable[[], datetime] | None = None,
        fuzz: bool = True,
        seed: int | None = None,
        busy_timeout_ms: int | None = None,
        same: Callable[[str, str], bool] | None = None,
    ) -> Repository:
        """Open (creating or migrating) the database at ``db_url`` for ``profile``.

        Args:
            db_url: SQLAlchemy URL (``sqlite:///path``).
            profile: the student's name; created on first use. ``""``: open without a profile
                (whole-database readers such as the class report; no profile is created).
            clock: returns the current UTC-aware time (defaults to the wall clock).
            fuzz: FSRS interval fuzz (on in use; off or seeded in tests).
            seed: seed for the fuzz, for reproducible tests.
            busy_timeout_ms: how long to wait for another writer (tests use a short one).
            same: whether two profile names are one person's; a ``profile`` not stored as
                typed then opens the first stored name that is the same (``profile_asked``
                keeps what was typed), instead of creating a look-alike second profile.

        Raises:
            StorageError: locked, corrupt, newer, or not a cyberquiz database.
        """
        from cyberquiz import __version__
        from cyberquiz.storage.engine import create_engine, sqlite_path
        from cyberquiz.storage.migrations import prepare

        path = sqlite_path(db_url)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnavailable(str(path), exc.strerror or str(exc)) from exc
        engine = create_engine(db_url, busy_timeout_ms=busy_timeout_ms)
        try:
            with translated(str(path or db_url)):
                prepare(engine, path, app_version=__version__)
                who = cls._login(engine)
                if who.class_database and not who.owner:
                    # On a class server the login is the profile (row-level security).
                    profile = who.user
                asked = profile
                if profile and same is not None and not who.class_database:
                    profile = cls._stored_name(engine, profile, same)
                # No profile: a reader of the whole database (the class report) adds no one.
                profile_id = (
                    cls._ensure_profile(engine, profile, (clock or _utcnow)()) if profile else 0
                )
        except BaseException:
            engine.dispose()
            raise
        repo = cls(
            engine,
            profile=profile,
            profile_id=profile_id,
            clock=clock or _utcnow,
            fuzz=fuzz,
            rng=random.Random(seed) if seed is not None else None,
            path=path,
        )
        repo.writes_decks = who.writes_decks
        repo.class_instructor = who.class_database and who.writes_decks
        repo.profile_asked = asked if asked != profile else None
        if profile_id:
            repo._scheduler_instance()
        return repo

    @staticmethod
    def _login(engine: Engine) -> Login:
        from cyberquiz.storage.classroom import Login, login

        if engine.dialect.name != "postgresql":  # no roles: one connection saved at start-up
            return Login(user="", class_database=False, owner=True, writes_decks=True)
        with engine.connect() as conn:
            return login(conn)

    @staticmethod
    def _stored_name(engine: Engine, name: str, same: Callable[[str, str], bool]) -> str:
        """``name`` when stored as typed or new to the database, else the stored look-alike."""
        from cyberquiz.storage.engine import reader

        with reader(engine).connect() as conn:
            names = card_store.profile_names(conn)
        if name in names:
            return name
        return next((stored for stored in names if same(stored, name)), name)

    @staticmethod
    @retried
    def _ensure_profile(engine: Engine, name: str, now: datetime) -> int:
        from cyberquiz.storage.engine import reader

        with reader(engine).connect() as conn:
            pid = card_store.profile_id_if_ready(conn, name)
        if pid is not None:
            return pid
        with engine.begin() as conn:
            return card_store.ensure_profile(conn, name, now)

    def close(self) -> None:
        """Release the database (the engine's connections)."""
        if self._checkpointer is not None:
            self._checkpointer.join()
        self.engine.dispose()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with translated(self._where()), self.engine.begin() as conn:
            yield conn
        self._writes += 1
        if self.path is not None and self._writes % CHECKPOINT_EVERY == 0:
            self._checkpoint_in_background()

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

    # ------------------------------------------------------------------ scheduler & settings

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

    def _all_settings(self) -> dict[str, Any]:
        if self._settings is None:
            with self._read() as conn:
                self._settings = setting_store.load(conn, self.profile_id)
        return self._settings

    def get_setting(self, key: str, default: Any = None) -> Any:
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
    def set_setting(self, key: str, value: Any) -> None:
        """Store a profile setting (any JSON-able value; ``None`` deletes it)."""
        with self._write() as conn:
            setting_store.put(conn, self.profile_id, key, value)
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

    # ------------------------------------------------------------------ decks

    def stored_decks(self, *, with_cards: bool) -> StoredDecks:
        """The stored decks (and their cards) as the sync plan sees them."""
        from cyberquiz.storage.sync import stored_decks

        with self._read() as conn:
            return stored_decks(conn, with_cards=with_cards)

    def apply_sync(self, plan: SyncPlan) -> None:
        """Write a deck sync plan (``services/sync.py``) in one transaction; counts go into
        ``plan.report``."""
        from cyberquiz.storage.engine import retrying
        from cyberquiz.storage.sync import write_plan

        counts = ("added", "updated", "retired", "restored")
        before = [getattr(plan.report, name) for name in counts]

        def attempt() -> None:
            # a retried attempt counts from the start again (the rolled-back one counted too)
            for name, value in zip(counts, before, strict=True):
                setattr(plan.report, name, value)
            with self._write() as conn:
                write_plan(conn, plan, self.clock())

        retrying(attempt)
        if plan.report.changed:
            self._card_cache.clear()
            self._pk_cache.clear()

    def _card_from_row(self, r: Any) -> Card:
        from cyberquiz.core.serialize import card_from_dict

        card = self._card_cache.get(r.card_id)
        if card is None:
            card = card_from_dict(json.loads(r.body))
            self._card_cache[r.card_id] = card
        return card

    def decks(self) -> list[Deck]:
        """Active decks, each with its active cards in file order (no YAML is parsed)."""
        from cyberquiz.core.cards import Deck, Origin

        with self._read() as conn:
            deck_rows, card_rows = card_store.deck_and_card_rows(conn)
        by_deck: dict[str, list[Any]] = {}
        for r in card_rows:
            by_deck.setdefault(r.deck_id, []).append(r)
        out = []
        for d in deck_rows:
            rows = by_deck.get(d.id, [])
            out.append(
                Deck(
                    id=d.id,
                    title=d.title,
                    cards=tuple(self._card_from_row(r) for r in rows),
                    description=d.description,
                    source=d.source,
                    tags=tuple(json.loads(d.tags)),
                    origin=Origin(d.path, d.origin_line or 1),
                    content_hash=d.content_hash,
                    card_hashes={r.card_id: r.content_hash for r in rows},
                )
            )
        return out

    def card(self, card_id: str) -> Card:
        """The card with this id (retired ones too). Raises :class:`UnknownCard`."""
        cached = self._card_cache.get(card_id)
        if cached is not None:
            return cached
        with self._read() as conn:
            r = card_store.card_body(conn, card_id)
        if r is None:
            raise UnknownCard(card_id)
        return self._card_from_row(r)

    def cards(
        self,
        *,
        deck_ids: Collection[str] | None = None,
        tags: Collection[str] | None = None,
        include_retired: bool = False,
    ) -> list[Card]:
        """Cards in deck and file order, filtered by deck ids and/or tags (any of them)."""
        with self._read() as conn:
            rows = card_store.card_rows(conn, deck_ids, tags, include_retired)
        return [self._card_from_row(r) for r in rows]

    def deck_summaries(self, now: datetime) -> list[DeckSummary]:
        """Per active deck: total, new available today, learning, reviews due, unseen (the
        figures are defined once, in ``cards.deck_summary_rows``)."""
        new_left, reviews_left = self._left_today(now)
        with self._read() as conn:
            rows = card_store.deck_summary_rows(conn, self.profile_id, now)
        return [
            DeckSummary(
                deck_id=r.id,
                title=r.title,
                path=r.path,
                total=int(r.total or 0),
                new=min(int(r.new or 0), new_left),
                learning=int(r.learning or 0),
                due=min(int(r.due or 0), reviews_left),
                unseen=int(r.unseen or 0),
            )
            for r in rows
        ]

    def today_counts(self, now: datetime) -> QueueCounts:
        """Home's "All decks" figures and the statistics' "now": every deck's new, learning
        and due cards as :meth:`deck_summaries` counts them, the daily limits applied once."""
        new_left, reviews_left = self._left_today(now)
        with self._read() as conn:
            rows = card_store.deck_summary_rows(conn, self.profile_id, now)
        return QueueCounts(
            new=min(sum(int(r.new or 0) for r in rows), new_left),
            learning=sum(int(r.learning or 0) for r in rows),
            review=min(sum(int(r.due or 0) for r in rows), reviews_left),
        )

    # ------------------------------------------------------------------ the queue

    def _left_today(self, now: datetime, conn: Connection | None = None) -> tuple[int, int]:
        """(new cards left today, reviews left today) under the daily limits."""
        if conn is None:
            with self._read() as own:
                return self._left_today(now, own)
        done = card_store.done_between(
            conn, self.profile_id, self.day_start(now), self.next_rollover(now)
        )
        new_limit = int(self.get_setting("new_per_day", rules.DEFAULT_NEW_PER_DAY))
        review_limit = int(self.get_setting("reviews_per_day", rules.DEFAULT_REVIEWS_PER_DAY))
        return (
            rules.remaining(new_limit, done.get(int(Phase.NEW), 0)),
            rules.remaining(review_limit, done.get(int(Phase.REVIEW), 0)),
        )

    def next_card(
        self,
        now: datetime,
        *,
        deck_ids: Collection[str] | None = None,
        tags: Collection[str] | None = None,
        exclude: Collection[str] = (),
    ) -> Card | None:
        """The next card to study at ``now``, or ``None`` when nothing is due.

        Order (``core.queue``): due learning/relearning, due reviews, new cards (deck order);
        reviews and new cards within today's limits; suspended and buried cards skipped.
        """
        with self._read() as conn:
            new_left, reviews_left = self._left_today(now, conn)
            # The head of each phase in one round trip; the queue rule then picks among at
            # most four rows.
            phases = (1, 3) + ((2,) if reviews_left > 0 else ()) + ((0,) if new_left > 0 else ())
            rows = card_store.queue_heads(
                conn, self.profile_id, now, phases, deck_ids, tags, exclude
            )
        if not rows:
            return None
        learning = [r for r in rows if r.phase in (1, 3)]
        if learning:
            return self._card_from_row(min(learning, key=lambda r: r.due))
        for phase in (2, 0):
            for r in rows:
                if r.phase == phase:
                    return self._card_from_row(r)
        return None

    def queue_counts(
        self,
        now: datetime,
        *,
        deck_ids: Collection[str] | None = None,
        tags: Collection[str] | None = None,
    ) -> QueueCounts:
        """Cards available now: new (within today's limit), learning due, reviews (within limit)."""
        with self._read() as conn:
            new_left, reviews_left = self._left_today(now, conn)
            r = card_store.queue_count_row(conn, self.profile_id, now, deck_ids, tags)
        return QueueCounts(
            new=min(int(r.new), new_left),
            learning=int(r.learning),
            review=min(int(r.review), reviews_left),
        )

    def next_due_time(
        self,
        now: datetime,
        *,
        deck_ids: Collection[str] | None = None,
        tags: Collection[str] | None = None,
    ) -> datetime | None:
        """When the next learning or review card falls due after ``now`` (``None``: none)."""
        with self._read() as conn:
            return card_store.next_due(conn, self.profile_id, now, deck_ids, tags)

    # ------------------------------------------------------------------ states

    def _pk(self, conn: Connection, card_id: str) -> int:
        pk = self._pk_cache.get(card_id)
        if pk is None:
            pk = self._pk_cache[card_id] = card_store.pk_of(conn, card_id)
        return pk

    def card_pk_in(self, conn: Connection, card_id: str) -> int:
        """The database id of a card, inside the caller's unit of work (cached)."""
        return self._pk(conn, card_id)

    def _state_in(
        self, conn: Connection, card_id: str, pk: int, *, lock: bool = False
    ) -> CardState:
        return card_store.state_in(conn, self.profile_id, card_id, pk, lock=lock)

    def _save_state(self, conn: Connection, pk: int, state: CardState) -> None:
        card_store.save_state(conn, self.profile_id, pk, state)

    def state(self, card_id: str) -> CardState:
        """This profile's state of a card. Raises :class:`UnknownCard`."""
        with self._read() as conn:
            return self._state_in(conn, card_id, self._pk(conn, card_id))

    def states(self, card_ids: Collection[str] | None = None) -> dict[str, CardState]:
        """States by card id: of ``card_ids``, or of every active card when ``None``."""
        with self._read() as conn:
            rows = card_store.state_rows(conn, self.profile_id, card_ids)
        out = {r.card_id: card_store.state_from_row(r.card_id, r) for r in rows}
        if card_ids is not None:
            for card_id in card_ids:
                if card_id not in out:
                    self.card(card_id)  # raises UnknownCard for ids not in the database
                    out[card_id] = CardState(card_id=card_id)
        return out

    def retrievability(self, card_id: str, now: datetime) -> float:
        """FSRS's predicted recall probability of a card at ``now`` (0 for new cards)."""
        return self._scheduler_instance().retrievability(self.state(card_id), now)

    # ------------------------------------------------------------------ answers

    @_retried
    def record_answer(
        self,
        card_id: str,
        *,
        now: datetime,
        mode: Mode,
        answer: str,
        score: float,
        proposed: Rating | None,
        rating: Rating | None = None,
        response_ms: int = 0,
        update_schedule: bool | None = None,
    ) -> ReviewRecord:
        """Store one answer, and move the card's schedule when asked; committed on return.

        Args:
            card_id: the card answered.
            now: UTC-aware time of the answer.
            mode: study, practice or exam.
            answer: the answer as JSON text (``core.serialize.answer_to_json``).
            score: the grader's score in [0, 1].
            proposed: the rating proposed from the grade (``None`` for flip cards).
            rating: the final rating; defaults to ``proposed``.
            response_ms: time to answer.
            update_schedule: move the FSRS schedule; defaults to ``mode == Mode.STUDY``.

        Raises:
            UnknownCard: no such card.
            ValueError: the schedule is to move but there is no rating, or ``now`` is naive.
        """
        final = rating if rating is not None else proposed
        scheduled = (mode == Mode.STUDY) if update_schedule is None else update_schedule
        if scheduled and final is None:
            raise ValueError("a rating is needed to move the schedule (flip cards: pass rating)")
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError(f"naive datetime {now!r}: pass a UTC-aware datetime")
        with self._write() as conn:
            return self.record_answer_in(
                conn,
                card_id,
                now=now,
                mode=mode,
                answer=answer,
                score=score,
                final=final,
                proposed=proposed,
                response_ms=response_ms,
                scheduled=scheduled,
            )

    def record(
        self, answer: StoredAnswer, *, mode: Mode, scheduled: bool | None = None
    ) -> ReviewRecord:
        """Store an answer built by ``core.rating.rated_answer`` (see :meth:`record_answer`)."""
        return self.record_answer(
            answer.card.id,
            now=answer.now,
            mode=mode,
            answer=answer.answer_json,
            score=answer.score,
            proposed=answer.proposed,
            rating=answer.rating,
            response_ms=answer.response_ms,
            update_schedule=scheduled,
        )

    def record_in(
        self, conn: Connection, answer: StoredAnswer, *, mode: Mode, scheduled: bool
    ) -> ReviewRecord:
        """:meth:`record` inside a write transaction the caller holds (an exam's finish)."""
        final = answer.rating if answer.rating is not None else answer.proposed
        return self.record_answer_in(
            conn,
            answer.card.id,
            now=answer.now,
            mode=mode,
            answer=answer.answer_json,
            score=answer.score,
            final=final,
            proposed=answer.proposed,
            response_ms=answer.response_ms,
            scheduled=scheduled and final is not None,
        )

    def record_answer_in(
        self,
        conn: Connection,
        card_id: str,
        *,
        now: datetime,
        mode: Mode,
        answer: str,
        score: float,
        final: Rating | None,
        proposed: Rating | None,
        response_ms: int,
        scheduled: bool,
    ) -> ReviewRecord:
        """:meth:`record_answer` inside a write transaction the caller holds (storage only:
        an exam's finish stores all its answers in one)."""
        scheduler = self._scheduler_instance() if scheduled else None
        pk = self._pk(conn, card_id)
        prev = self._state_in(conn, card_id, pk, lock=True)
        behind = None
        if prev.last_review is not None and now < prev.last_review:
            # the clock went back: dated earlier, the answer would move the card's history
            # backwards and FSRS would see a negative interval; it counts as given just then
            behind = prev.last_review - now
            log.warning(
                "the clock is %s behind card %s's last review; the answer is dated %s",
                behind,
                card_id,
                prev.last_review.isoformat(),
            )
            now = prev.last_review
        if scheduler is not None and final is not None:
            self._save_state(conn, pk, scheduler.review(prev, final, now, db_id=pk))
        review_id = review_store.insert(
            conn,
            {
                "profile_id": self.profile_id,
                "card_pk": pk,
                "at": now,
                "mode": str(mode),
                "answer": answer,
                "score": float(score),
                "proposed": None if proposed is None else int(proposed),
                "rating": None if final is None else int(final),
                "response_ms": int(response_ms),
                "scheduled": bool(scheduled),
                "phase_before": int(prev.phase),
                "prev_state": review_store.state_to_json(prev) if scheduled else None,
                "utc_offset": offset_minutes(self.timezone(), now),
            },
        )
        return ReviewRecord(
            id=review_id,
            card_id=card_id,
            at=now.astimezone(UTC),
            mode=Mode(mode),
            answer=answer,
            score=float(score),
            proposed=proposed,
            rating=final,
            response_ms=int(response_ms),
            clock_behind=behind,
        )

    def _review_row(self, conn: Connection, review_id: int) -> Any:
        r = review_store.row(conn, self.profile_id, review_id)
        if r is None:
            raise UnknownReview(review_id)
        # Lock the card's state before asking whether a later answer exists: a concurrent
        # answer then either committed already (seen below) or waits for this transaction.
        card_store.state_in(conn, self.profile_id, r.card_id, r.card_pk, lock=True)
        if r.scheduled and review_store.answered_since(conn, self.profile_id, r.card_pk, r.id):
            raise ReviewNotLatest(review_id, r.card_id)
        return r

    @_retried
    def change_rating(self, review_id: int, rating: Rating) -> ReviewRecord:
        """Re-rate an answer: the card state is recomputed from the state before it.

        Raises:
            UnknownReview: no such answer for this profile.
            ReviewNotLatest: the card was answered again since.
        """
        scheduler = self._scheduler_instance()
        with self._write() as conn:
            r = self._review_row(conn, review_id)
            if r.scheduled and r.prev_state:
                prev = review_store.state_from_json(r.prev_state)
                current = self._state_in(conn, r.card_id, r.card_pk)
                new = scheduler.review(prev, rating, r.at, db_id=r.card_pk)
                new = replace(new, suspended=current.suspended, flagged=current.flagged)
                self._save_state(conn, r.card_pk, new)
            review_store.set_rating(conn, review_id, rating)
        return replace(review_store.record(r), rating=Rating(rating))

    @_retried
    def undo_review(self, review_id: int) -> None:
        """Remove an answer and restore the card state from before it, in one transaction.

        Raises:
            UnknownReview: no such answer for this profile.
            ReviewNotLatest: the card was answered again since.
        """
        with self._write() as conn:
            r = self._review_row(conn, review_id)
            if r.scheduled and r.prev_state:
                prev = review_store.state_from_json(r.prev_state)
                current = self._state_in(conn, r.card_id, r.card_pk)
                self._save_state(
                    conn,
                    r.card_pk,
                    replace(prev, suspended=current.suspended, flagged=current.flagged),
                )
            review_store.delete(conn, review_id)

    def _update_state(self, card_id: str, **changes: Any) -> None:
        def work() -> None:
            with self._write() as conn:
                pk = self._pk(conn, card_id)
                state = self._state_in(conn, card_id, pk, lock=True)
                self._save_state(conn, pk, replace(state, **changes))

        retrying(self.location, work)

    @retried
    def bury(self, card_id: str, now: datetime) -> None:
        """Hide a card until the next local day rollover."""
        self._update_state(card_id, buried_until=self.next_rollover(now))

    @retried
    def unbury(self, card_id: str) -> None:
        """Bring a buried card back into today's queue (undo of a bury)."""
        self._update_state(card_id, buried_until=None)

    @retried
    def suspend(self, card_id: str, suspended: bool = True) -> None:
        """Take a card out of the queue (or put it back)."""
        self._update_state(card_id, suspended=suspended)

    @retried
    def flag(self, card_id: str, flagged: bool = True) -> None:
        """Mark a card for attention (or clear the mark)."""
        self._update_state(card_id, flagged=flagged)

    @_retried
    def reset(self, card_id: str) -> None:
        """Forget a card's schedule: it is new again (answers, suspension and flag are kept)."""
        with self._write() as conn:
            pk = self._pk(conn, card_id)
            state = self._state_in(conn, card_id, pk, lock=True)
            fresh = CardState(card_id=card_id, suspended=state.suspended, flagged=state.flagged)
            self._save_state(conn, pk, fresh)

    def browse(self) -> list[BrowseRow]:
        """Every active card with its deck, state and latest answers (the card browser)."""
        from cyberquiz.storage.browse import browse_rows

        with self._read() as conn:
            return browse_rows(conn, self.profile_id, self._card_from_row)

    # ------------------------------------------------------------------ history

    def reviews(
        self,
        *,
        card_id: str | None = None,
        mode: Mode | None = None,
        since: datetime | None = None,
    ) -> list[ReviewRecord]:
        """This profile's answers, oldest first, optionally of one card / mode / since a time."""
        with self._read() as conn:
            return review_store.history(conn, self.profile_id, card_id, mode, since)

    def review_count(self) -> int:
        """How many of this profile's answers moved the schedule."""
        with self._read() as conn:
            return review_store.scheduled_count(conn, self.profile_id)

    def today_progress(self, now: datetime) -> tuple[int, int]:
        """(answers given today, seconds spent answering today), local day with rollover."""
        with self._read() as conn:
            answers, ms = review_store.progress(conn, self.profile_id, self.day_start(now), now)
        return answers, ms // 1000

    def streak(self, now: datetime) -> int:
        """Consecutive local days, up to today, with at least one study answer.

        Each answer counts on its own local day (the zone it was given in, stored with it), so
        a changed time zone does not rewrite the streak. A day without answers yet today does
        not break the streak until it is over.
        """
        from cyberquiz.core.statsmodel import streaks

        today = rules.local_day(now, self.timezone(), self._rollover())
        window = 32
        while True:
            # the days of a window back from today; a streak that reaches its start looks further
            since = now - timedelta(days=window)
            days = self.study_days(since)
            current, _ = streaks([(d, True) for d in days], today)
            if current < window - 2 or window > 100_000:
                return current
            window *= 4

    def study_days(self, since: datetime | None = None) -> set[date]:
        """The local days (each answer's own zone and the rollover hour) with a study answer."""
        with self._read() as conn:
            return review_store.study_days(conn, self.profile_id, self._rollover(), since)


def _utcnow() -> datetime:
    return datetime.now(UTC)


#: The error mapping under its old name, for branches that still import it from here.
_translated = translated
