"""Deck sync: YAML deck files in, card rows out, without losing anyone's progress.

Three steps: :func:`read_decks` reads the files through ``decks/`` (a file whose bytes hash as
stored is not parsed), :func:`plan_sync` decides what changes (pure, tested as a table), and
:func:`apply` writes the plan through the storage facade in one transaction.

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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cyberquiz.storage.sync import DeckToStore, StoredDecks, SyncPlan, SyncReport

if TYPE_CHECKING:
    from cyberquiz.core.cards import Deck
    from cyberquiz.decks.loader import Problem
    from cyberquiz.storage.repository import Repository


@dataclass(frozen=True)
class LoadedFile:
    """One deck file as read: ``deck`` is ``None`` when unchanged (not parsed) or failed."""

    path: str
    content_hash: str = ""
    deck: Deck | None = None
    problems: tuple[Problem, ...] = ()
    failed: bool = False
    parsed: bool = False


@dataclass(frozen=True)
class LoadedDecks:
    """The deck files of one sync, the folders and files it covers, and paths not found."""

    files: tuple[LoadedFile, ...] = ()
    scopes: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def parsed(self) -> bool:
        return any(f.parsed for f in self.files)


#: A deck folder's glossary (decks.loader.GLOSSARY_NAME): read with the decks, not a deck.
GLOSSARY_NAME = "glossary.yaml"


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
                    if p.suffix in (".yaml", ".yml")
                    and p.is_file()
                    and not p.name.startswith(".")
                    and p.name != GLOSSARY_NAME  # read with the decks, not a deck
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


def read_decks(paths: Sequence[Path], stored: StoredDecks) -> LoadedDecks:
    """Read the deck files under ``paths``; parse only those whose bytes changed."""
    from cyberquiz.decks.loader import deck_digest, load_deck_bytes, read_deck_bytes

    files, scopes, missing = deck_files(paths)
    hashes = {d.path: d.content_hash for d in stored.decks.values() if not d.retired}
    out: list[LoadedFile] = []
    for path in files:
        key = str(path)
        data = read_deck_bytes(path)  # size checked before reading: a 500 MB file costs nothing
        if not isinstance(data, bytes):
            out.append(LoadedFile(key, problems=(data,), failed=True))
            continue
        digest = deck_digest(path, data)  # the glossary beside it counts too
        if hashes.get(key) == digest:
            out.append(LoadedFile(key, digest))
            continue
        load = load_deck_bytes(path, data)
        failed = load.deck is None or any(p.severity == "error" for p in load.problems)
        out.append(
            LoadedFile(
                key, digest, None if failed else load.deck, tuple(load.problems), failed, True
            )
        )
    return LoadedDecks(tuple(out), tuple(map(str, scopes)), tuple(map(str, missing)))


def _problem(path: str, line: int, message: str) -> Problem:
    from cyberquiz.decks.loader import Problem

    return Problem(path=path, line=line, column=1, severity="error", message=message)


def _in_scope(stored_path: str, scopes: Sequence[str]) -> bool:
    p = Path(stored_path)
    return any(p == Path(s) or p.parent == Path(s) for s in scopes)


def vanished_decks(stored: StoredDecks, loaded: LoadedDecks) -> set[str]:
    """Ids of active decks whose file is gone from a folder or file synced this time."""
    seen = {f.path for f in loaded.files}
    return {
        d.id
        for d in stored.decks.values()
        if not d.retired and _in_scope(d.path, loaded.scopes) and d.path not in seen
    }


@dataclass
class _Claims:
    decks: dict[str, str] = field(default_factory=dict)  # deck id -> path
    cards: dict[str, str] = field(default_factory=dict)  # card id -> path


def plan_sync(stored: StoredDecks, loaded: LoadedDecks) -> SyncPlan:
    """What to write for ``loaded`` over ``stored``: pure, see the module docstring for rules.

    Args:
        stored: the stored decks, with their cards when any file was parsed.
        loaded: the files read by :func:`read_decks`.

    Returns:
        The decks to store, the decks to retire, and the report so far (problems, skipped and
        unchanged files; the card counts are filled in when the plan is applied).
    """
    plan = SyncPlan()
    report = plan.report
    for path in loaded.missing:
        report.problems.append(_problem(path, 0, "no such file or folder"))
        report.failed_files.append(path)
    by_path = {d.path: d for d in stored.decks.values() if not d.retired}
    claims = _Claims()
    seen_paths = {f.path for f in loaded.files}
    parsed: list[LoadedFile] = []
    for item in loaded.files:
        report.problems.extend(item.problems)
        if item.failed:
            report.failed_files.append(item.path)
            if item.parsed:
                report.parsed_files += 1
            continue
        if not item.parsed:
            report.unchanged_files += 1
            claims.decks[by_path[item.path].id] = item.path
            continue
        report.parsed_files += 1
        parsed.append(item)

    vanished = vanished_decks(stored, loaded)
    if not parsed and not vanished:
        return plan  # the warm start: nothing parsed, nothing to write
    cards = stored.cards or {}
    for card_id, row in cards.items():
        if not row.retired and row.deck_id in claims.decks:
            claims.cards[card_id] = claims.decks[row.deck_id]

    # Decks synced from these paths this time (unchanged or parsed); used for collision checks.
    touched = set(claims.decks) | {p.deck.id for p in parsed if p.deck is not None}
    good: list[DeckToStore] = []
    for item in parsed:
        deck = item.deck
        assert deck is not None
        clash = _clash(item.path, deck, stored, claims, touched, vanished, seen_paths)
        if clash is not None:
            report.problems.append(clash)
            report.failed_files.append(item.path)
            continue
        claims.decks[deck.id] = item.path
        for card in deck.cards:
            claims.cards[card.id] = item.path
        good.append(DeckToStore(item.path, item.content_hash, deck))

    # Decks whose file now holds another deck id are gone too.
    for one in good:
        old = by_path.get(one.path)
        if old is not None and old.id != one.deck.id:
            vanished.add(old.id)
    vanished -= {one.deck.id for one in good}
    failed = set(report.failed_files)
    plan.retire = {d for d in vanished if stored.decks[d].path not in failed}
    plan.decks = good
    return plan


def _clash(
    path: str,
    deck: Deck,
    stored: StoredDecks,
    claims: _Claims,
    touched: set[str],
    vanished: set[str],
    seen_paths: set[str],
) -> Problem | None:
    """Why ``deck`` (from ``path``) may not be stored: a deck id or card id used elsewhere."""
    if deck.id in claims.decks and claims.decks[deck.id] != path:
        return _problem(path, 1, f"deck id {deck.id!r} is already used by {claims.decks[deck.id]}")
    other_deck = stored.decks.get(deck.id)
    if other_deck is not None and not other_deck.retired:
        other = other_deck.path
        if other != path and other not in seen_paths and deck.id not in vanished:
            return _problem(path, 1, f"deck id {deck.id!r} is already used by {other}")
    cards = stored.cards or {}
    for card in deck.cards:
        line = card.origin.line if card.origin else 0
        owner = claims.cards.get(card.id)
        if owner is not None and owner != path:
            return _problem(path, line, f"card id {card.id!r} is already used in {owner}")
        stored_card = cards.get(card.id)
        if (
            stored_card is not None
            and not stored_card.retired
            and stored_card.deck_id != deck.id
            and stored_card.deck_id not in touched
            and stored_card.deck_id not in vanished
        ):
            other = stored.decks[stored_card.deck_id].path
            return _problem(path, line, f"card id {card.id!r} is already used in {other}")
    return None


def apply(plan: SyncPlan, repo: Repository) -> SyncReport:
    """Write ``plan`` through the storage facade (nothing when it writes nothing); the report."""
    if plan.writes:
        repo.apply_sync(plan)
    return plan.report


def sync_decks(repo: Repository, paths: Sequence[Path]) -> SyncReport:
    """Sync deck files and folders into ``repo``'s database: read, plan, apply.

    Args:
        repo: the open repository.
        paths: deck files and folders.

    Returns:
        What changed, and every problem found.
    """
    if not repo.writes_decks:  # a class server's student: the instructors sync the decks
        return SyncReport()
    stored = repo.stored_decks(with_cards=False)
    loaded = read_decks(paths, stored)
    if loaded.parsed or vanished_decks(stored, loaded):
        stored = repo.stored_decks(with_cards=True)
    return apply(plan_sync(stored, loaded), repo)
