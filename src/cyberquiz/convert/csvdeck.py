"""CSV/TSV import and export of cards.

Import reads either plain rows ``front,back[,tags]`` (flip cards, as Anki and spreadsheets write
them) or a header row naming columns. Known columns (case-insensitive):

``id``, ``kind``, ``prompt`` (or ``front``, ``question``, ``statement``), ``answer`` (or ``back``,
``answers``, ``items``, ``pairs``), ``accept``, ``options``, ``text`` (cloze text when ``prompt``
is its instruction), ``precision``, ``tags``, ``explain``, ``source``, ``note``, and for number
cards ``tolerance``, ``range`` (``low | high``) and ``unit``, and for choice and multi cards whose
options carry credits ``credits`` (one per option: ``1 | 0.5 | -0.25 | 0``).

List cells are separated by ``|`` (``accept``, ``options``, the answers of multi, the items of
order); match pairs are ``left -> right | left -> right``; tags are separated by commas or
semicolons, or else by spaces as Anki writes them (with a warning: a tag of several words splits);
a truefalse answer is ``true``/``false`` (also yes/no, t/f, 1/0). Without a ``kind`` column a row
is a flip card, or a typed card when the header says ``prompt``/``answer``. Rows without an
``id`` get one derived from their content (``csv-<slug>-<6 hex>``).

Quotes that are not CSV quoting (a cell ``"Budapest" Convention``) are read as text. Export writes
the header ``id,kind,prompt,answer,accept,options,text,precision,tags,explain,source,note,
tolerance,range,unit,credits`` (tags separated by ``, ``) so that exporting then importing gives
back the same cards.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any, TypedDict

from cyberquiz.convert import (
    ID_PATTERN,
    ConvertError,
    ImportResult,
    Skipped,
    content_id,
    excerpt,
    slugify,
    unique_ids,
    without_controls,
)
from cyberquiz.convert.cells import neutralise_formula, restore_formula
from cyberquiz.convert.deckdict import cloze_parts, cloze_problem, yaml_credit
from cyberquiz.convert.tables import Unsupported
from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    FlipCard,
    Kind,
    MatchCard,
    MultiCard,
    NumberCard,
    OrderCard,
    PartialDate,
    Precision,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.kinds.credit import (
    default_choice_credits,
    default_multi_credits,
    is_full,
    kept_credits,
)
from cyberquiz.core.kinds.number import format_number, read_number

EXPORT_COLUMNS = (
    "id",
    "kind",
    "prompt",
    "answer",
    "accept",
    "options",
    "text",
    "precision",
    "tags",
    "explain",
    "source",
    "note",
    "tolerance",
    "range",
    "unit",
    "credits",
)

_ALIASES = {
    "front": "prompt",
    "question": "prompt",
    "statement": "prompt",
    "back": "answer",
    "answers": "answer",
    "items": "answer",
    "pairs": "answer",
    "tag": "tags",
    "explanation": "explain",
    "feedback": "explain",
}
_KNOWN = set(EXPORT_COLUMNS) | set(_ALIASES)
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}
_ISO = re.compile(r"^(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


class _RowError(Exception):
    pass


def _split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _split_tags(cell: str) -> list[str]:
    """Tags separated by commas or semicolons; without either, by spaces (as Anki writes them).

    Each tag is slugified, so ``Council of Europe, EU`` gives ``council-of-europe`` and ``eu``.
    """
    separator = r"[,;]" if re.search(r"[,;]", cell) else r"\s+"
    return [slugify(t) for t in re.split(separator, cell) if slugify(t)]


def _spaced_tags(cell: str) -> bool:
    """Whether ``cell`` names several tags only by spaces (a tag with spaces would be split)."""
    return not re.search(r"[,;]", cell) and len(cell.split()) > 1


def _parse_date(text: str) -> PartialDate:
    m = _ISO.match(text.strip())
    if not m:
        raise _RowError(f"date answer {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    import datetime as _dt

    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    try:
        _dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise _RowError(f"date answer {text!r}: {exc}") from None
    return PartialDate(year, month, day)


class _RowCommon(TypedDict):
    """The fields every card of a row has (its id is made once the card is built)."""

    deck_id: str
    tags: tuple[str, ...]
    explain: str
    source: str
    note: str


class _Row:
    """One row's cells by column name, with the prompt and answer every kind reads."""

    def __init__(self, cells: dict[str, str], common: _RowCommon) -> None:
        self.cells = cells
        self.common = common
        self.prompt = self.get("prompt")
        self.answer = self.get("answer")

    def get(self, key: str) -> str:
        return self.cells.get(key, "").strip()

    def raw(self, key: str) -> str:
        return self.cells.get(key, "")


