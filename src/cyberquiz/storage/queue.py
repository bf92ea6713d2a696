"""The study queue and the card states of a profile: the statements, built once per filter
shape, then :class:`QueueStore`, the layer of the repository that picks the next card, counts
what is due and keeps each card's state (bury, suspend, flag, reset).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict, Unpack

from sqlalchemy import and_, bindparam, false, func, literal, select, union_all

from cyberquiz.core import queue as rules
from cyberquiz.core.queue import QueueCounts
from cyberquiz.core.state import CardState, DeckSummary, Phase
from cyberquiz.storage import cards as card_store
from cyberquiz.storage import columns as t
from cyberquiz.storage.cards import LEARNING, CardStore, available, count, filter_params, filters
from cyberquiz.storage.errors import retried

if TYPE_CHECKING:
    from sqlalchemy import CompoundSelect, Select
    from sqlalchemy.engine import Connection, Row

    from cyberquiz.core.cards import Card

    class _StateChanges(TypedDict, total=False):
        """What :meth:`QueueStore._update_state` changes in a card's state."""

        buried_until: datetime | None
        suspended: bool
        flagged: bool


c, s = t.card, t.card_state


# ---------------------------------------------------------------------------- the queue


@functools.cache
def _done_today_stmt() -> Select[int, int]:
    r = t.review
    return (
        select(r.c.phase_before, func.count())
        .where(
            r.c.profile_id == bindparam("p"),
            r.c.at >= bindparam("start", type_=r.c.at.type),
            # bounded: answers stamped on a later day (a clock set ahead) are not today's
            r.c.at < bindparam("end", type_=r.c.at.type),
            r.c.scheduled == literal(True),
        )
        .group_by(r.c.phase_before)
    )


def done_between(
    conn: Connection, profile_id: int, start: datetime, end: datetime
) -> dict[int, int]:
    """Schedule-moving answers in ``[start, end)``, by the phase the card was in before."""
    params = {"p": profile_id, "start": start, "end": end}
    rows = conn.execute(_done_today_stmt(), params).all()
    return {int(phase): int(n) for phase, n in rows}


@functools.cache
def _next_stmt(
    shape: tuple[bool, bool, bool], phases: tuple[int, ...]
) -> Select[int, str, str, datetime | None] | CompoundSelect[int, str, str, datetime | None]:
    now = bindparam("now", type_=s.c.due.type)
    parts = []
    for phase in phases:
        where = [s.c.phase == phase, available(), *filters(*shape, False)]
        if phase != 0:
            where.append(s.c.due <= now)
        head = (
            select(s.c.phase, c.c.card_id, c.c.body, s.c.due)
            .select_from(s.join(c, c.c.id == s.c.card_pk))
            .where(*where)
            .order_by(s.c.due, s.c.card_pk)
            .limit(1)
            .subquery()
        )
        parts.append(select(head))
    return parts[0] if len(parts) == 1 else union_all(*parts)


def queue_heads(
    conn: Connection,
    profile_id: int,
    now: datetime,
    phases: tuple[int, ...],
    deck_ids: Collection[str] | None,
    tags: Collection[str] | None,
    exclude: Collection[str],
) -> Sequence[Row[int, str, str, datetime | None]]:
    """The first card of each of ``phases`` (``phase, card_id, body, due``), each walking
    ``ix_card_state_queue`` in order, in one round trip."""
    shape, params = filter_params(deck_ids, tags, exclude)
    params.update(p=profile_id, now=now)
    return conn.execute(_next_stmt(shape, phases), params).all()


@functools.cache
def _counts_stmt(shape: tuple[bool, bool, bool]) -> Select[int, int, int]:
    now = bindparam("now", type_=s.c.due.type)
    return (
        select(
            count(and_(s.c.phase == 0, available())).label("new"),
            # every card in its learning steps, due now or minutes away: as Home counts them
            count(and_(s.c.phase.in_(LEARNING), s.c.suspended == false())).label("learning"),
            count(and_(s.c.phase == int(Phase.REVIEW), s.c.due <= now, available())).label(
                "review"
            ),
        )
        .select_from(s.join(c, c.c.id == s.c.card_pk))
        .where(s.c.profile_id == bindparam("p"), *filters(*shape, False))
    )


def queue_count_row(
    conn: Connection,
    profile_id: int,
    now: datetime,
    deck_ids: Collection[str] | None,
    tags: Collection[str] | None,
) -> Row[int, int, int]:
    """``new, learning, review`` available now, before the daily limits."""
    shape, params = filter_params(deck_ids, tags)
    params.update(p=profile_id, now=now)
    return conn.execute(_counts_stmt(shape), params).one()


@functools.cache
def _next_due_stmt(shape: tuple[bool, bool, bool]) -> Select[datetime | None]:
    now = bindparam("now", type_=s.c.due.type)
    return (
        select(func.min(s.c.due).label("due"))
        .select_from(s.join(c, c.c.id == s.c.card_pk))
        .where(
            s.c.profile_id == bindparam("p"),
            s.c.phase.in_((1, 2, 3)),
            s.c.due > now,
            s.c.suspended == false(),
            *filters(*shape, False),
        )
    )


def next_due(
    conn: Connection,
    profile_id: int,
    now: datetime,
    deck_ids: Collection[str] | None,
    tags: Collection[str] | None,
) -> datetime | None:
    """When the next learning or review card falls due after ``now``."""
    shape, params = filter_params(deck_ids, tags)
    params.update(p=profile_id, now=now)
    value: datetime | None = conn.execute(_next_due_stmt(shape), params).scalar()
    return value


# ---------------------------------------------------------------------------- the store


class QueueStore(CardStore):
    """The next card, the counts and the card states of the repository's profile."""

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

    def _left_today(self, now: datetime, conn: Connection | None = None) -> tuple[int, int]:
        """(new cards left today, reviews left today) under the daily limits."""
        if conn is None:
            with self._read() as own:
                return self._left_today(now, own)
        done = done_between(conn, self.profile_id, self.day_start(now), self.next_rollover(now))
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
            rows = queue_heads(conn, self.profile_id, now, phases, deck_ids, tags, exclude)
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
        """The status line's figures: new (within today's limit), every card in its learning
        steps (as Home counts them) and reviews due now (within limit)."""
        with self._read() as conn:
            new_left, reviews_left = self._left_today(now, conn)
            r = queue_count_row(conn, self.profile_id, now, deck_ids, tags)
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
            return next_due(conn, self.profile_id, now, deck_ids, tags)

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

    def _update_state(self, card_id: str, **changes: Unpack[_StateChanges]) -> None:
        """One write: the card's state with ``changes`` (the callers retry it whole)."""
        with self._write() as conn:
            pk = self._pk(conn, card_id)
            state = self._state_in(conn, card_id, pk, lock=True)
            self._save_state(conn, pk, replace(state, **changes))

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

    @retried
    def reset(self, card_id: str) -> None:
        """Forget a card's schedule: it is new again (answers, suspension and flag are kept)."""
        with self._write() as conn:
            pk = self._pk(conn, card_id)
            state = self._state_in(conn, card_id, pk, lock=True)
            fresh = CardState(card_id=card_id, suspended=state.suspended, flagged=state.flagged)
            self._save_state(conn, pk, fresh)
