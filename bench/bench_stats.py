"""Stats benchmarks (issue 7), on the storage benchmark's database: 10,000 cards, 1,000,000 reviews.

``python -m bench stats`` (or ``make bench``). Figures and goals:

1. the stats screen's full data (``StatsStore.collect`` without readiness: heatmap, streak, time
   studied, forecast, retention, cards by state, mastery, exams): goal <= 300 ms;
2. the readiness simulation to an exam 30 days away (prediction and every plan, on the
   10,000 card states): goal <= 1 s;
3. for scale, in the same run: one plain ``SELECT COUNT(*), SUM(response_ms)`` over the review
   rows of the profile (what any figure over all reviews would cost without the rollup), and
   the one-time build of the review rollup (``storage/stats_rollup.py``) from 1,000,000 rows:
   since schema v4 that is the v3 -> v4 migration step (and the repair a damaged rollup gets
   at stats time), no longer the first opening of the stats screen.

The database comes from ``bench/bench_storage.py`` (generated once into ``bench/.data/``); this
benchmark only reads it, from a temporary copy.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

RUNS = 5
GOAL_STATS_MS = 300.0
GOAL_READINESS_MS = 1000.0


def _median_ms(fn, runs: int = RUNS) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    from bench.bench_storage import NOW, cached_database
    from cyberquiz.core.readiness import FsrsModel, readiness
    from cyberquiz.storage.repository import Repository
    from cyberquiz.storage.stats import StatsStore
    from cyberquiz.storage.stats_rollup import create_rollup, ensure_rollup

    db, _decks = cached_database()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "stats.db"
        shutil.copyfile(db, copy)
        repo = Repository.open(f"sqlite:///{copy}", profile="bench", clock=lambda: NOW)
        try:
            repo.set_setting("timezone", "Europe/Berlin")  # DST zone: the harder case
            store = StatsStore(repo)
            started = time.perf_counter()
            with repo.engine.begin() as conn:  # what the v3 -> v4 migration step does on SQLite
                create_rollup(conn)
            rollup_s = time.perf_counter() - started
            started = time.perf_counter()
            ensure_rollup(repo.engine)  # what every stats read pays: one check, no write
            check_ms = (time.perf_counter() - started) * 1000
            data = store.collect(NOW, with_readiness=False)  # warm the page cache once
            reviews = data.answers_total

            def plain_scan() -> None:
                with repo.engine.connect() as conn:
                    conn.exec_driver_sql(
                        "SELECT COUNT(*), SUM(response_ms) FROM review WHERE profile_id = ?",
                        (repo.profile_id,),
                    ).one()

            scan_ms, _ = _median_ms(plain_scan)
            stats_ms, stats_best = _median_ms(lambda: store.collect(NOW, with_readiness=False))

            with repo.engine.connect() as conn:
                states, tags = StatsStore._cards(conn, repo.profile_id)
            model = FsrsModel.from_dict(repo.get_setting("scheduler"))
            exam_at = NOW + timedelta(days=30)

            def simulate() -> None:
                readiness(
                    states,
                    tags,
                    now=NOW,
                    exam_at=exam_at,
                    model=model,
                    pace_answers_per_day=150,
                    seconds_per_answer=12,
                )

            ready_ms, ready_best = _median_ms(simulate)
            full_ms, _ = _median_ms(
                lambda: store.collect(NOW, exam_date=(NOW + timedelta(days=30)).date()), runs=3
            )
        finally:
            repo.close()
    print(f"   data: {len(tags):,} cards, {reviews:,} reviews, {len(states):,} studied")
    print(
        f"   stats screen data: median {stats_ms:.0f} ms (best {stats_best:.0f} ms), "
        f"goal <= {GOAL_STATS_MS:.0f} ms  [{'ok' if stats_ms <= GOAL_STATS_MS else 'OVER'}]"
    )
    print(
        f"   readiness to an exam in 30 days: median {ready_ms:.0f} ms (best {ready_best:.0f} ms), "
        f"goal <= {GOAL_READINESS_MS:.0f} ms  [{'ok' if ready_ms <= GOAL_READINESS_MS else 'OVER'}]"
    )
    print(f"   everything together (stats + readiness): median {full_ms:.0f} ms")
    print(f"   baseline: one COUNT/SUM scan of the profile's reviews {scan_ms:.0f} ms")
    print(f"   review rollup build (the v3 -> v4 migration step, once): {rollup_s:.1f} s")
    print(f"   rollup check at stats time (ensure_rollup, nothing to repair): {check_ms:.2f} ms")


if __name__ == "__main__":
    main()