def _flip_from(row: _Row) -> Card:
    return FlipCard(id="", front=row.prompt, back=row.answer, **row.common)


def _typed_from(row: _Row) -> Card:
    accept = tuple(a for a in _split_list(row.raw("accept")) if a != row.answer)
    return TypedCard(id="", prompt=row.prompt, answer=row.answer, accept=accept, **row.common)


def _date_from(row: _Row) -> Card:
    date = _parse_date(row.answer)
    precision_text = row.get("precision").lower() or date.precision
    if precision_text not in ("year", "month", "day"):
        raise _RowError(f"precision {precision_text!r} is not year, month or day")
    precision: Precision = precision_text  # type: ignore[assignment]
    return DateCard(id="", prompt=row.prompt, answer=date, precision=precision, **row.common)


def _options_and_rights(row: _Row) -> tuple[list[str], list[str]]:
    options = _split_list(row.raw("options"))
    if len(options) < 2:
        raise _RowError("fewer than two options (separate them with |)")
    if len(set(options)) != len(options):
        raise _RowError("the same option twice")
    rights = _split_list(row.answer)
    if not rights:
        raise _RowError("no answer among the options (separate several with |)")
    missing = [r for r in rights if r not in options]
    if missing:
        raise _RowError(f"answer {missing[0]!r} is not one of the options")
    return options, rights


def _credits(row: _Row, options: list[str]) -> list[float] | None:
    """The ``credits`` cell: one number from -1 to 1 per option, or None when it is empty."""
    cells = _split_list(row.raw("credits"))
    if not cells:
        return None
    if len(cells) != len(options):
        raise _RowError(f"{len(cells)} credits for {len(options)} options (one per option, |)")
    credits = []
    for cell in cells:
        try:
            value = Decimal(cell)
        except InvalidOperation:
            raise _RowError(f"credit {cell!r} is not a number") from None
        if not value.is_finite() or not -1 <= value <= 1:
            raise _RowError(f"credit {cell} is not between -1 and 1")
        credits.append(float(value))
    return credits


def _choice_from(row: _Row) -> Card:
    options, rights = _options_and_rights(row)
    if len(rights) != 1:
        raise _RowError("a choice card has exactly one answer")
    answer = options.index(rights[0])
    credits = _credits(row, options)
    if credits is not None and not is_full(credits[answer]):
        raise _RowError(f"the answer {rights[0]!r} has credit {credits[answer]:g}, not 1")
    return ChoiceCard(
        id="",
        prompt=row.prompt,
        options=tuple(options),
        answer=answer,
        credits=()
        if credits is None
        else kept_credits(credits, default_choice_credits(len(options), answer)),
        **row.common,
    )


def _multi_from(row: _Row) -> Card:
    options, rights = _options_and_rights(row)
    answers = frozenset(options.index(r) for r in rights)
    credits = _credits(row, options)
    if credits is not None:
        if answers != {i for i, credit in enumerate(credits) if credit > 0}:
            raise _RowError("the answers are not the options with a credit above 0")
        if round(sum(c for c in credits if c > 0), 2) < 1:
            raise _RowError("the credits above 0 do not add up to 1")
    return MultiCard(
        id="",
        prompt=row.prompt,
        options=tuple(options),
        answers=answers,
        credits=()
        if credits is None
        else kept_credits(credits, default_multi_credits(len(options), answers)),
        **row.common,
    )


def _truefalse_from(row: _Row) -> Card:
    answer = row.answer.lower()
    if answer not in _TRUE | _FALSE:
        raise _RowError(f"truefalse answer {row.answer!r} is not true or false")
    return TrueFalseCard(id="", statement=row.prompt, answer=answer in _TRUE, **row.common)


def _cloze_from(row: _Row) -> Card:
    text = row.get("text") or row.prompt
    instruction = row.prompt if row.get("text") else ""
    problem = cloze_problem(text)
    if problem:
        raise _RowError(problem)
    parts = cloze_parts(text)
    return ClozeCard(id="", text=text, parts=parts, prompt=instruction, **row.common)


def _order_from(row: _Row) -> Card:
    items = _split_list(row.answer)
    if len(items) < 2:
        raise _RowError("fewer than two items (separate them with |)")
    if len(set(items)) != len(items):
        raise _RowError("the same item twice")
    return OrderCard(id="", prompt=row.prompt, items=tuple(items), **row.common)


