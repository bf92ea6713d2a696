"""Shared fixtures for the whole suite."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
QUESTIONS_DIR = REPO_ROOT / "questions"
#: The article the decks quote; CI has it beside the clone, a lone checkout may not.
ARTICLE = (
    REPO_ROOT.parent
    / "shared"
    / "article"
    / "gorelik-2022-international-organizations-countering-cybercrime.txt"
)

#: A fixed instant for tests: a Saturday afternoon in UTC.
FIXED_NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test may read or write the real user's database, config or env settings."""
    home = tmp_path_factory.mktemp("home")
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


@pytest.fixture
def fixed_now() -> datetime:
    return FIXED_NOW


@pytest.fixture
def rng() -> random.Random:
    return random.Random(1234)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh SQLite file database URL."""
    return f"sqlite:///{tmp_path / 'test.db'}"


# --- PostgreSQL: one throwaway cluster per test session, one schema per test -----------------


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


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[str]:
    """A PostgreSQL server on a unix socket only (no TCP), removed at the end; its base URL.

    Skips (with the reason) on a machine without PostgreSQL's server programs.
    """
    import shutil
    import subprocess
    import tempfile

    folder = _postgres_bin()
    if folder is None:
        pytest.skip("PostgreSQL tests skipped: no initdb/pg_ctl on PATH or in /usr/lib/postgresql")
    # A short path: a unix socket's path is limited to ~107 bytes.
    root = Path(tempfile.mkdtemp(prefix="cq-pg-"))
    owner: dict[str, str] = {}
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "nobody")
        owner["user"] = "nobody"
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
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(
            f"PostgreSQL tests skipped: the test server did not start ({exc}; "
            f"{detail.decode(errors='replace').strip()[:300]})"
        )
    try:
        import psycopg

        with psycopg.connect(
            host=str(root), user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE cyberquiz_test")
        yield f"postgresql+psycopg://postgres@/cyberquiz_test?host={root}"
    finally:
        subprocess.run(
            [folder / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"],
            capture_output=True,
            **owner,  # type: ignore[call-overload]
        )
        shutil.rmtree(root, ignore_errors=True)


_schemas = iter(range(1, 1_000_000))


@pytest.fixture
def pg_url(pg_cluster: str) -> Iterator[str]:
    """A fresh, empty schema of the session's server, as a URL that works only in it."""
    from urllib.parse import parse_qs, urlsplit

    import psycopg

    name = f"t{next(_schemas)}"
    host = parse_qs(urlsplit(pg_cluster).query)["host"][0]
    with psycopg.connect(
        host=host, user="postgres", dbname="cyberquiz_test", autocommit=True
    ) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    yield f"{pg_cluster}&options=-csearch_path%3D{name}"
    with psycopg.connect(
        host=host, user="postgres", dbname="cyberquiz_test", autocommit=True
    ) as conn:
        conn.execute(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a SQLite file and on the session's PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return str(request.getfixturevalue("pg_url"))
