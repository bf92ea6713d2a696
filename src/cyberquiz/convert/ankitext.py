"""Anki's "Notes in Plain Text" export (``.txt``) imported as cards.

Anki writes header lines first (``#separator:tab``, ``#html:true``, ``#guid column:1``,
``#notetype column:2``, ``#deck column:3``, ``#tags column:6``, or file-wide ``#notetype:``,
``#deck:``, ``#tags:``), then one CSV row per note whose other columns are the note's fields in
order. A note becomes:

============================================  ================================================
Anki note                                     card
============================================  ================================================
Cloze (``{{c1::answer::hint}}`` in a field)   cloze, every ``cN`` a gap; the next field explains
Basic (type in the answer)                    typed
Basic (and reversed card)                     two flip cards, front to back and back to front
                                              (optional reversed: when its third field is set)
any other note type                           flip (first field front, second back)
============================================  ================================================

The card id comes from the note's GUID when the file has one (``anki-<slug>-<6 hex>``), so a
re-import of a newer export updates the same cards. Field HTML (``#html:true``) is rendered to
plain text; pictures and ``[sound:...]`` are listed as warnings. Deck path parts and the note's
tags become tags (``Cybercrime::Treaties`` → ``cybercrime``, ``treaties``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from cyberquiz.convert import (
    ConvertError,
    ImportResult,
    Skipped,
    content_id,
    excerpt,
    slugify,
    unique_ids,
    without_controls,
)
from cyberquiz.convert.deckdict import cloze_parts, cloze_problem
from cyberquiz.convert.textformat import to_plain
from cyberquiz.core.cards import Card, ClozeCard, FlipCard, TypedCard

_SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "space": " ",
    "pipe": "|",
    "colon": ":",
}
_HEADER = re.compile(r"^#([a-z ]+):(.*)$", re.IGNORECASE)
_ANKI_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_SOUND = re.compile(r"\[sound:([^\]]+)\]")

#: Header keys Anki writes; a ``.txt`` file that starts with one of them is an Anki export.
HEADER_KEYS = frozenset(
    {
        "separator",
        "html",
        "guid column",
        "notetype column",
        "deck column",
        "tags column",
        "notetype",
        "deck",
        "tags",
        "columns",
        "if matches",
    }
)


def is_anki_text(text: str) -> bool:
    """Whether ``text`` starts with the ``#key:value`` header of an Anki plain-text export."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    m = _HEADER.match(first)
    return m is not None and m.group(1).strip().lower() in HEADER_KEYS


@dataclass(slots=True)
class _Header:
    separator: str = "\t"
    html: bool = False
    guid: int | None = None  # 0-based columns
    notetype: int | None = None
    deck: int | None = None
    tags: int | None = None
    fixed_notetype: str = ""
    fixed_deck: str = ""
    fixed_tags: list[str] = field(default_factory=list)


def _read_header(lines: list[str], path: str) -> tuple[_Header, int]:
    header = _Header()
    count = 0
    for line in lines:
        m = _HEADER.match(line.rstrip("\r"))
        if not m or m.group(1).strip().lower() not in HEADER_KEYS:
            break
        count += 1
        key, value = m.group(1).strip().lower(), m.group(2).strip()
        if key == "separator":
            sep = _SEPARATORS.get(value.lower(), value)
            if len(sep) != 1:
                raise ConvertError(f"{path}:{count}: unknown #separator {value!r}")
            header.separator = sep
        elif key == "html":
            header.html = value.lower() == "true"
        elif key.endswith(" column"):
            if not value.isdigit() or int(value) < 1:
                raise ConvertError(f"{path}:{count}: #{key} must be a column number, not {value!r}")
            setattr(header, key.removesuffix(" column"), int(value) - 1)
        elif key == "notetype":
            header.fixed_notetype = value
        elif key == "deck":
            header.fixed_deck = value
        elif key == "tags":
            header.fixed_tags = value.split()
    return header, count


def _tags(deck: str, tags: list[str]) -> tuple[str, ...]:
    out = [slugify(part) for part in deck.split("::")]
    out += [slugify(tag) for tag in tags]
    return tuple(dict.fromkeys(t for t in out if t))


def _cloze_text(field_text: str) -> str:
    """Anki cloze markers ``{{c1::a::hint}}`` as deck-format gaps ``{{a::hint}}``."""

    def gap(m: re.Match[str]) -> str:
        hint = f"::{m.group(3)}" if m.group(3) else ""
        return "{{" + m.group(2) + hint + "}}"

    return _ANKI_CLOZE.sub(gap, field_text)


