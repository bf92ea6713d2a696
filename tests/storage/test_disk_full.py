"""A full disk or a file-size limit is said as such, loses nothing stored, and is not damage."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.storage.errors import DiskFull, translated
from cyberquiz.storage.repository import Repository

from .writers import run

WORKER = Path(__file__).resolve().parent / "disk_full_worker.py"
CARDS = ["a0", "a1", "a2", "b0"]
OPTIONS = ["--profile", "ana", "--decks"]


@pytest.fixture
def any_db_url(tmp_path: Path) -> str:
    """A SQLite file: the limit is on the files the process writes."""
    return f"sqlite:///{tmp_path / 'study.db'}"


def sizes(db: Path) -> int:
    return max(p.stat().st_size for p in db.parent.glob(db.name + "*"))


@pytest.mark.slow
def test_answering_into_a_size_limit_says_the_disk_is_full_and_keeps_every_answer(
    synced: Repository,
) -> None:
    db = Path(str(synced.engine.url.database))
    url = str(synced.engine.url)
    before = len(synced.reviews())
    limit = sizes(db) + 64 * 1024
    status, stdout, stderr = run(WORKER, url, str(limit), *CARDS, timeout=120)
    assert status == 0, stderr
    lines = stdout.splitlines()
    *acknowledged, last = lines
    assert last.startswith("DiskFull: The disk is full: "), stdout[-500:] + stderr
    assert "backup" not in last and "damaged" not in last
    assert "Traceback" not in stderr
    assert acknowledged, "some answers fit before the limit"
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {r[0] for r in conn.execute("SELECT id FROM review")}
    finally:
        conn.close()
    assert {int(x) for x in acknowledged} <= stored
    assert len(stored) == before + len(acknowledged), "the failed answer left nothing behind"
    for card_id in CARDS:  # each stored answer moved its card once, the failed one none
        assert synced.state(card_id).reps == len(synced.reviews(card_id=card_id))
    # with room again, the same answer can be given (the retry the app offers)
    synced.record_answer(
        "a0", now=synced.clock(), mode=Mode.STUDY, answer='"x"', score=1.0, proposed=Rating.GOOD
    )


def _limit_file_size(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))


@pytest.mark.slow
def test_cli_under_a_size_limit_prints_one_sentence_not_a_traceback(
    tmp_path: Path, decks_dir: Path
) -> None:
    """Under ``ulimit -f`` (Python ignores SIGXFSZ, so writes fail with EFBIG) one sentence."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cyberquiz",
            "--db",
            str(tmp_path / "new.db"),
            *OPTIONS,
            str(decks_dir),
            "sync",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
        preexec_fn=lambda: _limit_file_size(16 * 1024),
    )
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert done.stderr.startswith("cyberquiz: The disk is full: "), done.stderr
    assert "Traceback" not in done.stderr and "damaged" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "message",
    ["database or disk is full", "could not extend file: No space left on device"],
)
def test_driver_errors_for_a_full_disk_become_disk_full(message: str) -> None:
    from sqlalchemy.exc import OperationalError

    class ServerError(Exception):
        sqlstate = "53100"

    orig: Exception = sqlite3.OperationalError(message)
    if "extend" in message:
        orig = ServerError(message)
    full = pytest.raises(DiskFull, match=r"^The disk is full: /x/db could not be written")
    with full, translated("/x/db"):
        raise OperationalError("INSERT", {}, orig)
