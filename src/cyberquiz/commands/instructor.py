"""Instructor commands: ``new``, ``new-id``, ``import``, ``export`` and ``class-report``.

Errors a user can cause (a missing or invalid file, a deck with errors) are printed as one clear
message and exit with status 1, never as a traceback.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cyberquiz.commands.output import echo, print_rich
from cyberquiz.services.config import Config

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from cyberquiz.convert import ImportResult, Skipped
    from cyberquiz.core.cards import Deck


def fresh_id(prefix: str = "card") -> str:
    """``<prefix>-`` and 8 random base32 characters (40 bits), e.g. ``card-k3v9q2ma``."""
    token = base64.b32encode(secrets.token_bytes(5)).decode("ascii").lower()
    return f"{prefix}-{token}"


def _deck_id_for(path: Path) -> str:
    from cyberquiz.convert import slugify

    return slugify(path.stem, max_len=60) or "my-deck"


def _validation_problems(path: Path, text: str) -> list[str]:
    """Errors the deck loader finds in deck ``text`` (written to ``path``), as printable lines."""
    from cyberquiz.decks.loader import load_deck_bytes  # deferred: yaml and pydantic

    load = load_deck_bytes(path, text.encode("utf-8"))
    return [str(p) for p in load.problems if p.severity == "error"]


# --- new, new-id ------------------------------------------------------------------------------

STARTER = """\
{schema}
# A cyberquiz deck (format 1): one card of every kind to copy from; replace them with your own.
# Every card id must be unique across all decks: `cyberquiz new-id` prints a fresh one.
# Check the file with `cyberquiz validate {file}` and try it with `cyberquiz preview {file}`.
format: 1
id: {deck_id}
title: {title}
description: A starter deck with one card of every kind.
tags: [starter]              # added to every card of this deck
cards:
  # flip: the student recalls the answer, turns the card and grades themself.
  - id: {id0}
    kind: flip
    front: What does EC3 stand for?
    back: The European Cybercrime Centre, part of Europol.
    tags: [bodies, eu]

  # typed: the answer is typed; `accept` lists other spellings that count as right.
  - id: {id1}
    kind: typed
    prompt: Which organization drafted the Convention on Cybercrime?
    answer: Council of Europe
    accept: [CoE]
    tags: [bodies, council-of-europe]
    explain: The Convention was drawn up within the Council of Europe.

  # date: "2001", "2001-11" or "2001-11-23"; `precision` says how much the student must give.
  - id: {id2}
    kind: date
    prompt: In which year was the Convention on Cybercrime opened for signature?
    answer: "2001-11-23"
    precision: year
    tags: [dates, council-of-europe]
    source: "A quote from the article, word for word, goes here."

  # choice: one right option; `answer` repeats the option's text.
  - id: {id3}
    kind: choice
    prompt: Where was the Convention on Cybercrime opened for signature?
    options: [Budapest, Strasbourg, Geneva, Vienna]
    answer: Budapest
    tags: [dates]

  # multi: several right options; `answers` repeat their texts.
  - id: {id4}
    kind: multi
    prompt: Which of these are regional organizations?
    options: [Council of Europe, African Union, ITU, UNODC]
    answers: [Council of Europe, African Union]
    tags: [bodies]

  # truefalse: a statement that is true or false.
  - id: {id5}
    kind: truefalse
    statement: The ITU is a specialized agency of the United Nations.
    answer: true
    tags: [bodies, itu, un]

  # cloze: gaps in {{{{...}}}}; alternatives with |, a hint after ::.
  - id: {id6}
    kind: cloze
    prompt: Fill in the gaps.
    text: "The Convention on Cybercrime was opened in {{{{Budapest}}}} in {{{{2001::year}}}}."
    tags: [concepts]

  # order: items in the right order (earliest first); they are shown shuffled.
  - id: {id7}
    kind: order
    prompt: Put these in chronological order, earliest first.
    items:
      - Convention on Cybercrime opened for signature
      - Additional Protocol on racist and xenophobic acts
      - Second Additional Protocol on electronic evidence
    tags: [dates]

  # match: pairs that belong together; the right-hand sides are shown shuffled.
  - id: {id8}
    kind: match
    prompt: Match each body to the city where it sits.
    pairs:
      - [Europol, The Hague]
      - [ITU, Geneva]
      - [Interpol, Lyon]
    tags: [bodies]

  # number: a value, right within `tolerance` (default 0) or a `range: [low, high]`; the
  # `unit` may be typed after the number or left out.
  - id: {id9}
    kind: number
    prompt: According to the article, how many States have signed the Convention on Cybercrime?
    answer: 67
    tolerance: 0
    unit: States
    tags: [provisions, council-of-europe]