class _Reader:
    def __init__(self, path: str, deck_id: str, header: _Header) -> None:
        self.path = path
        self.deck_id = deck_id
        self.header = header
        self.result = ImportResult()
        self.lines: list[int] = []

    def text(self, value: str, line: int) -> str:
        media = [f"sound {name}" for name in _SOUND.findall(value)]
        value = _SOUND.sub("", value)
        rendered = to_plain(value, "html" if self.header.html else "plain")
        media += rendered.media
        if media:
            self.result.warnings.append(
                Skipped(self.path, line, f"media not brought over: {', '.join(media)}")
            )
        return rendered.text

    def row(self, cells: list[str], line: int) -> None:
        h = self.header
        meta = {h.guid, h.notetype, h.deck, h.tags} - {None}
        fields = [c for i, c in enumerate(cells) if i not in meta]

        def cell(index: int | None, default: str = "") -> str:
            return cells[index] if index is not None and index < len(cells) else default

        guid = cell(h.guid)
        notetype = cell(h.notetype, h.fixed_notetype)
        tags = _tags(cell(h.deck, h.fixed_deck), [*h.fixed_tags, *cell(h.tags).split()])
        is_cloze = "cloze" in notetype.lower() or bool(fields and _ANKI_CLOZE.search(fields[0]))
        if is_cloze:
            self.cloze(fields, guid, tags, line)
            return
        texts = [self.text(f, line) for f in fields[:2]]
        if len(texts) < 2 or not all(texts):
            first = next((t for t in texts if t), "")
            self.skip(line, "note without a front and a back", first)
            return
        front, back = texts
        extra = [f for f in fields[2:] if f.strip()]
        if extra and "optional" not in notetype.lower():
            self.warn(line, f"{len(extra)} more field(s) of the note not kept", front)
        lowered = notetype.lower()
        if "type in" in lowered:
            self.add(
                TypedCard(id="", deck_id=self.deck_id, tags=tags, prompt=front, answer=back),
                guid,
                line,
            )
        else:
            self.add(
                FlipCard(id="", deck_id=self.deck_id, tags=tags, front=front, back=back), guid, line
            )
        optional = "optional" in lowered  # Anki makes it only when a third field is filled
        if "reverse" in lowered and (not optional or extra):
            reverse = FlipCard(id="", deck_id=self.deck_id, tags=tags, front=back, back=front)
            self.add(reverse, guid + ":reverse" if guid else "", line)

    def cloze(self, fields: list[str], guid: str, tags: tuple[str, ...], line: int) -> None:
        source = fields[0] if fields else ""
        numbers = {int(m.group(1)) for m in _ANKI_CLOZE.finditer(source)}
        text = self.text(_cloze_text(source), line)
        if not numbers:
            self.skip(line, "cloze note without a {{c1::...}} deletion", text)
            return
        problem = cloze_problem(text)
        if problem:
            self.skip(line, problem, text)
            return
        if len(numbers) > 1:
            self.warn(
                line,
                f"Anki asks {len(numbers)} cards (c1...c{max(numbers)}); here one card asks "
                "every gap",
                text,
            )
        explain = self.text(fields[1], line) if len(fields) > 1 else ""
        card = ClozeCard(
            id="",
            deck_id=self.deck_id,
            tags=tags,
            text=text,
            parts=cloze_parts(text),
            explain=explain,
        )
        self.add(card, guid, line)

    def add(self, card: Card, guid: str, line: int) -> None:
        if guid:
            card_id = content_id("anki", f"guid:{guid}", label=card.question)
        else:
            basis = f"{PurePath(self.path).name}\n{card.kind}\n{card.question}"
            card_id = content_id("anki", basis, label=card.question)
        self.result.cards.append(replace(card, id=card_id))
        self.lines.append(line)

    def skip(self, line: int, reason: str, text: str = "") -> None:
        self.result.skipped.append(Skipped(self.path, line, reason, excerpt(text)))

    def warn(self, line: int, reason: str, text: str = "") -> None:
        self.result.warnings.append(Skipped(self.path, line, reason, excerpt(text)))


def parse_anki_text(text: str, *, path: str = "<anki>", deck_id: str = "imported") -> ImportResult:
    """Convert the text of an Anki "Notes in Plain Text" export into cards.

    Args:
        text: the file's text.
        path: the file name used in skipped and warning entries.
        deck_id: the ``deck_id`` given to the cards.

    Raises:
        ConvertError: a header line is not one Anki writes, or the rows are not valid CSV.
    """
    lines = text.lstrip("\ufeff").split("\n")
    header, skip = _read_header(lines, path)
    reader_state = _Reader(path, deck_id, header)
    body = "\n".join(lines[skip:])
    rows = csv.reader(io.StringIO(body, newline=""), delimiter=header.separator)
    start = skip + 1
    try:
        for cells in rows:
            line, start = start, skip + rows.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            reader_state.row(cells, line)
    except csv.Error as exc:
        raise ConvertError(f"{path}:{skip + rows.line_num}: not valid CSV: {exc}") from None
    result = reader_state.result
    result.lines = list(reader_state.lines)
    ids = unique_ids([c.id for c in result.cards])
    for i, (card, new_id) in enumerate(zip(result.cards, ids, strict=True)):
        if card.id != new_id:
            result.cards[i] = replace(card, id=new_id)
            result.warnings.append(
                Skipped(
                    path, reader_state.lines[i], f"duplicate id {card.id!r} renamed to {new_id!r}"
                )
            )
    return result


def read_anki_text(path: str, data: bytes, *, deck_id: str) -> ImportResult:
    """Decode an Anki plain-text export (UTF-8, as Anki writes it) and parse it.

    Raises:
        ConvertError: the file is not UTF-8 text or not a readable export.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConvertError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    text, removed = without_controls(path, text)
    result = parse_anki_text(text, path=path, deck_id=deck_id)
    result.warnings[:0] = removed
    return result
