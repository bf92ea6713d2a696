"""A class database on the session's PostgreSQL server: the owner, logins, deck files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from cyberquiz.cli import cli


@dataclass
class ClassDb:
    """The owner's URL of a class database (one schema of the test server) and its logins."""

    owner_url: str
    schema: str

    def name(self, who: str) -> str:
        """A role name unique to this test (roles belong to the whole server)."""
        return f"{self.schema}_{who}"

    def url_of(self, role: str) -> str:
        """The same database and schema, logged in as ``role`` (the test server trusts)."""
        return self.owner_url.replace("postgres@", f"{role}@", 1)


def run(*args: str) -> tuple[int, str, str]:
    """The CLI in-process: exit code, stdout, stderr; a crash re-raises."""
    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def class_db(pg_url: str) -> Iterator[ClassDb]:
    """An empty schema; every role the test made is dropped afterwards."""
    import psycopg

    schema = parse_qs(urlsplit(pg_url).query)["options"][0].split("=")[-1]
    db = ClassDb(owner_url=pg_url, schema=schema)
    yield db
    host = parse_qs(urlsplit(pg_url).query)["host"][0]
    with psycopg.connect(
        host=host, user="postgres", dbname="cyberquiz_test", autocommit=True
    ) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")  # pg_url's teardown drops it again
        roles = conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"{schema}\\_%",)
        ).fetchall()
        for (role,) in roles:
            conn.execute(f'DROP ROLE "{role}"')


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
    assert run("--db", url, "class", "init")[0] == 0
    for who in ("ann", "ben"):
        assert run("--db", url, "class", "add-student", class_db.name(who))[0] == 0
    assert run("--db", url, "class", "add-instructor", class_db.name("teach"))[0] == 0
    teach = class_db.url_of(class_db.name("teach"))
    assert run("--db", teach, "--decks", str(class_decks), "sync")[0] == 0
    return class_db
