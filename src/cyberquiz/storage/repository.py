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
    repo.sync_decks(paths) -> SyncReport    # added, updated, retired, restored (card counts),
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
import random
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cyberquiz.core import queue as rules
from cyberquiz.core.answers import Mode, Rating
from cyberquiz.core.queue import QueueCounts
from cyberquiz.core.state import CardState, DeckSummary, Phase, ReviewRecord
from cyberquiz.storage.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseUnavailable,
    NotACyberquizDatabase,
    ReviewNotLatest,
    StorageError,
    UnknownCard,
    UnknownReview,
)
from cyberquiz.storage.sync import SyncReport

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.sql.elements import TextClause

    from cyberquiz.core.cards import Card, Deck
    from cyberquiz.core.scheduler import Scheduler

__all__ = ["QueueCounts", "Repository", "StorageError", "SyncReport"]

#: Writes between two background WAL checkpoints (an answer writes ~7 pages).
CHECKPOINT_EVERY = 100

_STATE_COLS = (
    "s.phase, s.step, s.stability, s.difficulty, s.due, s.last_review, s.lapses, s.reps, "
    "s.suspended, s.buried_until, s.flagged"
)
_REVIEW_COLS = (
    "r.id, c.card_id, r.at, r.mode, r.answer, r.score, r.proposed, r.rating, r.response_ms"
)


@functools.lru_cache(maxsize=512)
def _sql(statement: str) -> TextClause:
    """A ``text()`` clause, built once per distinct SQL string.

    Building ``text()`` parses its bind parameters with a regex every time; on the answer path
    that was a third of the time. The compiled form is then cached by SQLAlchemy as usual.
    """
    from sqlalchemy import text

    return text(statement)


