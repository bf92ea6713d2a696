"""Cards, card states and the study queue: the statements, built once per shape.

Functions take an open connection and the profile's id; the facade (``repository.py``) opens
the unit of work and turns rows into core types. Statements are cached per filter shape and
dialect, so SQLAlchemy's compiled cache serves the answer path; list filters are expanding
bind parameters (``deck_ids``, ``tags``, ``exclude``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    and_,
    bindparam,
    case,
    exists,
    false,
    func,
    literal,
    or_,
    select,
)

from cyberquiz.core.state import CardState, Phase
from cyberquiz.storage import columns as t
from cyberquiz.storage.dialect import insert
from cyberquiz.storage.errors import UnknownCard, retrying
from cyberquiz.storage.settings import SettingsStore

if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.engine import Connection, Row
    from sqlalchemy.sql.elements import ColumnElement

    from cyberquiz.core.browse import BrowseRow
    from cyberquiz.core.cards import Card, Deck
    from cyberquiz.storage.dialect import Upsert
    from cyberquiz.storage.sync import StoredDecks, SyncPlan

c, s, d = t.card, t.card_state, t.deck

STATE_COLUMNS = (
    s.c.phase,
    s.c.step,
    s.c.stability,
    s.c.difficulty,
    s.c.due,
    s.c.last_review,
    s.c.lapses,
    s.c.reps,
    s.c.suspended,
    s.c.buried_until,
    s.c.flagged,
)
LEARNING = (int(Phase.LEARNING), int(Phase.RELEARNING))


def state_from_row(card_id: str, r: Row[*tuple[Any, ...]]) -> CardState:
    """A :class:`CardState` from a row with the :data:`STATE_COLUMNS`."""
    return CardState(
        card_id=card_id,
        phase=Phase(r.phase),
        step=r.step,
        stability=r.stability,
        difficulty=r.difficulty,
        due=r.due,
        last_review=r.last_review,
        lapses=r.lapses,
        reps=r.reps,
        suspended=bool(r.suspended),
        buried_until=r.buried_until,
        flagged=bool(r.flagged),
    )


def state_values(state: CardState) -> dict[str, Any]:
    """The card_state columns of ``state`` (without the keys)."""
    return {
        "phase": int(state.phase),
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due": state.due,
        "last_review": state.last_review,
        "lapses": state.lapses,
        "reps": state.reps,
        "suspended": bool(state.suspended),
        "buried_until": state.buried_until,
        "flagged": bool(state.flagged),
    }


# ---------------------------------------------------------------------------- filters


def filters(
    has_decks: bool, has_tags: bool, has_exclude: bool, include_retired: bool
) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [] if include_retired else [c.c.retired == false()]
    if has_decks:
        clauses.append(c.c.deck_id.in_(bindparam("deck_ids", expanding=True)))
    if has_tags:
        tag = t.card_tag
        clauses.append(
            exists().where(
                tag.c.card_pk == c.c.id, tag.c.tag.in_(bindparam("tags", expanding=True))
            )
        )
    if has_exclude:
        clauses.append(c.c.card_id.not_in(bindparam("exclude", expanding=True)))
    return clauses


def filter_params(
    deck_ids: Collection[str] | None,
    tags: Collection[str] | None,
    exclude: Collection[str] = (),
) -> tuple[tuple[bool, bool, bool], dict[str, Any]]:
    """The filter shape (which filters are on) and their parameters."""
    params: dict[str, Any] = {}
    if deck_ids is not None:
        params["deck_ids"] = list(deck_ids)
    if tags is not None:
        params["tags"] = list(tags)
    if exclude:
        params["exclude"] = list(exclude)
    return (deck_ids is not None, tags is not None, bool(exclude)), params


def available() -> ColumnElement[bool]:
    """The profile's card state is neither suspended nor buried at ``now``."""
    now = bindparam("now", type_=t.card_state.c.due.type)
    return and_(
        s.c.profile_id == bindparam("p"),
        s.c.suspended == false(),
        or_(s.c.buried_until.is_(None), s.c.buried_until <= now),
    )


# ---------------------------------------------------------------------------- cards


@functools.cache
def _pk_stmt() -> Select[int]:
    return select(c.c.id).where(c.c.card_id == bindparam("c"))


def pk_of(conn: Connection, card_id: str) -> int:
    """The database id of a card. Raises :class:`UnknownCard`."""
    pk = conn.execute(_pk_stmt(), {"c": card_id}).scalar()
    if pk is None:
        raise UnknownCard(card_id)
    return int(pk)


@functools.cache
def _body_stmt() -> Select[str, str]:
    return select(c.c.card_id, c.c.body).where(c.c.card_id == bindparam("c"))


def card_body(conn: Connection, card_id: str) -> Row[str, str] | None:
    """``(card_id, body)`` of a card, or ``None``."""
    return conn.execute(_body_stmt(), {"c": card_id}).first()


