"""Shared fixtures for the whole suite."""

from __future__ import annotations

import gc
import itertools
import os
import random
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest

if TYPE_CHECKING:
    import psycopg

from support import (
    NOW,
    PASSWORD_GROUP,
    ClassDb,
    FakeClock,
    keep_notification_history,
    paint_when_settled,
    pilot_waits_for_work,
    run_cli,
    share_parsed_css,
    write_deck,
)


def _temporary_files_in_memory() -> None:
    """The run's temporary files (every ``tmp_path``, the test server) on a RAM disk, if any.

    The storage tests commit to SQLite files, and every commit waited for the disk: on these
    machines the storage tests took 25-37 s on the disk and 15-18 s on ``/dev/shm``, for the
    same CPU. Nothing a test checks needs the disk itself: a killed writer's answers survive in
    the operating system's cache, on a RAM disk as on a disk. An explicit ``TMPDIR`` is kept.
    """
    import shutil
    import tempfile

    ram = Path("/dev/shm")
    if "TMPDIR" in os.environ or not ram.is_dir() or not os.access(ram, os.W_OK | os.X_OK):
        return
    if shutil.disk_usage(ram).free < 2 * 1024**3:  # a small one (a container's 64 MB) is not
        return
    os.environ["TMPDIR"] = str(ram)  # the xdist workers and the programs tests run inherit it
    tempfile.tempdir = None  # tempfile reads TMPDIR again


_temporary_files_in_memory()

# Garbage collection was a quarter of the suite's CPU time: the app makes many short-lived
# objects, and every few thousand allocations Python walked again everything the imports had
# loaded. Those are frozen once collected (never walked again) and the youngest generation is
# collected every 10,000 allocations instead of 700; the same garbage goes, in fewer, cheaper walks.
gc.set_threshold(10_000, 10, 10)


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Freeze what the process holds before pytest's five closing collections, which walked all
    of it: in xdist's main process, every test's reports, a third of a second after the last
    test had ended."""
    gc.freeze()


def _prepare_to_run_tests() -> None:
    """What a process that runs tests needs: Hypothesis's profile, Textual's test harness."""
    from hypothesis import settings

    # Tests never depend on timing: hypothesis's default 200 ms deadline per example failed a
    # date-parsing property on a loaded machine (a 378 ms example).
    settings.register_profile("cyberquiz", deadline=None)
    settings.load_profile("cyberquiz")
    # Tests read what the app notified through support.notices(), which must not depend on how
    # long a step took: a notification's timeout passing on a loaded machine must not hide it.
    keep_notification_history()
    pilot_waits_for_work()
    paint_when_settled()
    share_parsed_css()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    """Once pytest has let go of a test and its fixtures, collect them; freeze what outlives it.

    A Pilot test's app lives for the whole test, so its objects outlived the young collections
    and were walked again by every older one: 12% of the Pilot, core and storage tests' CPU went
    to garbage collection, 8% with one full collection after each test and what survives it
    frozen (never walked again). Collected first: frozen, a fixture's garbage would never go. A
    finalizer's warning (an unclosed file) fails the next test's setup, naming what was left.
    """
    try:
        return (yield)
    finally:
        gc.collect()
        gc.freeze()


@pytest.fixture(scope="session")
def _homes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One folder per test process for the tests' home folders, and their numbers."""
    root = tmp_path_factory.mktemp("homes")
    return (root / str(n) for n in itertools.count())