def _match_from(row: _Row) -> Card:
    pairs = []
    for chunk in _split_list(row.answer):
        left, arrow, right = chunk.partition("->")
        if not arrow or not left.strip() or not right.strip():
            raise _RowError(f"pair {chunk!r} is not 'left -> right'")
        pairs.append((left.strip(), right.strip()))
    if len(pairs) < 2:
        raise _RowError("fewer than two pairs")
    for side, name in ((0, "left"), (1, "right")):
        values = [pair[side] for pair in pairs]
        if len(set(values)) != len(values):
            raise _RowError(f"the same {name}-hand side twice")
    return MatchCard(id="", prompt=row.prompt, pairs=tuple(pairs), **row.common)


def _decimal(text: str, what: str) -> Decimal:
    read = read_number(text)
    if len(read.values) != 1 or read.words:
        raise _RowError(f"{what} {text!r} is not a number")
    return read.values[0]


def _number_from(row: _Row) -> Card:
    answer = _decimal(row.answer, "number answer")
    tolerance = _decimal(row.get("tolerance"), "tolerance") if row.get("tolerance") else Decimal(0)
    if tolerance < 0:
        raise _RowError(f"tolerance {row.get('tolerance')!r} is below 0")
    span: tuple[Decimal, Decimal] | None = None
    if row.get("range"):
        bounds = [_decimal(b, "range bound") for b in _split_list(row.raw("range"))]
        if len(bounds) != 2 or bounds[0] > bounds[1]:
            raise _RowError(f"range {row.get('range')!r} is not 'low | high'")
        if not bounds[0] <= answer <= bounds[1]:
            raise _RowError(f"number answer {row.answer!r} is outside the range")
        span = (bounds[0], bounds[1])
    return NumberCard(
        id="",
        prompt=row.prompt,
        answer=answer,
        tolerance=tolerance,
        range=span,
        unit=row.get("unit"),
        **row.common,
    )


def _card_from_row(cells: dict[str, str], *, deck_id: str, default_kind: str, path: str) -> Card:
    kind_text = cells.get("kind", "").strip().lower() or default_kind
    try:
        kind = Kind(kind_text)
    except ValueError:
        raise _RowError(f"unknown kind {kind_text!r}") from None
    common: _RowCommon = {
        "deck_id": deck_id,
        "tags": tuple(dict.fromkeys(_split_tags(cells.get("tags", "")))),
        "explain": cells.get("explain", "").strip(),
        "source": cells.get("source", "").strip(),
        "note": cells.get("note", "").strip(),
    }
    row = _Row(cells, common)
    form = CSV[kind]
    if isinstance(form, Unsupported):
        raise _RowError(form.reason)
    if form.needs_prompt_and_answer and not row.prompt:
        raise _RowError("no prompt/front")
    if form.needs_prompt_and_answer and not row.answer:
        raise _RowError("no answer/back")
    card = form.read(row)
    card_id = row.get("id")
    if card_id and not ID_PATTERN.match(card_id):
        raise _RowError(f"id {card_id!r} is not a valid card id (a-z, 0-9, ., _, -)")
    import dataclasses

    if not card_id:
        # The file is part of the identity: two files that ask the same question are two cards.
        basis = f"{PurePath(path).name}\n{card.question}"
        card_id = content_id("csv", basis, label=card.question)
    return dataclasses.replace(card, id=card_id)


def _rows(text: str, delimiter: str, *, quoting: bool) -> list[tuple[int, list[str]]]:
    """The rows of ``text`` with the line each starts on (``csv.Error`` when badly quoted)."""
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        strict=True,
        quoting=csv.QUOTE_MINIMAL if quoting else csv.QUOTE_NONE,
    )
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for cells in reader:
        rows.append((start, cells))
        start = reader.line_num + 1
    return rows


