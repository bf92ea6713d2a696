"""Deck sync, the storage side: what is stored, and writing a plan in one transaction.

The rules live with the plan (``services/sync.py``, pure); this module reads the stored decks
and cards for it and writes a :class:`SyncPlan`: everything that changes in one write
transaction (``BEGIN IMMEDIATE`` on SQLite; on a server, serialized with other syncs by
``engine.serialize_writers``), so a crash leaves the last sync whole.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Delete, Select, Update
    from sqlalchemy.engine import Connection

    from cyberquiz.core.cards import Deck
    from cyberquiz.decks.loader import Problem
    from cyberquiz.storage.dialect import Upsert


@dataclass
class SyncReport:
    """What a sync did. Counts are of cards; ``failed_files`` are deck files that were skipped."""

    added: int = 0
    updated: int = 0
    retired: int = 0
    restored: int = 0
    unchanged_files: int = 0
    problems: list[Problem] = field(default_factory=list)
    failed_files: list[str] = field(default_factory=list)
    parsed_files: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.retired or self.restored)

    def summary(self) -> str:
        """One line for people: ``3 added, 1 updated, 0 retired, 0 restored; 2 files unchanged``."""
        text = (
            f"{self.added} added, {self.updated} updated, {self.retired} retired, "
            f"{self.restored} restored; {self.unchanged_files} files unchanged"
        )
        if self.failed_files:
            text += f"; {len(self.failed_files)} files skipped because of errors"
        return text


@dataclass(frozen=True, slots=True)
class StoredDeck:
    """A deck row as the plan sees it."""

    id: str
    path: str
    content_hash: str
    retired: bool


@dataclass(frozen=True, slots=True)
class StoredCard:
    """A card row as the plan sees it."""

    card_id: str
    deck_id: str
    retired: bool


@dataclass(frozen=True)
class StoredDecks:
    """Every stored deck by id, and (when read) every stored card by id."""

    decks: dict[str, StoredDeck] = field(default_factory=dict)
    cards: dict[str, StoredCard] | None = None


@dataclass(frozen=True, slots=True)
class DeckToStore:
    """A deck file to write: its resolved path, its bytes' hash and the deck it holds."""

    path: str
    content_hash: str
    deck: Deck


@dataclass
class SyncPlan:
    """What a sync will write (``decks``, ``retire``) and what it already knows to report."""

    decks: list[DeckToStore] = field(default_factory=list)
    #: Ids of decks whose file is gone: they and their cards are retired.
    retire: set[str] = field(default_factory=set)
    report: SyncReport = field(default_factory=SyncReport)

    @property
    def writes(self) -> bool:
        return bool(self.decks or self.retire)


def stored_decks(conn: Connection, *, with_cards: bool) -> StoredDecks:
    """The stored decks, and their cards when ``with_cards`` (a warm start needs only decks)."""
    from sqlalchemy import select

    from cyberquiz.storage import columns as t

    d, c = t.deck, t.card
    decks = {
        r.id: StoredDeck(r.id, r.path, r.content_hash, bool(r.retired))
        for r in conn.execute(select(d.c.id, d.c.path, d.c.content_hash, d.c.retired))
    }
    if not with_cards:
        return StoredDecks(decks)
    cards = {
        r.card_id: StoredCard(r.card_id, r.deck_id, bool(r.retired))
        for r in conn.execute(select(c.c.card_id, c.c.deck_id, c.c.retired))
    }
    return StoredDecks(decks, cards)


def _card_hash(body: str) -> str:
    return hashlib.blake2b(body.encode(), digest_size=16).hexdigest()


def write_plan(conn: Connection, plan: SyncPlan, now: datetime) -> None:
    """Write ``plan`` in ``conn``'s transaction; the card counts go into ``plan.report``."""
    _apply(conn, plan.decks, plan.retire, now, plan.report)


@dataclass(frozen=True)
class _Statements:
    """The sync's writes, built once per database type."""

    upsert_deck: Upsert
    insert_card: Upsert
    update_card: Update
    untag: Delete
    tag: Upsert
    retire_card: Update
    retire_deck_cards: Update
    retire_deck: Update
    card_ids: Select[str, int]
    fill_states: Upsert


