"""A class at work (issue 16): N students answering at class pace, on a class server (PostgreSQL
with row-level security, each student their own login) side by side with one shared SQLite file.

``python -m bench class`` (or ``python bench/bench_class.py [STUDENTS] [SECONDS]
[--saturation SECONDS]``; defaults :data:`STUDENTS`, :data:`SECONDS` and
:data:`SATURATION_SECONDS`, bounded so that a run stays short; the issue's figure is
``200 60 --saturation 20``). Each student is a thread with its own repository (its own
connections, as a laptop would have) that answers a card every 1-4 s (uniformly random, seeded)
for the duration; the students are spread over ``--processes`` processes (default
:data:`PROCESSES`), since a laptop does not share its interpreter lock with 199 others (with all
of them in one process the latency measured is mostly threads waiting for that lock). Then every
answer acknowledged is looked for in the database. Then the same
students answer back to back (no pause) for the saturation run: throughput, and fairness (answers
per student, min/max). Printed per backend and run: answers, errors, lost answers, answer write
p50 / p99 (record_answer, committed), answers per student min/max. Goals at class pace: 0 errors,
0 lost, p99 <= 50 ms (the saturation run has no latency goal: it shows where the ceiling is).

The PostgreSQL server is a throwaway cluster on a unix socket in a temporary folder (no TCP),
started with the system's ``initdb``/``pg_ctl`` and removed afterwards; without them only the
SQLite half runs.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

STUDENTS = 60
SECONDS = 20
SATURATION_SECONDS = 10
PACE = (1.0, 4.0)  # seconds between two answers of one student
SATURATED = (0.0, 0.0)  # no pause: as fast as the server takes them
PROCESSES = 8
CARDS = 40
GOAL_P99_MS = 50.0


def _deck(folder: Path) -> Path:
    lines = ["format: 1", "id: bench", "title: Bench", "tags: [dates]", "cards:"]
    for i in range(CARDS):
        lines += [f"  - id: c{i}", "    kind: flip", f"    front: q {i}", f"    back: a {i}"]
    (folder / "bench.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _postgres_bin() -> Path | None:
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


@contextmanager
def _server(students: int) -> Iterator[str | None]:
    """A throwaway PostgreSQL cluster (unix socket only); the owner's URL, or None."""
    folder = _postgres_bin()
    if folder is None:
        print("no initdb/pg_ctl: PostgreSQL skipped")
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="cq-bench-pg-"))
    owner: dict[str, str] = {}
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "nobody")
        owner["user"] = "nobody"
    data = root / "data"
    try:
        subprocess.run(
            [folder / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
             "--no-locale", "--no-sync"],
            check=True, capture_output=True, **owner,  # type: ignore[call-overload]
        )  # fmt: skip
        options = f"-k {root} -c listen_addresses='' -c max_connections={students * 3 + 20}"
        subprocess.run(
            [folder / "pg_ctl", "-D", data, "-l", root / "log", "-o", options, "-w", "start"],
            check=True, capture_output=True, **owner,  # type: ignore[call-overload]
        )  # fmt: skip
        import psycopg

        with psycopg.connect(host=str(root), user="postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        yield f"postgresql+psycopg://postgres@/bench?host={root}"
    finally:
        subprocess.run(
            [folder / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"],
            capture_output=True, **owner,  # type: ignore[call-overload]
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def _class(
    targets: list[tuple[int, str]],
    seconds: float,
    seed: int,
    pace: tuple[float, float] = PACE,
    ready: Callable[[], None] | None = None,
) -> dict[str, object]:
    """Run one student per ``(number, "url|profile")`` for ``seconds`` at ``pace``, from the
    moment all have opened their repository (and ``ready`` returned); the figures."""
    from cyberquiz.core.answers import Mode, Rating
    from cyberquiz.storage.repository import Repository

    latencies: list[float] = []
    errors: list[str] = []
    acknowledged: dict[str, list[int]] = {}
    lock = threading.Lock()
    start = threading.Barrier(len(targets), action=ready, timeout=300)

    def student(n: int, target: str) -> None:
        url, profile = target.split("|")
        rng = random.Random(seed + n)
        ids: list[int] = []
        try:
            with Repository.open(url, profile=profile) as repo:
                start.wait()
                end = time.monotonic() + seconds
                while time.monotonic() < end:
                    time.sleep(rng.uniform(*pace))
                    card = f"c{rng.randrange(CARDS)}"
                    began = time.perf_counter()
                    try:
                        record = repo.record_answer(
                            card, now=datetime.now(UTC), mode=Mode.STUDY, answer='"x"',
                            score=1.0, proposed=Rating.GOOD, response_ms=2000,
                        )  # fmt: skip
                    except Exception as exc:  # counted, the student goes on
                        with lock:
                            errors.append(f"{type(exc).__name__}: {exc}")
                        continue
                    took = (time.perf_counter() - began) * 1000
                    ids.append(record.id)
                    with lock:
                        latencies.append(took)
        except Exception as exc:
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")
        acknowledged[profile] = ids

    threads = [threading.Thread(target=student, args=(n, u)) for n, u in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "errors": errors, "acknowledged": acknowledged}


def _in_processes(
    urls: list[str], processes: int, seconds: float, seed: int, pace: tuple[float, float]
) -> dict[str, object]:
    """:func:`_class` over ``processes`` forked processes, started together; merged figures."""
    import multiprocessing

    targets = list(enumerate(urls))
    chunks = [c for c in (targets[i::processes] for i in range(processes)) if c]
    context = multiprocessing.get_context("fork")
    everyone = context.Barrier(len(chunks), timeout=300)
    results = context.Queue()

    def worker(chunk: list[tuple[int, str]]) -> None:
        def ready() -> None:
            everyone.wait()

        results.put(_class(chunk, seconds, seed, pace, ready=ready))

    workers = [context.Process(target=worker, args=(chunk,)) for chunk in chunks]
    for process in workers:
        process.start()
    parts = [results.get() for _ in workers]
    for process in workers:
        process.join()
    latencies: list[float] = []
    errors: list[str] = []
    acknowledged: dict[str, list[int]] = {}
    for part in parts:
        latencies += part["latencies"]
        errors += part["errors"]
        acknowledged.update(part["acknowledged"])
    return {"latencies": latencies, "errors": errors, "acknowledged": acknowledged}


def _stored(url: str) -> set[int]:
    from cyberquiz.storage.engine import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {int(r[0]) for r in conn.exec_driver_sql("SELECT id FROM review")}
    finally:
        engine.dispose()


def _report(
    name: str, figures: dict[str, object], stored: set[int], seconds: float, goal: bool = True
) -> bool:
    latencies = sorted(figures["latencies"])  # type: ignore[call-overload]
    errors: list[str] = figures["errors"]  # type: ignore[assignment]
    acknowledged: dict[str, list[int]] = figures["acknowledged"]  # type: ignore[assignment]
    acked = {i for ids in acknowledged.values() for i in ids}
    lost = len(acked - stored)
    per = [len(ids) for ids in acknowledged.values()] or [0]
    p50 = statistics.median(latencies) if latencies else 0.0
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0.0
    ok = not errors and not lost and (p99 <= GOAL_P99_MS or not goal)
    print(
        f"{name:22} answers {len(acked):6} ({len(acked) / seconds:5.0f}/s)  "
        f"errors {len(errors):3}  lost {lost:3}  write p50 {p50:6.1f} ms  p99 {p99:6.1f} ms"
        + (f" (goal <= {GOAL_P99_MS:.0f})" if goal else "")
        + f"  per student min {min(per)} max {max(per)}  {'ok' if ok else 'MISSED'}"
    )
    for message in sorted(set(errors))[:5]:
        print(f"    error: {message[:200]}")
    return ok


def _arguments(argv: list[str]) -> tuple[int, float, float, int]:
    import argparse

    parser = argparse.ArgumentParser(prog="bench_class", description=__doc__.split("\n")[0])
    parser.add_argument("students", nargs="?", type=int, default=STUDENTS)
    parser.add_argument("seconds", nargs="?", type=float, default=SECONDS)
    parser.add_argument("--saturation", type=float, default=SATURATION_SECONDS, metavar="SECONDS")
    parser.add_argument("--processes", type=int, default=PROCESSES)
    args = parser.parse_args(argv)
    return args.students, args.seconds, args.saturation, max(1, args.processes)


def _runs(
    name: str, urls: list[str], stored_url: str, seconds: float, saturation: float, processes: int
) -> None:
    figures = _in_processes(urls, processes, seconds, 1, PACE)
    _report(f"{name} class pace", figures, _stored(stored_url), seconds)
    if saturation > 0:
        figures = _in_processes(urls, processes, saturation, 2, SATURATED)
        _report(f"{name} saturated", figures, _stored(stored_url), saturation, goal=False)


def main(argv: list[str] | None = None) -> None:
    # ``python -m bench class`` passes none: the defaults
    students, seconds, saturation, processes = _arguments(argv or [])
    from cyberquiz.services.classroom import add, init
    from cyberquiz.services.sync import sync_decks
    from cyberquiz.storage.repository import Repository

    print(
        f"{students} students, an answer every {PACE[0]:.0f}-{PACE[1]:.0f} s for {seconds:.0f} s,"
        f" then back to back for {saturation:.0f} s; {min(processes, students)} processes"
    )
    with tempfile.TemporaryDirectory(prefix="cq-bench-class-") as tmp:
        decks = _deck(Path(tmp))
        sqlite = f"sqlite:///{Path(tmp) / 'shared.db'}"
        with Repository.open(sqlite, profile="s0") as repo:
            sync_decks(repo, [decks])
        sqlite_urls = [f"{sqlite}|s{n}" for n in range(students)]
        _runs("sqlite", sqlite_urls, sqlite, seconds, saturation, processes)
        with _server(students) as owner:
            if owner is None:
                return
            init(owner)
            names = [f"student{n}" for n in range(students)]
            for name in names:
                add(owner, name)
            add(owner, "teacher", instructor=True)
            with Repository.open(owner.replace("postgres@", "teacher@"), profile="") as repo:
                sync_decks(repo, [decks])
            urls = [f"{owner.replace('postgres@', f'{n}@')}|{n}" for n in names]
            _runs("postgresql", urls, owner, seconds, saturation, processes)


if __name__ == "__main__":
    main(sys.argv[1:])