def parse_csv(
    text: str,
    *,
    path: str = "<csv>",
    deck_id: str = "imported",
    delimiter: str = ",",
    quoting: bool = True,
) -> ImportResult:
    """Convert CSV/TSV text into cards; rows that cannot be cards are listed with their line.

    A file whose quotes are not CSV quoting (``"Budapest" Convention`` as a cell) is read with its
    quotes as text, with a warning, rather than losing the leading quote.

    Args:
        text: the file's text.
        path: the file name used in skipped entries.
        deck_id: the ``deck_id`` given to the cards.
        delimiter: ``","`` for CSV, ``"\\t"`` for TSV.
        quoting: ``False`` when quotes are always text (Quizlet's export never quotes).
    """
    result = ImportResult()
    text = text.lstrip("\ufeff")
    try:
        rows = _rows(text, delimiter, quoting=quoting)
    except csv.Error:
        try:
            rows = _rows(text, delimiter, quoting=False)
        except csv.Error as exc:
            raise ConvertError(f"{path}: not valid CSV: {exc}") from None
        result.warnings.append(
            Skipped(path, 1, "quotes do not follow CSV quoting; every quote is read as text")
        )
    header: list[str] | None = None
    default_kind = "flip"
    lines: list[int] = []
    spaced_tags_warned = False
    for line, raw_cells in rows:
        cells = [restore_formula(c) for c in raw_cells]
        if not any(c.strip() for c in cells):
            continue
        if header is None and not lines and not result.skipped:
            names = [c.strip().lower() for c in cells]
            if names and all(n in _KNOWN for n in names if n) and any(names):
                header = [_ALIASES.get(n, n) for n in names]
                has_typed_names = any(n in ("prompt", "answer") for n in names)
                default_kind = "typed" if has_typed_names else "flip"
                continue
        if header is None:
            row = dict(zip(("prompt", "answer", "tags"), cells, strict=False))
            if len(cells) > 3:
                result.warnings.append(
                    Skipped(path, line, f"{len(cells) - 3} extra column(s) ignored")
                )
        else:
            row = {}
            for name, cell in zip(header, cells, strict=False):
                if name and not row.get(name):
                    row[name] = cell
        if not spaced_tags_warned and _spaced_tags(row.get("tags", "")):
            spaced_tags_warned = True
            result.warnings.append(
                Skipped(
                    path,
                    line,
                    "tags separated by spaces, one tag per word; separate tags with commas "
                    "to keep a tag of several words",
                    excerpt(row.get("tags", "")),
                )
            )
        try:
            card = _card_from_row(row, deck_id=deck_id, default_kind=default_kind, path=path)
        except _RowError as exc:
            first = next((c for c in cells if c.strip()), "")
            result.skipped.append(Skipped(path, line, str(exc), excerpt(first)))
            continue
        result.cards.append(card)
        lines.append(line)
    import dataclasses

    result.lines = list(lines)
    ids = unique_ids([c.id for c in result.cards])
    for i, (card, new_id) in enumerate(zip(result.cards, ids, strict=True)):
        if card.id != new_id:
            result.cards[i] = dataclasses.replace(card, id=new_id)
            result.warnings.append(
                Skipped(path, lines[i], f"duplicate id {card.id!r} renamed to {new_id!r}")
            )
    return result


