"""A look-alike of a stored profile name opens that profile, with a warning (issue 14, 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cyberquiz.cli import cli
from cyberquiz.services.config import look_alike_warning, open_profile
from cyberquiz.storage.repository import Repository


def _stored(url: str) -> list[str]:
    from cyberquiz.storage import cards
    from cyberquiz.storage.engine import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return cards.profile_names(conn)
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("stored", "typed"),
    [("alice", "Alice"), ("alice", "ALICE"), ("José", "jose\u0301"), ("Ünal", "ünal")],
)
def test_a_look_alike_opens_the_stored_profile(tmp_path: Path, stored: str, typed: str) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    Repository.open(url, profile=stored).close()
    with open_profile(url, typed) as repo:
        assert repo.profile == stored
        warning = look_alike_warning(repo)
    assert warning is not None and repr(stored) in warning
    assert _stored(url) == [stored]


def test_the_exact_name_and_a_new_name_open_without_a_warning(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    Repository.open(url, profile="alice").close()
    with open_profile(url, "alice") as repo:
        assert look_alike_warning(repo) is None
    with open_profile(url, "bob") as repo:
        assert repo.profile == "bob" and look_alike_warning(repo) is None
    assert _stored(url) == ["alice", "bob"]


def test_the_command_line_warns_and_uses_the_stored_profile(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    Repository.open(f"sqlite:///{db}", profile="alice").close()
    empty = tmp_path / "decks"
    empty.mkdir()
    result = CliRunner().invoke(
        cli, ["--db", str(db), "--profile", "Alice ", "--decks", str(empty), "stats", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    assert "taken as the existing profile 'alice'" in result.stderr
    assert _stored(f"sqlite:///{db}") == ["alice"]
