"""``cyberquiz exam`` and ``cyberquiz practice`` in-process: options passed to the app, history."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from cyberquiz.cli import cli
from cyberquiz.core.exam import ExamSession, ExamSettings, draw_exam
from cyberquiz.services.sync import sync_decks
from cyberquiz.storage.exams import ExamStore
from cyberquiz.storage.repository import Repository
from support import EXAM_DECKS, FakeClock


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    calls: list[tuple[str, dict[str, Any]]] = []

    def fake_run_app(config: Any, start: str = "home", options: Any = None) -> None:
        calls.append((start, options))

    monkeypatch.setattr("cyberquiz.commands.exam.run_app", fake_run_app)
    return calls


def test_exam_options_reach_the_app(started: list[tuple[str, dict[str, Any]]]) -> None:
    args = ["exam", "--deck", "dates", "--area", "dates", "--area", "bodies", "--tag", "un"]
    args += ["--count", "10", "--minutes", "30", "--seed", "7", "--penalty", "0.25"]
    args += ["--update-schedule", "--report", "out.md"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    [(start, options)] = started
    assert start == "exam" and options["start_now"] is True
    settings = ExamSettings.from_dict(options)
    assert settings == ExamSettings(
        ("dates",), ("dates", "bodies"), ("un",), 10, 30.0, 7, 0.25, True
    )
    assert options["report"] == "out.md"


def test_exam_defaults(started: list[tuple[str, dict[str, Any]]]) -> None:
    assert CliRunner().invoke(cli, ["exam"]).exit_code == 0
    settings = ExamSettings.from_dict(started[0][1])
    assert settings == ExamSettings()


@pytest.mark.parametrize(
    "args", [["--count", "0"], ["--penalty", "2"], ["--minutes", "0"], ["--area", "nowhere"]]
)
def test_bad_exam_options_are_usage_errors(
    args: list[str], started: list[tuple[str, dict[str, Any]]]
) -> None:
    result = CliRunner().invoke(cli, ["exam", *args])
    assert result.exit_code == 2 and not started


def test_practice_options(started: list[tuple[str, dict[str, Any]]]) -> None:
    result = CliRunner().invoke(cli, ["practice", "--source", "mistakes", "--tag", "un"])
    assert result.exit_code == 0, result.output
    assert started == [
        ("practice", {"deck_ids": [], "areas": [], "tags": ["un"], "source": "mistakes"})
    ]


def test_history(db_url: str, clock: FakeClock) -> None:
    runner = CliRunner()
    empty = runner.invoke(cli, ["--db", db_url, "--profile", "ana", "exam", "--history"])
    assert empty.exit_code == 0 and "No exams yet" in empty.output
    repo = Repository.open(db_url, profile="ana", clock=clock, fuzz=False)
    try:
        sync_decks(repo, [EXAM_DECKS])
        settings = ExamSettings(count=4, seed=9, minutes=15)
        session = ExamSession.start(settings, draw_exam(repo.cards(), settings), clock())
        store = ExamStore(repo)
        store.create(session)
        store.finish(session, clock.advance(100))
    finally:
        repo.close()
    result = runner.invoke(cli, ["--db", db_url, "--profile", "ana", "exam", "--history"])
    assert result.exit_code == 0, result.output
    assert "2026-11-28 15:00  submitted" in result.output
    assert "0/4    0.0 %  fail" in result.output
    assert "4 questions · 15 min · seed 9" in result.output
    assert "by area:" in result.output
