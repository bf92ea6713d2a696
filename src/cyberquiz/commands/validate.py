"""``cyberquiz validate`` and ``cyberquiz schema``: check deck files, print the JSON Schema."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from cyberquiz.commands.output import echo, echo_json
from cyberquiz.decks.loader import LoadReport, load_paths
from cyberquiz.decks.problems import Problem
from cyberquiz.services.config import Config

_COLOURS = {"error": "red", "warning": "yellow"}


def default_paths(config: Config | None) -> tuple[Path, ...]:
    """``questions/`` of the current folder when there is one, else the configured decks."""
    local = Path("questions")
    if local.is_dir():
        return (local,)
    return (config or Config()).deck_dirs


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def run_validation(paths: Sequence[Path], strict: bool) -> tuple[LoadReport, list[Problem]]:
    """Load the decks; with ``strict`` every warning is reported as an error."""
    report = load_paths(paths)
    problems = report.problems
    if strict:
        problems = [
            Problem(p.path, p.line, p.column, "error", p.message) if not p.is_error else p
            for p in problems
        ]
    return report, problems


def summary(report: LoadReport, problems: Sequence[Problem]) -> str:
    """``3 files, 172 cards: 0 errors, 0 warnings``."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return (
        f"{_plural(len(report.files), 'file')}, {_plural(report.card_total, 'card')}: "
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    )


def _print(report: LoadReport, problems: Sequence[Problem], output_format: str) -> int:
    errors = sum(p.is_error for p in problems)
    if output_format == "json":
        payload = {
            "files": report.files,
            "cards": report.card_total,
            "errors": errors,
            "warnings": len(problems) - errors,
            "problems": [p.to_dict() for p in problems],
        }
        echo_json(payload)
    else:
        for problem in problems:
            where = f"{problem.path}:{problem.line}:{problem.column}:"
            echo(f"{where} ", nl=False)
            echo(problem.severity, nl=False, fg=_COLOURS[problem.severity], bold=True)
            echo(f": {problem.message}")
        echo(summary(report, problems))
    return 1 if errors else 0


def _watch(paths: Sequence[Path], strict: bool, output_format: str) -> None:
    import watchfiles  # deferred: only --watch needs it

    def is_deck(_change: object, path: str) -> bool:
        return path.endswith((".yaml", ".yml"))

    targets = [p for p in paths if p.exists()]
    if not targets:
        raise click.ClickException("nothing to watch: none of the paths exists")
    echo("Watching for changes; press Ctrl+C to stop.", err=True)
    try:
        for _changes in watchfiles.watch(*targets, watch_filter=is_deck, raise_interrupt=False):
            echo("", err=True)
            _print(*run_validation(paths, strict), output_format)
    except KeyboardInterrupt:  # Ctrl+C ends watching; no traceback
        pass


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: path:line:column: severity: message; json: for tools.",
)
@click.option("--watch", is_flag=True, help="Validate again every time a deck file is saved.")
@click.pass_obj
def validate(
    config: Config | None,
    paths: tuple[Path, ...],
    strict: bool,
    output_format: str,
    watch: bool,
) -> None:
    """Check deck files and folders (default: questions/) and report every problem.

    Exits with 1 when there is an error (with --strict, also a warning), else 0.
    """
    targets = paths or default_paths(config)
    if not targets:
        raise click.UsageError("no deck folder found: give a file or folder to check")
    code = _print(*run_validation(targets, strict), output_format)
    if watch:
        _watch(targets, strict, output_format)
        return
    if code:
        raise SystemExit(code)


@click.command("schema")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of printing.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def schema(output: Path | None, force: bool) -> None:
    """Print the JSON Schema of the deck format (for editors: yaml-language-server)."""
    from cyberquiz.decks.schema import schema_text

    text = schema_text()
    if output is None:
        echo(text, nl=False)
        return
    from cyberquiz.services.files import WriteRefused, write_file

    try:
        write_file(output, text, force=force)
    except WriteRefused as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    echo(f"Wrote {output}.")
