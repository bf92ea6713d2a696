"""``cyberquiz study`` and ``cyberquiz preview``: open the app straight into studying."""

from __future__ import annotations

from pathlib import Path

import click

from cyberquiz.cli import run_app
from cyberquiz.services.config import Config


@click.command()
@click.option(
    "--deck", "deck_ids", multiple=True, metavar="ID", help="Only this deck (repeatable)."
)
@click.option(
    "--tag",
    "tags",
    multiple=True,
    metavar="TAG",
    help="Only cards with this tag or area (repeatable).",
)
@click.pass_obj
def study(config: Config, deck_ids: tuple[str, ...], tags: tuple[str, ...]) -> None:
    """Open straight into a study session (all decks, or some decks / tags)."""
    run_app(config, start="study", options={"deck_ids": list(deck_ids), "tags": list(tags)})


@click.command()
@click.argument("deck_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def preview(config: Config, deck_file: Path) -> None:
    """Try DECK_FILE as a student would, card by card in file order, writing nothing.

    Press r to reload the file after editing it; problems are shown with their line.
    """
    run_app(config, start="preview", options={"path": str(deck_file)})