@functools.cache
def _decks_stmts() -> tuple[Select[*tuple[Any, ...]], Select[str, str, str, str]]:
    decks = (
        select(
            d.c.id,
            d.c.title,
            d.c.description,
            d.c.source,
            d.c.tags,
            d.c.path,
            d.c.origin_line,
            d.c.content_hash,
        )
        .where(d.c.retired == false())
        .order_by(d.c.path, d.c.id)
    )
    cards = (
        select(c.c.card_id, c.c.deck_id, c.c.body, c.c.content_hash)
        .where(c.c.retired == false())
        .order_by(c.c.deck_id, c.c.position)
    )
    return decks, cards


def deck_and_card_rows(
    conn: Connection,
) -> tuple[Sequence[Row[*tuple[Any, ...]]], Sequence[Row[str, str, str, str]]]:
    """Active decks (by path) and their active cards (by deck, file order)."""
    decks, cards = _decks_stmts()
    return conn.execute(decks).all(), conn.execute(cards).all()


@functools.cache
def _cards_stmt(shape: tuple[bool, bool, bool], include_retired: bool) -> Select[str, str]:
    return (
        select(c.c.card_id, c.c.body)
        .join(d, d.c.id == c.c.deck_id)
        .where(*filters(*shape, include_retired))
        .order_by(d.c.path, c.c.deck_id, c.c.position)
    )


def card_rows(
    conn: Connection,
    deck_ids: Collection[str] | None,
    tags: Collection[str] | None,
    include_retired: bool,
) -> Sequence[Row[str, str]]:
    """``(card_id, body)`` of the cards, in deck and file order."""
    shape, params = filter_params(deck_ids, tags)
    return conn.execute(_cards_stmt(shape, include_retired), params).all()


def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@functools.cache
def _summaries_stmt() -> Select[*tuple[Any, ...]]:
    now = bindparam("now", type_=s.c.due.type)
    open_ = and_(s.c.suspended == false(), or_(s.c.buried_until.is_(None), s.c.buried_until <= now))
    joined = d.outerjoin(c, and_(c.c.deck_id == d.c.id, c.c.retired == false())).outerjoin(
        s, and_(s.c.card_pk == c.c.id, s.c.profile_id == bindparam("p"))
    )
    return (
        select(
            d.c.id,
            d.c.title,
            d.c.path,
            func.count(c.c.id).label("total"),
            count(and_(s.c.phase == 0, s.c.suspended == false())).label("unseen"),
            count(and_(s.c.phase == 0, open_)).label("new"),
            # in the learning steps whenever they are due (minutes away): as the stats count
            count(and_(s.c.phase.in_(LEARNING), s.c.suspended == false())).label("learning"),
            count(and_(s.c.phase == int(Phase.REVIEW), s.c.due <= now, open_)).label("due"),
        )
        .select_from(joined)
        .where(d.c.retired == false())
        .group_by(d.c.id, d.c.title, d.c.path)
        .order_by(d.c.path, d.c.id)
    )


def deck_summary_rows(
    conn: Connection, profile_id: int, now: datetime
) -> Sequence[Row[*tuple[Any, ...]]]:
    """Per active deck: id, title, path, total, unseen, new, learning, due (no limits).

    The one definition of Home's and the statistics' figures (``Repository.today_counts``):
    *new* never answered, *learning* in the learning or relearning steps (due now or in a few
    minutes), *due* reviews due now; suspended cards in none, buried ones not in new or due.
    """
    return conn.execute(_summaries_stmt(), {"p": profile_id, "now": now}).all()


# ---------------------------------------------------------------------------- states


@functools.cache
def _state_stmt(lock: bool) -> Select[*tuple[Any, ...]]:
    stmt = select(*STATE_COLUMNS).where(
        s.c.profile_id == bindparam("p"), s.c.card_pk == bindparam("pk")
    )
    # FOR UPDATE on a server (SQLite compiles it to nothing: BEGIN IMMEDIATE already serializes).
    return stmt.with_for_update() if lock else stmt


def state_in(
    conn: Connection, profile_id: int, card_id: str, pk: int, *, lock: bool = False
) -> CardState:
    """This profile's state of the card with database id ``pk``; ``lock`` holds the row until
    the transaction ends, so that a concurrent answer to the same card waits instead of being
    overwritten (every card has a state row: profiles and syncs fill them)."""
    r = conn.execute(_state_stmt(lock), {"p": profile_id, "pk": pk}).first()
    return CardState(card_id=card_id) if r is None else state_from_row(card_id, r)


@functools.cache
def _save_state_stmt(dialect: str) -> Upsert:
    stmt = insert(dialect, s)
    names = [col.name for col in STATE_COLUMNS]
    return stmt.on_conflict_do_update(
        index_elements=[s.c.profile_id, s.c.card_pk],
        set_={name: stmt.excluded[name] for name in names},
    )


def save_state(conn: Connection, profile_id: int, pk: int, state: CardState) -> None:
    """Write a card's state (insert or replace)."""
    conn.execute(
        _save_state_stmt(conn.dialect.name),
        {"profile_id": profile_id, "card_pk": pk, **state_values(state)},
    )


