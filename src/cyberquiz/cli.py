"""The command line, and ``make_app``: the one factory that builds the app for the CLI and tests.

Global options come before the subcommand and have environment twins::

    cyberquiz --db x.db --profile ana --decks my-decks study

Subcommands live in ``cyberquiz.commands.*`` and are imported only when invoked, so that
``cyberquiz --help`` and ``cyberquiz validate`` never pay for Textual or SQLAlchemy.
"""

from __future__ import annotations

import importlib
import random
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cyberquiz import __version__
from cyberquiz.commands.output import echo
from cyberquiz.core.controls import strip_controls
from cyberquiz.services.config import Config, normalise_profile

if TYPE_CHECKING:
    from cyberquiz.tui.app import CyberQuizApp, Start, StartOptions

#: subcommand name -> "module:attribute" of its click command.
COMMANDS: dict[str, str] = {
    "validate": "cyberquiz.commands.validate:validate",
    "schema": "cyberquiz.commands.validate:schema",
    "locate": "cyberquiz.commands.storage:locate",
    "sync": "cyberquiz.commands.storage:sync",
    "backup": "cyberquiz.commands.storage:backup",
    "optimize": "cyberquiz.commands.storage:optimize",
    "study": "cyberquiz.commands.study:study",
    "preview": "cyberquiz.commands.study:preview",
    "exam": "cyberquiz.commands.exam:exam",
    "practice": "cyberquiz.commands.exam:practice",
    "stats": "cyberquiz.commands.stats:stats",
    "new": "cyberquiz.commands.instructor:new",
    "new-id": "cyberquiz.commands.instructor:new_id",
    "import": "cyberquiz.commands.instructor:import_",
    "export": "cyberquiz.commands.instructor:export",
    "class-report": "cyberquiz.commands.instructor:class_report",
    "class": "cyberquiz.commands.classroom:class_",
}

#: One line each for `cyberquiz --help`, without importing the command modules.
SUMMARIES: dict[str, str] = {
    "validate": "Check deck files; report every problem as path:line:column.",
    "schema": "Print the JSON Schema of the deck format.",
    "locate": "Print where the database, decks and config are.",
    "sync": "Sync the deck folders into the database now.",
    "backup": "Write a backup copy of the database.",
    "optimize": "Fit FSRS parameters to this profile's own history.",
    "study": "Open straight into a study session.",
    "preview": "Try one deck file as a student would, writing nothing.",
    "exam": "Sit a timed self-assessment exam (or list past exams).",
    "practice": "Practise without touching the schedule.",
    "stats": "Show statistics and exam readiness (--json for scripts).",
    "new": "Write a starter deck with one card of every kind.",
    "new-id": "Print a fresh card id.",
    "import": "Convert a Moodle GIFT or CSV file into a deck.",
    "export": "Export decks to Anki, GIFT, CSV or a printable sheet.",
    "class-report": "Merge students' exam reports into item statistics.",
    "class": "Set up a class on a PostgreSQL server (roles, row-level security).",
}


def make_app(
    *,
    db_url: str,
    profile: str,
    deck_dirs: Sequence[Path],
    clock: Callable[[], datetime] | None = None,
    rng: random.Random | None = None,
    start: Start = "home",
    options: StartOptions | None = None,
    key_guard_seconds: float = 0.0,
) -> CyberQuizApp:
    """Build the Textual app. The CLI and the tests both come through here.

    Args:
        db_url: SQLAlchemy URL of the database.
        profile: the student's profile name.
        deck_dirs: folders (or files) of YAML decks to sync on start.
        clock: returns the current UTC-aware time; defaults to the wall clock.
        rng: randomness for shuffling and drawing questions; defaults to an unseeded Random.
        start: the first screen: ``home``, ``study``, ``practice``, ``exam``, ``stats`` or
            ``preview``.
        options: screen-specific start options (deck ids, tags, exam settings, ...).
        key_guard_seconds: answer keys pressed this soon after a question appears are dropped
            (0 in tests, which press keys faster than anyone could read).
    """
    from cyberquiz.tui.app import CyberQuizApp  # deferred: Textual is the heaviest import
    from cyberquiz.tui.guard import KeyGuard

    return CyberQuizApp(
        db_url=db_url,
        profile=profile,
        deck_dirs=tuple(deck_dirs),
        clock=clock or (lambda: datetime.now(UTC)),
        rng=rng or random.Random(),
        start=start,
        options=options or {},
        key_guard=KeyGuard(key_guard_seconds),
    )


def run_app(config: Config, start: Start = "home", options: StartOptions | None = None) -> None:
    """Build the app from the global options and run it; exit with its return code."""
    from cyberquiz.tui.guard import DEFAULT_GUARD_SECONDS

    app = make_app(
        db_url=config.db_url,
        profile=config.profile_name,
        deck_dirs=config.deck_dirs,
        clock=config.clock,
        start=start,
        options=options,
        key_guard_seconds=DEFAULT_GUARD_SECONDS,
    )
    app.run()
    code = app.return_code or 0
    if code:
        sys.exit(code)


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use (click's documented pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand; an error's message (it may quote a file or a card) is cleaned."""
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            exc.message = strip_controls(exc.message)  # type: ignore[misc]  # Final in stubs; cleaned in place so UsageError keeps its usage line
            raise

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUMMARIES.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="cyberquiz")
@click.option(
    "--db",
    envvar="CYBERQUIZ_DB",
    metavar="PATH|URL",
    help="Database file or SQLAlchemy URL. Default: the user data directory.",
)
@click.option(
    "--profile",
    envvar="CYBERQUIZ_PROFILE",
    metavar="NAME",
    help="Whose progress this is. Default: the OS user name.",
)
@click.option(
    "--decks",
    envvar="CYBERQUIZ_DECKS",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Deck folder or file (repeatable). Default: the bundled article decks.",
)
@click.pass_context
def cli(ctx: click.Context, db: str | None, profile: str | None, decks: tuple[Path, ...]) -> None:
    """cyberquiz: study international law on countering cybercrime in the terminal.

    With no command, opens the app on the decks and the default database.
    """
    if profile is not None and normalise_profile(profile) != profile:
        shown = normalise_profile(profile)
        echo(f"warning: profile {profile!r} is taken as {shown!r}", err=True)
    ctx.obj = Config(db=db, profile=profile, decks=tuple(decks))
    if decks and ctx.invoked_subcommand not in ("validate", "export"):  # those report them
        check_deck_paths(decks)
    if ctx.invoked_subcommand is None:
        run_app(ctx.obj)


def check_deck_paths(decks: Sequence[Path]) -> None:
    """Refuse ``--decks`` that can never be read; warn about a folder's unreadable entries.

    A missing folder is left to sync (it retires that folder's decks), but a link loop, a FIFO
    or a device is a mistake to say at once, before the database is opened.
    """
    from cyberquiz.decks.loader import deck_files

    _, problems = deck_files(decks)
    for problem in problems:
        if not problem.is_error:
            echo(f"warning: {problem.path}: {problem.message}", err=True)
        elif problem.message != "no such file or folder":
            raise click.BadParameter(f"{problem.path} {problem.message}", param_hint="'--decks'")


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="cyberquiz")
