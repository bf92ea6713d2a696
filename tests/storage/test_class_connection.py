"""A student's connection that the server dropped while they read a card (issue 16).

The pool checks a connection only after it rested (``IDLE_PING_SECONDS``), not before each of
the answer's statements: a dropped link is then replaced without the student seeing it.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.storage import engine as engine_module
from cyberquiz.storage.errors import StorageError
from cyberquiz.storage.repository import Repository
from support import NOW, ClassDb, run_cli


@pytest.fixture
def student(class_db: ClassDb, class_decks: Path) -> str:
    """A class with one student (a login of its own, so that only its sessions are cut)."""
    url = class_db.owner_url
    assert run_cli("--db", url, "class", "init")[0] == 0
    assert run_cli("--db", url, "class", "add-instructor", class_db.name("teach"))[0] == 0
    teach = class_db.url_of(class_db.name("teach"))
    assert run_cli("--db", teach, "--decks", str(class_decks), "sync")[0] == 0
    assert run_cli("--db", url, "class", "add-student", class_db.name("ann"))[0] == 0
    return class_db.url_of(class_db.name("ann"))


def _cut(url: str) -> int:
    """Terminate every session of ``url``'s login, as a dropped link would; how many."""
    parsed = make_url(url)
    host = parsed.query["host"]
    with psycopg.connect(host=str(host), user="postgres", dbname="postgres", autocommit=True) as c:
        rows = c.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
            (parsed.username,),
        ).fetchall()
    return len(rows)


def _answer(repo: Repository, card: str) -> None:
    repo.record_answer(card, now=NOW, mode=Mode.STUDY, answer='"x"', score=1, proposed=Rating.GOOD)


def test_a_rested_connection_dropped_by_the_server_is_replaced(
    student: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Repository.open(student, profile="", clock=lambda: NOW, fuzz=False) as repo:
        _answer(repo, "a0")
        assert _cut(student) >= 1
        monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 0.0)
        _answer(repo, "a1")
        assert [r.card_id for r in repo.reviews()] == ["a0", "a1"]


def test_without_the_check_a_dropped_connection_fails_in_one_sentence(
    student: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The counterpart: what the check spares the student (the answer is not stored)."""
    with Repository.open(student, profile="", clock=lambda: NOW, fuzz=False) as repo:
        _answer(repo, "a0")
        assert _cut(student) >= 1
        monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 3600.0)
        with pytest.raises(StorageError, match="Check the address"):
            _answer(repo, "a1")
        assert [r.card_id for r in repo.reviews()] == ["a0"]
