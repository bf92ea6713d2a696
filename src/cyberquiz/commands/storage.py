"""``cyberquiz locate | sync | backup | optimize``: the database from the command line.

Storage errors (locked, damaged, newer, not a cyberquiz database) are printed on stderr without
a traceback, and the command exits with status 1.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import click

from cyberquiz.commands.output import echo

if TYPE_CHECKING:
    from cyberquiz.services.config import Config
    from cyberquiz.storage.repository import Repository

P = ParamSpec("P")
R = TypeVar("R")


def _storage_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Print a StorageError's message on stderr and exit 1, with no traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from cyberquiz.storage.errors import StorageError

        try:
            return func(*args, **kwargs)
        except StorageError as exc:
            echo(f"cyberquiz: {exc}", err=True)
            sys.exit(1)

    return wrapper


def open_repository(config: Config) -> Repository:
    """Open the profile of the global options, warning when a look-alike name was matched."""
    from cyberquiz.services.config import look_alike_warning, open_profile

    repo = open_profile(config.db_url, config.profile_name, config.clock)
    warning = look_alike_warning(repo)
    if warning:
        echo(f"warning: {warning}", err=True)
    return repo


@click.command()
@click.pass_obj
def locate(config: Config) -> None:
    """Print where the database, its backups, the decks and the config are."""
    from cyberquiz.paths import config_dir
    from cyberquiz.storage.backup import backup_dir
    from cyberquiz.storage.engine import sqlite_path
    from cyberquiz.storage.errors import shown

    url = config.db_url
    path = sqlite_path(url)
    echo(f"database: {path if path else shown(url)}")
    echo(f"backups:  {backup_dir(path) if path else '(not a SQLite file)'}")
    decks = config.deck_dirs
    echo(f"decks:    {', '.join(str(d) for d in decks) if decks else '(none)'}")
    echo(f"config:   {config_dir()}")
    echo(f"profile:  {config.profile_name}")


@click.command()
@click.pass_obj
@_storage_errors
def sync(config: Config) -> None:
    """Sync the deck folders into the database now."""
    with open_repository(config) as repo:
        from cyberquiz.services.sync import sync_decks

        report = sync_decks(repo, list(config.deck_dirs))
    for problem in report.problems:
        echo(str(problem), err=True)
    echo(report.summary())
    if report.failed_files:
        sys.exit(1)


@click.command()
@click.pass_obj
@_storage_errors
def backup(config: Config) -> None:
    """Write a backup copy of the database (SQLite: the newest 5 are kept; PostgreSQL: pg_dump)."""
    from cyberquiz.storage.backup import backup_database

    echo(str(backup_database(config.db_url)))


@click.command()
@click.option("--dry-run", is_flag=True, help="Fit and show the log loss, but store nothing.")
@click.pass_obj
@_storage_errors
def optimize(config: Config, dry_run: bool) -> None:
    """Fit FSRS parameters to this profile's own history (needs 512 or more answers)."""
    from cyberquiz.storage.optimize import fit_parameters

    with open_repository(config) as repo:
        result = fit_parameters(repo, store=not dry_run)
    echo(f"profile:        {config.profile_name}")
    echo(f"answers used:   {result.reviews} ({result.items} training items)")
    echo(f"log loss:       {result.loss_before:.4f} before, {result.loss_after:.4f} after")
    if result.stored:
        echo("stored: the new parameters schedule your next answers.")
    elif dry_run:
        echo("dry run: nothing stored.")
    else:
        echo("not stored: the fitted parameters were no better on your history.")
