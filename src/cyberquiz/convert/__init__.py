"""Import and export of decks in other formats, and the class report for instructors.

Headless like ``core`` and ``decks``: no Textual. Every converter returns what it could not
represent as :class:`Skipped` entries with a line, so that nothing is ever dropped silently.

Modules:
    gift, giftout: Moodle GIFT import, and export.
    csvdeck: CSV/TSV import and export.
    deckdict: cards as deck-format mappings; cloze text parsing.
    yamlout: writes a deck file (format 1) from core cards.
    apkg: Anki ``.apkg`` export (genanki).
    sheet: printable Markdown/HTML sheet with an answer key.
    classreport: item statistics from students' exam reports.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from cyberquiz.core.cards import Card

__all__ = ["ConvertError", "ImportResult", "Skipped", "content_id", "slugify"]

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class ConvertError(Exception):
    """A file cannot be converted at all (unreadable, not the expected format)."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A question (or part of one) that a converter could not represent.

    Attributes:
        path: the file it came from (as text).
        line: 1-based line where the question starts.
        reason: what could not be represented, for a person to act on.
        excerpt: the start of the question text, to find it.
    """

    path: str
    line: int
    reason: str
    excerpt: str = ""

    def __str__(self) -> str:
        tail = f": {self.excerpt}" if self.excerpt else ""
        return f"{self.path}:{self.line}: {self.reason}{tail}"


@dataclass(slots=True)
class ImportResult:
    """Cards converted from a file, the questions skipped and the lossy conversions (warnings).

    ``lines`` holds the 1-based line each card starts on, in the order of ``cards``.
    """

    cards: list[Card] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)


def slugify(text: str, max_len: int = 40) -> str:
    """Lower-case ASCII words joined by ``-``: ``"Budapest (2001)"`` → ``budapest-2001``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0] if "-" in slug[:max_len] else slug[:max_len]
    return slug.strip("-")


def content_id(prefix: str, basis: str, *, label: str | None = None, words: int = 5) -> str:
    """A stable card id from content: ``<prefix>-<slug of the first words>-<6 hex of a hash>``.

    The same ``basis`` always gives the same id, so re-importing a file updates cards rather than
    duplicating them. ``label`` (default: ``basis``) gives the readable words.
    """
    normalized = " ".join(basis.split())
    digest = hashlib.sha1(normalized.encode("utf-8")).hexdigest()[:6]
    words_from = " ".join((label if label is not None else basis).split())
    slug = slugify(" ".join(words_from.split()[:words])) or "q"
    return f"{prefix}-{slug}-{digest}"


def guess_text_format(text: str) -> str:
    """``anki``, ``tsv`` or ``gift`` for the text of a ``.txt`` file.

    Anki's plain-text export starts with ``#separator:``-style headers; Quizlet's export is
    term-TAB-definition lines; GIFT questions have ``{...}`` answers (or are descriptions).
    """
    from cyberquiz.convert.ankitext import is_anki_text  # deferred: only .txt imports need it

    if is_anki_text(text):
        return "anki"
    lines = [line for line in text.splitlines() if line.strip()]
    content = [line for line in lines if not line.lstrip().startswith(("//", "$CATEGORY"))]
    if content and not any("{" in line for line in content) and any("\t" in x for x in content):
        return "tsv"
    return "gift"


def excerpt(text: str, length: int = 60) -> str:
    """The first ``length`` characters of ``text`` on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def unique_ids(ids: list[str]) -> list[str]:
    """Make ids unique in order by appending ``-2``, ``-3``, ... to repeats."""
    seen: set[str] = set()
    out: list[str] = []
    for card_id in ids:
        candidate, n = card_id, 1
        while candidate in seen:
            n += 1
            candidate = f"{card_id}-{n}"
        seen.add(candidate)
        out.append(candidate)
    return out


def without_controls(path: str, text: str) -> tuple[str, list[Skipped]]:
    """An imported file's text with control characters removed, and a warning per line.

    Every importer calls this on the decoded text before parsing: a deck may not contain them
    (terminals act on ESC, CSI, BEL, ...), and the file's author cannot have meant them as text.
    Tab and newline stay; carriage returns go (line ends are newlines once parsed).
    """
    from cyberquiz.core.controls import CONTROL, describe_control, strip_controls

    warnings: list[Skipped] = []
    if not CONTROL.search(text.replace("\r\n", "\n")):
        return text, warnings
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        found = CONTROL.search(line)
        if found:
            what = describe_control(found.group())
            warnings.append(Skipped(path, number, f"control characters such as {what} removed"))
    return strip_controls(text.replace("\r\n", "\n")), warnings
