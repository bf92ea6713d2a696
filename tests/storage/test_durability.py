"""Nothing acknowledged is lost: SIGKILL mid-stream, and two processes answering at once."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import pytest

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.storage.repository import Repository

from .writers import Writer, run

WORKER = Path(__file__).resolve().parent / "answer_worker.py"


#: About a SQLite file (WAL, fsync, integrity_check).
@pytest.fixture
def any_db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'study.db'}"


def start_worker(db_url: str, profile: str, count: int, cards: list[str]) -> Writer:
    return Writer(WORKER, db_url, profile, str(count), *cards)


def go(proc: Writer) -> None:
    proc.stdin.write("go\n")
    proc.stdin.flush()


@pytest.mark.slow
def test_sigkill_mid_stream_loses_no_acknowledged_answer(synced: Repository) -> None:
    db = Path(str(synced.engine.url.database))
    url = str(synced.engine.url)
    proc = start_worker(url, "ana", 0, ["a0", "a1", "a2", "b0"])
    acknowledged: list[int] = []
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    go(proc)
    while len(acknowledged) < 60:
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else ""
        acknowledged.append(int(line))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    # Anything printed after we stopped reading was acknowledged too.
    acknowledged += [int(x) for x in proc.stdout.read().split()]
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {r[0] for r in conn.execute("SELECT id FROM review")}
    finally:
        conn.close()
    assert set(acknowledged) <= stored
    # Every stored answer moved its card exactly once: reps match the review count per card.
    for card_id in ("a0", "a1", "a2", "b0"):
        assert synced.state(card_id).reps == len(synced.reviews(card_id=card_id))


@pytest.mark.slow
def test_two_processes_answering_at_once_lose_nothing(synced: Repository) -> None:
    url = str(synced.engine.url)
    cards = ["a0", "a1", "a2"]  # the same cards in both processes: read-modify-write races
    procs = [start_worker(url, "ana", 100, cards) for _ in range(2)]
    for proc in procs:  # both are up: start them at the same moment
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for proc in procs:
        go(proc)
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err
    ids = [int(x) for out, _ in outputs for x in out.split()]
    assert len(ids) == len(set(ids)) == 200
    assert len(synced.reviews()) == 200
    assert sum(synced.state(c).reps for c in cards) == 200
    for card_id in cards:
        assert synced.state(card_id).reps == len(synced.reviews(card_id=card_id))


_CLOSE_ANOTHER = """
import sys
from datetime import UTC, datetime
from cyberquiz.core.answers import Mode, Rating
from cyberquiz.core.answers import Mode, Rating
from cyberquiz.storage.repository import Repository
with Repository.open(sys.argv[1], profile="bo") as repo:
    repo.record_answer("a1", now=datetime.now(UTC), mode=Mode.STUDY, answer='"x"', score=1.0,
                       proposed=Rating.GOOD, response_ms=100)
"""


def test_opening_a_second_repository_keeps_this_process_s_answers(synced: Repository) -> None:
    """Opening a repository once read the file's header with a plain open() and close(), which
    drops every lock this process holds on the file: another process closing next took itself
    for the last one, checkpointed and deleted the WAL, and this process's next answers went
    into the deleted file (acknowledged, then lost: always the newest)."""
    url = str(synced.engine.url)
    path = Path(str(synced.engine.url.database))
    synced.record_answer(
        "a0", now=synced.clock(), mode=Mode.STUDY, answer='"x"', score=1.0,
        proposed=Rating.GOOD, response_ms=100,
    )  # fmt: skip
    Repository.open(url, profile="ana").close()  # a second window, a command, the stats
    status, _out, err = run(None, url, code=_CLOSE_ANOTHER)
    assert status == 0, err
    assert Path(f"{path}-wal").exists()  # this process is still open: the WAL stays
    acknowledged = [
        synced.record_answer(
            "a2",
            now=synced.clock(),
            mode=Mode.STUDY,
            answer='"x"',
            score=1.0,
            proposed=Rating.GOOD,
            response_ms=100,
        ).id
        for _ in range(3)
    ]
    status, seen, err = run(None, str(path), code=_IDS)
    assert status == 0, err
    assert set(acknowledged) <= {int(x) for x in seen.split()}


_IDS = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
print(" ".join(str(r[0]) for r in conn.execute("SELECT id FROM review")))
"""
