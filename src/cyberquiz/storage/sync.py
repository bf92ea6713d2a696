"""Deck sync: YAML deck files in, card rows out, without losing anyone's progress.

Rules (issue 4):

- A file whose bytes hash the same as at the last sync is **not parsed** (a warm start pays no
  YAML parse); its cards are already in the database as JSON.
- New cards are added; a card whose text changed keeps its progress (same id, same database row).
- A card removed from its file is retired: its history stays, it is no longer scheduled. If it
  comes back (in any deck) it is restored with its progress.
- A deck file that is gone (its path is inside a synced folder, or is a synced file) retires its
  deck and cards. Decks from folders not synced this time are left alone.
- A deck that fails validation, or that reuses a deck id or card id of another deck, is
  reported (``problems``, ``failed_files``) and skipped: nothing stored for it changes, and the
  other decks still load.

Everything that changes is written in one ``BEGIN IMMEDIATE`` transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

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


def deck_files(paths: Sequence[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """Files to sync, folders and single files given, and paths that do not exist.

    Folders give their ``*.yaml`` / ``*.yml`` files, sorted, hidden ones (editor backups) skipped,
    not recursive: the same files as ``decks.loader.deck_files``.
    """
    files: list[Path] = []
    folders: list[Path] = []
    singles: list[Path] = []
    missing: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser().resolve()
        if path.is_dir():
            folders.append(path)
            files.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.suffix in (".yaml", ".yml") and p.is_file() and not p.name.startswith(".")
                )
            )
        elif path.is_file():
            singles.append(path)
            files.append(path)
        else:
            missing.append(path)
    seen: set[Path] = set()
    unique = [f for f in files if not (f in seen or seen.add(f))]  # type: ignore[func-returns-value]
    return unique, folders + singles, missing


def _in_scope(stored_path: str, scopes: list[Path]) -> bool:
    p = Path(stored_path)
    return any(p == s or p.parent == s for s in scopes)


def _problem(path: Path | str, line: int, message: str) -> Problem:
    from cyberquiz.decks.loader import Problem

    return Problem(path=str(path), line=line, column=1, severity="error", message=message)


def _card_hash(body: str) -> str:
    return hashlib.blake2b(body.encode(), digest_size=16).hexdigest()


@dataclass
class _Parsed:
    path: Path
    content_hash: str
    deck: Deck


def sync_decks(engine: Engine, paths: Sequence[Path], now: datetime) -> SyncReport:
    """Sync deck files into the database at ``engine``. See the module docstring for the rules."""
    from sqlalchemy import select

    from cyberquiz.decks.loader import file_hash, load_deck_bytes, read_deck_bytes
    from cyberquiz.storage import columns as t
    from cyberquiz.storage.engine import reader

    report = SyncReport()
    files, scopes, missing = deck_files(paths)
    for path in missing:
        report.problems.append(_problem(path, 0, "no such file or folder"))
        report.failed_files.append(str(path))

    with reader(engine).connect() as conn:
        deck_rows = {
            r.id: r
            for r in conn.execute(
                select(t.deck.c.id, t.deck.c.path, t.deck.c.content_hash, t.deck.c.retired)
            )
        }
    by_path = {r.path: r for r in deck_rows.values() if not r.retired}

    deck_claims: dict[str, str] = {}  # deck id -> path
    card_claims: dict[str, str] = {}  # card id -> path
    seen_paths: set[str] = set()
    parsed: list[_Parsed] = []
    for path in files:
        key = str(path)
        seen_paths.add(key)
        data = read_deck_bytes(path)  # size checked before reading: a 500 MB file costs nothing
        if not isinstance(data, bytes):
            report.problems.append(data)
            report.failed_files.append(key)
            continue
        digest = file_hash(data)
        stored = by_path.get(key)
        if stored is not None and stored.content_hash == digest:
            report.unchanged_files += 1
            deck_claims[stored.id] = key
            continue
        load = load_deck_bytes(path, data)
        report.parsed_files += 1
        errors = [p for p in load.problems if p.severity == "error"]
        report.problems.extend(load.problems)
        if load.deck is None or errors:
            report.failed_files.append(key)
            continue
        parsed.append(_Parsed(path, digest, load.deck))

    vanished_decks = {
        r.id
        for r in deck_rows.values()
        if not r.retired and _in_scope(r.path, scopes) and r.path not in seen_paths
    }
    if not parsed and not vanished_decks:
        return report  # the warm start: nothing parsed, nothing to write
    with reader(engine).connect() as conn:
        card_rows = {
            r.card_id: r
            for r in conn.execute(
                select(t.card.c.id, t.card.c.card_id, t.card.c.deck_id, t.card.c.retired)
            )
        }
    for card_id, row in card_rows.items():
        if not row.retired and row.deck_id in deck_claims:
            card_claims[card_id] = deck_claims[row.deck_id]

    # Decks synced from these paths this time (unchanged or parsed); used for collision checks.
    touched_decks = set(deck_claims) | {p.deck.id for p in parsed}
    good: list[_Parsed] = []
    for item in parsed:
        key = str(item.path)
        deck = item.deck
        clash: Problem | None = None
        if deck.id in deck_claims and deck_claims[deck.id] != key:
            clash = _problem(
                item.path, 1, f"deck id {deck.id!r} is already used by {deck_claims[deck.id]}"
            )
        elif deck.id in deck_rows and not deck_rows[deck.id].retired:
            other = deck_rows[deck.id].path
            if other != key and other not in seen_paths and deck.id not in vanished_decks:
                clash = _problem(item.path, 1, f"deck id {deck.id!r} is already used by {other}")
        if clash is None:
            for card in deck.cards:
                line = card.origin.line if card.origin else 0
                owner = card_claims.get(card.id)
                if owner is not None and owner != key:
                    clash = _problem(
                        item.path, line, f"card id {card.id!r} is already used in {owner}"
                    )
                    break
                stored_card = card_rows.get(card.id)
                if (
                    stored_card is not None
                    and not stored_card.retired
                    and stored_card.deck_id != deck.id
                    and stored_card.deck_id not in touched_decks
                    and stored_card.deck_id not in vanished_decks
                ):
                    other = deck_rows[stored_card.deck_id].path
                    clash = _problem(
                        item.path, line, f"card id {card.id!r} is already used in {other}"
                    )
                    break
        if clash is not None:
            report.problems.append(clash)
            report.failed_files.append(key)
            continue
        deck_claims[deck.id] = key
        for card in deck.cards:
            card_claims[card.id] = key
        good.append(item)

    # Decks whose file now holds another deck id are gone too.
    for item in good:
        old = by_path.get(str(item.path))
        if old is not None and old.id != item.deck.id:
            vanished_decks.add(old.id)
    vanished_decks -= {item.deck.id for item in good}
    failed = set(report.failed_files)
    vanished_decks = {d for d in vanished_decks if deck_rows[d].path not in failed}

    if good or vanished_decks:
        with engine.begin() as conn:
            _apply(conn, good, vanished_decks, now, report)
    return report


def _apply(
    conn: Connection,
    good: list[_Parsed],
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
