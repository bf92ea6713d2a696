"""services/config: a path is a path, profiles that look alike are one profile."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from cyberquiz.cli import cli
from cyberquiz.services.config import Config, db_url_for, normalise_profile, same_profile


@pytest.mark.parametrize(
    "name", ["a?mode=ro.db", "b#frag.db", "c%20d.db", "with space.db", "e&f=g.db", "x:y.db"]
)
def test_a_path_with_url_characters_stays_a_path(tmp_path: Path, name: str) -> None:
    url = db_url_for(str(tmp_path / name))
    parsed = make_url(url)
    assert parsed.database == str(tmp_path / name)
    assert not parsed.query


@pytest.mark.parametrize(
    "url", ["sqlite:///x.db", "postgresql://u@h/db", "postgresql+psycopg://u@h/db?sslmode=x"]
)
def test_a_url_with_a_scheme_is_kept(url: str) -> None:
    assert db_url_for(url) == url


def test_the_database_file_named_like_a_query_is_created_as_named(tmp_path: Path) -> None:
    db = tmp_path / "a?mode=ro.db"
    empty = tmp_path / "decks"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["--db", str(db), "--decks", str(empty), "sync"])
    assert result.exit_code == 0, result.output
    assert db.is_file()
    assert not (tmp_path / "a").exists()


NFD_JOSE = unicodedata.normalize("NFD", "josé")


@pytest.mark.parametrize(
    ("typed", "stored"), [("alice ", "alice"), (" bob", "bob"), (NFD_JOSE, "josé"), ("Ana", "Ana")]
)
def test_profile_names_are_normalised(typed: str, stored: str) -> None:
    assert normalise_profile(typed) == stored
    assert Config(profile=typed).profile_name == stored


def test_same_profile_ignores_case_spaces_and_unicode_form() -> None:
    assert same_profile("Alice", "alice ")
    assert same_profile(NFD_JOSE, "JOSÉ")
    assert not same_profile("alice", "alicia")


def test_a_typed_profile_that_differs_is_warned_about(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "x.db"), "--profile", "alice ", "locate"]
    )
    assert result.exit_code == 0, result.output
    assert "profile:  alice\n" in result.stdout
    assert "warning: profile 'alice ' is taken as 'alice'" in result.stderr
