"""``cyberquiz exam`` and ``cyberquiz practice``: open the app straight into an exam or practice.

``cyberquiz exam --history`` prints the past exams and exits without opening the app.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from cyberquiz.cli import run_app
from cyberquiz.commands.output import echo
from cyberquiz.core.cards import AREAS, OTHER_AREA
from cyberquiz.core.present import points_text
from cyberquiz.core.wording import counted
from cyberquiz.services.config import Config

if TYPE_CHECKING:
    from cyberquiz.tui.app import StartOptions

AREA_CHOICES = (*AREAS, OTHER_AREA)
SOURCE_CHOICES = ("mistakes", "leeches", "hardest", "new", "all")

#: a command function being decorated (as ``click.option`` types its decorators)
F = TypeVar("F", bound=Callable[..., object])


def _filters(func: F) -> F:
    func = click.option(
        "--tag", "tags", multiple=True, metavar="TAG", help="Only cards with this tag (repeatable)."
    )(func)
    func = click.option(
        "--area",
        "areas",
        multiple=True,
        type=click.Choice(AREA_CHOICES),
        help="Only this area (repeatable).",
    )(func)
    func = click.option(
        "--deck", "deck_ids", multiple=True, metavar="ID", help="Only this deck (repeatable)."
    )(func)
    return func


@click.command()
@_filters
@click.option(
    "--count", default=20, show_default=True, type=click.IntRange(min=1), help="Questions."
)
@click.option(
    "--minutes", type=click.FloatRange(min=0, min_open=True), help="Time limit (default: none)."
)
@click.option(
    "--seed", type=int, help="Seed of the draw: the same seed gives everyone the same exam."
)
@click.option(
    "--penalty",
    default=0.0,
    type=click.FloatRange(0, 1),
    help="Points lost per wrong choice answer, e.g. 0.25.  [default: 0]",
)
@click.option(
    "--update-schedule", is_flag=True, help="Let the exam's answers move the study schedule."
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the results as FILE.md and FILE.json when the exam ends.",
)
@click.option("--force", is_flag=True, help="Replace existing --report files.")
@click.option("--history", is_flag=True, help="Print past exams (date, settings, score) and exit.")
@click.pass_obj
def exam(
    config: Config,
    deck_ids: tuple[str, ...],
    areas: tuple[str, ...],
    tags: tuple[str, ...],
    count: int,
    minutes: float | None,
    seed: int | None,
    penalty: float,
    update_schedule: bool,
    report: Path | None,
    force: bool,
    history: bool,
) -> None:
    """Sit a self-assessment exam: no feedback until the end, optionally timed.

    Questions are drawn at random across the chosen areas in proportion to their size.
    """
    if history:
        print_history(config)
        return
    if report is not None:
        from cyberquiz.services.files import WriteRefused
        from cyberquiz.services.reports import check_report_paths

        try:  # refused now, not after the student has sat the whole exam
            check_report_paths(report, force=force)
        except WriteRefused as error:
            raise click.ClickException(str(error)) from None
    options: StartOptions = {
        "start_now": True,
        "deck_ids": list(deck_ids),
        "areas": list(areas),
        "tags": list(tags),
        "count": count,
        "minutes": minutes,
        "seed": seed,
        "penalty": penalty,
        "update_schedule": update_schedule,
        "report": str(report) if report else None,
        "report_force": force,
    }
    run_app(config, start="exam", options=options)


def print_history(config: Config) -> None:
    """Print the profile's exams, newest first."""
    from cyberquiz.commands.storage import open_repository
    from cyberquiz.storage.errors import StorageError
    from cyberquiz.storage.exams import ExamStore

    try:
        repo = open_repository(config)
    except StorageError as error:
        raise click.ClickException(str(error)) from None
    try:
        exams = ExamStore(repo).history()
    except StorageError as error:
        raise click.ClickException(str(error)) from None
    finally:
        repo.close()
    if not exams:
        echo(f"No exams yet for {config.profile_name}. Start one with `cyberquiz exam`.")
        return
    echo(f"Exams of {config.profile_name}, newest first:")
    for e in exams:
        when = e.started_at.strftime("%Y-%m-%d %H:%M")
        status = e.status.value.replace("_", " ")
        if e.scored:
            score = f"{points_text(e.points)}/{e.questions}  {e.percent:5.1f} %  {e.band}"
        else:
            score = counted(e.questions, "question")
        echo(f"#{e.id:<4} {when}  {status:<10}  {score}")
        echo(f"       {e.settings.describe()}")
        if e.by_area:
            areas = "  ".join(f"{g.name} {g.percent:.0f} %" for g in e.by_area)
            echo(f"       by area: {areas}")


@click.command()
@_filters
@click.option(
    "--source",
    type=click.Choice(SOURCE_CHOICES),
    help="Which cards: mistakes of the last exam, leeches, hardest, never seen, or all. "
    "Default: choose in the app.",
)
@click.pass_obj
def practice(
    config: Config,
    deck_ids: tuple[str, ...],
    areas: tuple[str, ...],
    tags: tuple[str, ...],
    source: str | None,
) -> None:
    """Practise with feedback without touching the study schedule."""
    options: StartOptions = {
        "deck_ids": list(deck_ids),
        "areas": list(areas),
        "tags": list(tags),
        "source": source,
    }
    run_app(config, start="practice", options=options)
