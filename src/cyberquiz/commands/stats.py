"""``cyberquiz stats``: the stats screen, or ``--json`` for scripts.

``--json`` prints the document described by ``docs/stats.schema.json`` and exits. The exam date
and target are used for this run only, unless ``--save`` stores them in the profile's settings
(where Home and the stats screen find them next time; ``--exam-date none --save`` clears it).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cyberquiz.cli import run_app
from cyberquiz.commands.output import echo, echo_json
from cyberquiz.services.config import Config

if TYPE_CHECKING:
    from cyberquiz.storage.repository import Repository
    from cyberquiz.tui.app import StartOptions


class _ExamDate(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> date | str | None:
        if isinstance(value, date) or value is None:
            return value
        if str(value).lower() in ("none", "off", ""):
            return "none"
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date like 2026-12-15.", param, ctx)


class _Target(click.ParamType):  # type: ignore[type-arg]
    name = "SHARE"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number: give 0.9 or 90.", param, ctx)
        if number > 1:
            number /= 100  # "90" means 90 %
        if not 0 < number <= 1:
            self.fail(f"{value} is out of range: give a share in (0, 1] or a percent.", param, ctx)
        return number


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print everything as JSON and exit.")
@click.option(
    "--exam-date",
    type=_ExamDate(),
    help="The exam's date, for readiness (default: the saved one).",
)
@click.option(
    "--target",
    type=_Target(),
    help="Expected exam score to aim for, 0.9 or 90 (default: saved, else 0.9).",
)
@click.option("--save", is_flag=True, help="Remember --exam-date and --target in the settings.")
@click.pass_obj
def stats(
    config: Config,
    as_json: bool,
    exam_date: date | str | None,
    target: float | None,
    save: bool,
) -> None:
    """Show statistics and exam readiness (--json for scripts)."""
    if save and exam_date is None and target is None:
        raise click.UsageError("--save needs --exam-date or --target.")
    if save:
        _save_settings(config, exam_date, target)
    day = exam_date if isinstance(exam_date, date) else None
    if as_json:
        echo_json(collect_json(config, day, target))
        return
    options: StartOptions = {}
    if day is not None:
        options["exam_date"] = day.isoformat()
    if target is not None:
        options["target"] = target
    run_app(config, start="stats", options=options)


def _open(config: Config) -> Repository:
    from cyberquiz.commands.storage import open_repository
    from cyberquiz.storage.errors import StorageError

    try:
        return open_repository(config)
    except StorageError as error:
        raise click.ClickException(str(error)) from None


def _save_settings(config: Config, exam_date: date | str | None, target: float | None) -> None:
    repo = _open(config)
    try:
        if exam_date == "none":
            repo.set_setting("exam_date", None)
        elif isinstance(exam_date, date):
            repo.set_setting("exam_date", exam_date.isoformat())
        if target is not None:
            repo.set_setting("target_score", target)
    finally:
        repo.close()


def _read_only_file(path: Path | None) -> bool:
    """Whether ``path`` is a database file this process cannot write (stats only reads it)."""
    if path is None or not path.is_file():
        return False
    # Asking to open for writing is the only test that also holds for root. Safe only because
    # it runs before this process opens the database: closing any descriptor of the file drops
    # every lock this process's SQLite connections hold on it (see migrations.inspect_database).
    try:
        with path.open("r+b"):
            return False
    except OSError:
        return True


def collect_json(config: Config, exam_date: date | None, target: float | None) -> dict[str, Any]:
    """Sync the decks, collect the statistics, and return the JSON document."""
    from cyberquiz.services.stats_report import stats_document
    from cyberquiz.storage.engine import sqlite_path
    from cyberquiz.storage.errors import StorageError
    from cyberquiz.storage.stats import StatsStore

    path = sqlite_path(config.db_url)
    read_only = _read_only_file(path)
    if read_only:
        echo("note: the database file is read-only; decks not synced, stats as stored", err=True)
    if path is not None and not path.exists():  # a typo or nothing studied yet: create no file
        echo(f"note: no database at {path}; nothing studied yet", err=True)
        config = replace(config, db="sqlite://")
    try:
        repo = _open(config)
    except click.ClickException:
        if not read_only:
            raise
        raise click.ClickException(
            f"the database is read-only and profile {config.profile_name!r} cannot be opened in "
            "it as it is (a new profile, or a database to upgrade); stats only shows what is stored"
        ) from None
    try:
        if config.deck_dirs and not read_only:
            from cyberquiz.services.sync import sync_decks

            report = sync_decks(repo, list(config.deck_dirs))
            for name in getattr(report, "failed_files", []):
                echo(f"warning: deck {name} has errors and was skipped", err=True)
        data = StatsStore(repo).collect(config.clock(), exam_date=exam_date, target=target)
    except StorageError as error:
        raise click.ClickException(str(error)) from None
    finally:
        repo.close()
    return stats_document(data)
