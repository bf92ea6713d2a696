"""Load deck files: YAML in, :class:`~cyberquiz.core.cards.Deck` out, every problem located.

Public API::

    load_deck_file(path) -> DeckLoad(deck, problems)
    read_deck_bytes(path) -> bytes | Problem                  # size checked before reading
    load_deck_bytes(path, data) -> DeckLoad
    load_paths(paths) -> LoadReport(decks, problems, files)   # folders -> *.yaml, *.yml
    file_hash(data) -> str
    Problem(path, line, column, severity, message)             # str(): path:line:col: sev: msg
    DeckError(problems)                                        # DeckLoad.require() raises it

A deck with any error has ``deck is None``; warnings alone keep it. Nothing here raises for a
bad file: every failure, including unreadable files, comes back as a :class:`Problem`.

This module imports neither yaml nor pydantic at import time (they are imported by the
first load), so ``import cyberquiz.decks`` stays cheap.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cyberquiz.core.cards import Deck
from cyberquiz.core.glossary import EMPTY as EMPTY_GLOSSARY
from cyberquiz.core.glossary import Glossary
from cyberquiz.decks.problems import DeckError, Problem, Severity, sort_key

if TYPE_CHECKING:
    from cyberquiz.decks.glossary import GlossaryLoad

__all__ = [
    "DeckError",
    "DeckLoad",
    "LoadReport",
    "Problem",
    "file_hash",
    "load_deck_bytes",
    "load_deck_file",
    "load_paths",
    "read_deck_bytes",
]

DECK_SUFFIXES = (".yaml", ".yml")
#: A deck folder's glossary: not a deck, read by the decks beside it.
GLOSSARY_NAME = "glossary.yaml"
INTERNAL_ERROR = "cyberquiz failed while checking this file"


def file_hash(data: bytes) -> str:
    """The sha256 hex digest of a file's bytes (``Deck.content_hash``)."""
    return hashlib.sha256(data).hexdigest()


