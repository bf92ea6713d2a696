"""Fixtures for the storage tests: a temp-file database, deck files, a fixed clock."""

from __future__ import annotations

import importlib
import sys
import textwrap
import types
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cyberquiz.storage.repository import Repository

NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)


def _install_loader_shim() -> None:
    """A tiny stand-in for ``cyberquiz.decks.loader`` (H-decks) while it is being written.

    Supports the header and flip/typed/truefalse cards, which is all these tests use.
    """
    import hashlib
    from dataclasses import dataclass, field

    import yaml

    from cyberquiz.core.cards import Deck, FlipCard, Origin, TrueFalseCard, TypedCard
    from cyberquiz.decks.problems import Problem

    @dataclass
    class DeckLoad:
        deck: Deck | None
        problems: list[Problem] = field(default_factory=list)

    def file_hash(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def load_deck_bytes(path: Path, data: bytes) -> DeckLoad:
        try:
            doc = yaml.load(data, Loader=yaml.CSafeLoader)
            cards = []
            for i, c in enumerate(doc["cards"]):
                common = {
                    "id": c["id"],
                    "deck_id": doc["id"],
                    "tags": tuple(dict.fromkeys([*doc.get("tags", []), *c.get("tags", [])])),
                    "origin": Origin(str(path), i + 1),
                }
                if c["kind"] == "flip":
                    cards.append(FlipCard(front=c["front"], back=c["back"], **common))
                elif c["kind"] == "typed":
                    cards.append(TypedCard(prompt=c["prompt"], answer=c["answer"], **common))
                else:
                    cards.append(
                        TrueFalseCard(statement=c["statement"], answer=c["answer"], **common)
                    )
        except Exception as exc:
            return DeckLoad(None, [Problem(str(path), 1, 1, "error", f"bad deck: {exc!r}")])
        deck = Deck(
            id=doc["id"],
            title=doc["title"],
            cards=tuple(cards),
            tags=tuple(doc.get("tags", [])),
            origin=Origin(str(path), 1),
            content_hash=file_hash(data),
            card_hashes={
                c.id: file_hash(repr(sorted(raw.items())).encode())
                for c, raw in zip(cards, doc["cards"], strict=True)
            },
        )
        return DeckLoad(deck, [])

    module = types.ModuleType("cyberquiz.decks.loader")
    module.Problem = Problem  # type: ignore[attr-defined]
    module.DeckLoad = DeckLoad  # type: ignore[attr-defined]
    module.file_hash = file_hash  # type: ignore[attr-defined]
    module.load_deck_bytes = load_deck_bytes  # type: ignore[attr-defined]
    sys.modules["cyberquiz.decks.loader"] = module


try:
    importlib.import_module("cyberquiz.decks.loader")
except ImportError:
    _install_loader_shim()


def write_deck(
    folder: Path,
    name: str,
    deck_id: str,
    cards: list[tuple[str, str, str]],
    *,
    tags: tuple[str, ...] = (),
) -> Path:
    """Write a deck of flip cards ``(id, front, back)`` to ``folder/name``."""
    lines = [
        "format: 1",
        f"id: {deck_id}",
        f"title: Deck {deck_id}",
        f"tags: [{', '.join(tags)}]",
        "cards:",
    ]
    for card_id, front, back in cards:
        lines += [
            f"  - id: {card_id}",
            "    kind: flip",
            f"    front: {front}",
            f"    back: {back}",
        ]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def clock() -> Callable[[], datetime]:
    return lambda: NOW


@pytest.fixture
def decks_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    write_deck(
        folder,
        "a.yaml",
        "alpha",
        [(f"a{i}", f"front {i}", f"back {i}") for i in range(5)],
        tags=("dates",),
    )
    write_deck(folder, "b.yaml", "beta", [(f"b{i}", f"q {i}", f"r {i}") for i in range(3)])
    return folder


@pytest.fixture
def repo(tmp_path: Path, clock: Callable[[], datetime]) -> Iterator[Repository]:
    r = Repository.open(
        f"sqlite:///{tmp_path / 'study.db'}", profile="ana", clock=clock, fuzz=False
    )
    try:
        yield r
    finally:
        r.close()


@pytest.fixture
def synced(repo: Repository, decks_dir: Path) -> Repository:
    report = repo.sync_decks([decks_dir])
    assert not report.failed_files, report.problems
    return repo


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip()
