"""``cyberquiz class init | add-student | add-instructor | remove-student | list``.

Run by the class server's owner with ``--db postgresql://OWNER@HOST/DATABASE``. Errors a user
can cause (not PostgreSQL, server down, password refused, missing rights) are one sentence on
stderr and exit status 1; see docs/class-server.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from cyberquiz.commands.output import echo
from cyberquiz.commands.storage import _storage_errors

if TYPE_CHECKING:
    from cyberquiz.services.config import Config


def _server_url(config: Config) -> str:
    if not config.db:
        raise click.UsageError("class commands need --db postgresql://USER@HOST/DATABASE")
    return config.db_url


@click.group(name="class")
def class_() -> None:
    """Set up a class on a PostgreSQL server: each student sees only their own progress."""


@class_.command()
@click.pass_obj
@_storage_errors
def init(config: Config) -> None:
    """Create the schema, the class's roles and the row-level security policies."""
    from cyberquiz.services import classroom

    roles = classroom.init(_server_url(config))
    echo(f"class ready: students join {roles.student}, instructors {roles.instructor}")


@class_.command("add-student")
@click.argument("name")
@click.pass_obj
@_storage_errors
def add_student(config: Config, name: str) -> None:
    """Give NAME a login role and a profile that only NAME can read."""
    _add(config, name, instructor=False)


@class_.command("add-instructor")
@click.argument("name")
@click.pass_obj
@_storage_errors
def add_instructor(config: Config, name: str) -> None:
    """Give NAME a login role that reads every student's progress and syncs the decks."""
    _add(config, name, instructor=True)


def _add(config: Config, name: str, *, instructor: bool) -> None:
    from cyberquiz.services import classroom

    cleaned, created = classroom.add(_server_url(config), name, instructor=instructor)
    what = "instructor" if instructor else "student"
    echo(f"{what} {cleaned} added" + ("" if created else " (existing role)"))
    if created:
        echo(
            f'set a password on the server (psql: \\password "{cleaned}") or use '
            "peer/certificate authentication; cyberquiz never stores one"
        )


@class_.command("remove-student")
@click.argument("name")
@click.option("--forget", is_flag=True, help="Also delete the student's progress.")
@click.pass_obj
@_storage_errors
def remove_student(config: Config, name: str, forget: bool) -> None:
    """Take NAME's login away (progress is kept for the record unless --forget)."""
    from cyberquiz.services import classroom

    cleaned = classroom.remove(_server_url(config), name, forget=forget)
    echo(f"{cleaned} removed" + (" with their progress" if forget else "; progress kept"))


@class_.command("list")
@click.pass_obj
@_storage_errors
def list_(config: Config) -> None:
    """List the class's students and instructors."""
    from cyberquiz.services import classroom

    for name, group in classroom.members(_server_url(config)):
        echo(f"{group}\t{name}")
