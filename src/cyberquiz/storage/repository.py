"""The repository: everything the app stores, behind methods that speak core types.

Open one per process (``Repository.open``); each method is its own short unit of work, so it is
safe to call from the app's thread and from workers. Every write is one transaction (SQLite:
``BEGIN IMMEDIATE``; an answer on a server: one statement, see ``server_answer.py``), committed
before the method returns; no transaction stays open between calls.
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
thread every :data:`~cyberquiz.storage.unit.CHECKPOINT_EVERY` writes.

Where each part lives (each layer builds on the one before, see ``unit.py``): ``unit.py`` the
transactions, ``settings.py`` settings / time zone / scheduler, ``cards.py`` decks, cards and
the sync, ``queue.py`` the queue and card states, ``reviews.py`` answers, undo, history and
streak; this module opens the database and the profile. Exams (``exams.py``) and statistics
(``stats.py``) are stores built on a repository.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from cyberquiz.core.queue import QueueCounts
from cyberquiz.storage import cards as card_store
from cyberquiz.storage.errors import (
    DatabaseUnavailable,
    StorageError,
    retrying,
    translated,
)
from cyberquiz.storage.localzone import local_timezone as local_timezone
from cyberquiz.storage.reviews import ReviewStore
from cyberquiz.storage.sync import SyncReport

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from cyberquiz.storage.classroom import Login

__all__ = ["QueueCounts", "Repository", "StorageError", "SyncReport"]


class Repository(ReviewStore):
    """One student's view of the database. See the module docstring for the API."""

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
    def _ensure_profile(engine: Engine, name: str, now: datetime) -> int:
        from cyberquiz.storage.engine import reader

        def work() -> int:
            with reader(engine).connect() as conn:
                pid = card_store.profile_id_if_ready(conn, name)
            if pid is not None:
                return pid
            with engine.begin() as conn:
                return card_store.ensure_profile(conn, name, now)

        return retrying(engine.url.render_as_string(), work)

    def close(self) -> None:
        """Release the database (the engine's connections)."""
        if self._checkpointer is not None:
            self._checkpointer.join()
        self.engine.dispose()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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


def _utcnow() -> datetime:
    return datetime.now(UTC)
