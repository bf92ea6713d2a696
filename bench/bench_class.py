"""A class at work (issue 16): N students answering at class pace, on a class server (PostgreSQL
with row-level security, each student their own login) side by side with one shared SQLite file.

``python -m bench class`` (or ``python bench/bench_class.py [STUDENTS] [SECONDS]
[--saturation SECONDS] [--processes N] [--cold] [--compare]``; defaults :data:`STUDENTS`,
:data:`SECONDS` and :data:`SATURATION_SECONDS`, bounded so that a run stays short; the issue's
figure is ``200 60 --saturation 20``). Each student is a thread with its own repository (its own
connections, as a laptop would have) that answers a card every 1-4 s (uniformly random, seeded)
for the duration; the students are spread over ``--processes`` processes (default
:data:`PROCESSES`), since a laptop does not share its interpreter lock with 199 others (with all
of them in one process the latency measured is mostly threads waiting for that lock).

What a student does is what the study screen does: Home's counts and the first card are read
before the run starts, and after each answer the next card and the status line's counts are
read; the card answered is the card drawn (a random one when none is due). Only the answer's
write is timed (``record_answer``, committed). ``--cold`` is the first version of this harness:
no reads at all, a random card, the first answer straight after opening. That made each
student's first answer also the first statement of its server connection on those tables
(catalog caches and the rollup trigger's plans are loaded then: about 10-20 ms on a loaded
server, 200 of them in the first 3 s), and left out the reads a real class puts on the server.

Then every answer acknowledged is looked for in the database. Then the same students answer
back to back (no pause) for the saturation run: throughput, and fairness (answers per student,
min/max). Printed per backend and run: answers, errors, lost answers, answer write p50 / p99,
answers per student min/max, and each student's first answer apart. ``--compare``: every
second student of each process stores its answers in one locking transaction (the way before
``storage/server_answer.py``, five or six round trips), the others in two round trips, each
group printed apart: the two ways side by side under the same load, which on this shared
machine is the only comparison that holds. Goals at class pace: 0 errors, 0 lost, p99 <= 50 ms
(the saturation run has no latency goal: it shows where the ceiling is).

The PostgreSQL server is a throwaway cluster on a unix socket in a temporary folder (no TCP),
started with the system's ``initdb``/``pg_ctl`` and removed afterwards; without them only the
SQLite half runs. Its settings are PostgreSQL's defaults (``synchronous_commit`` on: a commit
waits for the WAL to reach the disk), but for the connection limit.
"""

from __future__ import annotations

import argparse
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
from typing import Any

