"""Fixtures for the storage tests: a temp-file database, deck files, a fixed clock."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from cyberquiz.core.state import CardState
from cyberquiz.services.sync import sync_decks
from cyberquiz.storage.repository import Repository
from support import EXAM_DECKS, FakeClock

from .writers import forget_fork_server


@pytest.fixture(scope="session", autouse=True)
def _fork_server_folder() -> Iterator[None]:
    """The durability writers' fork server leaves its socket's folder: removed at the end."""
    yield
    forget_fork_server()


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


def overwrite_states(repo: Repository, states: Iterable[CardState]) -> None:
    """Overwrite cards' states as given, in one transaction (puts the queue in an exact
    situation)."""
    from cyberquiz.storage import cards

    with repo.engine.begin() as conn:
        for state in states:
            cards.save_state(conn, repo.profile_id, cards.pk_of(conn, state.card_id), state)


@pytest.fixture
def exam_repo(db_url: str, clock: FakeClock) -> Iterator[Repository]:
    """A repository with the exam deck synced, for profile ``ana``, on SQLite."""
    repo = Repository.open(db_url, profile="ana", clock=clock, fuzz=False)
    report = sync_decks(repo, [EXAM_DECKS])
    assert not report.problems, report.problems
    try:
        yield repo
    finally:
        repo.close()
