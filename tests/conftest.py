"""Shared fixtures for the whole suite."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
QUESTIONS_DIR = REPO_ROOT / "questions"
#: The article the decks quote; CI has it beside the clone, a lone checkout may not.
ARTICLE = (
    REPO_ROOT.parent
    / "shared"
    / "article"
    / "gorelik-2022-international-organizations-countering-cybercrime.txt"
)

#: A fixed instant for tests: a Saturday afternoon in UTC.
FIXED_NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test may read or write the real user's database, config or env settings."""
    home = tmp_path_factory.mktemp("home")
    saved = {
        k: os.environ.get(k)
        for k in (
            "XDG_DATA_HOME",
            "XDG_CONFIG_HOME",
            "CYBERQUIZ_DB",
            "CYBERQUIZ_PROFILE",
            "CYBERQUIZ_DECKS",
        )
    }
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    for key in ("CYBERQUIZ_DB", "CYBERQUIZ_PROFILE", "CYBERQUIZ_DECKS"):
        os.environ.pop(key, None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def fixed_now() -> datetime:
    return FIXED_NOW


@pytest.fixture
def rng() -> random.Random:
    return random.Random(1234)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh SQLite file database URL."""
    return f"sqlite:///{tmp_path / 'test.db'}"