STUDENTS = 60
SECONDS = 20
SATURATION_SECONDS = 10
PACE = (1.0, 4.0)  # seconds between two answers of one student
SATURATED = (0.0, 0.0)  # no pause: as fast as the server takes them
PROCESSES = 8
CARDS = 40
GOAL_P99_MS = 50.0
#: --compare's two groups: the two round trips of ``storage/server_answer.py``, and the one
#: locking transaction every answer was before (SQLite's way, a server's fallback)
TWO_WAITS = "two round trips"
LOCKING = "locking transaction"


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
    pace: tuple[float, float],
    how: argparse.Namespace,
    ready: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Run one student per ``(number, "url|profile")`` for ``seconds`` at ``pace``, from the
    moment all have opened their repository (and ``ready`` returned); the figures."""
    from cyberquiz.core.answers import Mode, Rating
    from cyberquiz.storage.repository import Repository

    #: write latencies (ms) by group: every answer; each student's first; by way (--compare)
    latencies: dict[str, list[float]] = {"all": [], "first": [], TWO_WAITS: [], LOCKING: []}
    errors: list[str] = []
    acknowledged: dict[str, list[int]] = {}
    lock = threading.Lock()
    start = threading.Barrier(len(targets), action=ready, timeout=300)

    def student(n: int, target: str) -> None:
        url, profile = target.split("|")
        rng = random.Random(seed + n)
        ids: list[int] = []
        server = url.startswith("postgresql")
        # every process holds both groups (it holds students n, n + processes, ...)
        way = LOCKING if how.compare and server and (n // how.processes) % 2 else TWO_WAITS

        def shown(repo: Repository) -> str:
            """The card the app shows next, read as the study screen does (untimed)."""
            if how.cold:
                return f"c{rng.randrange(CARDS)}"
            now = datetime.now(UTC)
            card = repo.next_card(now)
            repo.queue_counts(now)  # the status line under the card
            return card.id if card is not None else f"c{rng.randrange(CARDS)}"

        try:
            with Repository.open(url, profile=profile) as repo:
                if way == LOCKING:  # the way every answer went before: one locking transaction
                    repo._record_on_server = lambda *a, **k: None
                if not how.cold:
                    repo.today_counts(datetime.now(UTC))  # Home, before the first card
                card = shown(repo)
                start.wait()
                end = time.monotonic() + seconds
                while time.monotonic() < end:
                    time.sleep(rng.uniform(*pace))
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
                    with lock:
                        latencies["all"].append(took)
                        latencies[way].append(took)
                        if not ids:
                            latencies["first"].append(took)
                    ids.append(record.id)
                    card = shown(repo)
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
    urls: list[str],
    seconds: float,
    seed: int,
    pace: tuple[float, float],
    how: argparse.Namespace,
) -> dict[str, Any]:
    """:func:`_class` over ``how.processes`` forked processes, started together; merged."""
    import multiprocessing

    targets = list(enumerate(urls))
    chunks = [c for c in (targets[i :: how.processes] for i in range(how.processes)) if c]
    context = multiprocessing.get_context("fork")
    everyone = context.Barrier(len(chunks), timeout=300)
    results = context.Queue()

    def worker(chunk: list[tuple[int, str]]) -> None:
        def ready() -> None:
            everyone.wait()

        results.put(_class(chunk, seconds, seed, pace, how, ready=ready))

    workers = [context.Process(target=worker, args=(chunk,)) for chunk in chunks]
    for process in workers:
        process.start()
    parts = [results.get() for _ in workers]
    for process in workers:
        process.join()
    latencies: dict[str, list[float]] = {}
    errors: list[str] = []
    acknowledged: dict[str, list[int]] = {}
    for part in parts:
        for group, values in part["latencies"].items():
            latencies.setdefault(group, []).extend(values)
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


def _percentiles(values: list[float]) -> tuple[float, float]:
    """p50 and p99 of ``values`` (0 when empty)."""
    if not values:
        return 0.0, 0.0
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def _report(
    name: str, figures: dict[str, Any], stored: set[int], seconds: float, goal: bool = True
) -> bool:
    latencies: dict[str, list[float]] = figures["latencies"]
    errors: list[str] = figures["errors"]
    acknowledged: dict[str, list[int]] = figures["acknowledged"]
    acked = {i for ids in acknowledged.values() for i in ids}
    lost = len(acked - stored)
    per = [len(ids) for ids in acknowledged.values()] or [0]
    p50, p99 = _percentiles(latencies["all"])
    ok = not errors and not lost and (p99 <= GOAL_P99_MS or not goal)
    print(
        f"{name:22} answers {len(acked):6} ({len(acked) / seconds:5.0f}/s)  "
        f"errors {len(errors):3}  lost {lost:3}  write p50 {p50:6.1f} ms  p99 {p99:6.1f} ms"
        + (f" (goal <= {GOAL_P99_MS:.0f})" if goal else "")
        + f"  per student min {min(per)} max {max(per)}  {'ok' if ok else 'MISSED'}"
    )
    groups = ["first"] + [g for g in (TWO_WAITS, LOCKING) if latencies[g] != latencies["all"]]
    for group in groups:
        if latencies[group]:
            p50, p99 = _percentiles(latencies[group])
            print(f"{'':24}{group}: {len(latencies[group])}, p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    for message in sorted(set(errors))[:5]:
        print(f"    error: {message[:200]}")
    return ok


def _arguments(argv: list[str]) -> argparse.Namespace:

    parser = argparse.ArgumentParser(prog="bench_class", description=__doc__.split("\n")[0])
    parser.add_argument("students", nargs="?", type=int, default=STUDENTS)
    parser.add_argument("seconds", nargs="?", type=float, default=SECONDS)
    parser.add_argument("--saturation", type=float, default=SATURATION_SECONDS, metavar="SECONDS")
    parser.add_argument("--processes", type=int, default=PROCESSES)
    parser.add_argument(
        "--cold",
        action="store_true",
        help="the first harness: no reads, a random card answered straight after opening",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="every second student stores its answers in one locking transaction (the way "
        "before the two round trips), for a comparison within one run",
    )
    args = parser.parse_args(argv)
    args.processes = max(1, args.processes)
    return args


def _runs(name: str, urls: list[str], stored_url: str, args: argparse.Namespace) -> None:
    figures = _in_processes(urls, args.seconds, 1, PACE, args)
    _report(f"{name} class pace", figures, _stored(stored_url), args.seconds)
    if args.saturation > 0:
        figures = _in_processes(urls, args.saturation, 2, SATURATED, args)
        _report(f"{name} saturated", figures, _stored(stored_url), args.saturation, goal=False)


def main(argv: list[str] | None = None) -> None:
    # ``python -m bench class`` passes none: the defaults
    args = _arguments(argv or [])
    students = args.students
    from cyberquiz.services.classroom import add, init
    from cyberquiz.services.sync import sync_decks
    from cyberquiz.storage.repository import Repository

    print(
        f"{students} students, an answer every {PACE[0]:.0f}-{PACE[1]:.0f} s for"
        f" {args.seconds:.0f} s, then back to back for {args.saturation:.0f} s;"
        f" {min(args.processes, students)} processes"
        + ("; cold (no reads, random cards)" if args.cold else "")
    )
    with tempfile.TemporaryDirectory(prefix="cq-bench-class-") as tmp:
        decks = _deck(Path(tmp))
        sqlite = f"sqlite:///{Path(tmp) / 'shared.db'}"
        with Repository.open(sqlite, profile="s0") as repo:
            sync_decks(repo, [decks])
        sqlite_urls = [f"{sqlite}|s{n}" for n in range(students)]
        _runs("sqlite", sqlite_urls, sqlite, args)
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
            _runs("postgresql", urls, owner, args)


if __name__ == "__main__":
    main(sys.argv[1:])