@pytest.fixture(autouse=True)
def _isolated_user_dirs(_homes: Iterator[Path]) -> Iterator[None]:
    """No test may read or write the real user's database, config or env settings.

    Each test's home is the next number in one folder: ``tmp_path_factory.mktemp`` scans every
    folder made so far to pick a number, which, once per test, cost more than many tests.
    """
    home = next(_homes)
    home.mkdir()
    saved = {
        k: os.environ.get(k)
        for k in (
            "XDG_DATA_HOME",
            "XDG_CONFIG_HOME",
            "CYBERQUIZ_DB",
            "CYBERQUIZ_PROFILE",
            "CYBERQUIZ_DECKS",
        )
    }
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    for key in ("CYBERQUIZ_DB", "CYBERQUIZ_PROFILE", "CYBERQUIZ_DECKS"):
        os.environ.pop(key, None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(autouse=True)
def _animations(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's animations are off in the apps a test starts, unless it is marked ``animated``.

    A Pilot step waited for every animation to end in real time (a tab's underline, a scroll
    after a focus change, the loading screen's dots): in one process the stats, study-flow and
    home tests took 28-30 s with animations and 22-26 s without. Textual ends an animation at
    once when they are off (``TEXTUAL_ANIMATIONS=none``, which some users choose), so a test
    sees the same final state. The app in a real terminal (the pty, tmux and first-frame tests,
    separate processes) still runs with them on, as do tests marked animated.
    """
    import textual.constants

    level = "full" if request.node.get_closest_marker("animated") else "none"
    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", level)


@pytest.fixture
def fixed_now() -> datetime:
    """The suite's frozen clock (``support.NOW``) as a fixture."""
    return NOW


@pytest.fixture
def clock() -> FakeClock:
    """The frozen clock as a callable that a test can move on (``clock.advance(seconds)``)."""
    return FakeClock()


@pytest.fixture
def decks_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    write_deck(
        folder,
        "a.yaml",
        "alpha",
        [(f"a{i}", f"front {i}", f"back {i}") for i in range(5)],
        tags=("dates",),
    )
    write_deck(folder, "b.yaml", "beta", [(f"b{i}", f"q {i}", f"r {i}") for i in range(3)])
    return folder


@pytest.fixture
def rng() -> random.Random:
    return random.Random(1234)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh SQLite file database URL."""
    return f"sqlite:///{tmp_path / 'test.db'}"


# --- PostgreSQL: one throwaway cluster per test run, one schema per test ---------------------
#
# Under pytest-xdist every worker is its own process with its own session fixtures, so a plain
# session fixture would start one server per worker. Instead the first worker that needs the
# server starts it under a file lock and leaves its URL in a folder that the main process made
# (and exported) before the workers existed; the main process stops the server at the very end.
# Without xdist the one process plays both parts.

_PG_SHARED = "CYBERQUIZ_TEST_PG_DIR"


@pytest.hookimpl(tryfirst=True)  # first, so that its clean-up runs after pytest's own
def pytest_configure(config: pytest.Config) -> None:
    """In the main process: a short-named folder shared with the workers for the server.

    In a worker: end the process as soon as pytest is done with it. The main process waits for
    every worker to exit, and a worker spent two to three seconds leaving: Python freed, one by
    one, everything the tests had left. (pytest's five collections at the end cost nothing now:
    each test's garbage was collected after it and what outlived it frozen.)
    """
    import tempfile

    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        # A short path: a unix socket's path is limited to ~107 bytes.
        os.environ[_PG_SHARED] = tempfile.mkdtemp(prefix="cq-pg-")
    else:
        config.add_cleanup(_leave_at_once)
    # xdist's main process hands the tests out and runs none: importing Textual and Hypothesis
    # there was a third of a second in which the workers did not exist yet.
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", None):
        _prepare_to_run_tests()


def _leave_at_once() -> None:
    """The worker's last step: its results are sent, its output is flushed; skip Python's exit."""
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def pytest_unconfigure(config: pytest.Config) -> None:
    """In the main process, after every worker is done: stop the server and remove its folder."""
    import shutil
    import subprocess

    if os.environ.get("PYTEST_XDIST_WORKER") is not None:
        return
    shared = os.environ.pop(_PG_SHARED, None)
    if shared is None:
        return
    state = _pg_state(Path(shared))
    if state.get("data"):
        subprocess.run(
            [Path(state["bin"]) / "pg_ctl", "-D", state["data"], "-m", "immediate", "-w", "stop"],
            capture_output=True,
            **_pg_owner(),  # type: ignore[call-overload]
        )
    # The server's folder holds a file per table and index of every test's schema: removing it
    # took a third of a second after the last test. An ``rm`` left running does it as pytest
    # exits (the shell that starts it ends at once).
    try:
        subprocess.run(
            ["sh", "-c", 'rm -rf "$1" >/dev/null 2>&1 &', "sh", shared],
            check=True,
            start_new_session=True,
        )
    except (OSError, subprocess.CalledProcessError):  # no sh
        shutil.rmtree(shared, ignore_errors=True)


def _postgres_bin() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl``: on PATH, else the newest Debian install."""
    import shutil

    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def _pg_owner() -> dict[str, str]:
    """initdb and the server refuse to run as root: as root, they run as ``nobody``."""
    return {"user": "nobody"} if os.geteuid() == 0 else {}


def _pg_state(shared: Path) -> dict[str, str]:
    """What the worker that started the server left: ``url``, ``bin``, ``data``, or ``skip``."""
    import json

    state = shared / "server.json"
    return dict(json.loads(state.read_text())) if state.exists() else {}


def _start_pg(root: Path) -> dict[str, str]:
    """Start a server on a unix socket in ``root`` (no TCP); its state, or why it did not."""
    import shutil
    import subprocess

    folder = _postgres_bin()
    if folder is None:
        return {"skip": "no initdb/pg_ctl on PATH or in /usr/lib/postgresql"}
    owner = _pg_owner()
    if owner:
        shutil.chown(root, owner["user"])
    data, log = root / "data", root / "server.log"
    run = {"check": True, "capture_output": True, **owner}
    try:
        subprocess.run(
            [
                folder / "initdb",
                "-D",
                data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            **run,  # type: ignore[call-overload]
        )
        # Members of PASSWORD_GROUP must give a password on the socket (the refused-password
        # tests); every other login, the fixture's superuser first, is trusted as before.
        hba = data / "pg_hba.conf"
        hba.write_text(f"local all +{PASSWORD_GROUP} scram-sha-256\n" + hba.read_text())
        options = (
            f"-k {root} -c listen_addresses='' -F -c full_page_writes=off "
            "-c synchronous_commit=off -c max_connections=200"
        )
        subprocess.run(
            [folder / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "start"],
            **run,  # type: ignore[call-overload]
        )
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(data, ignore_errors=True)
        return {
            "skip": f"the test server did not start ({exc}; "
            f"{detail.decode(errors='replace').strip()[:300]})"
        }
    state = {"bin": str(folder), "data": str(data)}
    import psycopg

    with psycopg.connect(host=str(root), user="postgres", dbname="postgres", autocommit=True) as c:
        c.execute("CREATE DATABASE cyberquiz_test")
        c.execute(f"CREATE ROLE {PASSWORD_GROUP} NOLOGIN")
    return {**state, "url": f"postgresql+psycopg://postgres@/cyberquiz_test?host={root}"}


@pytest.fixture(scope="session")
def pg_cluster() -> str:
    """The run's PostgreSQL server (started by the first worker that asks); its base URL.

    Skips (with the reason) on a machine without PostgreSQL's server programs.
    """
    import json

    from filelock import FileLock

    shared = Path(os.environ[_PG_SHARED])
    with FileLock(shared / "server.lock"):
        state = _pg_state(shared)
        if not state:
            state = _start_pg(shared)
            (shared / "server.json").write_text(json.dumps(state))
    if "skip" in state:
        pytest.skip(f"PostgreSQL tests skipped: {state['skip']}")
    return state["url"]


_schemas = iter(range(1, 1_000_000))


@pytest.fixture(scope="session")
def _pg_admin(pg_cluster: str) -> Iterator[psycopg.Connection[Any]]:
    """One superuser connection per test process, to make each test's schema.

    A new connection per test cost the server a backend start and a cold catalog cache each.
    """
    import psycopg

    host = parse_qs(urlsplit(pg_cluster).query)["host"][0]
    with psycopg.connect(
        host=host, user="postgres", dbname="cyberquiz_test", autocommit=True
    ) as conn:
        yield conn


@pytest.fixture
def pg_url(pg_cluster: str, _pg_admin: psycopg.Connection[Any]) -> str:
    """A fresh, empty schema of the session's server, as a URL that works only in it.

    Schemas and roles are left behind: the run removes the whole server at its end, and
    dropping them after each test was a sixth of the server's work.
    """
    # the workers share the server: a schema name per worker and test
    name = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_t{next(_schemas)}"
    _pg_admin.execute(f"CREATE SCHEMA {name}")
    return f"{pg_cluster}&options=-csearch_path%3D{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a SQLite file and on the session's PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return str(request.getfixturevalue("pg_url"))


def pytest_deselected(items: list[pytest.Item]) -> None:
    """Count deselected tests (-k, -m, --lf): tests/test_snapshot_files.py then cannot judge."""
    config = items[0].config if items else None
    if config is not None:
        config._cq_deselected = getattr(config, "_cq_deselected", 0) + len(items)  # type: ignore[attr-defined]


# --- a class database: one schema of the run's server, its logins and decks ---


@pytest.fixture
def class_db(pg_url: str) -> ClassDb:
    """An empty schema; the roles a test makes are named after it (``ClassDb.name``)."""
    schema = parse_qs(urlsplit(pg_url).query)["options"][0].split("=")[-1]
    return ClassDb(owner_url=pg_url, schema=schema)


@pytest.fixture
def class_decks(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    lines = ["format: 1", "id: alpha", "title: Alpha", "tags: [dates]", "cards:"]
    for i in range(4):
        lines += [f"  - id: a{i}", "    kind: flip", f"    front: front {i}", f"    back: back {i}"]
    (folder / "a.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def exam_class(class_db: ClassDb, class_decks: Path) -> ClassDb:
    """Students ann and ben, instructor teach, a deck of six true/false cards synced."""
    lines = ["format: 1", "id: tf", "title: True or false", "tags: [dates]", "cards:"]
    for i in range(6):
        lines += [
            f"  - id: tf{i}",
            "    kind: truefalse",
            f"    statement: S {i}",
            "    answer: true",
        ]
    (class_decks / "tf.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    url = class_db.owner_url
    assert run_cli("--db", url, "class", "init")[0] == 0
    for who in ("ann", "ben"):
        assert run_cli("--db", url, "class", "add-student", class_db.name(who))[0] == 0
    assert run_cli("--db", url, "class", "add-instructor", class_db.name("teach"))[0] == 0
    teach = class_db.url_of(class_db.name("teach"))
    assert run_cli("--db", teach, "--decks", str(class_decks), "sync")[0] == 0
    return class_db
