"""What only a server database does: pg_dump backups, concurrent first syncs, rollup repair."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.services.sync import sync_decks
from cyberquiz.storage import stats_rollup
from cyberquiz.storage.backup import backup_database
from cyberquiz.storage.errors import DatabaseUnavailable, StorageError
from cyberquiz.storage.repository import Repository
from cyberquiz.storage.stats_rollup import ensure_rollup
from support import NOW


def test_reopening_finds_the_schema_and_the_profile(pg_url: str, decks_dir: Path) -> None:
    with Repository.open(pg_url, profile="ana", clock=lambda: NOW) as repo:
        sync_decks(repo, [decks_dir])
        first = repo.profile_id
    with Repository.open(pg_url, profile="ana", clock=lambda: NOW) as again:
        assert again.profile_id == first
        assert again.next_card(NOW) is not None


def test_many_processes_syncing_at_once_never_fail_on_a_duplicate_key(
    pg_url: str, decks_dir: Path
) -> None:
    """Twenty students starting at once after a deck change (issue 16)."""
    errors: list[BaseException] = []
    start = threading.Barrier(8, timeout=60)

    def student(n: int) -> None:
        try:
            with Repository.open(pg_url, profile=f"s{n}", clock=lambda: NOW) as repo:
                start.wait()
                sync_decks(repo, [decks_dir])
                assert repo.next_card(NOW) is not None
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=student, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Repository.open(pg_url, profile="s0", clock=lambda: NOW) as repo:
        assert len(repo.cards()) == 8
        assert len(repo.states()) == 8


def test_a_dropped_rollup_trigger_is_repaired(pg_url: str, decks_dir: Path) -> None:
    from cyberquiz.storage.stats import StatsStore

    with Repository.open(pg_url, profile="ana", clock=lambda: NOW, fuzz=False) as repo:
        sync_decks(repo, [decks_dir])
        with repo.engine.begin() as conn:
            conn.exec_driver_sql(f"DROP TRIGGER {stats_rollup.PG_TRIGGER} ON review")
        repo.record_answer(
            "a0", now=NOW, mode=Mode.STUDY, answer='"x"', score=1.0, proposed=Rating.GOOD
        )
        assert ensure_rollup(repo.engine) is True
        assert ensure_rollup(repo.engine) is False
        assert StatsStore(repo).collect(NOW).answers_total == 1


def test_backup_through_pg_dump(
    pg_url: str, decks_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folders = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"), reverse=True)
    if not folders:
        pytest.skip("no pg_dump in /usr/lib/postgresql (a server install has it)")
    folder = folders[0].parent
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    with Repository.open(pg_url, profile="ana", clock=lambda: NOW) as repo:
        sync_decks(repo, [decks_dir])
    dump = backup_database(pg_url, now=NOW)
    assert dump.exists() and dump.read_bytes().startswith(b"PGDMP")


def test_backup_without_pg_dump_says_so(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(StorageError, match="needs pg_dump"):
        backup_database(pg_url)


def test_a_server_that_is_down_is_one_clear_error(tmp_path: Path) -> None:
    url = f"postgresql://nobody@/cyberquiz?host={tmp_path}"
    with pytest.raises(DatabaseUnavailable, match="Cannot open the database"):
        Repository.open(url, profile="ana")


def test_optimizer_history_reads_on_postgresql(
    pg_url: str, decks_dir: Path, clock: Callable[[], datetime]
) -> None:
    from cyberquiz.storage.optimize import histories_of

    with Repository.open(pg_url, profile="ana", clock=clock, fuzz=False) as repo:
        sync_decks(repo, [decks_dir])
        repo.record_answer(
            "a0", now=NOW, mode=Mode.STUDY, answer='"x"', score=1.0, proposed=Rating.GOOD
        )
        count, histories = histories_of(repo)
    assert count == 1 and len(histories) == 1


def test_answers_to_one_card_from_many_processes_at_once_lose_no_update(
    pg_url: str, decks_dir: Path
) -> None:
    """READ COMMITTED alone would let two answers read the same state and the second overwrite
    the first; the state row is locked (FOR UPDATE) for the answer's and the undo's transaction."""
    from datetime import timedelta

    from cyberquiz.storage.errors import ReviewNotLatest

    threads_n, answers_each = 6, 6
    with Repository.open(pg_url, profile="ana", clock=lambda: NOW) as repo:
        sync_decks(repo, [decks_dir])
    start = threading.Barrier(threads_n, timeout=60)
    errors: list[BaseException] = []
    kept: list[int] = []

    def student(n: int) -> None:
        try:
            with Repository.open(pg_url, profile="ana", clock=lambda: NOW) as repo:
                start.wait()
                for i in range(answers_each):
                    answer = repo.record_answer(
                        "a0",
                        now=NOW + timedelta(minutes=n * answers_each + i),
                        mode=Mode.STUDY,
                        answer="{}",
                        score=1.0,
                        proposed=None,
                        rating=Rating.GOOD,
                    )
                    kept.append(answer.id)
                    if i % 3 == 2:  # undo takes the same lock; refused once another answered
                        try:
                            repo.undo_review(answer.id)
                            kept.remove(answer.id)
                        except ReviewNotLatest:
                            pass
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=student, args=(n,)) for n in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Repository.open(pg_url, profile="ana", clock=lambda: NOW) as repo:
        history = repo.reviews(card_id="a0")
        assert sorted(r.id for r in history) == sorted(kept)
        # Every stored answer moved the state exactly once, and every undo took one back.
        assert repo.state("a0").reps == len(kept)


def test_a_serialization_failure_or_deadlock_runs_the_transaction_again() -> None:
    from sqlalchemy.exc import OperationalError

    from cyberquiz.storage.errors import DatabaseLocked, retrying

    class Conflict(Exception):
        def __init__(self, sqlstate: str) -> None:
            super().__init__(sqlstate)
            self.sqlstate = sqlstate

    calls: list[int] = []

    def work(fails: int, sqlstate: str) -> Callable[[], str]:
        def run() -> str:
            calls.append(1)
            if len(calls) <= fails:
                raise OperationalError("UPDATE ...", {}, Conflict(sqlstate))
            return "done"

        return run

    assert retrying("db", work(2, "40001")) == "done"
    assert len(calls) == 3
    calls.clear()
    assert retrying("db", work(1, "40P01")) == "done"
    calls.clear()
    with pytest.raises(DatabaseLocked):
        retrying("db", work(99, "40001"), attempts=3)
    assert len(calls) == 3
    calls.clear()
    with pytest.raises(OperationalError):  # anything else is not retried
        retrying("db", work(99, "23505"))
    assert len(calls) == 1
