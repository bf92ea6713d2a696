"""``cyberquiz class init | add-student | add-instructor | remove-student | list | exam | exams``.

Run by the class server's owner with ``--db postgresql://OWNER@HOST/DATABASE``. Errors a user
can cause (not PostgreSQL, server down, password refused, missing rights) are one sentence on
stderr and exit status 1; see docs/class-server.md.
"""

from __future__ import annotations

from datetime import datetime
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


_WHEN = click.DateTime(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"])


def _aware(value: datetime) -> datetime:
    """A time typed on this machine (its local zone) as UTC."""
    from datetime import UTC

    return value.astimezone().astimezone(UTC)


@class_.command("exam")
@click.option("--title", required=True, help="What students see, e.g. 'Midterm'.")
@click.option(
    "--count",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Questions (the same for every student).",
)
@click.option("--seed", type=int, help="The draw's seed (default: a random one, printed).")
@click.option("--opens", type=_WHEN, required=True, help="'YYYY-MM-DD HH:MM', local time.")
@click.option("--closes", type=_WHEN, required=True, help="'YYYY-MM-DD HH:MM', local time.")
@click.option(
    "--minutes",
    type=click.FloatRange(min=0, min_open=True),
    help="Time limit of one sitting (default: untimed).",
)
@click.option("--deck", "deck_ids", multiple=True, help="Draw from this deck (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Draw cards with this tag (repeatable).")
@click.pass_obj
@_storage_errors
def exam(
    config: Config,
    title: str,
    count: int,
    seed: int | None,
    opens: datetime,
    closes: datetime,
    minutes: float | None,
    deck_ids: tuple[str, ...],
    tags: tuple[str, ...],
) -> None:
    """Set an exam for the class: students sit it from the app between --opens and --closes."""
    from cyberquiz.services import class_exams

    made = class_exams.set_exam(
        _server_url(config),
        title=title,
        count=count,
        seed=seed,
        opens=_aware(opens),
        closes=_aware(closes),
        minutes=minutes,
        deck_ids=deck_ids,
        tags=tags,
        now=config.clock(),
    )
    echo(
        f"class exam {made.id} set: {made.title}, {made.settings.describe()}, open "
        f"{class_exams.when(made.opens)} to {class_exams.when(made.closes)}"
    )


@class_.command("exams")
@click.pass_obj
@_storage_errors
def exams(config: Config) -> None:
    """List the class exams with how many students sat each and their mean score."""
    from cyberquiz.services import class_exams

    for line in class_exams.listed(_server_url(config), now=config.clock()):
        e = line.exam
        mean = "" if line.mean is None else f", mean {line.mean:.0f} %"
        echo(
            f"{e.id}\t{e.title}\t{class_exams.when(e.opens)} to {class_exams.when(e.closes)}\t"
            f"sat by {len(line.scores)}{mean}"
        )
