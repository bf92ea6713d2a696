"""The review rollup: created with the schema, kept exact by triggers on every write."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.storage.stats import StatsStore
from cyberquiz.storage.stats_rollup import BACKFILL, TABLE, TRIGGERS, ensure_rollup

from .stats_history import NOW, build_history


def rollup_rows(repo) -> list[tuple]:  # type: ignore[no-untyped-def]
    with repo.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(f"SELECT * FROM {TABLE} WHERE answers != 0 ORDER BY 1, 2, 3")
            )
        ]


def fresh_backfill(repo) -> list[tuple]:  # type: ignore[no-untyped-def]
    """What a rebuild from the review table gives now."""
    with repo.engine.begin() as conn:
        conn.execute(text(f"CREATE TEMP TABLE check_rollup AS SELECT * FROM {TABLE} WHERE 0"))
        conn.execute(text(BACKFILL.replace(f"INTO {TABLE}", "INTO check_rollup")))
        rows = [tuple(r) for r in conn.execute(text("SELECT * FROM check_rollup ORDER BY 1, 2, 3"))]
        conn.execute(text("DROP TABLE check_rollup"))
    return rows


def test_kept_by_its_triggers_from_creation(tmp_path: Path) -> None:
    repo = build_history(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        assert ensure_rollup(repo.engine) is False  # created with the schema (v2)
        rows = rollup_rows(repo)
        assert sum(r[3] for r in rows) == 10  # every answer of the fixture history
        assert rows == fresh_backfill(repo)
        # a missing trigger (e.g. the review table rebuilt by a migration) rebuilds it all
        with repo.engine.begin() as conn:
            conn.execute(text(f"DROP TRIGGER {TRIGGERS[1]}"))
        assert ensure_rollup(repo.engine) is True
        assert rollup_rows(repo) == fresh_backfill(repo)
    finally:
        repo.close()


def test_answers_undo_and_rating_changes_keep_it_exact(tmp_path: Path) -> None:
    repo = build_history(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        before = StatsStore(repo).collect(NOW, with_readiness=False)
        at = NOW + timedelta(minutes=5)
        first = repo.record_answer(
            "a1",
            now=at,
            mode=Mode.STUDY,
            answer="null",
            score=1.0,
            proposed=Rating.GOOD,
            response_ms=7000,
        )
        repo.record_answer(
            "a4",
            now=at,
            mode=Mode.PRACTICE,
            answer="null",
            score=0.0,
            proposed=Rating.AGAIN,
            response_ms=3000,
        )
        assert rollup_rows(repo) == fresh_backfill(repo)
        after = StatsStore(repo).collect(at, with_readiness=False)
        assert after.activity[-1].answers == before.activity[-1].answers + 2
        assert after.retention[0].reviews == before.retention[0].reviews + 1
        assert after.retention[0].passed == before.retention[0].passed + 1
        repo.change_rating(first.id, Rating.AGAIN)  # an UPDATE of the review row
        assert rollup_rows(repo) == fresh_backfill(repo)
        changed = StatsStore(repo).collect(at, with_readiness=False)
        assert changed.retention[0].passed == before.retention[0].passed
        repo.undo_review(first.id)  # a DELETE
        assert rollup_rows(repo) == fresh_backfill(repo)
        undone = StatsStore(repo).collect(at, with_readiness=False)
        assert undone.retention[0].reviews == before.retention[0].reviews
        assert undone.answers_total == before.answers_total + 1
    finally:
        repo.close()
