"""`cyberquiz stats`: --json against its documented schema, options, settings, the app hook."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from cyberquiz.cli import cli
from cyberquiz.commands.stats import collect_json
from cyberquiz.services.config import Config
from cyberquiz.storage.repository import Repository
from storage.stats_history import NOW, build_history

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "stats.schema.json").read_text()
)


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "stats.db"
    build_history(f"sqlite:///{path}").close()
    return str(path)


def run(db: str, tmp_path: Path, *args: str) -> Any:
    empty = tmp_path / "no-decks"
    empty.mkdir(exist_ok=True)
    return CliRunner().invoke(
        cli, ["--db", db, "--profile", "ana", "--decks", str(empty), "stats", *args]
    )


def test_json_follows_the_schema(db: str, tmp_path: Path) -> None:
    result = run(db, tmp_path, "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert doc["format"] == 1
    assert doc["readiness"] is not None  # the exam date comes from the settings
    assert doc["cards"]["total"]["total"] == 7


def test_committed_schema_is_up_to_date() -> None:
    """docs/stats.schema.json is what the output models generate."""
    from cyberquiz.services.stats_report import schema_text

    committed = (Path(__file__).resolve().parents[2] / "docs" / "stats.schema.json").read_text()
    assert committed == schema_text(), (
        "regenerate: python -c 'from cyberquiz.services.stats_report import schema_text; "
        'print(schema_text(), end="")\' > docs/stats.schema.json'
    )


def test_json_figures_with_a_frozen_clock(db: str, tmp_path: Path) -> None:
    empty = tmp_path / "none"
    empty.mkdir()
    config = Config(db=db, profile="ana", decks=(empty,), clock=lambda: NOW)
    doc = collect_json(config, date(2026, 12, 24), 0.8)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert doc["today"] == "2026-11-28"
    assert doc["activity"]["streak"] == 2
    assert doc["activity"]["answers_today"] == 1
    assert doc["retention"]["windows"][0] == {"days": 7, "reviews": 4, "passed": 3, "rate": 0.75}
    assert [f["due"] for f in doc["forecast"][:6]] == [2, 0, 0, 0, 0, 1]
    assert doc["exams"][-1]["score"] == 0.75
    ready = doc["readiness"]
    assert ready["exam_at"] == "2026-12-24T06:00:00Z"
    assert ready["target"] == 0.8
    assert ready["days_left"] == 26  # 25.6 days: 26 study days, today included


def test_json_without_an_exam_date(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    Repository.open(f"sqlite:///{path}", profile="ana").close()
    result = run(str(path), tmp_path, "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert doc["readiness"] is None


def test_exam_date_override_and_target_percent(db: str, tmp_path: Path) -> None:
    result = run(db, tmp_path, "--json", "--exam-date", "2027-01-20", "--target", "85")
    assert result.exit_code == 0, result.output
    ready = json.loads(result.output)["readiness"]
    assert ready["exam_at"].startswith("2027-01-20")
    assert ready["target"] == 0.85
    # not saved without --save
    repo = Repository.open(f"sqlite:///{db}", profile="ana")
    try:
        assert repo.get_setting("exam_date") == "2026-12-15"
    finally:
        repo.close()


def test_save_stores_and_clears_the_settings(db: str, tmp_path: Path) -> None:
    result = run(db, tmp_path, "--json", "--exam-date", "2027-02-01", "--target", "0.95", "--save")
    assert result.exit_code == 0, result.output
    repo = Repository.open(f"sqlite:///{db}", profile="ana")
    try:
        assert repo.get_setting("exam_date") == "2027-02-01"
        assert repo.get_setting("target_score") == 0.95
    finally:
        repo.close()
    result = run(db, tmp_path, "--json", "--exam-date", "none", "--save")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["readiness"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--exam-date", "15.12.2026"], "not a date like 2026-12-15"),
        (["--target", "0"], "out of range"),
        (["--target", "abc"], "not a number"),
        (["--save"], "--save needs --exam-date or --target"),
    ],
)
def test_bad_options_are_usage_errors(
    db: str, tmp_path: Path, args: list[str], message: str
) -> None:
    result = run(db, tmp_path, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_without_json_opens_the_app_on_the_stats_screen(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, dict[str, Any]]] = []

    def fake_run_app(config: Config, start: str = "home", options: Any = None) -> None:
        calls.append((start, options))

    monkeypatch.setattr("cyberquiz.commands.stats.run_app", fake_run_app)
    result = run(db, tmp_path, "--exam-date", "2026-12-20", "--target", "0.8")
    assert result.exit_code == 0, result.output
    assert calls == [("stats", {"exam_date": "2026-12-20", "target": 0.8})]


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    result = run(str(bad), tmp_path, "--json")
    assert result.exit_code == 1
    assert "Error" in result.output
    assert "Traceback" not in result.output


def test_json_on_a_missing_database_creates_no_file(tmp_path: Path, decks_dir: Path) -> None:
    """A mistyped --db (or nothing studied yet) is reported; no folder or file is made."""
    from support import run_cli

    missing = tmp_path / "typo" / "progress.db"
    code, out, err = run_cli("--db", str(missing), "--decks", str(decks_dir), "stats", "--json")
    assert code == 0, err
    assert f"no database at {missing}" in err
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA)
    assert document["cards"]["total"]["new"] == 8  # the decks, nothing studied
    assert not missing.parent.exists()
