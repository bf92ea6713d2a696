"""Fixtures for the storage tests: a temp-file database, deck files, a fixed clock."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from cyberquiz.core.state import CardState
from cyberquiz.services.sync import sync_decks
from cyberquiz.storage.repository import Repository
from support import NOW


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
def repo(any_db_url: str, clock: Callable[[], datetime]) -> Iterator[Repository]:
    """A repository on a SQLite file, and again on PostgreSQL (``any_db_url``)."""
    r = Repository.open(any_db_url, profile="ana", clock=clock, fuzz=False)
    try:
        yield r
    finally:
        r.close()


@pytest.fixture
def synced(repo: Repository, decks_dir: Path) -> Repository:
    report = sync_decks(repo, [decks_dir])
    assert not report.failed_files, report.problems
    return repo


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip()


def overwrite_state(repo: Repository, state: CardState) -> None:
    """Overwrite a card's state as given (puts the queue in an exact situation)."""
    from cyberquiz.storage import cards

    with repo.engine.begin() as conn:
        cards.save_state(conn, repo.profile_id, cards.pk_of(conn, state.card_id), state)
