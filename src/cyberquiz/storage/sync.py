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
    from sqlalchemy import text

    from cyberquiz.decks.loader import file_hash, load_deck_bytes
    from cyberquiz.storage.engine import reader

    report = SyncReport()
    files, scopes, missing = deck_files(paths)
    for path in missing:
        report.problems.append(_problem(path, 0, "no such file or folder"))
        report.failed_files.append(str(path))

    with reader(engine).connect() as conn:
        deck_rows = {
            r.id: r for r in conn.execute(text("SELECT id, path, content_hash, retired FROM deck"))
        }
    by_path = {r.path: r for r in deck_rows.values() if not r.retired}

    deck_claims: dict[str, str] = {}  # deck id -> path
    card_claims: dict[str, str] = {}  # card id -> path
    seen_paths: set[str] = set()
    parsed: list[_Parsed] = []
    for path in files:
        key = str(path)
        seen_paths.add(key)
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.problems.append(_problem(path, 0, f"cannot read the file: {exc.strerror}"))
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
            for r in conn.execute(text("SELECT id, card_id, deck_id, retired FROM card"))
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


def _executemany(conn: Connection, sql: str, rows: list[dict[str, Any]]) -> None:
    """Run ``sql`` for many rows. On SQLite, straight through the DBAPI cursor: SQLAlchemy's
    per-row parameter processing was half the store time of a 10,000-card first sync."""
    from sqlalchemy import text

    if not rows:
        return
    if conn.dialect.name == "sqlite":
        cursor = conn.connection.cursor()
        try:
            cursor.executemany(sql, rows)
        finally:
            cursor.close()
    else:
        conn.execute(text(sql), rows)


def _apply(
    conn: Connection,
    good: list[_Parsed],
    vanished: set[str],
    now: datetime,
    report: SyncReport,
) -> None:
    from sqlalchemy import text

    from cyberquiz.core.serialize import card_to_dict
    from cyberquiz.storage.types import to_sql_text

    stamp = to_sql_text(now)
    # Read again inside the write transaction: another process may have synced meanwhile.
    existing = {
        r.card_id: r
        for r in conn.execute(text("SELECT id, card_id, deck_id, retired, content_hash FROM card"))
    }
    decks_now = {r.id for r in conn.execute(text("SELECT id FROM deck"))}
    next_pk = int(conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM card")).scalar_one()) + 1
    first_new_pk = next_pk

    deck_rows: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []
    retag: list[dict[str, Any]] = []
    keep: dict[str, set[str]] = {}
    for item in good:
        deck = item.deck
        deck_rows.append(
            {
                "id": deck.id,
                "title": deck.title,
                "description": deck.description,
                "source": deck.source,
                "tags": json.dumps(list(deck.tags)),
                "path": str(item.path),
                "origin_line": deck.origin.line if deck.origin else None,
                "content_hash": item.content_hash,
                "synced_at": stamp,
            }
        )
        keep[deck.id] = {c.id for c in deck.cards}
        for position, card in enumerate(deck.cards):
            body = json.dumps(card_to_dict(card), ensure_ascii=False, separators=(",", ":"))
            row = {
                "card_id": card.id,
                "deck_id": deck.id,
                "kind": str(card.kind),
                "content_hash": deck.card_hashes.get(card.id) or _card_hash(body),
                "body": body,
                "origin_path": card.origin.path if card.origin else str(item.path),
                "origin_line": card.origin.line if card.origin else None,
                "position": position,
            }
            old = existing.get(card.id)
            if old is None:
                row["id"] = next_pk
                next_pk += 1
                inserts.append(row)
                report.added += 1
            else:
                row["id"] = old.id
                updates.append(row)
                if old.retired:
                    report.restored += 1
                elif old.content_hash != row["content_hash"] or old.deck_id != deck.id:
                    report.updated += 1
                retag.append({"pk": old.id})
            tags.extend({"card_pk": row["id"], "tag": t} for t in dict.fromkeys(card.tags))

    for row in deck_rows:
        if row["id"] in decks_now:
            conn.execute(
                text(
                    "UPDATE deck SET title = :title, description = :description, "
                    "source = :source, tags = :tags, path = :path, origin_line = :origin_line, "
                    "content_hash = :content_hash, retired = 0, synced_at = :synced_at "
                    "WHERE id = :id"
                ),
                row,
            )
        else:
            conn.execute(
                text(
                    "INSERT INTO deck (id, title, description, source, tags, path, origin_line, "
                    "content_hash, retired, synced_at) VALUES (:id, :title, :description, "
                    ":source, :tags, :path, :origin_line, :content_hash, 0, :synced_at)"
                ),
                row,
            )
    _executemany(
        conn,
        "INSERT INTO card (id, card_id, deck_id, kind, content_hash, body, retired, "
        "origin_path, origin_line, position) VALUES (:id, :card_id, :deck_id, :kind, "
        ":content_hash, :body, 0, :origin_path, :origin_line, :position)",
        inserts,
    )
    _executemany(
        conn,
        "UPDATE card SET deck_id = :deck_id, kind = :kind, content_hash = :content_hash, "
        "body = :body, retired = 0, origin_path = :origin_path, "
        "origin_line = :origin_line, position = :position WHERE id = :id",
        updates,
    )
    _executemany(conn, "DELETE FROM card_tag WHERE card_pk = :pk", retag)
    _executemany(conn, "INSERT INTO card_tag (card_pk, tag) VALUES (:card_pk, :tag)", tags)
    # Cards no longer in their deck's file are retired (unless another deck took them above).
    for deck_id, ids in keep.items():
        gone = [
            {"id": r.id}
            for r in existing.values()
            if r.deck_id == deck_id
            and not r.retired
            and r.card_id not in ids
            and not any(r.card_id in other for d, other in keep.items() if d != deck_id)
        ]
        if gone:
            conn.execute(text("UPDATE card SET retired = 1 WHERE id = :id"), gone)
            report.retired += len(gone)
    for deck_id in sorted(vanished):
        result = conn.execute(
            text("UPDATE card SET retired = 1 WHERE deck_id = :d AND retired = 0"), {"d": deck_id}
        )
        report.retired += result.rowcount or 0
        conn.execute(text("UPDATE deck SET retired = 1 WHERE id = :d"), {"d": deck_id})
    if inserts:
        # Every profile gets a NEW state row for each new card (see tables.py).
        conn.execute(
            text(
                "INSERT INTO card_state (profile_id, card_pk, phase, step, lapses, reps, "
                "suspended, flagged) SELECT p.id, c.id, 0, 0, 0, 0, 0, 0 "
                "FROM profile p, card c WHERE c.id >= :first"
            ),
            {"first": first_new_pk},
        )
