"""An answer on a server in two round trips (storage/server_answer.py), against the real server:
the waits counted in the protocol, the same rows as the transactional way, a state changed
between the read and the write; and the reads around it without BEGIN and ROLLBACK."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.core.state import ReviewRecord
from cyberquiz.services.sync import sync_decks
from cyberquiz.storage import server_answer
from cyberquiz.storage.repository import Repository
from cyberquiz.storage.reviews import ReviewStore
from support import NOW


def _answer(repo: Repository, card_id: str, minutes: int, mode: Mode = Mode.STUDY) -> ReviewRecord:
    return repo.record_answer(
        card_id,
        now=NOW + timedelta(minutes=minutes),
        mode=mode,
        answer='"x"',
        score=1.0,
        proposed=None,
        rating=Rating.GOOD,
        response_ms=1500,
    )


@contextmanager
def protocol_trace(repo: Repository, path: Path) -> Iterator[None]:
    """libpq's trace of every message the repository's connections send and receive."""
    import psycopg.pq

    out = path.open("w")
    traced: list[Any] = []

    def start(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        pgconn = dbapi_connection.pgconn
        pgconn.trace(out.fileno())
        pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
        traced.append(pgconn)

    event.listen(repo.engine, "checkout", start)
    try:
        yield
    finally:
        event.remove(repo.engine, "checkout", start)
        for pgconn in traced:
            pgconn.untrace()
        out.close()


def _waits(trace: str) -> list[str]:
    """The messages after which the client waits for the server: a Sync (extended protocol)
    or a simple Query (psycopg's BEGIN and COMMIT): one per round trip."""
    sent = (line.split("\t") for line in trace.splitlines() if line.startswith("F\t"))
    return [
        " ".join(fields[2:])[:60] for fields in sent if fields[2].split()[0] in ("Sync", "Query")
    ]


def test_an_answer_on_a_server_waits_for_it_twice(
    pg_url: str, decks_dir: Path, tmp_path: Path
) -> None:
    """Read the state, then one statement that moves it and stores the answer: no BEGIN, no
    COMMIT, no card id lookup of its own (the transactional way waits five or six times)."""
    with Repository.open(pg_url, profile="ana", clock=lambda: NOW, fuzz=False) as repo:
        sync_decks(repo, [decks_dir])
        for minutes, mode in ((0, Mode.STUDY), (1, Mode.PRACTICE)):
            trace = tmp_path / f"trace-{mode}"
            with protocol_trace(repo, trace):
                _answer(repo, "a1", minutes, mode)
            assert len(_waits(trace.read_text())) == 2, trace.read_text()
        assert [r.mode for r in repo.reviews(card_id="a1")] == [Mode.STUDY, Mode.PRACTICE]


def _transactional(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every answer the transactional way, as on SQLite (the reference)."""
    monkeypatch.setattr(ReviewStore, "_record_on_server", lambda self, write: None)


def _stored(repo: Repository) -> tuple[list[Any], dict[str, Any]]:
    reviews = [(r.card_id, r.at, r.mode, r.answer, r.score, r.proposed, r.rating, r.response_ms)
               for r in repo.reviews()]  # fmt: skip
    with repo.engine.connect() as conn:
        extra = conn.exec_driver_sql(
            "SELECT scheduled, phase_before, prev_state, utc_offset FROM review "
            "WHERE profile_id = %(p)s ORDER BY id",
            {"p": repo.profile_id},
        ).all()
    return [(*r, *e) for r, e in zip(reviews, extra, strict=True)], repo.states()


def test_the_two_round_trips_store_what_the_transaction_stores(
    pg_url: str, decks_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same answers (study, practice, a clock gone back, a lapse) by two students, one the
    server way and one the transactional way: the same reviews, undo records and states."""
    steps = [
        ("a0", 0, Mode.STUDY, Rating.GOOD),
        ("a0", 30, Mode.STUDY, Rating.AGAIN),
        ("a1", 31, Mode.PRACTICE, None),
        ("a0", 20, Mode.STUDY, Rating.GOOD),  # the clock went back: dated at the last review
        ("a1", 2000, Mode.STUDY, Rating.EASY),
        ("b2", 2001, Mode.PRACTICE, Rating.HARD),
    ]
    seen = []
    for name in ("ana", "bea"):
        if name == "bea":
            _transactional(monkeypatch)
        with Repository.open(pg_url, profile=name, clock=lambda: NOW, fuzz=False) as repo:
            sync_decks(repo, [decks_dir])
            for card_id, minutes, mode, rating in steps:
                repo.record_answer(
                    card_id, now=NOW + timedelta(minutes=minutes), mode=mode, answer='{"a": 1}',
                    score=0.5, proposed=rating, response_ms=900,
                )  # fmt: skip
            seen.append(_stored(repo))
    assert seen[0] == seen[1]
    reviews, states = seen[0]
    assert len(reviews) == len(steps) and states["a0"].reps == 3


def test_a_state_changed_between_read_and_write_is_not_overwritten(
    pg_url: str, decks_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another window answers the same card after this answer read the state: the guarded
    statement writes nothing, and the answer is stored the transactional way on top."""
    with Repository.open(pg_url, profile="ana", clock=lambda: NOW, fuzz=False) as repo:
        sync_decks(repo, [decks_dir])
        with Repository.open(pg_url, profile="ana", clock=lambda: NOW, fuzz=False) as other:
            store = server_answer.store
            results: list[int | None] = []

            def meanwhile(*args: Any, **kwargs: Any) -> int | None:
                if not results:  # once: the other window's own answer goes through
                    results.append(None)
                    _answer(other, "a0", 1)
                result = store(*args, **kwargs)
                results.append(result)
                return result

            monkeypatch.setattr(server_answer, "store", meanwhile)
            mine = _answer(repo, "a0", 2)
        assert results == [None, 1, None]  # the other's answer stored; this one's guard refused
        assert [r.id for r in repo.reviews(card_id="a0")] == [1, mine.id]
        state = repo.state("a0")
        assert state.reps == 2
        assert state.last_review == NOW + timedelta(minutes=2)


def test_a_card_without_a_state_row_is_answered(pg_url: str, decks_dir: Path) -> None:
    """No state row to guard (a profile made before the card's sync filled it): the
    transactional way adds it."""
    with Repository.open(pg_url, profile="ana", clock=lambda: NOW, fuzz=False) as repo:
        sync_decks(repo, [decks_dir])
        with repo.engine.begin() as conn:
            conn.exec_driver_sql(
                "DELETE FROM card_state WHERE profile_id = %(p)s", {"p": repo.profile_id}
            )
        _answer(repo, "a2", 0)
        assert repo.state("a2").reps == 1
        assert len(repo.reviews()) == 1


def test_the_reads_after_an_answer_wait_once_per_statement(
    pg_url: str, decks_dir: Path, tmp_path: Path
) -> None:
    """The next card and the status line's counts: no BEGIN and ROLLBACK around them."""
    with Repository.open(pg_url, profile="ana", clock=lambda: NOW, fuzz=False) as repo:
        sync_decks(repo, [decks_dir])
        repo.queue_counts(NOW)  # the settings the queue needs are cached from here on
        trace = tmp_path / "trace"
        with protocol_trace(repo, trace):
            assert repo.next_card(NOW) is not None
            repo.queue_counts(NOW)
        waits = _waits(trace.read_text())
        assert waits and all(wait == "Sync" for wait in waits), waits
