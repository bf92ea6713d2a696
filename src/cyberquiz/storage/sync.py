"""Deck sync, the storage side: what is stored, and writing a plan in one transaction.

The rules live with the plan (``services/sync.py``, pure); this module reads the stored decks
and cards for it and writes a :class:`SyncPlan`: everything that changes in one write
transaction (``BEGIN IMMEDIATE`` on SQLite; on a server, serialized with other syncs by
``engine.serialize_writers``), so a crash leaves the last sync whole.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from cyberquiz.core.cards import Deck
    from cyberquiz.decks.loader import Problem


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


def _apply(
    conn: Connection,
    good: list[DeckToStore],
    vanished: set[str],
    now: datetime,
    report: SyncReport,
) -> None:
    from sqlalchemy import bindparam, false, literal, select, true

    from cyberquiz.core.serialize import card_to_dict
    from cyberquiz.storage import columns as t
    from cyberquiz.storage.dialect import insert
    from cyberquiz.storage.engine import serialize_writers

    serialize_writers(conn)
    dialect = conn.dialect.name
    card, deck, tag = t.card, t.deck, t.card_tag
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
            body = json.dumps(card_to_dict(one), ensure_ascii=False, separators=(",", ":"))
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
                updates.append({**row, "pk": old.id})
                if old.retired:
                    report.restored += 1
                elif old.content_hash != row["content_hash"] or old.deck_id != deck_obj.id:
                    report.updated += 1
            tags[one.id] = list(dict.fromkeys(one.tags))

    if deck_rows:
        upsert = insert(dialect, deck)
        columns = [k for k in deck_rows[0] if k != "id"]
        conn.execute(
            upsert.on_conflict_do_update(
                index_elements=[deck.c.id], set_={k: upsert.excluded[k] for k in columns}
            ),
            deck_rows,
        )
    if inserts:
        # Ids come from the database; a card another process added meanwhile is kept as is.
        conn.execute(
            insert(dialect, card).on_conflict_do_nothing(index_elements=[card.c.card_id]),
            inserts,
        )
    if updates:
        conn.execute(
            card.update()
            .where(card.c.id == bindparam("pk"))
            .values({k: bindparam(k) for k in updates[0] if k not in ("pk", "card_id")}),
            updates,
        )
    pks = {
        r.card_id: r.id
        for r in conn.execute(
            select(card.c.id, card.c.card_id).where(
                card.c.card_id.in_(bindparam("ids", expanding=True))
            ),
            {"ids": list(tags)},
        )
    }
    retag = [{"pk": existing[cid].id} for cid in tags if cid in existing]
    if retag:
        conn.execute(tag.delete().where(tag.c.card_pk == bindparam("pk")), retag)
    tag_rows = [{"card_pk": pks[cid], "tag": name} for cid, names in tags.items() for name in names]
    if tag_rows:
        conn.execute(
            insert(dialect, tag).on_conflict_do_nothing(index_elements=[tag.c.card_pk, tag.c.tag]),
            tag_rows,
        )
    # Cards no longer in their deck's file are retired (unless another deck took them above).
    retire = card.update().where(card.c.id == bindparam("pk")).values(retired=True)
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
            conn.execute(retire, gone)
            report.retired += len(gone)
    for deck_id in sorted(vanished):
        result = conn.execute(
            card.update()
            .where(card.c.deck_id == deck_id, card.c.retired == false())
            .values(retired=True)
        )
        report.retired += result.rowcount or 0
        conn.execute(deck.update().where(deck.c.id == deck_id).values(retired=True))
    if inserts:
        # Every profile gets a NEW state row for each new card (see tables.py).
        state, profile = t.card_state, t.profile
        missing = ~(
            select(literal(1))
            .where(state.c.profile_id == profile.c.id, state.c.card_pk == card.c.id)
            .exists()
        )
        conn.execute(
            insert(dialect, state)
            .from_select(
                [
                    "profile_id",
                    "card_pk",
                    "phase",
                    "step",
                    "lapses",
                    "reps",
                    "suspended",
                    "flagged",
                ],
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
            .on_conflict_do_nothing(index_elements=[state.c.profile_id, state.c.card_pk])
        )
