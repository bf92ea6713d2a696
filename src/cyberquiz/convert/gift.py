"""Moodle GIFT import: questions into core cards, with every skipped question listed.

Import (``parse_gift``):

=========================================  ===============================================
GIFT                                       card
=========================================  ===============================================
``{=right ~wrong ~%50%partial}``           choice (any ``=`` makes it single-answer; every
                                           ``=`` is fully right, ``~%50%`` options keep
                                           their credit, negative weights as penalties)
``{~%50%a ~%50%b ~%-100%c}``               multi (no ``=``; the options with a positive
                                           weight are right; weights kept as credits)
``{T}`` ``{FALSE}``                        truefalse
``{=answer =alternative}``                 typed (``accept``); an ISO date answer → date
``{#1945}``                                date (an exact whole number 1000-2999)
``{#3.14:0.01}`` ``{#1..5}`` ``{#68}``     number (Moodle's tolerance or range exactly; the
                                           first 100% answer of several, the rest warned)
``{=left -> right ...}``                   match
``before {=a ~b} after`` (missing word)    cloze with one gap
``{}`` (essay), no braces (description)    skipped, listed with its line
=========================================  ===============================================

The card id is ``gift-<slug>-<6 hex>`` of the file name, the ``$CATEGORY`` and the ``::title::``
(else the question text), so two quizzes that each have a ``::Q1::`` do not collide and a
re-import of the same file updates its cards; a ``// [id:...]`` comment (Moodle 3.6+) names it
instead. ``$CATEGORY:`` path parts and ``// [tag:...]`` comments become tags; general feedback
``####...`` (or the feedback of the answers the card keeps as right) becomes ``explain``. Escapes
``\\~ \\= \\# \\{ \\} \\: \\\\ \\n`` are honoured; ``//`` lines are comments. Text is read in
its Moodle format (``[moodle]`` by default, ``[html]``, ``[markdown]``, ``[plain]``; answers and
feedback default to the question's) and rendered to plain text by
:mod:`cyberquiz.convert.textformat`; media it refers to are listed as warnings. As in Moodle, a
multiple choice with an ``=`` has one answer to pick, and one without scores the sum of the
weights picked (a question whose positive weights cannot reach 100% is skipped).

Export is :mod:`cyberquiz.convert.giftout`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import TYPE_CHECKING, cast

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
from cyberquiz.convert.deckdict import cloze_parts, cloze_problem
from cyberquiz.convert.textformat import PlainText, TextFormat, to_plain
from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    Gap,
    MatchCard,
    MultiCard,
    NumberCard,
    PartialDate,
    Precision,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.dates import read_date, truncate
from cyberquiz.core.kinds.credit import default_choice_credits, default_multi_credits, kept_credits

if TYPE_CHECKING:
    from cyberquiz.core.kinds.base import Common

# Escaped characters are swapped for private-use code points while parsing, then restored.
ESCAPABLE = "~=#{}:\\"
_PLACEHOLDER = {c: chr(0xE000 + i) for i, c in enumerate(ESCAPABLE)}
_NEWLINE = chr(0xE010)
_RESTORE = {v: k for k, v in _PLACEHOLDER.items()} | {_NEWLINE: "\n"}
FORMAT_MARKER = re.compile(r"^\s*\[(html|markdown|plain|moodle)\]", re.IGNORECASE)
WEIGHT = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_META_TAG = re.compile(r"\[(id|tag):((?:\\.|[^\]\\])+)\]")
META_PREFIX = "cyberquiz:"


def _protect(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in _PLACEHOLDER:
                out.append(_PLACEHOLDER[nxt])
                i += 2
                continue
            if nxt == "n":
                out.append(_NEWLINE)
                i += 2
                continue
        out.append(c)
        i += 1
    return "".join(out)


def _restore(text: str) -> str:
    return "".join(_RESTORE.get(c, c) for c in text)


def _render(text: str, fmt: str, *, marker: bool = True) -> PlainText:
    """Protected GIFT text in Moodle format ``fmt`` → what a reader sees, and its media.

    ``marker``: a leading ``[html]``-style marker on ``text`` overrides ``fmt``, as Moodle reads
    answers and feedback (their default is the question text's format).
    """
    text = text.strip()
    if marker:
        m = FORMAT_MARKER.match(text)
        if m:
            fmt, text = m.group(1).lower(), text[m.end() :]
    return to_plain(_restore(text), cast(TextFormat, fmt))


def _clean(text: str, fmt: str, *, marker: bool = True) -> str:
    """Protected GIFT text → plain card text (see :func:`_render`)."""
    return _render(text, fmt, marker=marker).text


# --- answer blocks -----------------------------------------------------------------------------


@dataclass
class _Answer:
    text: str
    weight: float  # percent: 100 right, 0 wrong, in between partial
    feedback: str
    right_marker: bool  # written with "=" rather than "~"


@dataclass(frozen=True)
class _Number:
    """One numerical answer as Moodle reads it: ``v``, ``v:tolerance`` or ``lo..hi``."""

    text: str
    value: Decimal
    tolerance: Decimal
    span: tuple[Decimal, Decimal] | None  # written as a range
    weight: float

    @property
    def exact_year(self) -> bool:
        return self.span is None and not self.tolerance and _year(self.value) is not None


def _year(value: Decimal) -> int | None:
    whole = value == value.to_integral_value()
    return int(value) if whole and 1000 <= value <= 2999 else None


@dataclass
class _Block:
    kind: str  # essay|truefalse|short|mc|match|numeric
    answers: list[_Answer] = field(default_factory=list)
    truth: bool = False
    numeric: list[_Number] = field(default_factory=list)
    feedback_right: str = ""
    feedback_wrong: str = ""
    general: str = ""
    problem: str = ""  # set when the block cannot be represented


def _split_feedback(text: str) -> tuple[str, str]:
    body, _, feedback = text.partition("#")
    return body, feedback


def _split_answers(body: str, marker: str) -> list[str]:
    """Moodle's split: on ``marker``, an empty first piece dropped, each piece trimmed."""
    pieces = [piece.strip() for piece in body.split(marker)]
    if pieces and not pieces[0]:
        pieces = pieces[1:]
    return pieces


def _choice_answers(body: str) -> list[_Answer]:
    """Multiple-choice answers as Moodle reads them: ``=`` is full credit, ``~%50%`` partial."""
    answers: list[_Answer] = []
    for piece in _split_answers(body.replace("=", "~="), "~"):
        right_marker = piece.startswith("=")
        weight = 100.0 if right_marker else 0.0
        rest = piece[1:] if right_marker else piece
        m = WEIGHT.match(rest)
        if m and not right_marker:
            weight, rest = float(m.group(1)), rest[m.end() :]
        text, feedback = _split_feedback(rest)
        answers.append(_Answer(text, weight, feedback, right_marker))
    return answers


def _short_answers(body: str) -> list[_Answer]:
    """Short answers (and matching pairs) as Moodle reads them: every ``=`` piece, full credit
    unless a ``%weight%`` says otherwise."""
    answers: list[_Answer] = []
    for piece in _split_answers(body, "="):
        weight = 100.0
        m = WEIGHT.match(piece)
        if m:
            weight, piece = float(m.group(1)), piece[m.end() :]
        text, feedback = _split_feedback(piece)
        answers.append(_Answer(text, weight, feedback, True))
    return answers


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _parse_number(text: str, weight: float) -> _Number | None:
    """``v``, ``v:tolerance`` or ``lo..hi`` (Moodle: the separator not first), or None."""
    text = _restore(text).strip()
    if text.find("..") > 0:
        low, high = (_decimal(x) for x in text.split("..", 1))
        if low is None or high is None:
            return None
        low, high = sorted((low, high))
        return _Number(text, (low + high) / 2, (high - low) / 2, (low, high), weight)
    value_text, _, tolerance_text = text.partition(":") if text.find(":") > 0 else (text, "", "")
    value = _decimal(value_text)
    tolerance = _decimal(tolerance_text) if tolerance_text.strip() else Decimal(0)
    if value is None or tolerance is None:
        return None
    return _Number(text, value, abs(tolerance), None, weight)


def _parse_block(raw: str) -> _Block:
    """An answer block, classified in Moodle's order (numerical, multiple choice, matching,
    true/false, short answer) by the same tests Moodle's importer makes."""
    general = ""
    if "####" in raw:
        raw, general = raw.rsplit("####", 1)
    body = raw.strip()
    if not body:
        return _Block("essay", general=general)
    if body.startswith("#"):
        return _numeric_block(body[1:], general)
    if "~" in body:
        answers = _choice_answers(body)
        if len(answers) < 2:
            return _Block(
                "mc", general=general, problem="multiple choice with fewer than two options"
            )
        return _Block("mc", answers=answers, general=general)
    if "=" in body and "->" in body:
        answers = _short_answers(body)
        if not all("->" in a.text for a in answers):
            return _Block("match", general=general, problem="matching answer without '->'")
        return _Block("match", answers=answers, general=general)
    head, _, feedbacks = body.partition("#")
    if head.strip() in {"T", "TRUE", "F", "FALSE"}:
        wrong, _, right = feedbacks.partition("#")
        return _Block(
            "truefalse",
            truth=head.strip().startswith("T"),
            feedback_wrong=wrong,
            feedback_right=right,
            general=general,
        )
    return _Block("short", answers=_short_answers(body), general=general)


def _numeric_block(body: str, general: str) -> _Block:
    block = _Block("numeric", general=general)
    body, tilde, other = body.partition("~")
    if tilde:
        block.feedback_wrong = _split_feedback(other)[1]  # feedback for any other answer
    for entry in _split_answers(body, "="):
        weight = 100.0
        m = WEIGHT.match(entry)
        if m:
            weight, entry = float(m.group(1)), entry[m.end() :]
        number_text, feedback = _split_feedback(entry)
        number = _parse_number(number_text, weight)
        if number is None:
            shown = _restore(number_text).strip()
            block.problem = f"numerical answer {shown!r} is not a number"
            return block
        block.numeric.append(number)
        if weight >= 100 and not block.feedback_right:
            block.feedback_right = feedback
    if not block.numeric:
        block.problem = "numerical question without an answer"
    return block


# --- questions -----------------------------------------------------------------------------------


@dataclass
class _Question:
    line: int
    title: str
    fmt: str
    before: str  # protected text
    block: _Block | None
    after: str  # protected text
    missing_word: bool
    ids: list[str]
    tags: list[str]
    meta: dict[str, object]  # the cyberquiz comment's JSON, unchecked
    category: str = ""


def _percent(weight: float) -> str:
    return str(int(weight)) if float(weight).is_integer() else f"{weight:g}"


def _iso_date(text: str) -> PartialDate | None:
    m = _ISO_DATE.match(text.strip())
    if not m:
        return None
    import datetime as _dt

    year, month = int(m.group(1)), int(m.group(2))
    day = int(m.group(3)) if m.group(3) else None
    try:
        _dt.date(year, month, day or 1)
    except ValueError:
        return None
    return PartialDate(year, month, day)


class _Builder:
    def __init__(self, path: str, deck_id: str) -> None:
        self.path = path
        self.deck_id = deck_id
        self.result = ImportResult()
        self.lines: list[int] = []
        self.media: list[str] = []  # of the question being built

    def clean(self, text: str, fmt: str, *, marker: bool = True) -> str:
        """Plain card text of protected GIFT ``text``; its media are noted for a warning."""
        rendered = _render(text, fmt, marker=marker)
        self.media.extend(rendered.media)
        return rendered.text

    def explain(self, block: _Block, fmt: str, kept: Sequence[_Answer]) -> str:
        """General feedback, else the feedback of the answers the card keeps as right."""
        if block.general.strip():
            return self.clean(block.general, fmt)
        if block.kind == "truefalse":
            # the feedback for a wrong answer is the one that explains; the other says "right"
            return self.clean(block.feedback_wrong or block.feedback_right, fmt)
        if block.kind == "numeric":
            return self.clean(block.feedback_right, fmt)
        right = [self.clean(a.feedback, fmt) for a in kept if a.feedback.strip()]
        return " ".join(dict.fromkeys(r for r in right if r))

    def skip(self, q: _Question, reason: str) -> None:
        text = _clean(
            q.before + (" _____ " + q.after if q.missing_word else ""), q.fmt, marker=False
        )
        self.result.skipped.append(Skipped(self.path, q.line, reason, excerpt(q.title or text)))

    def warn(self, q: _Question, reason: str) -> None:
        text = _clean(q.before, q.fmt, marker=False)
        self.result.warnings.append(Skipped(self.path, q.line, reason, excerpt(q.title or text)))

    def add(self, q: _Question) -> None:
        block = q.block
        if block is None:
            self.skip(q, "description (no answer) cannot be represented")
            return
        if block.problem:
            self.skip(q, block.problem)
            return
        if block.kind == "essay":
            self.skip(q, "essay question cannot be represented")
            return
        self.media = []
        card = self._card(q, block)
        if card is not None:
            self.result.cards.append(card)
            self.lines.append(q.line)
            if self.media:
                shown = ", ".join(dict.fromkeys(self.media))
                self.warn(q, f"media not brought over (cards hold text only): {shown}")

    def _common(
        self, q: _Question, question_text: str, block: _Block, kept: Sequence[_Answer] = ()
    ) -> Common:
        card_id = ""
        for candidate in q.ids:
            if ID_PATTERN.match(candidate):
                card_id = candidate
                break
            self.warn(q, f"id {candidate!r} is not a valid card id; a new one was made")
        if not card_id:
            # The file and the category are part of a question's identity: two quizzes that each
            # have a "Q1" are different questions. The title, when there is one, names the
            # question (as in Moodle), so fixing a typo in its text keeps the student's progress.
            name = q.title or question_text
            basis = json.dumps([PurePath(self.path).name, q.category, name], ensure_ascii=False)
            card_id = content_id("gift", basis, label=name)
        meta = q.meta
        return {
            "id": card_id,
            "deck_id": self.deck_id,
            "tags": tuple(dict.fromkeys(q.tags)),
            "explain": self.explain(block, q.fmt, kept),
            "source": str(meta.get("source", "")),
            "note": str(meta.get("note", "")),
            "origin": None,
        }

    def _numerical(self, q: _Question, block: _Block, prompt: str) -> Card | None:
        """A Moodle numerical question: a number card (a whole year alone: a date card).

        Moodle gives full marks for any answer of weight 100% and partial marks for the others;
        a card has one right value or range, so the first full-marks answer is kept and the rest
        are listed as warnings.
        """
        if not prompt:
            self.skip(q, "question without text")
            return None
        full = [n for n in block.numeric if n.weight >= 100]
        if not full:
            best = max(block.numeric, key=lambda n: n.weight)
            if best.weight <= 0:
                self.skip(q, "numerical question without a right answer")
                return None
            self.warn(
                q,
                f"no answer has full marks in Moodle; {best.text} ({_percent(best.weight)}%) "
                "is taken as right",
            )
            full = [best]
        right = full[0]
        if len(full) > 1:
            also = ", ".join(n.text for n in full[1:])
            self.warn(q, f"also fully right in Moodle, not kept: {also}")
        partial = [n for n in block.numeric if 0 < n.weight < 100 and n is not right]
        if partial:
            shown = ", ".join(f"{n.text} ({_percent(n.weight)}%)" for n in partial)
            self.warn(q, f"partial credit not kept: {shown}")
        common = self._common(q, prompt, block)
        year = _year(right.value)
        if right.exact_year and year is not None and q.meta.get("kind") != "number":
            stored = _iso_date(str(q.meta.get("date", "")))
            date = stored if stored is not None and stored.year == year else PartialDate(year)
            return DateCard(prompt=prompt, answer=date, precision="year", **common)
        unit = str(q.meta.get("unit", ""))
        if right.span is None:
            return NumberCard(
                prompt=prompt, answer=right.value, tolerance=right.tolerance, unit=unit, **common
            )
        answer = _decimal(str(q.meta.get("answer", "")))
        if answer is None or not right.span[0] <= answer <= right.span[1]:
            answer = right.value
        return NumberCard(prompt=prompt, answer=answer, range=right.span, unit=unit, **common)

    def _card(self, q: _Question, block: _Block) -> Card | None:
        fmt = q.fmt
        if q.missing_word and block.kind in ("truefalse", "match", "numeric"):
            # No gap to fill: Moodle shows the text with "_____" where the answers were.
            before = self.clean(q.before + "_____" + q.after, fmt, marker=False)
        elif q.missing_word or q.meta.get("kind") == "cloze":
            return self._cloze(q, block)
        else:
            before = self.clean(q.before, fmt, marker=False)
        if not before:
            self.skip(q, "question without text")
            return None
        if block.kind == "truefalse":
            common = self._common(q, before, block)
            return TrueFalseCard(statement=before, answer=block.truth, **common)
        if block.kind == "short":
            kept = [a for a in block.answers if a.weight >= 100]
            right = [self.clean(a.text, fmt) for a in kept]
            partial = [self.clean(a.text, fmt) for a in block.answers if 0 < a.weight < 100]
            if partial:
                self.warn(q, f"partial-credit answers not kept: {', '.join(partial)}")
            right = [a for a in dict.fromkeys(right) if a]
            if not right:
                self.skip(q, "short answer without a fully right answer")
                return None
            common = self._common(q, before, block, kept)
            date = _iso_date(right[0])
            # A date is its ISO form, alone or with other written forms of the same date.
            # (1/7/2004 reads either way round: it counts when one of its readings is the date)
            if date is not None and all(date in read_date(o).dates for o in right[1:]):
                wanted = q.meta.get("precision")
                precision: Precision = date.precision
                if wanted == "year" or wanted == "month":
                    precision = wanted  # exports before the written forms said it so
                stored = _iso_date(str(q.meta.get("date", "")))
                if stored is not None and truncate(stored, precision) == date:
                    date = stored
                return DateCard(prompt=before, answer=date, precision=precision, **common)
            return TypedCard(prompt=before, answer=right[0], accept=tuple(right[1:]), **common)
        if block.kind == "numeric":
            return self._numerical(q, block, before)
        if block.kind == "match":
            pairs: list[tuple[str, str]] = []
            for a in block.answers:
                left, _, right_text = a.text.partition("->")
                # Moodle reads the right-hand side as plain text, whatever the format.
                left_c, right_c = self.clean(left, fmt), _clean(right_text, "plain", marker=False)
                if not left_c:
                    self.warn(q, f"extra right-hand answer {right_c!r} not kept")
                    continue
                pairs.append((left_c, right_c))
            if len(pairs) < 2:
                self.skip(q, "matching question with fewer than two pairs")
                return None
            if not all(right for _, right in pairs):
                self.skip(q, "matching question with an empty right-hand side")
                return None
            for side, name in ((0, "left"), (1, "right")):
                values = [pair[side] for pair in pairs]
                if len(set(values)) != len(values):
                    self.skip(q, f"matching question with the same {name}-hand side twice")
                    return None
            common = self._common(q, before, block)
            return MatchCard(prompt=before, pairs=tuple(pairs), **common)
        # multiple choice
        options = [self.clean(a.text, fmt) for a in block.answers]
        if not all(options):
            self.skip(q, "multiple choice with an empty option")
            return None
        if len(options) < 2:
            self.skip(q, "multiple choice with fewer than two options")
            return None
        if len(set(options)) != len(options):
            self.skip(q, "multiple choice with the same option twice")
            return None
        credits = [self._credit(q, a) for a in block.answers]
        marked = [i for i, a in enumerate(block.answers) if a.right_marker]
        if marked:
            # Moodle: one answer to pick whenever an "=" is present; every "=" is fully right
            # and "~%50%" options give their partial credit (or a penalty when negative).
            common = self._common(q, before, block, [block.answers[i] for i in marked])
            answer = marked[0]
            single = kept_credits(credits, default_choice_credits(len(options), answer))
            return ChoiceCard(
                prompt=before, options=tuple(options), answer=answer, credits=single, **common
            )
        # Moodle: no "=" makes a multiple-answer question whose weights add up as they are.
        positive = [i for i, credit in enumerate(credits) if credit > 0]
        if not positive:
            self.skip(q, "multiple choice without a right answer")
            return None
        total = sum(credits[i] for i in positive)
        if round(total, 2) < 1:
            self.skip(
                q,
                f"multiple answers whose weights above 0 add up to {_percent(total * 100)}%: "
                "picking every right option never gives full marks",
            )
            return None
        common = self._common(q, before, block, [block.answers[i] for i in positive])
        weights = kept_credits(credits, default_multi_credits(len(options), set(positive)))
        return MultiCard(
            prompt=before,
            options=tuple(options),
            answers=frozenset(positive),
            credits=weights,
            **common,
        )

    def _credit(self, q: _Question, answer: _Answer) -> float:
        """An answer's weight as a credit (``=`` is 1); weights past ±100% are warned and cut."""
        if answer.right_marker:
            return 1.0
        if not -100 <= answer.weight <= 100:
            cut = max(-100.0, min(100.0, answer.weight))
            self.warn(q, f"weight {_percent(answer.weight)}% is taken as {_percent(cut)}%")
            return cut / 100
        return round(answer.weight / 100, 9)  # 33.33333 % is 0.3333333, not 0.33333329999...

    def _credit_warnings(
        self, q: _Question, block: _Block, options: list[str], marked: list[int]
    ) -> None:
        """Warn about what a single-answer card cannot hold: a second ``=``, partial credit."""
        if len(marked) > 1:
            also = ", ".join(repr(options[i]) for i in marked[1:])
            self.warn(q, f"also fully right in Moodle, now a wrong option: {also}")
        partial = [
            f"{options[i]!r} ({_percent(a.weight)}%)"
            for i, a in enumerate(block.answers)
            if i not in marked and a.weight > 0
        ]
        if partial:
            self.warn(q, f"partial credit not kept, now a wrong option: {', '.join(partial)}")

    def _cloze(self, q: _Question, block: _Block) -> Card | None:
        fmt = q.fmt
        hint: str | None = str(q.meta["hint"]) if q.meta.get("hint") else None
        kept: list[_Answer] = []
        if block.kind == "short":
            kept = [a for a in block.answers if a.weight >= 100]
            answers = [self.clean(a.text, fmt) for a in kept]
        elif block.kind == "mc":
            options = [self.clean(a.text, fmt) for a in block.answers]
            if not all(options):
                self.skip(q, "missing word with an empty option")
                return None
            right = [i for i, a in enumerate(block.answers) if a.right_marker]
            if right:
                self._credit_warnings(q, block, options, right)
                right = right[:1]
            else:
                right = [i for i, a in enumerate(block.answers) if a.weight > 0]
            if len(right) != 1:
                self.skip(q, "missing word with several right options cannot be represented")
                return None
            if len(set(options)) != len(options):
                self.skip(q, "missing word with the same option twice")
                return None
            answers = [options[right[0]]]
            kept = [block.answers[right[0]]]
            hint = " / ".join(options)
        else:
            self.skip(q, f"missing word with a {block.kind} answer cannot be represented")
            return None
        answers = [a for a in dict.fromkeys(answers) if a]
        if not answers:
            self.skip(q, "missing word without a right answer")
            return None
        left = self.clean(q.before, fmt, marker=False)
        right_text = self.clean(q.after, fmt, marker=False)
        gap = Gap(answers=tuple(answers), hint=hint)
        marker = "{{" + "|".join(answers) + (f"::{hint}" if hint else "") + "}}"
        space_before = " " if left and q.before[-1:].isspace() else ""
        space_after = " " if right_text and q.after[:1].isspace() else ""
        text = f"{left}{space_before}{marker}{space_after}{right_text}"
        parts = cloze_parts(text)
        if cloze_problem(text) or [p for p in parts if isinstance(p, Gap)] != [gap]:
            self.skip(q, "missing word cannot be written as a cloze gap ({{, }}, :: or |)")
            return None
        common = self._common(q, left + " _____ " + right_text, block, kept)
        prompt = str(q.meta.get("prompt", ""))
        return ClozeCard(text=text, parts=parts, prompt=prompt, **common)


def _chunks(text: str) -> list[list[tuple[int, str]]]:
    chunks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            current.append((number, line))
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def _category_tags(path: str) -> list[str]:
    tags = []
    for part in path.split("/"):
        part = part.strip()
        lowered = part.lower()
        # Moodle's own levels ("$course$", "top", "Default for <course>") are not topics.
        if not part or part.startswith("$") or lowered == "top" or lowered.startswith("default"):
            continue
        slug = slugify(part)
        if slug:
            tags.append(slug)
    return tags


def parse_gift(text: str, *, path: str = "<gift>", deck_id: str = "imported") -> ImportResult:
    """Convert GIFT text into cards.

    Args:
        text: the GIFT file's text.
        path: the file name used in skipped/warning entries.
        deck_id: the ``deck_id`` given to the cards.

    Returns:
        The cards in file order, the questions skipped (each with its line) and warnings about
        what a conversion left out.
    """
    builder = _Builder(path, deck_id)
    category: list[str] = []
    category_path = ""
    for chunk in _chunks(text.lstrip("\ufeff")):
        comments = [line.strip()[2:] for _, line in chunk if line.strip().startswith("//")]
        lines = [(n, line) for n, line in chunk if not line.strip().startswith("//")]
        if lines and lines[0][1].strip().startswith("$CATEGORY:"):
            category_path = lines[0][1].strip()[len("$CATEGORY:") :].strip()
            category = _category_tags(category_path)
            lines = lines[1:]
        if not lines:
            continue
        ids: list[str] = []
        tags = list(category)
        meta: dict[str, object] = {}
        line_no = lines[0][0]
        for comment in comments:
            stripped = comment.strip()
            if stripped.startswith(META_PREFIX):
                try:
                    loaded = json.loads(stripped[len(META_PREFIX) :])
                except json.JSONDecodeError:
                    loaded = None
                if isinstance(loaded, dict):
                    meta.update(loaded)
                else:
                    builder.result.warnings.append(
                        Skipped(path, line_no, "unreadable cyberquiz comment ignored")
                    )
                continue
            for key, value in _META_TAG.findall(comment):
                value = re.sub(r"\\(.)", r"\1", value).strip()
                if key == "id":
                    ids.append(value)
                elif slugify(value):
                    tags.append(slugify(value))
        body = _protect("\n".join(line for _, line in lines))
        title = ""
        stripped_body = body.lstrip()
        if stripped_body.startswith("::"):
            end = stripped_body.find("::", 2)
            if end != -1:
                title = _clean(stripped_body[2:end], "plain", marker=False)
                body = stripped_body[end + 2 :]
        fm = FORMAT_MARKER.match(body)
        fmt = fm.group(1).lower() if fm else "moodle"
        if fm:
            body = body[fm.end() :]
        open_at = body.find("{")
        block: _Block | None = None
        before, after = body, ""
        if open_at != -1:
            close_at = body.find("}", open_at)
            if close_at == -1:
                q = _Question(
                    line_no, title, fmt, body, None, "", False, ids, tags, meta, category_path
                )
                builder.skip(q, "answer block is not closed with }")
                continue
            before, after = body[:open_at], body[close_at + 1 :]
            block = _parse_block(body[open_at + 1 : close_at])
            if "{" in after or "}" in after:
                q = _Question(
                    line_no, title, fmt, before, None, "", False, ids, tags, meta, category_path
                )
                builder.skip(q, "more than one answer block (GIFT has one per question)")
                continue
        missing_word = bool(after.strip()) and block is not None
        builder.add(
            _Question(
                line_no,
                title,
                fmt,
                before,
                block,
                after,
                missing_word,
                ids,
                tags,
                meta,
                category_path,
            )
        )
    result = builder.result
    result.lines = list(builder.lines)
    ids = unique_ids([c.id for c in result.cards])
    for i, (card, new_id) in enumerate(zip(result.cards, ids, strict=True)):
        if card.id != new_id:
            import dataclasses

            result.cards[i] = dataclasses.replace(card, id=new_id)
            result.warnings.append(
                Skipped(path, builder.lines[i], f"duplicate id {card.id!r} renamed to {new_id!r}")
            )
    return result


def read_gift(path: str, data: bytes, *, deck_id: str) -> ImportResult:
    """Decode a GIFT file (UTF-8, with or without BOM) and parse it.

    Raises:
        ConvertError: the file is not UTF-8 text.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConvertError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    text, removed = without_controls(path, text)
    result = parse_gift(text, path=path, deck_id=deck_id)
    result.warnings[:0] = removed
    return result