def read_csv(
    path: str, data: bytes, *, deck_id: str, delimiter: str = ",", quoting: bool = True
) -> ImportResult:
    """Decode a CSV/TSV file (UTF-8, with or without BOM) and parse it.

    Raises:
        ConvertError: the file is not UTF-8 text or not CSV.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConvertError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    text, removed = without_controls(path, text)
    result = parse_csv(text, path=path, deck_id=deck_id, delimiter=delimiter, quoting=quoting)
    result.warnings[:0] = removed
    return result


def _flip_to(card: FlipCard) -> dict[str, str]:
    return {"prompt": card.front, "answer": card.back}


def _typed_to(card: TypedCard) -> dict[str, str]:
    return {"prompt": card.prompt, "answer": card.answer, "accept": " | ".join(card.accept)}


def _date_to(card: DateCard) -> dict[str, str]:
    row = {"prompt": card.prompt, "answer": card.answer.iso()}
    if card.precision != card.answer.precision:
        row["precision"] = card.precision
    return row


def _credits_cell(credits: tuple[float, ...]) -> str:
    """``1 | 0.5 | -0.25 | 0``: one credit per option, as a deck writes them ("" without)."""
    return " | ".join(str(yaml_credit(c)) for c in credits)


def _choice_to(card: ChoiceCard) -> dict[str, str]:
    return {
        "prompt": card.prompt,
        "answer": card.options[card.answer],
        "options": " | ".join(card.options),
        "credits": _credits_cell(card.credits),
    }


def _multi_to(card: MultiCard) -> dict[str, str]:
    return {
        "prompt": card.prompt,
        "answer": " | ".join(o for i, o in enumerate(card.options) if i in card.answers),
        "options": " | ".join(card.options),
        "credits": _credits_cell(card.credits),
    }


def _truefalse_to(card: TrueFalseCard) -> dict[str, str]:
    return {"prompt": card.statement, "answer": "true" if card.answer else "false"}


def _cloze_to(card: ClozeCard) -> dict[str, str]:
    return {"prompt": card.prompt, "text": card.text}


def _order_to(card: OrderCard) -> dict[str, str]:
    return {"prompt": card.prompt, "answer": " | ".join(card.items)}


def _match_to(card: MatchCard) -> dict[str, str]:
    return {
        "prompt": card.prompt,
        "answer": " | ".join(f"{left} -> {right}" for left, right in card.pairs),
    }


def _number_to(card: NumberCard) -> dict[str, str]:
    row = {"prompt": card.prompt, "answer": format_number(card.answer), "unit": card.unit}
    if card.range is not None:
        row["range"] = " | ".join(format_number(v) for v in card.range)
    elif card.tolerance:
        row["tolerance"] = format_number(card.tolerance)
    return row


def _nothing_listed(card: Card) -> tuple[str, ...]:
    return ()


@dataclass(frozen=True, slots=True)
class CsvForm:
    """How a kind is written to and read from a CSV row.

    The functions take (or make) the kind's own card, which a dict's value type cannot say.
    """

    write: Callable[[Any], dict[str, str]]  # the kind's columns (others stay empty)
    read: Callable[[_Row], Card]  # raises _RowError with what is wrong with the row
    #: Texts written into a ``|``-separated list cell (a ``|`` or ``->`` inside one is lossy).
    listed: Callable[[Any], tuple[str, ...]] = _nothing_listed
    needs_prompt_and_answer: bool = True


#: The CSV form of each kind (every kind has one).
CSV: dict[Kind, CsvForm | Unsupported] = {
    Kind.FLIP: CsvForm(_flip_to, _flip_from),
    Kind.TYPED: CsvForm(_typed_to, _typed_from, lambda c: c.accept),
    Kind.DATE: CsvForm(_date_to, _date_from),
    Kind.CHOICE: CsvForm(_choice_to, _choice_from, lambda c: c.options),
    Kind.MULTI: CsvForm(_multi_to, _multi_from, lambda c: c.options),
    Kind.TRUEFALSE: CsvForm(_truefalse_to, _truefalse_from),
    Kind.CLOZE: CsvForm(_cloze_to, _cloze_from, needs_prompt_and_answer=False),
    Kind.ORDER: CsvForm(_order_to, _order_from, lambda c: c.items),
    Kind.MATCH: CsvForm(_match_to, _match_from, lambda c: tuple(x for p in c.pairs for x in p)),
    Kind.NUMBER: CsvForm(_number_to, _number_from),
}


def _form(card: Card) -> CsvForm:
    form = CSV[card.kind]
    if isinstance(form, Unsupported):  # pragma: no cover - every kind has a CSV form today
        raise ConvertError(f"{card.kind} card has no CSV form: {form.reason}")
    return form


def card_to_row(card: Card) -> dict[str, str]:
    """The export row of ``card`` (every column of :data:`EXPORT_COLUMNS`)."""
    row = dict.fromkeys(EXPORT_COLUMNS, "")
    row["id"] = card.id
    row["kind"] = str(card.kind)
    row.update(_form(card).write(card))
    row["tags"] = ", ".join(card.tags)  # commas: a tag of several words stays one on import
    row["explain"], row["source"], row["note"] = card.explain, card.source, card.note
    return row


def cards_to_csv(cards: Sequence[Card], *, delimiter: str = ",") -> tuple[str, list[Skipped]]:
    """CSV (or TSV) text with a header row, and the cards whose text cannot survive the trip.

    A ``|`` inside an option, item or accepted answer would split it on import, so such cards
    are listed (they are still written).
    """
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=EXPORT_COLUMNS, delimiter=delimiter, lineterminator="\n"
    )
    writer.writeheader()
    lossy: list[Skipped] = []
    for card in cards:
        listed = _form(card).listed(card)
        if any("|" in x or "->" in x for x in listed):
            origin = card.origin
            lossy.append(
                Skipped(
                    origin.path if origin else "",
                    origin.line if origin else 0,
                    f"contains | or -> inside a list cell; re-import will split it ({card.id})",
                    excerpt(card.question),
                )
            )
        writer.writerow({k: neutralise_formula(v) for k, v in card_to_row(card).items()})
    return out.getvalue(), lossy