class _SortsProblems:
    """``errors`` and ``warnings`` of a result's ``problems``, shared by the two results."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


@dataclass
class DeckLoad(_SortsProblems):
    """The outcome of loading one file: the deck (None on any error) and every problem."""

    deck: Deck | None
    problems: list[Problem]
    #: Line and column of each card id, for the duplicate check across decks.
    card_locations: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: How many entries the file's ``cards`` list has, loaded or not.
    card_count: int = 0
    #: Line and column of the deck's id.
    id_location: tuple[int, int] = (1, 1)

    def require(self) -> Deck:
        """The deck, or raise :class:`DeckError` with the problems.

        Raises:
            DeckError: the file has errors.
        """
        if self.deck is None:
            raise DeckError(self.problems)
        return self.deck


@dataclass
class LoadReport(_SortsProblems):
    """Decks loaded from files and folders; ``files`` are every file that was read."""

    decks: list[Deck]
    problems: list[Problem]
    files: list[str] = field(default_factory=list)
    #: Entries in the files' ``cards`` lists, including those of decks with errors.
    card_total: int = 0

    @property
    def card_count(self) -> int:
        return sum(len(d.cards) for d in self.decks)

    def raise_for_errors(self) -> None:
        """Raises: DeckError: any file had an error."""
        if self.errors:
            raise DeckError(self.problems)


def deck_digest(path: str | os.PathLike[str], data: bytes) -> str:
    """The content hash of a deck: its bytes' hash, with its glossary's when it has one.

    A glossary edit changes what the deck's cards accept, so it must count as a change.
    """
    glossary = _glossary_for(path)
    if glossary is None:
        return file_hash(data)
    return hashlib.sha256(data + b"\0" + glossary.digest.encode()).hexdigest()


def _glossary_for(path: str | os.PathLike[str]) -> GlossaryLoad | None:
    from cyberquiz.decks.glossary import glossary_beside  # deferred: pydantic models

    return glossary_beside(path) if os.path.exists(path) else None


def load_deck_bytes(
    path: str | os.PathLike[str], data: bytes, *, glossary: Glossary | None = None
) -> DeckLoad:
    """Validate a deck file's bytes and build the deck.

    Args:
        path: the file's name, used in problems and in each card's ``Origin``.
        data: the file's contents.
        glossary: the entities cards may refer to; by default the ``glossary.yaml`` beside
            the file, if any.

    Returns:
        The deck (None if any error) and all problems, sorted by position.
    """
    # Deferred: yaml and pydantic cost tens of milliseconds, and only loading needs them.
    from cyberquiz.decks import yamlstrict

    name = str(path)
    text, problems = yamlstrict.decode(name, data)
    if text is None:
        return DeckLoad(None, problems)
    digest = file_hash(data)
    if glossary is None:
        found = _glossary_for(path)
        if found is not None:
            glossary = found.glossary
            digest = deck_digest(path, data)
    return _load_text(name, text, data, glossary=glossary, digest=digest)


def _load_text(
    name: str,
    text: str,
    data: bytes,
    *,
    pure: bool = False,
    glossary: Glossary | None = None,
    digest: str | None = None,
) -> DeckLoad:
    from cyberquiz.decks import yamlstrict

    try:
        root, problems = yamlstrict.compose(name, text, pure=pure)
        if root is None:
            return DeckLoad(None, problems)
        from cyberquiz.decks.checks import build_deck
        from cyberquiz.decks.walk import Walker, control_problems

        walker = Walker(name)
        header, card_nodes = walker.deck(root)
        problems = walker.problems
        if "\\" in text:  # only an escape in a quoted string can make a control character
            problems.extend(control_problems(name, root))
        if header is None:
            return DeckLoad(None, problems)
        deck, locations = build_deck(
            name,
            root,
            header,
            card_nodes,
            problems,
            digest or file_hash(data),
            glossary or EMPTY_GLOSSARY,
        )
    except RecursionError:
        return DeckLoad(None, [Problem(name, 1, 1, "error", "the file nests too deeply")])
    except Exception as exc:  # a bug of ours must not become a user's traceback
        message = f"{INTERNAL_ERROR} ({type(exc).__name__}: {exc}); please report it"
        return DeckLoad(None, [Problem(name, 1, 1, "error", message)])
    problems.sort(key=sort_key)
    id_node = next((v for k, v in root.value if k.value == "id"), root)
    id_location = (id_node.start_mark.line + 1, id_node.start_mark.column + 1)
    return DeckLoad(deck, problems, locations, len(card_nodes), id_location)


def load_deck_file(path: str | os.PathLike[str]) -> DeckLoad:
    """Read and load one deck file; an unreadable file is a problem, not an exception.

    Args:
        path: the deck file.

    Returns:
        The deck (None if any error) and all problems.
    """
    data = read_deck_bytes(path)
    if isinstance(data, Problem):
        return DeckLoad(None, [data])
    return load_deck_bytes(str(path), data)


def read_deck_bytes(path: str | os.PathLike[str]) -> bytes | Problem:
    """A deck file's bytes, or the problem that kept them from being read.

    The size is checked from ``stat`` before anything is read, and no more than the cap is ever
    read (the file may grow meanwhile), so a 500 MB file costs nothing. Sync reads through this.

    Args:
        path: the deck file.

    Returns:
        The bytes, or a :class:`Problem` (a missing file, a folder, a FIFO or device, a link
        loop, a file over 5 MB, an error from the system).
    """
    from cyberquiz.decks.capped import NotReadable, read_capped

    name = str(path)
    message = _why_not_a_file(Path(path))
    if message is not None:
        return _problem(name, message)
    try:
        return read_capped(path)
    except NotReadable as exc:
        why = str(exc)
        if why.startswith("is too large"):
            why = f"file {why}; a deck may be at most 5 MB"
        return _problem(name, why)


def _problem(name: str, message: str, severity: Severity = "error") -> Problem:
    return Problem(name, 1, 1, severity, message)


def _why_not_a_file(path: Path, *, folder_ok: bool = False) -> str | None:
    """Why ``path`` is not a deck file (or, with ``folder_ok``, a folder), or None if it is one.

    Every way a path can fail is named: a missing path, a dangling symbolic link, a loop of
    links, a FIFO, a device or socket, a folder where a file was expected.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link loop (it points back to itself)"
        if os.path.islink(path):
            return f"is a symbolic link to {os.readlink(path)}, which does not exist"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "no such file or folder"
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISDIR(info.st_mode):
        return None if folder_ok else "is a folder, not a deck file"
    if stat.S_ISFIFO(info.st_mode):
        return "is not a regular file (a FIFO)"
    if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
        return "is not a regular file (a device)"
    return "is not a regular file"


