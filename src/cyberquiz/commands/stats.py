"""``cyberquiz stats``: the stats screen, or ``--json`` for scripts.

``--json`` prints the document described by ``docs/stats.schema.json`` and exits. The exam date
and target are used for this run only, unless ``--save`` stores them in the profile's settings
(where Home and the stats screen find them next time; ``--exam-date none --save`` clears it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from cyberquiz.cli import run_app
from cyberquiz.commands.output import echo, echo_json
from cyberquiz.services.config import Config


class _ExamDate(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
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

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
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
    options: dict[str, Any] = {}
    if day is not None:
        options["exam_date"] = day.isoformat()
    if target is not None:
        options["target"] = target
    run_app(config, start="stats", options=options)


def _open(config: Config) -> Any:
    from cyberquiz.storage.errors import StorageError
    from cyberquiz.storage.repository import Repository

    try:
        return Repository.open(config.db_url, profile=config.profile_name, clock=config.clock)
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


def collect_json(config: Config, exam_date: date | None, target: float | None) -> dict[str, Any]:
    """Sync the decks, collect the statistics, and return the JSON document."""
    from cyberquiz.services.stats_report import stats_document
    from cyberquiz.storage.errors import StorageError
    from cyberquiz.storage.stats import StatsStore

    repo = _open(config)
    try:
        if config.deck_dirs:
            report = repo.sync_decks(list(config.deck_dirs))
            for name in getattr(report, "failed_files", []):
                echo(f"warning: deck {name} has errors and was skipped", err=True)
        data = StatsStore(repo).collect(config.clock(), exam_date=exam_date, target=target)
    except StorageError as error:
        raise click.ClickException(str(error)) from None
    finally:
        repo.close()
    return stats_document(data)