@functools.cache
def _statements(dialect: str) -> _Statements:
    from sqlalchemy import bindparam, false, literal, select, true

    from cyberquiz.storage import columns as t
    from cyberquiz.storage.dialect import insert

    card, deck, tag, state, profile = t.card, t.deck, t.card_tag, t.card_state, t.profile
    upsert = insert(dialect, deck)
    deck_columns = [col.name for col in deck.columns if col.name != "id"]
    card_columns = [col.name for col in card.columns if col.name not in ("id", "card_id")]
    missing = ~(
        select(literal(1))
        .where(state.c.profile_id == profile.c.id, state.c.card_pk == card.c.id)
        .exists()
    )
    new_state = ["profile_id", "card_pk", "phase", "step", "lapses", "reps", "suspended", "flagged"]
    return _Statements(
        upsert_deck=upsert.on_conflict_do_update(
            index_elements=[deck.c.id], set_={k: upsert.excluded[k] for k in deck_columns}
        ),
        # Ids come from the database; a card another process added meanwhile is kept as is.
        insert_card=insert(dialect, card).on_conflict_do_nothing(index_elements=[card.c.card_id]),
        update_card=card.update()
        .where(card.c.id == bindparam("pk"))
        .values({k: bindparam(k) for k in card_columns}),
        untag=tag.delete().where(tag.c.card_pk == bindparam("pk")),
        tag=insert(dialect, tag).on_conflict_do_nothing(index_elements=[tag.c.card_pk, tag.c.tag]),
        retire_card=card.update().where(card.c.id == bindparam("pk")).values(retired=True),
        retire_deck_cards=card.update()
        .where(card.c.deck_id == bindparam("d"), card.c.retired == false())
        .values(retired=True),
        retire_deck=deck.update().where(deck.c.id == bindparam("d")).values(retired=True),
        card_ids=select(card.c.card_id, card.c.id),
        # Every profile gets a NEW state row for each new card (see tables.py).
        fill_states=insert(dialect, state)
        .from_select(
            new_state,
            select(
                profile.c.id,
                card.c.id,
                literal(0),
                literal(0),
                literal(0),
                literal(0),
                false(),
                false(),
            )
            .select_from(profile.join(card, true()))
            .where(missing),
        )
        .on_conflict_do_nothing(index_elements=[state.c.profile_id, state.c.card_pk]),
    )


#: Card bodies as compact JSON; one encoder (``json.dumps`` with options builds one per call).
_BODY = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _apply(
    conn: Connection,
    good: list[DeckToStore],
    vanished: set[str],
    now: datetime,
    report: SyncReport,
) -> None:
    from sqlalchemy import select

    from cyberquiz.core.serialize import card_to_dict
    from cyberquiz.storage import columns as t
    from cyberquiz.storage.dialect import executemany
    from cyberquiz.storage.engine import serialize_writers

    serialize_writers(conn)
    sql = _statements(conn.dialect.name)
    card = t.card
    # Read again inside the write transaction: another process may have synced meanwhile.
    existing = {
        r.card_id: r
        for r in conn.execute(
            select(card.c.id, card.c.card_id, card.c.deck_id, card.c.retired, card.c.content_hash)
        )
    }

    deck_rows: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    tags: dict[str, list[str]] = {}
    keep: dict[str, set[str]] = {}
    for item in good:
        deck_obj = item.deck
        deck_rows.append(
            {
                "id": deck_obj.id,
                "title": deck_obj.title,
                "description": deck_obj.description,
                "source": deck_obj.source,
                "tags": json.dumps(list(deck_obj.tags)),
                "path": str(item.path),
                "origin_line": deck_obj.origin.line if deck_obj.origin else None,
                "content_hash": item.content_hash,
                "retired": False,
                "synced_at": now,
            }
        )
        keep[deck_obj.id] = {c.id for c in deck_obj.cards}
        for position, one in enumerate(deck_obj.cards):
            body = _BODY.encode(card_to_dict(one))
            row: dict[str, Any] = {
                "card_id": one.id,
                "deck_id": deck_obj.id,
                "kind": str(one.kind),
                "content_hash": deck_obj.card_hashes.get(one.id) or _card_hash(body),
                "body": body,
                "retired": False,
                "origin_path": one.origin.path if one.origin else str(item.path),
                "origin_line": one.origin.line if one.origin else None,
                "position": position,
            }
            old = existing.get(one.id)
            if old is None:
                inserts.append(row)
                report.added += 1
            else:
                update = {**row, "pk": old.id}
                del update["card_id"]  # the key, not a column to set
                updates.append(update)
                if old.retired:
                    report.restored += 1
                elif old.content_hash != row["content_hash"] or old.deck_id != deck_obj.id:
                    report.updated += 1
            tags[one.id] = list(dict.fromkeys(one.tags))

    if deck_rows:
        conn.execute(sql.upsert_deck, deck_rows)  # few rows, with a time: the typed path
    # Many rows of plain values: straight to the driver's executemany (dialect.executemany).
    executemany(conn, sql.insert_card, inserts)
    executemany(conn, sql.update_card, updates)
    pks = {cid: r.id for cid, r in existing.items()}
    if inserts:
        pks.update((r.card_id, r.id) for r in conn.execute(sql.card_ids))
    executemany(conn, sql.untag, [{"pk": existing[cid].id} for cid in tags if cid in existing])
    tag_rows = [{"card_pk": pks[cid], "tag": name} for cid, names in tags.items() for name in names]
    executemany(conn, sql.tag, tag_rows)
    # Cards no longer in their deck's file are retired (unless another deck took them above).
    for deck_id, ids in keep.items():
        gone = [
            {"pk": r.id}
            for r in existing.values()
            if r.deck_id == deck_id
            and not r.retired
            and r.card_id not in ids
            and not any(r.card_id in other for d, other in keep.items() if d != deck_id)
        ]
        if gone:
            executemany(conn, sql.retire_card, gone)
            report.retired += len(gone)
    for deck_id in sorted(vanished):
        result = conn.execute(sql.retire_deck_cards, {"d": deck_id})
        report.retired += result.rowcount or 0
        conn.execute(sql.retire_deck, {"d": deck_id})
    if inserts:
        conn.execute(sql.fill_states)