def deck_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    """Expand folders into their ``*.yaml``/``*.yml`` files (sorted); keep files as given.

    Hidden files (editor backups such as ``.#deck.yaml``) in folders are skipped. A path given
    that cannot be read is an error; a deck-named entry of a folder that is not a readable file
    (a dangling link, a link loop, a FIFO, a device) is a warning naming it, never skipped
    silently.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        why = _why_not_a_file(path, folder_ok=True)
        if why is not None:
            problems.append(_problem(str(path), why))
            continue
        if path.is_dir():
            found = []
            try:
                entries = sorted(path.iterdir())
            except OSError as exc:
                problems.append(_problem(str(path), f"cannot be read: {exc.strerror or exc}"))
                continue
            for entry in entries:
                if entry.suffix not in DECK_SUFFIXES or entry.name.startswith("."):
                    continue
                if entry.name == GLOSSARY_NAME:  # read with the decks, not a deck
                    continue
                why = _why_not_a_file(entry)
                if why is None:
                    found.append(entry)
                elif why != "is a folder, not a deck file":
                    problems.append(_problem(str(entry), f"skipped: {why}", "warning"))
        else:
            found = [path]
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, problems


def load_paths(paths: Iterable[str | os.PathLike[str]]) -> LoadReport:
    """Load deck files and folders, and check that deck and card ids are unique across them.

    A later deck that repeats an id already used by an earlier one (in the order given,
    folders sorted) is refused; the earlier one is kept.

    Args:
        paths: files and folders.

    Returns:
        The decks without errors, all problems, and the files read.
    """
    files, problems = deck_files(paths)
    glossaries: dict[str, None] = {}
    for file in files:
        found = _glossary_for(file)
        if found is not None and found.path not in glossaries:
            glossaries[found.path] = None
            problems.extend(found.problems)
    for raw in paths:
        found = _glossary_for(raw) if os.path.isdir(raw) else None
        if found is not None and found.path not in glossaries:
            glossaries[found.path] = None
            problems.extend(found.problems)
    decks: list[Deck] = []
    card_owner: dict[str, tuple[str, int, int]] = {}
    deck_owner: dict[str, str] = {}
    card_total = 0
    for file in files:
        loaded = load_deck_file(file)
        card_total += loaded.card_count
        problems.extend(loaded.problems)
        deck = loaded.deck
        if deck is None:
            continue
        name = str(file)
        clashes: list[Problem] = []
        if deck.id in deck_owner:
            clashes.append(
                Problem(
                    name,
                    *loaded.id_location,
                    "error",
                    f"deck id '{deck.id}' is already used by {deck_owner[deck.id]}",
                )
            )
        for card in deck.cards:
            owner = card_owner.get(card.id)
            if owner is None:
                continue
            line, column = loaded.card_locations.get(card.id, (1, 1))
            first_path, first_line, first_column = owner
            clashes.append(
                Problem(
                    name,
                    line,
                    column,
                    "error",
                    f"duplicate card id '{card.id}' "
                    f"(first used at {first_path}:{first_line}:{first_column})",
                )
            )
            clashes.append(
                Problem(
                    first_path,
                    first_line,
                    first_column,
                    "warning",
                    f"card id '{card.id}' is used again at {name}:{line}:{column}",
                )
            )
        if clashes:
            problems.extend(clashes)
            continue
        deck_owner[deck.id] = name
        for card in deck.cards:
            line, column = loaded.card_locations.get(card.id, (1, 1))
            card_owner[card.id] = (name, line, column)
        decks.append(deck)
    problems.sort(key=sort_key)
    return LoadReport(decks, problems, [str(f) for f in files], card_total)