@functools.cache
def _states_stmt(by_ids: bool) -> Select[*tuple[Any, ...]]:
    stmt = select(c.c.card_id, *STATE_COLUMNS).select_from(
        c.join(s, and_(s.c.card_pk == c.c.id, s.c.profile_id == bindparam("p")))
    )
    if by_ids:
        return stmt.where(c.c.card_id.in_(bindparam("ids", expanding=True)))
    return stmt.where(c.c.retired == false())


def state_rows(
    conn: Connection, profile_id: int, card_ids: Collection[str] | None
) -> Sequence[Row[*tuple[Any, ...]]]:
    """``card_id`` and the state columns, of ``card_ids`` or of every active card."""
    params: dict[str, Any] = {"p": profile_id}
    if card_ids is not None:
        params["ids"] = list(card_ids)
    return conn.execute(_states_stmt(card_ids is not None), params).all()


# ---------------------------------------------------------------------------- profiles


def _missing_state() -> ColumnElement[bool]:
    return ~exists().where(s.c.profile_id == bindparam("p"), s.c.card_pk == c.c.id)


@functools.cache
def _profile_stmts() -> tuple[Select[int], Select[bool]]:
    p = t.profile
    find = select(p.c.id).where(p.c.name == bindparam("n"))
    missing = select(exists(select(literal(1)).select_from(c).where(_missing_state())))
    return find, missing


@functools.cache
def _fill_stmt(dialect: str) -> Upsert:
    """NEW states for the cards without one; a row another process adds meanwhile is kept."""
    fill = insert(dialect, s).from_select(
        ["profile_id", "card_pk", "phase", "step", "lapses", "reps", "suspended", "flagged"],
        select(
            bindparam("p"),
            c.c.id,
            literal(0),
            literal(0),
            literal(0),
            literal(0),
            false(),
            false(),
        )
        .select_from(c)
        .where(_missing_state()),
    )
    return fill.on_conflict_do_nothing(index_elements=[s.c.profile_id, s.c.card_pk])


@functools.cache
def _new_profile_stmt(dialect: str) -> Upsert:
    p = t.profile
    return (
        insert(dialect, p)
        .values(name=bindparam("n"), created_at=bindparam("t", type_=p.c.created_at.type))
        .on_conflict_do_nothing(index_elements=[p.c.name])
    )


def profile_names(conn: Connection) -> list[str]:
    """Every stored profile name, oldest profile first."""
    p = t.profile
    return [str(n) for n in conn.execute(select(p.c.name).order_by(p.c.id)).scalars()]


def profile_id_if_ready(conn: Connection, name: str) -> int | None:
    """The id of profile ``name`` when it exists and has a state row for every card."""
    find, missing = _profile_stmts()
    pid = conn.execute(find, {"n": name}).scalar()
    if pid is None or conn.execute(missing, {"p": pid}).scalar():
        return None
    return int(pid)


def ensure_profile(conn: Connection, name: str, now: datetime) -> int:
    """Create profile ``name`` if needed (another process may do it at the same moment) and
    give it a NEW state row for every card that has none; its id."""
    find, _ = _profile_stmts()
    conn.execute(_new_profile_stmt(conn.dialect.name), {"n": name, "t": now})
    pid = int(conn.execute(find, {"n": name}).scalar_one())
    fill_states(conn, pid)
    return pid


def fill_states(conn: Connection, profile_id: int) -> None:
    """Give the profile a NEW state row for every card that has none."""
    conn.execute(_fill_stmt(conn.dialect.name), {"p": profile_id})


# ---------------------------------------------------------------------------- the store


class CardStore(SettingsStore):
    """Decks and cards (shared by every profile), read from the database; the deck sync."""

    def stored_decks(self, *, with_cards: bool) -> StoredDecks:
        """The stored decks (and their cards) as the sync plan sees them."""
        from cyberquiz.storage.sync import stored_decks

        with self._read() as conn:
            return stored_decks(conn, with_cards=with_cards)

    def apply_sync(self, plan: SyncPlan) -> None:
        """Write a deck sync plan (``services/sync.py``) in one transaction; counts go into
        ``plan.report``."""
        from cyberquiz.storage.sync import write_plan

        counts = ("added", "updated", "retired", "restored")
        before = [getattr(plan.report, name) for name in counts]

        def attempt() -> None:
            # a retried attempt counts from the start again (the rolled-back one counted too)
            for name, value in zip(counts, before, strict=True):
                setattr(plan.report, name, value)
            with self._write() as conn:
                write_plan(conn, plan, self.clock())

        retrying(self.location, attempt)
        if plan.report.changed:
            self._card_cache.clear()
            self._pk_cache.clear()

    def _card_from_row(self, r: Row[*tuple[Any, ...]]) -> Card:
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
            deck_rows, card_rows = deck_and_card_rows(conn)
        by_deck: dict[str, list[Row[str, str, str, str]]] = {}
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
            r = card_body(conn, card_id)
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
            rows = card_rows(conn, deck_ids, tags, include_retired)
        return [self._card_from_row(r) for r in rows]

    def browse(self) -> list[BrowseRow]:
        """Every active card with its deck, state and latest answers (the card browser)."""
        from cyberquiz.storage.browse import browse_rows

        with self._read() as conn:
            return browse_rows(conn, self.profile_id, self._card_from_row)
