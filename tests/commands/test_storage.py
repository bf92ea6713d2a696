"""``locate``, ``sync``, ``backup`` and ``optimize`` through the CLI, and the optimizer itself."""

from __future__ import annotations

import random
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from cyberquiz.cli import cli
from cyberquiz.services.sync import sync_decks
from cyberquiz.storage import optimize
from cyberquiz.storage.repository import Repository
from support import NOW, write_deck


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_locate_prints_the_paths(tmp_path: Path, decks_dir: Path) -> None:
    db = tmp_path / "x.db"
    code, out, _ = run("--db", str(db), "--decks", str(decks_dir), "locate")
    assert code == 0
    assert f"database: {db}" in out
    assert f"backups:  {tmp_path / 'backups'}" in out
    assert str(decks_dir) in out and "config:" in out
    assert not db.exists()  # locate never creates the database


def test_sync_and_backup_commands(tmp_path: Path, decks_dir: Path) -> None:
    db = tmp_path / "x.db"
    code, out, _ = run("--db", str(db), "--decks", str(decks_dir), "sync")
    assert code == 0 and "8 added" in out
    code, out, _ = run("--db", str(db), "--decks", str(decks_dir), "sync")
    assert code == 0 and "2 files unchanged" in out
    code, out, _ = run("--db", str(db), "backup")
    assert code == 0
    copy = Path(out.strip())
    assert copy.parent == tmp_path / "backups" and copy.exists()
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT COUNT(*) FROM card").fetchone() == (8,)
    conn.close()


def test_sync_reports_a_failing_deck_and_exits_1(tmp_path: Path, decks_dir: Path) -> None:
    (decks_dir / "c.yaml").write_text("format: 1\nid: [", encoding="utf-8")
    code, out, err = run("--db", str(tmp_path / "x.db"), "--decks", str(decks_dir), "sync")
    assert code == 1
    assert "c.yaml:" in err and "error" in err
    assert "8 added" in out


def test_storage_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("not a database")
    code, _, err = run("--db", str(notes), "sync")
    assert code == 1
    assert "not a cyberquiz database" in err and "Traceback" not in err
    code, _, err = run("--db", str(tmp_path / "none.db"), "backup")
    assert code == 1 and "nothing to back up" in err


def history_repo(tmp_path: Path, cards: int, seed: int = 5) -> Repository:
    """A profile with a long synthetic study history, written with raw SQL for speed."""
    folder = tmp_path / "big"
    folder.mkdir()
    write_deck(folder, "big.yaml", "big", [(f"c{i}", f"q{i}", f"a{i}") for i in range(cards)])
    repo = Repository.open(f"sqlite:///{tmp_path / 'h.db'}", profile="ana", clock=lambda: NOW)
    sync_decks(repo, [folder])
    rng = random.Random(seed)
    rows = []
    for pk in range(1, cards + 1):
        at = NOW - timedelta(days=200)
        interval = 1.0
        for _ in range(10):
            rating = rng.choices([1, 2, 3, 4], weights=[1, 1, 6, 2])[0]
            rows.append((repo.profile_id, pk, at.strftime("%Y-%m-%d %H:%M:%S.%f"), rating))
            interval = 1.0 if rating == 1 else min(interval * (1 + rating / 2), 60)
            at += timedelta(days=max(1, round(interval)))
    with repo.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO review (profile_id, card_pk, at, mode, answer, score, rating, "
            "response_ms, scheduled, phase_before) VALUES (?, ?, ?, 'study', 'null', 1, ?, "
            "1000, 1, 2)",
            rows,
        )
    return repo


def test_optimize_fits_and_stores_parameters(tmp_path: Path) -> None:
    repo = history_repo(tmp_path, cards=60)
    try:
        before = repo.get_setting("scheduler")["parameters"]
        result = optimize.fit_parameters(repo)
        assert result.reviews == 600 and result.items > 0
        assert result.loss_after <= result.loss_before
        assert result.stored
        assert repo.get_setting("scheduler")["parameters"] == list(result.parameters)
        assert repo.get_setting("scheduler")["parameters"] != before
    finally:
        repo.close()


def test_optimize_command_shows_log_loss(tmp_path: Path) -> None:
    history_repo(tmp_path, cards=60).close()
    code, out, err = run(
        "--db", str(tmp_path / "h.db"), "--profile", "ana", "optimize", "--dry-run"
    )
    assert code == 0, err
    assert "log loss:" in out and "before" in out and "dry run" in out


def test_optimize_needs_512_answers(tmp_path: Path) -> None:
    history_repo(tmp_path, cards=5).close()
    code, _, err = run("--db", str(tmp_path / "h.db"), "--profile", "ana", "optimize")
    assert code == 1 and "at least 512" in err and "has 50" in err


def test_same_day_only_histories_are_filtered_out() -> None:
    from datetime import date

    day = date(2026, 1, 1)
    assert optimize.training_items({1: [(day, 3), (day, 3)], 2: [(day, 1)]}) == []
    items = optimize.training_items({1: [(day, 3), (day + timedelta(days=2), 3)]})
    assert len(items) == 1 and items[0].long_term_review_cnt() == 1


def test_a_panic_in_the_optimizer_never_ends_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fsrs_rs_python

    class Panic(BaseException):  # what pyo3's PanicException derives from
        pass

    class Exploding:
        def __init__(self, parameters: object) -> None:
            pass

        def evaluate(self, items: object) -> object:
            raise Panic("called `Option::unwrap()` on a `None` value")

        compute_parameters = evaluate

    repo = history_repo(tmp_path, cards=60)
    try:
        monkeypatch.setattr(fsrs_rs_python, "FSRS", Exploding)
        with pytest.raises(optimize.OptimizerFailed, match="unchanged"):
            optimize.fit_parameters(repo)
    finally:
        repo.close()
