"""Fixtures for the exam and practice tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from support import NOW

if TYPE_CHECKING:
    from cyberquiz.storage.repository import Repository


@pytest.fixture
def now() -> datetime:
    return NOW


FIXTURES = Path(__file__).parent / "fixtures"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def repo(db_url: str, clock: FakeClock) -> Iterator[Repository]:
    """A repository with the exam fixture deck synced, for profile ``ana``."""
    from cyberquiz.services.sync import sync_decks
    from cyberquiz.storage.repository import Repository

    repo = Repository.open(db_url, profile="ana", clock=clock, fuzz=False)
    report = sync_decks(repo, [FIXTURES])
    assert not report.problems, report.problems
    try:
        yield repo
    finally:
        repo.close()
