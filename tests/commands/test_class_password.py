"""A password the server refuses: one sentence and exit 1, the password never shown (issue 16).

The test server asks members of ``PASSWORD_GROUP`` for a password (scram-sha-256 on its socket)
and trusts every other login, so the owner's fixtures keep working.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cyberquiz.cli import cli
from support import PASSWORD_GROUP, ClassDb, run_cli


@pytest.fixture
def member(class_db: ClassDb, class_decks: Path) -> str:
    """A student of a class whose login needs the password ``right horse``."""
    url = class_db.owner_url
    assert run_cli("--db", url, "class", "init")[0] == 0
    name = class_db.name("pw")
    assert run_cli("--db", url, "class", "add-student", name)[0] == 0
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"ALTER ROLE \"{name}\" PASSWORD 'right horse'")
        conn.exec_driver_sql(f'GRANT {PASSWORD_GROUP} TO "{name}"')
    engine.dispose()
    return name


def _stats(url: str, password: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", url, "stats", "--json"], env={"PGPASSWORD": password})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def test_a_refused_password_is_one_sentence_and_exit_1(class_db: ClassDb, member: str) -> None:
    code, err = _stats(class_db.url_of(member), "wrong horse")
    assert code == 1, err
    assert "password authentication failed" in err and "~/.pgpass or PGPASSWORD" in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "wrong horse" not in err


def test_a_refused_password_in_the_url_is_not_shown(class_db: ClassDb, member: str) -> None:
    url = class_db.url_of(member).replace(f"{member}@", f"{member}:wrong%20horse@", 1)
    code, err = _stats(url, "")
    assert code == 1 and "password authentication failed" in err, err
    assert "wrong" not in err.replace("password authentication failed", "")


def test_the_right_password_opens_the_students_profile(class_db: ClassDb, member: str) -> None:
    code, err = _stats(class_db.url_of(member), "right horse")
    assert code == 0, err