def _dt(value: Any) -> datetime | None:
    """A stored DateTime (text in SQLite, datetime elsewhere) as UTC-aware."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def _sql_dt(value: datetime | None) -> str | None:
    from cyberquiz.storage.types import to_sql_text

    return None if value is None else to_sql_text(value)


def _state_from_row(card_id: str, r: Any) -> CardState:
    return CardState(
        card_id=card_id,
        phase=Phase(r.phase),
        step=r.step,
        stability=r.stability,
        difficulty=r.difficulty,
        due=_dt(r.due),
        last_review=_dt(r.last_review),
        lapses=r.lapses,
        reps=r.reps,
        suspended=bool(r.suspended),
        buried_until=_dt(r.buried_until),
        flagged=bool(r.flagged),
    )


def _state_to_json(state: CardState) -> str:
    # By hand: dataclasses.asdict deep-copies, and this runs on every answer.
    iso = {k: getattr(state, k) for k in ("due", "last_review", "buried_until")}
    return json.dumps(
        {
            "card_id": state.card_id,
            "phase": int(state.phase),
            "step": state.step,
            "stability": state.stability,
            "difficulty": state.difficulty,
            "lapses": state.lapses,
            "reps": state.reps,
            "suspended": state.suspended,
            "flagged": state.flagged,
            **{k: None if v is None else v.isoformat() for k, v in iso.items()},
        }
    )


def _state_from_json(text: str) -> CardState:
    data = json.loads(text)
    for key in ("due", "last_review", "buried_until"):
        data[key] = None if data[key] is None else datetime.fromisoformat(data[key])
    data["phase"] = Phase(data["phase"])
    return CardState(**data)


def _state_params(state: CardState) -> dict[str, Any]:
    return {
        "phase": int(state.phase),
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due": _sql_dt(state.due),
        "last_review": _sql_dt(state.last_review),
        "lapses": state.lapses,
        "reps": state.reps,
        "suspended": int(state.suspended),
        "buried_until": _sql_dt(state.buried_until),
        "flagged": int(state.flagged),
    }


def _record(r: Any) -> ReviewRecord:
    return ReviewRecord(
        id=r.id,
        card_id=r.card_id,
        at=_dt(r.at),  # type: ignore[arg-type]
        mode=Mode(r.mode),
        answer=r.answer,
        score=float(r.score),
        proposed=None if r.proposed is None else Rating(r.proposed),
        rating=None if r.rating is None else Rating(r.rating),
        response_ms=int(r.response_ms),
    )


def local_timezone() -> tzinfo:
    """The system's time zone (``tzlocal``), else the current fixed UTC offset.

    tzlocal reads ``TZ``, ``/etc/timezone``, ``/etc/localtime`` and the platform's own settings;
    a ``TZ`` it cannot name (``PST8PDT``-style rules) raises, and a missing configuration warns
    and gives UTC, so both fall back to the offset the C library reports instead.
    """
    import warnings
    from zoneinfo import ZoneInfoNotFoundError

    from tzlocal import get_localzone

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "defaulting to UTC": the C library knows better
            return get_localzone()
    except (ZoneInfoNotFoundError, ValueError, LookupError, UserWarning):
        return datetime.now().astimezone().tzinfo or UTC


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
    ) -> Repository:
        """Open (creating or migrating) the database at ``db_url`` for ``profile``.

        Args:
            db_url: SQLAlchemy URL (``sqlite:///path``).
            profile: the student's name; created on first use.
            clock: returns the current UTC-aware time (defaults to the wall clock).
            fuzz: FSRS interval fuzz (on in use; off or seeded in tests).
            seed: seed for the fuzz, for reproducible tests.
            busy_timeout_ms: how long to wait for another writer (tests use a short one).

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
            with _translated(str(path or db_url)):
                prepare(engine, path, app_version=__version__)
                profile_id = cls._ensure_profile(engine, profile, (clock or _utcnow)())
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
        repo._scheduler_instance()
        return repo

    @staticmethod
    def _ensure_profile(engine: Engine, name: str, now: datetime) -> int:
        from cyberquiz.storage.engine import reader

        with reader(engine).connect() as conn:
            pid = conn.execute(_sql("SELECT id FROM profile WHERE name = :n"), {"n": name}).scalar()
            if pid is not None:
                missing = conn.execute(
                    _sql(
                        "SELECT EXISTS (SELECT 1 FROM card c WHERE NOT EXISTS (SELECT 1 FROM "
                        "card_state s WHERE s.profile_id = :p AND s.card_pk = c.id))"
                    ),
                    {"p": pid},
                ).scalar()
                if not missing:
                    return int(pid)
        with engine.begin() as conn:
            pid = conn.execute(_sql("SELECT id FROM profile WHERE name = :n"), {"n": name}).scalar()
            if pid is None:
                pid = conn.execute(
                    _sql("INSERT INTO profile (name, created_at) VALUES (:n, :t) RETURNING id"),
                    {"n": name, "t": _sql_dt(now)},
                ).scalar_one()
            conn.execute(
                _sql(
                    "INSERT INTO card_state (profile_id, card_pk, phase, step, lapses, reps, "
                    "suspended, flagged) SELECT :p, c.id, 0, 0, 0, 0, 0, 0 FROM card c "
                    "WHERE NOT EXISTS (SELECT 1 FROM card_state s WHERE s.profile_id = :p "
                    "AND s.card_pk = c.id)"
                ),
                {"p": pid},
            )
        return int(pid)

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
        with _translated(self._where()), self.engine.begin() as conn:
            yield conn
        self._writes += 1
        if self.path is not None and self._writes % CHECKPOINT_EVERY == 0:
            self._checkpoint_in_background()

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
        with _translated(self._where()), self._reader.connect() as conn:
            yield conn

    def _where(self) -> str:
        return str(self.path) if self.path else str(self.engine.url)

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
                rows = conn.execute(
                    _sql("SELECT key, value FROM setting WHERE profile_id = :p"),
                    {"p": self.profile_id},
                ).all()
            self._settings = {k: json.loads(v) for k, v in rows}
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

    def set_setting(self, key: str, value: Any) -> None:
        """Store a profile setting (any JSON-able value; ``None`` deletes it)."""
        with self._write() as conn:
            if value is None:
                conn.execute(
                    _sql("DELETE FROM setting WHERE profile_id = :p AND key = :k"),
                    {"p": self.profile_id, "k": key},
                )
            else:
                conn.execute(
                    _sql(
                        "INSERT INTO setting (profile_id, key, value) VALUES (:p, :k, :v) "
                        "ON CONFLICT (profile_id, key) DO UPDATE SET value = excluded.value"
                    ),
                    {"p": self.profile_id, "k": key, "v": json.dumps(value)},
                )
        self.reload_settings()

    def timezone(self) -> tzinfo:
        """The ``timezone`` setting as a ``ZoneInfo``, else the system's zone."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        if self._tz is None:
            name = self.get_setting("timezone")
            if name:
                try:
                    self._tz = ZoneInfo(str(name))
                except (ZoneInfoNotFoundError, ValueError):
                    self._tz = local_timezone()
            else:
                self._tz = local_timezone()
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

    def sync_decks(self, paths: Sequence[Path]) -> SyncReport:
        """Sync deck files/folders into the database (see ``storage/sync.py`` for the rules)."""
        from cyberquiz.storage.sync import sync_decks

        with _translated(self._where()):
            report = sync_decks(self.engine, paths, self.clock())
        if report.changed:
            self._card_cache.clear()
            self._pk_cache.clear()
        return report

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
            deck_rows = conn.execute(
                _sql(
                    "SELECT id, title, description, source, tags, path, origin_line, "
                    "content_hash FROM deck WHERE retired = 0 ORDER BY path, id"
                )
            ).all()
            card_rows = conn.execute(
                _sql(
                    "SELECT card_id, deck_id, body, content_hash FROM card WHERE retired = 0 "
                    "ORDER BY deck_id, position"
                )
            ).all()
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
            r = conn.execute(
                _sql("SELECT card_id, body FROM card WHERE card_id = :c"), {"c": card_id}
            ).first()
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
        where, params = _filters(deck_ids, tags, (), include_retired=include_retired)
        with self._read() as conn:
            rows = conn.execute(
                _sql(
                    f"SELECT c.card_id, c.body FROM card c JOIN deck d ON d.id = c.deck_id "
                    f"WHERE {where} ORDER BY d.path, c.deck_id, c.position"
                ),
                params,
            ).all()
        return [self._card_from_row(r) for r in rows]

    def deck_summaries(self, now: datetime) -> list[DeckSummary]:
        """Per active deck: total, new available today, learning due, reviews due, unseen."""
        new_left, reviews_left = self._left_today(now)
        n = _sql_dt(now)
        with self._read() as conn:
            rows = conn.execute(
                _sql(
                    "SELECT d.id, d.title, d.path, COUNT(c.id) AS total, "
                    "SUM(CASE WHEN s.phase = 0 AND s.suspended = 0 THEN 1 ELSE 0 END) AS unseen, "
                    "SUM(CASE WHEN s.phase = 0 AND s.suspended = 0 AND (s.buried_until IS NULL "
                    "  OR s.buried_until <= :now) THEN 1 ELSE 0 END) AS new, "
                    "SUM(CASE WHEN s.phase IN (1, 3) AND s.due <= :now AND s.suspended = 0 AND "
                    "  (s.buried_until IS NULL OR s.buried_until <= :now) THEN 1 ELSE 0 END) "
                    "  AS learning, "
                    "SUM(CASE WHEN s.phase = 2 AND s.due <= :now AND s.suspended = 0 AND "
                    "  (s.buried_until IS NULL OR s.buried_until <= :now) THEN 1 ELSE 0 END) "
                    "  AS due "
                    "FROM deck d LEFT JOIN card c ON c.deck_id = d.id AND c.retired = 0 "
                    "LEFT JOIN card_state s ON s.card_pk = c.id AND s.profile_id = :p "
                    "WHERE d.retired = 0 GROUP BY d.id ORDER BY d.path, d.id"
                ),
                {"now": n, "p": self.profile_id},
            ).all()
        return [
            DeckSummary(
                deck_id=r.id,
                title=r.title,
                path=r.path,
                total=r.total or 0,
                new=min(r.new or 0, new_left),
                learning=r.learning or 0,
                due=min(r.due or 0, reviews_left),
                unseen=r.unseen or 0,
            )
            for r in rows
        ]

    # ------------------------------------------------------------------ the queue

    def _left_today(self, now: datetime, conn: Connection | None = None) -> tuple[int, int]:
        """(new cards left today, reviews left today) under the daily limits."""
        if conn is None:
            with self._read() as own:
                return self._left_today(now, own)
        start = self.day_start(now)
        done: dict[int, int] = dict(
            conn.execute(
                _sql(
                    "SELECT phase_before, COUNT(*) FROM review WHERE profile_id = :p AND "
                    "at >= :start AND scheduled = 1 GROUP BY phase_before"
                ),
                {"p": self.profile_id, "start": _sql_dt(start)},
            ).all()
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
        where, params = _filters(deck_ids, tags, exclude)
        params.update(p=self.profile_id, now=_sql_dt(now))
        available = (
            "s.profile_id = :p AND s.suspended = 0 AND "
            "(s.buried_until IS NULL OR s.buried_until <= :now)"
        )
        with self._read() as conn:
            new_left, reviews_left = self._left_today(now, conn)
            # The head of each phase, each walking ix_card_state_queue in order (no sort), in
            # one round trip; the queue rule then picks among at most four rows.
            phases = [1, 3] + ([2] if reviews_left > 0 else []) + ([0] if new_left > 0 else [])
            parts = [
                "SELECT * FROM (SELECT s.phase AS phase, c.card_id, c.body, s.due "
                "FROM card_state s JOIN card c ON c.id = s.card_pk "
                f"WHERE s.phase = {phase} {'' if phase == 0 else 'AND s.due <= :now '}"
                f"AND {available} AND {where} ORDER BY s.due, s.card_pk LIMIT 1)"
                for phase in phases
            ]
            rows = conn.execute(_sql(" UNION ALL ".join(parts)), params).all()
        if not rows:
            return None
        learning = [r for r in rows if r.phase in (1, 3)]
        if learning:
            return self._card_from_row(min(learning, key=lambda r: str(r.due)))
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
        where, params = _filters(deck_ids, tags, ())
        params.update(p=self.profile_id, now=_sql_dt(now))
        with self._read() as conn:
            new_left, reviews_left = self._left_today(now, conn)
            r = conn.execute(
                _sql(
                    "SELECT "
                    "SUM(CASE WHEN s.phase = 0 THEN 1 ELSE 0 END) AS new, "
                    "SUM(CASE WHEN s.phase IN (1, 3) AND s.due <= :now THEN 1 ELSE 0 END) "
                    "  AS learning, "
                    "SUM(CASE WHEN s.phase = 2 AND s.due <= :now THEN 1 ELSE 0 END) AS review "
                    "FROM card_state s JOIN card c ON c.id = s.card_pk "
                    "WHERE s.profile_id = :p AND s.suspended = 0 AND "
                    "(s.buried_until IS NULL OR s.buried_until <= :now) AND "
                    f"(s.phase = 0 OR s.due <= :now) AND {where}"
                ),
                params,
            ).first()
        return QueueCounts(
            new=min(r.new or 0, new_left) if r else 0,
            learning=(r.learning or 0) if r else 0,
            review=min(r.review or 0, reviews_left) if r else 0,
        )

    def next_due_time(
        self,
        now: datetime,
        *,
        deck_ids: Collection[str] | None = None,
        tags: Collection[str] | None = None,
    ) -> datetime | None:
        """When the next learning or review card falls due after ``now`` (``None``: none)."""
        where, params = _filters(deck_ids, tags, ())
        params.update(p=self.profile_id, now=_sql_dt(now))
        with self._read() as conn:
            value = conn.execute(
                _sql(
                    "SELECT MIN(s.due) FROM card_state s JOIN card c ON c.id = s.card_pk "
                    "WHERE s.profile_id = :p AND s.phase IN (1, 2, 3) AND s.due > :now "
                    f"AND s.suspended = 0 AND {where}"
                ),
                params,
            ).scalar()
        return _dt(value)

    # ------------------------------------------------------------------ states

    def _pk(self, conn: Connection, card_id: str) -> int:
        pk = self._pk_cache.get(card_id)
        if pk is None:
            pk = conn.execute(
                _sql("SELECT id FROM card WHERE card_id = :c"), {"c": card_id}
            ).scalar()
            if pk is None:
                raise UnknownCard(card_id)
            self._pk_cache[card_id] = int(pk)
        return int(pk)

    def _state_in(self, conn: Connection, card_id: str, pk: int) -> CardState:
        r = conn.execute(
            _sql(
                f"SELECT {_STATE_COLS} FROM card_state s "
                "WHERE s.profile_id = :p AND s.card_pk = :pk"
            ),
            {"p": self.profile_id, "pk": pk},
        ).first()
        if r is None:
            return CardState(card_id=card_id)
        return _state_from_row(card_id, r)

    def _save_state(self, conn: Connection, pk: int, state: CardState) -> None:
        params = _state_params(state)
        params.update(p=self.profile_id, pk=pk)
        conn.execute(
            _sql(
                "INSERT INTO card_state (profile_id, card_pk, phase, step, stability, difficulty, "
                "due, last_review, lapses, reps, suspended, buried_until, flagged) VALUES "
                "(:p, :pk, :phase, :step, :stability, :difficulty, :due, :last_review, :lapses, "
                ":reps, :suspended, :buried_until, :flagged) ON CONFLICT (profile_id, card_pk) "
                "DO UPDATE SET phase = excluded.phase, step = excluded.step, "
                "stability = excluded.stability, difficulty = excluded.difficulty, "
                "due = excluded.due, last_review = excluded.last_review, "
                "lapses = excluded.lapses, reps = excluded.reps, suspended = excluded.suspended, "
                "buried_until = excluded.buried_until, flagged = excluded.flagged"
            ),
            params,
        )

    def state(self, card_id: str) -> CardState:
        """This profile's state of a card. Raises :class:`UnknownCard`."""
        with self._read() as conn:
            return self._state_in(conn, card_id, self._pk(conn, card_id))

    def states(self, card_ids: Collection[str] | None = None) -> dict[str, CardState]:
        """States by card id: of ``card_ids``, or of every active card when ``None``."""
        from sqlalchemy import bindparam, text

        sql = (
            f"SELECT c.card_id, {_STATE_COLS} FROM card c JOIN card_state s "
            "ON s.card_pk = c.id AND s.profile_id = :p WHERE "
        )
        with self._read() as conn:
            if card_ids is None:
                rows = conn.execute(_sql(sql + "c.retired = 0"), {"p": self.profile_id}).all()
            else:
                stmt = text(sql + "c.card_id IN :ids").bindparams(bindparam("ids", expanding=True))
                rows = conn.execute(stmt, {"p": self.profile_id, "ids": list(card_ids)}).all()
        out = {r.card_id: _state_from_row(r.card_id, r) for r in rows}
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
            ValueError: the schedule is to move but there is no rating.
        """
        final = rating if rating is not None else proposed
        scheduled = (mode == Mode.STUDY) if update_schedule is None else update_schedule
        if scheduled and final is None:
            raise ValueError("a rating is needed to move the schedule (flip cards: pass rating)")
        scheduler = self._scheduler_instance() if scheduled else None
        with self._write() as conn:
            pk = self._pk(conn, card_id)
            prev = self._state_in(conn, card_id, pk)
            if scheduler is not None and final is not None:
                self._save_state(conn, pk, scheduler.review(prev, final, now, db_id=pk))
            review_id = conn.execute(
                _sql(
                    "INSERT INTO review (profile_id, card_pk, at, mode, answer, score, proposed, "
                    "rating, response_ms, scheduled, phase_before, prev_state) VALUES (:p, :pk, "
                    ":at, :mode, :answer, :score, :proposed, :rating, :ms, :scheduled, :phase, "
                    ":prev) RETURNING id"
                ),
                {
                    "p": self.profile_id,
                    "pk": pk,
                    "at": _sql_dt(now),
                    "mode": str(mode),
                    "answer": answer,
                    "score": float(score),
                    "proposed": None if proposed is None else int(proposed),
                    "rating": None if final is None else int(final),
                    "ms": int(response_ms),
                    "scheduled": int(scheduled),
                    "phase": int(prev.phase),
                    "prev": _state_to_json(prev) if scheduled else None,
                },
            ).scalar_one()
        return ReviewRecord(
            id=int(review_id),
            card_id=card_id,
            at=now.astimezone(UTC),
            mode=Mode(mode),
            answer=answer,
            score=float(score),
            proposed=proposed,
            rating=final,
            response_ms=int(response_ms),
        )

    def _review_row(self, conn: Connection, review_id: int) -> Any:
        r = conn.execute(
            _sql(
                f"SELECT {_REVIEW_COLS}, r.card_pk, r.scheduled, r.prev_state FROM review r "
                "JOIN card c ON c.id = r.card_pk WHERE r.id = :id AND r.profile_id = :p"
            ),
            {"id": review_id, "p": self.profile_id},
        ).first()
        if r is None:
            raise UnknownReview(review_id)
        if r.scheduled:
            later = conn.execute(
                _sql(
                    "SELECT 1 FROM review WHERE card_pk = :pk AND profile_id = :p AND id > :id "
                    "AND scheduled = 1 LIMIT 1"
                ),
                {"pk": r.card_pk, "p": self.profile_id, "id": review_id},
            ).first()
            if later is not None:
                raise ReviewNotLatest(review_id, r.card_id)
        return r

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
                prev = _state_from_json(r.prev_state)
                current = self._state_in(conn, r.card_id, r.card_pk)
                new = scheduler.review(prev, rating, _dt(r.at), db_id=r.card_pk)  # type: ignore[arg-type]
                new = replace(new, suspended=current.suspended, flagged=current.flagged)
                self._save_state(conn, r.card_pk, new)
            conn.execute(
                _sql("UPDATE review SET rating = :r WHERE id = :id"),
                {"r": int(rating), "id": review_id},
            )
        return replace(_record(r), rating=Rating(rating))

    def undo_review(self, review_id: int) -> None:
        """Remove an answer and restore the card state from before it, in one transaction.

        Raises:
            UnknownReview: no such answer for this profile.
            ReviewNotLatest: the card was answered again since.
        """
        with self._write() as conn:
            r = self._review_row(conn, review_id)
            if r.scheduled and r.prev_state:
                prev = _state_from_json(r.prev_state)
                current = self._state_in(conn, r.card_id, r.card_pk)
                self._save_state(
                    conn,
                    r.card_pk,
                    replace(prev, suspended=current.suspended, flagged=current.flagged),
                )
            conn.execute(
                _sql("UPDATE exam_item SET review_id = NULL WHERE review_id = :id"),
                {"id": review_id},
            )
            conn.execute(_sql("DELETE FROM review WHERE id = :id"), {"id": review_id})

    def _update_state(self, card_id: str, **changes: Any) -> None:
        with self._write() as conn:
            pk = self._pk(conn, card_id)
            state = self._state_in(conn, card_id, pk)
            self._save_state(conn, pk, replace(state, **changes))

    def bury(self, card_id: str, now: datetime) -> None:
        """Hide a card until the next local day rollover."""
        self._update_state(card_id, buried_until=self.next_rollover(now))

    def suspend(self, card_id: str, suspended: bool = True) -> None:
        """Take a card out of the queue (or put it back)."""
        self._update_state(card_id, suspended=suspended)

    def flag(self, card_id: str, flagged: bool = True) -> None:
        """Mark a card for attention (or clear the mark)."""
        self._update_state(card_id, flagged=flagged)

    # ------------------------------------------------------------------ history

    def reviews(
        self,
        *,
        card_id: str | None = None,
        mode: Mode | None = None,
        since: datetime | None = None,
    ) -> list[ReviewRecord]:
        """This profile's answers, oldest first, optionally of one card / mode / since a time."""
        clauses = ["r.profile_id = :p"]
        params: dict[str, Any] = {"p": self.profile_id}
        if card_id is not None:
            clauses.append("c.card_id = :c")
            params["c"] = card_id
        if mode is not None:
            clauses.append("r.mode = :m")
            params["m"] = str(mode)
        if since is not None:
            clauses.append("r.at >= :since")
            params["since"] = _sql_dt(since)
        with self._read() as conn:
            rows = conn.execute(
                _sql(
                    f"SELECT {_REVIEW_COLS} FROM review r JOIN card c ON c.id = r.card_pk "
                    f"WHERE {' AND '.join(clauses)} ORDER BY r.at, r.id"
                ),
                params,
            ).all()
        return [_record(r) for r in rows]

    def review_count(self) -> int:
        """How many of this profile's answers moved the schedule."""
        with self._read() as conn:
            return int(
                conn.execute(
                    _sql("SELECT COUNT(*) FROM review WHERE profile_id = :p AND scheduled = 1"),
                    {"p": self.profile_id},
                ).scalar_one()
            )

    def today_progress(self, now: datetime) -> tuple[int, int]:
        """(answers given today, seconds spent answering today), local day with rollover."""
        with self._read() as conn:
            r = conn.execute(
                _sql(
                    "SELECT COUNT(*), COALESCE(SUM(response_ms), 0) FROM review "
                    "WHERE profile_id = :p AND at >= :start AND at <= :now"
                ),
                {
                    "p": self.profile_id,
                    "start": _sql_dt(self.day_start(now)),
                    "now": _sql_dt(now),
                },
            ).one()
        return int(r[0]), int(r[1]) // 1000

    def streak(self, now: datetime) -> int:
        """Consecutive local days, up to today, with at least one study answer.

        A day without answers yet today does not break the streak until it is over.
        """
        tz, hour = self.timezone(), self._rollover()
        day = rules.local_day(now, tz, hour)
        count = 0
        with self._read() as conn:
            for back in range(0, 100_000):
                start, end = rules.day_bounds(day - timedelta(days=back), tz, hour)
                hit = conn.execute(
                    _sql(
                        "SELECT 1 FROM review WHERE profile_id = :p AND at >= :s AND at < :e "
                        "AND mode = 'study' LIMIT 1"
                    ),
                    {"p": self.profile_id, "s": _sql_dt(start), "e": _sql_dt(end)},
                ).first()
                if hit is None:
                    if back == 0:
                        continue  # today is not over yet
                    break
                count += 1
        return count


def overwrite_state_for_tests(repo: Repository, state: CardState) -> None:
    """Overwrite a card's state as given (tests: put the queue in an exact situation)."""
    with repo._write() as conn:
        repo._save_state(conn, repo._pk(conn, state.card_id), state)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _filters(
    deck_ids: Collection[str] | None,
    tags: Collection[str] | None,
    exclude: Collection[str],
    *,
    include_retired: bool = False,
) -> tuple[str, dict[str, Any]]:
    """SQL for the card filters (alias ``c``) and its parameters (inlined as numbered params)."""
    clauses = [] if include_retired else ["c.retired = 0"]
    params: dict[str, Any] = {}

    def listed(prefix: str, values: Collection[str]) -> str:
        names = []
        for i, v in enumerate(values):
            params[f"{prefix}{i}"] = v
            names.append(f":{prefix}{i}")
        return ", ".join(names)

    if deck_ids is not None:
        clauses.append(f"c.deck_id IN ({listed('deck', deck_ids)})" if deck_ids else "0")
    if tags is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM card_tag t WHERE t.card_pk = c.id AND t.tag IN "
            f"({listed('tag', tags)}))"
            if tags
            else "0"
        )
    if exclude:
        clauses.append(f"c.card_id NOT IN ({listed('ex', exclude)})")
    return (" AND ".join(clauses) or "1"), params


@contextmanager
def _translated(where: str) -> Iterator[None]:
    """Turn SQLite's lock and damage errors into StorageErrors with a readable message."""
    from sqlalchemy.exc import DatabaseError, OperationalError

    try:
        yield
    except StorageError:
        raise
    except OperationalError as exc:
        text = str(exc.orig)
        if "locked" in text or "busy" in text:
            raise DatabaseLocked(where, text) from exc
        if "malformed" in text or "not a database" in text:
            raise DatabaseCorrupt(where, f"SQLite says: {text}.") from exc
        if "unable to open" in text or "readonly" in text:
            raise DatabaseUnavailable(where, text) from exc
        raise
    except DatabaseError as exc:
        text = str(exc.orig)
        if "malformed" in text or "not a database" in text:
            raise DatabaseCorrupt(where, f"SQLite says: {text}.") from exc
        if "no such table" in text:
            raise NotACyberquizDatabase(where, text) from exc
        raise