"""


def starter_deck(path: Path, title: str | None = None, schema: str | None = None) -> str:
    """The text of a starter deck for ``path`` with fresh card ids."""
    from cyberquiz.convert.yamlout import schema_comment, schema_reference
    from cyberquiz.core.cards import Kind  # deferred: start-up time

    deck_id = _deck_id_for(path)
    ids = {f"id{n}": fresh_id(deck_id[:20].rstrip("-._")) for n in range(len(Kind))}
    shown_title = title or deck_id.replace("-", " ").capitalize()
    import json

    return STARTER.format(
        schema=schema_comment(schema or schema_reference(path)),
        file=path.name,
        deck_id=deck_id,
        title=json.dumps(shown_title, ensure_ascii=False),
        **ids,
    )


@click.command("new")
@click.argument("deck", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", help="The deck's title. Default: from the file name.")
@click.option(
    "--schema",
    metavar="PATH|URL",
    help="The deck schema for editors. Default: a docs/deck.schema.json above the file, "
    "else the published URL.",
)
def new(deck: Path, title: str | None, schema: str | None) -> None:
    """Write a starter deck DECK.yaml with one card of every kind and fresh ids."""
    if deck.suffix.lower() not in (".yaml", ".yml"):
        deck = deck.with_name(deck.name + ".yaml")  # `new other` writes other.yaml, a deck
    if deck.exists():
        raise click.ClickException(f"{deck} already exists; not overwriting it.")
    text = starter_deck(deck, title, schema)
    try:
        deck.parent.mkdir(parents=True, exist_ok=True)
        with deck.open("x", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise click.ClickException(f"cannot write {deck}: {exc.strerror or exc}") from None
    count = text.count("\n    kind: ")
    echo(f"Wrote {deck} ({count} cards, one of every kind). Try it: cyberquiz preview {deck}")


@click.command("new-id")
@click.option("--prefix", default="card", show_default=True, help="Text before the random part.")
@click.option("-n", "--count", default=1, show_default=True, type=click.IntRange(1, 1000))
def new_id(prefix: str, count: int) -> None:
    """Print a fresh card id (e.g. card-k3v9q2ma)."""
    from cyberquiz.convert import ID_PATTERN

    if not ID_PATTERN.match(prefix):
        raise click.ClickException(f"prefix {prefix!r} must be lower-case a-z, 0-9, ., _ or -")
    for _ in range(count):
        echo(fresh_id(prefix))


# --- import ------------------------------------------------------------------------------------

# ".txt" is GIFT, an Anki plain-text export or Quizlet's term-TAB-definition: read to tell.
_IMPORT_FORMATS = {".gift": "gift", ".txt": "txt", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv"}


def _print_entries(heading: str, entries: Sequence[Skipped]) -> None:
    if entries:
        echo(f"{heading} ({len(entries)}):")
        for entry in entries:
            echo(f"  {entry}")


def _read_limited(file: Path) -> bytes:
    """The bytes of an import file, refused by its size before anything is read.

    The deck it becomes may be at most 5 MB, and parsing costs far more memory than the file's
    size, so a larger file is refused rather than read (a 60 MB CSV once took 3.3 GB).
    """
    from cyberquiz.decks.capped import NotReadable, read_capped

    try:
        return read_capped(file)
    except NotReadable as exc:
        why = str(exc)
        if why.startswith("is too large"):
            why += "; an import may be at most 5 MB"
        raise click.ClickException(f"{file} {why}.") from None


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gift", "csv", "tsv", "anki"]),
    help="Input format (anki: Anki's 'Notes in Plain Text'). Default: from the file extension "
    "(.gift, .csv, .tsv; a .txt is read to tell GIFT, Anki or Quizlet's tab-separated lines).",
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The deck file to write (YAML).",
)
@click.option("--deck-id", help="The deck id. Default: from the output file name.")
@click.option("--title", help="The deck title. Default: from the input file name.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists (re-import).")
@click.option(
    "--schema",
    metavar="PATH|URL",
    help="The deck schema for editors. Default: a docs/deck.schema.json above the file, "
    "else the published URL.",
)
def import_(
    file: Path,
    fmt: str | None,
    output: Path,
    deck_id: str | None,
    title: str | None,
    force: bool,
    schema: str | None,
) -> None:
    """Convert a Moodle GIFT, CSV/TSV or Anki plain-text FILE into a deck; list what was not.

    Card ids come from the content, so importing again (with --force) updates the deck's cards
    rather than adding copies.
    """
    from cyberquiz.convert import ID_PATTERN, ConvertError
    from cyberquiz.convert.yamlout import cards_to_yaml, schema_reference

    fmt = fmt or _IMPORT_FORMATS.get(file.suffix.lower())
    if fmt is None:
        raise click.ClickException(
            f"cannot tell the format of {file}; give --format gift|csv|tsv|anki"
        )
    _check_output(output, force=force, inputs=[file])
    deck_id = deck_id or _deck_id_for(output)
    if not ID_PATTERN.match(deck_id):
        raise click.ClickException(f"deck id {deck_id!r} must be lower-case a-z, 0-9, ., _ or -")
    data = _read_limited(file)
    result: ImportResult
    quoting = True
    if fmt == "txt":
        from cyberquiz.convert import guess_text_format

        fmt = guess_text_format(data.decode("utf-8-sig", errors="replace"))
        quoting = fmt != "tsv"  # Quizlet's term-TAB-definition export never quotes
    try:
        if fmt == "anki":
            from cyberquiz.convert.ankitext import read_anki_text

            result = read_anki_text(str(file), data, deck_id=deck_id)
        elif fmt == "gift":
            from cyberquiz.convert.gift import read_gift

            result = read_gift(str(file), data, deck_id=deck_id)
        else:
            from cyberquiz.convert.csvdeck import read_csv

            delimiter = "\t" if fmt == "tsv" else ","
            result = read_csv(
                str(file), data, deck_id=deck_id, delimiter=delimiter, quoting=quoting
            )
    except ConvertError as exc:
        raise click.ClickException(str(exc)) from None
    _print_entries("Skipped, cannot be represented", result.skipped)
    _print_entries("Warnings", result.warnings)
    if not result.cards:
        raise click.ClickException(f"no cards could be imported from {file}; nothing written.")
    text = cards_to_yaml(
        result.cards,
        deck_id=deck_id,
        title=title or file.stem.replace("_", " ").strip(),
        schema=schema or schema_reference(output),
    )
    problems = _validation_problems(output, text)
    if problems:
        for line in problems:
            echo(line, err=True)
        raise click.ClickException("the converted deck does not validate; nothing written.")
    _write_text(output, text, force=force, inputs=[file])
    echo(
        f"Imported {len(result.cards)} card(s) from {file} into {output}"
        f" ({len(result.skipped)} skipped)."
    )


# --- export ------------------------------------------------------------------------------------


_EXPORT_FORMATS = {
    ".apkg": "apkg",
    ".gift": "gift",
    ".csv": "csv",
    ".tsv": "tsv",
    ".md": "sheet",
    ".html": "html",
    ".htm": "html",
}


def _load_decks(paths: Sequence[Path]) -> tuple[list[Deck], list[Path]]:
    """The decks of ``paths`` and every deck file read (the export may not overwrite those)."""
    from cyberquiz.decks.loader import load_paths  # deferred: yaml and pydantic

    report = load_paths(list(paths))
    errors = [p for p in report.problems if p.severity == "error"]
    if errors:
        for problem in errors:
            echo(str(problem), err=True)
        raise click.ClickException(
            f"{len(errors)} error(s) in the decks; fix them (cyberquiz validate) and export again."
        )
    decks = list(report.decks)
    if not decks:
        raise click.ClickException("no decks found in " + ", ".join(str(p) for p in paths))
    return decks, [Path(name) for name in report.files]


def _check_output(output: Path, *, force: bool, inputs: Sequence[Path] = ()) -> None:
    """Refuse, before any work, an output that would destroy a file (see services/files)."""
    from cyberquiz.services.files import WriteRefused, check_output

    if str(output) == "-":
        return
    try:
        check_output(output, force=force, inputs=inputs)
    except WriteRefused as exc:
        raise click.ClickException(str(exc)) from None


def _write(
    output: Path,
    write: Callable[[Path], object],
    *,
    force: bool,
    inputs: Sequence[Path] = (),
) -> None:
    from cyberquiz.services.files import WriteRefused, write_with

    try:
        write_with(output, write, force=force, inputs=inputs)
    except WriteRefused as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None


def _write_text(output: Path, text: str, *, force: bool, inputs: Sequence[Path] = ()) -> None:
    if str(output) == "-":
        echo(text, nl=False)
        return
    data = text.encode("utf-8")
    _write(output, lambda temp: temp.write_bytes(data), force=force, inputs=inputs)


@click.command("export")
@click.argument("decks", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["apkg", "gift", "csv", "tsv", "sheet", "markdown", "html"]),
    help="apkg (Anki), gift (Moodle), csv/tsv, sheet or markdown (printable Markdown), html. "
    "Default: from the output's extension.",
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write ('-' for standard output, except apkg).",
)
@click.option("--title", default="Questions", show_default=True, help="Title of a sheet.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.pass_context
def export(
    ctx: click.Context,
    decks: tuple[Path, ...],
    fmt: str | None,
    output: Path,
    title: str,
    force: bool,
) -> None:
    """Export DECKS (files or folders) to Anki, Moodle GIFT, CSV or a printable sheet.

    Without DECKS, exports the deck folders of the global --decks option (default: the bundled
    article decks).
    """
    if not decks:
        config = ctx.find_object(Config)
        decks = tuple(config.deck_dirs) if config is not None else ()
        if not decks:
            raise click.ClickException("name the decks to export (files or folders)")
    fmt = fmt or _EXPORT_FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise click.ClickException(
            f"cannot tell the format from {output}; give --format apkg|gift|csv|tsv|sheet|html"
        )
    _check_output(output, force=force, inputs=decks)
    loaded, files = _load_decks(decks)
    inputs = [*decks, *files]
    cards = [card for deck in loaded for card in deck.cards]
    skipped: list[Skipped] = []
    if fmt == "apkg":
        if str(output) == "-":
            raise click.ClickException("an .apkg cannot go to standard output; name a file.")
        from cyberquiz.convert.apkg import write_apkg

        _write(output, lambda temp: write_apkg(loaded, temp), force=force, inputs=inputs)
    elif fmt == "gift":
        from cyberquiz.convert.giftout import cards_to_gift

        text, skipped = cards_to_gift(cards)
        _write_text(output, text, force=force, inputs=inputs)
    elif fmt in ("csv", "tsv"):
        from cyberquiz.convert.csvdeck import cards_to_csv

        text, skipped = cards_to_csv(cards, delimiter="\t" if fmt == "tsv" else ",")
        _write_text(output, text, force=force, inputs=inputs)
    else:
        from cyberquiz.convert.sheet import sheet_html, sheet_markdown

        render = sheet_html if fmt == "html" else sheet_markdown
        _write_text(output, render(loaded, title=title), force=force, inputs=inputs)
    written = len(cards) - (len(skipped) if fmt == "gift" else 0)
    heading = "Not exported, no GIFT form" if fmt == "gift" else "Will not survive a re-import"
    if skipped:
        echo(f"{heading} ({len(skipped)}):", err=True)
        for entry in skipped:
            echo(f"  {entry}", err=True)
    if str(output) != "-":
        echo(f"Exported {written} card(s) from {len(loaded)} deck(s) to {output} ({fmt}).")


# --- class-report ------------------------------------------------------------------------------


@click.command("class-report")
@click.argument("reports", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--db",
    "db",
    metavar="URL",
    help="Read the class live from this database (a class server) instead of report files.",
)
@click.option(
    "--markdown",
    "markdown_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the report as Markdown to this file.",
)
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write one row per question as CSV to this file.",
)
@click.option(
    "--students-csv",
    "students_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --db: also write one row per student as CSV to this file.",
)
@click.option(
    "--exam-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="With --db: readiness for this date (default: each student's own exam date).",
)
@click.option(
    "--inactive-days",
    type=click.IntRange(min=1),
    default=7,
    show_default=True,
    help="With --db: list students who have not studied for this many days.",
)
@click.option("--force", is_flag=True, help="Replace the --markdown and --csv files if they exist.")
@click.pass_context
def class_report(
    ctx: click.Context,
    reports: tuple[Path, ...],
    db: str | None,
    markdown_file: Path | None,
    csv_file: Path | None,
    students_file: Path | None,
    exam_date: datetime | None,
    inactive_days: int,
    force: bool,
) -> None:
    """Merge students' exam REPORT.json files, or read a class server live (--db), into item
    statistics per question.

    Facility is the mean score; discrimination the correlation of the item with the rest of the
    exam; questions with facility below 0.3 and negative discrimination are flagged to check.
    With --db, items are each student's first answer to a card, and the report adds mastery by
    area, each student's readiness for the exam date and who has not studied lately.
    """
    from rich.console import Console  # deferred: only this command draws tables

    from cyberquiz.convert import ConvertError

    if db is None and ctx.obj is not None and getattr(ctx.obj, "db", None) and not reports:
        db = ctx.obj.db  # `cyberquiz --db URL class-report` reads the same way
    if bool(reports) == bool(db):
        raise click.UsageError("give exam REPORT files or --db URL (one of them)")
    if db is None and students_file is not None:
        raise click.UsageError("--students-csv needs --db")
    for target in (markdown_file, csv_file, students_file):
        if target is not None:
            _check_output(target, force=force, inputs=reports)
    console = Console(highlight=False, soft_wrap=False)
    from cyberquiz.convert.classreport import rich_tables, to_csv, to_markdown

    if db is not None:
        _live_class_report(
            ctx,
            db,
            console,
            markdown_file,
            csv_file,
            students_file,
            exam_date,
            inactive_days,
            force,
        )
        return
    from cyberquiz.convert.classreport import analyse, load_reports

    try:
        result = analyse(load_reports(list(reports)))
    except ConvertError as exc:
        raise click.ClickException(str(exc)) from None
    for renderable in rich_tables(result):
        print_rich(console, renderable)
    if markdown_file is not None:
        _write_text(markdown_file, to_markdown(result), force=force, inputs=reports)
        echo(f"Wrote {markdown_file}")
    if csv_file is not None:
        _write_text(csv_file, to_csv(result), force=force, inputs=reports)
        echo(f"Wrote {csv_file}")


def _live_class_report(
    ctx: click.Context,
    db: str,
    console: Console,
    markdown_file: Path | None,
    csv_file: Path | None,
    students_file: Path | None,
    exam_date: datetime | None,
    inactive_days: int,
    force: bool,
) -> None:
    """``class-report --db URL``: read the class live and print, and write what was asked."""
    from rich.text import Text

    from cyberquiz.convert.classreport import rich_tables, to_csv
    from cyberquiz.services import class_report as live
    from cyberquiz.services.config import db_url_for
    from cyberquiz.storage.errors import StorageError

    config = ctx.obj if isinstance(ctx.obj, Config) else Config()
    try:
        report = live.read(
            db_url_for(db),
            now=config.clock(),
            exam_date=exam_date.date() if exam_date else None,
            inactive_days=inactive_days,
        )
    except StorageError as exc:
        raise click.ClickException(str(exc)) from None
    for renderable in rich_tables(report.items):
        print_rich(console, renderable)
    print_rich(console, Text(live.students_markdown(report)))
    outputs = (
        (markdown_file, live.to_markdown(report)),
        (csv_file, to_csv(report.items)),
        (students_file, live.students_csv(report)),
    )
    for target, text in outputs:
        if target is not None:
            _write_text(target, text, force=force, inputs=())
            echo(f"Wrote {target}")
