"""Hostile inputs through the command line: nothing destroyed, nothing raw reaches a terminal.

Each case is one the hardening campaign (issue 14) found; every one failed before its fix.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cyberquiz.cli import cli

DECK = Path(__file__).parent / "decks" / "fixtures" / "valid" / "date-truefalse.yaml"


def run(*args: str | Path) -> Result:
    return CliRunner(env={"COLUMNS": "200"}).invoke(cli, [str(a) for a in args])


def refused(*args: str | Path, message: str) -> Result:
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert message in result.output
    return result


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "dates.yaml"
    path.write_bytes(DECK.read_bytes())
    return path


# --- files are never destroyed -----------------------------------------------------------------


def test_export_onto_its_own_input_is_refused(deck: Path) -> None:
    before = deck.read_bytes()
    refused("export", deck, "--format", "csv", "-o", deck, message="is an input")
    refused("export", deck, "--format", "csv", "-o", deck, "--force", message="is an input")
    folder = deck.parent
    refused("export", folder, "--format", "gift", "-o", deck, "--force", message="is an input")
    assert deck.read_bytes() == before


def test_export_onto_an_existing_file_needs_force(deck: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("mine")
    refused("export", deck, "-o", out, message="already exists; add --force")
    assert out.read_text() == "mine"
    assert run("export", deck, "-o", out, "--force").exit_code == 0
    assert out.read_text().startswith("id,")


def test_export_onto_a_database_is_refused_even_with_force(deck: Path, tmp_path: Path) -> None:
    db = tmp_path / "cyberquiz.gift"
    sqlite3.connect(db).execute("CREATE TABLE review (x)").connection.commit()
    before = db.read_bytes()
    refused("export", deck, "-o", db, "--force", message="is a database")
    assert db.read_bytes() == before


def test_export_does_not_write_through_a_symlink(deck: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep")
    link = tmp_path / "out.csv"
    link.symlink_to(precious)
    refused("export", deck, "-o", link, "--force", message="symbolic link")
    assert precious.read_text() == "keep"


def test_export_apkg_follows_the_same_rules(deck: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.apkg"
    out.write_text("mine")
    refused("export", deck, "-o", out, message="already exists")
    assert run("export", deck, "-o", out, "--force").exit_code == 0
    assert out.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dates.yaml", "out.apkg"]


def test_import_onto_its_input_or_an_existing_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "q.csv"
    source.write_text("kind,prompt,answer\ntyped,Capital of France?,Paris\n")
    before = source.read_bytes()
    refused("import", source, "-o", source, "--force", message="is an input")
    deck = tmp_path / "q.yaml"
    deck.write_text("mine")
    refused("import", source, "-o", deck, message="already exists; add --force")
    assert deck.read_text() == "mine" and source.read_bytes() == before


def test_class_report_outputs_follow_the_same_rules(tmp_path: Path) -> None:
    report = tmp_path / "a.json"
    report.write_text(json.dumps({"format": 1, "items": []}))
    refused("class-report", report, "--csv", report, message="is an input")
    existing = tmp_path / "class.md"
    existing.write_text("mine")
    refused("class-report", report, "--markdown", existing, message="already exists")
    assert existing.read_text() == "mine"


def test_exam_report_onto_an_existing_file_is_refused_before_the_exam(tmp_path: Path) -> None:
    existing = tmp_path / "exam.json"
    existing.write_text("mine")
    result = refused(
        "--db", tmp_path / "x.db", "exam", "--report", tmp_path / "exam", message="already exists"
    )
    assert "exam.json" in result.output
    assert existing.read_text() == "mine"
    assert not (tmp_path / "x.db").exists()  # refused before anything was opened
