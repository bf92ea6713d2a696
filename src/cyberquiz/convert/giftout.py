"""Moodle GIFT export of the kinds GIFT has (the import is :mod:`cyberquiz.convert.gift`).

Writes ``// [id:...]`` and ``// [tag:...]`` comments (Moodle 3.6+) and one ``// cyberquiz: {...}``
JSON comment for what GIFT has no place for (source, note, ...), so that exporting then importing
gives back the same cards. Question text is marked ``[plain]``, so Moodle shows card text as
written and never renders it as HTML. Flip and order cards, cloze cards with more than one gap,
and answers GIFT cannot write (containing ``->``, or starting like a weight ``%50%``) are listed
as skipped.
Number cards become numerical questions (``{#67:0}``, ``{#60..70}``). Choice and multi cards
carry their credits as Moodle weights (``=`` full, ``~%50%`` partial, ``~%-25%`` a penalty);
a multi card without credits is written with the weights it scores by, ±1/n.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from cyberquiz.convert import Skipped, excerpt
from cyberquiz.convert.gift import ESCAPABLE, FORMAT_MARKER, META_PREFIX, WEIGHT
from cyberquiz.convert.tables import Unsupported
from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    Gap,
    Kind,
    MatchCard,
    MultiCard,
    NumberCard,
    PartialDate,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.dates import MONTHS, truncate
from cyberquiz.core.kinds.credit import default_multi_credits
from cyberquiz.core.kinds.number import format_number

#: Marks question text (and so its answers and feedback) as plain text for Moodle.
PLAIN: Final = "[plain]"


def escape(text: str, *, lead: bool = True) -> str:
    """GIFT-escape card text: ``~ = # { } : \\`` get a backslash, newlines become ``\\n``.

    Text that starts like a format marker (``[html]``...) gets ``[plain]`` in front, so that
    only that explicit marker is taken off on import.
    """
    out = "".join("\\" + c if c in ESCAPABLE else c for c in text)
    out = out.replace("\r\n", "\n").replace("\n", "\\n")
    return f"{PLAIN}{out}" if lead and FORMAT_MARKER.match(out) else out


def _question(text: str) -> str:
    """Question text marked ``[plain]``: Moodle then shows it, its answers and its feedback as
    written (their format defaults to the question's), never as HTML."""
    return PLAIN + escape(text, lead=False)


def written_forms(date: PartialDate) -> list[str]:
    """The usual written forms of a month or a full date, ISO first.

    Moodle's short answer accepts only what is listed (ignoring case), so a date card lists the
    forms students write: ``2001-11-23``, ``23 November 2001``, ``November 23, 2001``,
    ``23.11.2001``, ``23/11/2001``...
    """
    if date.month is None:
        return [date.iso()]
    month = MONTHS[date.month - 1].capitalize()
    short = month[:3]
    y, m = date.year, date.month
    if date.day is None:
        forms = [f"{month} {y}", f"{short} {y}", f"{m:02d}/{y}", f"{m:02d}.{y}", f"{m}/{y}"]
    else:
        d = date.day
        forms = [
            f"{d} {month} {y}",
            f"{month} {d}, {y}",
            f"{month} {d} {y}",
            f"{d} {short} {y}",
            f"{short} {d}, {y}",
            f"{d:02d}.{m:02d}.{y}",
            f"{d:02d}/{m:02d}/{y}",
            f"{d}.{m}.{y}",
            f"{d}/{m}/{y}",
            f"{_ordinal(d)} {month} {y}",
            f"the {_ordinal(d)} of {month} {y}",
        ]
    return list(dict.fromkeys([date.iso(), *forms]))


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _weight(credit: float) -> str:
    """A credit as a GIFT weight, to Moodle's precision: ``%50%``, ``%33.33333%``, ``%-25%``."""
    text = f"{credit * 100:.5f}".rstrip("0").rstrip(".")
    return f"%{text}%"


def _answers_block(lines: list[str], explain: str) -> str:
    inner = "\n".join(f"\t{line}" for line in lines)
    general = f"\n\t####{escape(explain)}" if explain else ""
    return "{\n" + inner + general + "\n}"


def _general(explain: str) -> str:
    return f"####{escape(explain)}" if explain else ""


def _choice(card: ChoiceCard, meta: dict[str, str]) -> str:
    # "=" for the answer, "~" for no credit and "~%50%" for the rest (a negative weight is a
    # penalty). Another fully right option is "~%100%", not "=": a block of "=" alone would be
    # a short answer in Moodle.
    lines = []
    for i, option in enumerate(card.options):
        credit = card.credit(i)
        marker = "=" if i == card.answer else "~" if credit == 0 else "~" + _weight(credit)
        lines.append(marker + escape(option))
    return f"{_question(card.prompt)} {_answers_block(lines, card.explain)}"


def _multi(card: MultiCard, meta: dict[str, str]) -> str:
    # No "=": a multiple-answer question whose weights are the credits the card scores by
    # (without credits of its own, ±1/n for its n right options).
    credits = card.credits or default_multi_credits(len(card.options), card.answers)
    lines = [
        ("~" + _weight(credit) if credit else "~") + escape(option)
        for option, credit in zip(card.options, credits, strict=True)
    ]
    return f"{_question(card.prompt)} {_answers_block(lines, card.explain)}"


def _truefalse(card: TrueFalseCard, meta: dict[str, str]) -> str:
    answer = "TRUE" if card.answer else "FALSE"
    return f"{_question(card.statement)} {{{answer}{_general(card.explain)}}}"


def _typed(card: TypedCard, meta: dict[str, str]) -> str:
    lines = ["=" + escape(a) for a in (card.answer, *card.accept)]
    return f"{_question(card.prompt)} {_answers_block(lines, card.explain)}"


def _date(card: DateCard, meta: dict[str, str]) -> str:
    general = _general(card.explain)
    asked = truncate(card.answer, card.precision)
    if asked != card.answer:
        meta["date"] = card.answer.iso()
    if card.precision == "year":
        return f"{_question(card.prompt)} {{#{card.answer.year}{general}}}"
    forms = " ".join("=" + escape(form) for form in written_forms(asked))
    return f"{_question(card.prompt)} {{{forms}{general}}}"


def _match(card: MatchCard, meta: dict[str, str]) -> str:
    lines = [f"={escape(left)} -> {escape(right, lead=False)}" for left, right in card.pairs]
    return f"{_question(card.prompt)} {_answers_block(lines, card.explain)}"


def _cloze(card: ClozeCard, meta: dict[str, str]) -> str:
    index = next(i for i, p in enumerate(card.parts) if isinstance(p, Gap))
    before, after = str(card.parts[index - 1]), str(card.parts[index + 1])
    gap = card.gaps[0]
    options = gap.hint.split(" / ") if gap.hint else []
    if len(gap.answers) == 1 and len(options) >= 2 and gap.answers[0] in options:
        answers = " ".join(("=" if o == gap.answers[0] else "~") + escape(o) for o in options)
    else:
        if gap.hint:
            meta["hint"] = gap.hint
        answers = " ".join("=" + escape(a) for a in gap.answers)
    if not after.strip():
        meta["kind"] = "cloze"
    if card.prompt:
        meta["prompt"] = card.prompt
    general = _general(card.explain)
    return f"{_question(before)}{{{answers}{general}}}{escape(after, lead=False)}"


def _number(card: NumberCard, meta: dict[str, str]) -> str:
    # Moodle's numerical question: {#value:tolerance} or {#low..high}; the comment tells it from
    # a year ({#2001}) and keeps the answer of a range and the unit, which GIFT has no place for.
    meta["kind"] = "number"
    if card.range is None:
        value = f"{format_number(card.answer)}:{format_number(card.tolerance)}"
    else:
        value = "..".join(format_number(v) for v in card.range)
        meta["answer"] = format_number(card.answer)
    if card.unit:
        meta["unit"] = card.unit
    return f"{_question(card.prompt)} {{#{value}{_general(card.explain)}}}"


def _no_texts(card: Card) -> tuple[str, ...]:
    return ()


@dataclass(frozen=True, slots=True)
class GiftForm:
    """How a kind is written as a GIFT question.

    The functions take the kind's own card, which a dict's value type cannot say.
    """

    #: The question after ``::id::``; may add keys to the ``// cyberquiz:`` comment's dict.
    write: Callable[[Any, dict[str, str]], str]
    #: Answer texts written with ``=`` (GIFT reads a ``->`` in them as a matching pair).
    answers: Callable[[Any], tuple[str, ...]] = _no_texts
    #: Texts that must not start like a weight (``%50%``): answers and options.
    weighted: Callable[[Any], tuple[str, ...]] = _no_texts
    #: Why a card of the kind has no GIFT form after all (e.g. a cloze with two gaps), or None.
    problem: Callable[[Any], str | None] = lambda card: None


def _cloze_problem(card: ClozeCard) -> str | None:
    if len(card.gaps) != 1:
        return "cloze card with more than one gap has no GIFT form"
    return None


#: The GIFT form of each kind, or why GIFT has none.
GIFT_EXPORT: dict[Kind, GiftForm | Unsupported] = {
    Kind.FLIP: Unsupported("flip card has no GIFT form"),
    Kind.TYPED: GiftForm(
        _typed, answers=lambda c: (c.answer, *c.accept), weighted=lambda c: (c.answer, *c.accept)
    ),
    Kind.DATE: GiftForm(_date),
    Kind.CHOICE: GiftForm(_choice, weighted=lambda c: c.options),
    Kind.MULTI: GiftForm(_multi, weighted=lambda c: c.options),
    Kind.TRUEFALSE: GiftForm(_truefalse),
    Kind.CLOZE: GiftForm(
        _cloze,
        answers=lambda c: c.gaps[0].answers,
        weighted=lambda c: c.gaps[0].answers,
        problem=_cloze_problem,
    ),
    Kind.ORDER: Unsupported("order card has no GIFT form"),
    Kind.NUMBER: GiftForm(_number),
    Kind.MATCH: GiftForm(
        _match,
        answers=lambda c: tuple(x for pair in c.pairs for x in pair),
        weighted=lambda c: tuple(x for pair in c.pairs for x in pair),
    ),
}


def card_to_gift(card: Card) -> str | None:
    """One GIFT question for ``card``, or ``None`` when GIFT has no form for it."""
    form = GIFT_EXPORT[card.kind]
    if isinstance(form, Unsupported) or form.problem(card):
        return None
    meta: dict[str, str] = {}
    for key in ("source", "note"):
        if getattr(card, key):
            meta[key] = getattr(card, key)
    body = form.write(card, meta)
    head = [f"// [id:{card.id}]" + "".join(f" [tag:{t}]" for t in card.tags)]
    if meta:
        head.append("// " + META_PREFIX + " " + json.dumps(meta, ensure_ascii=False))
    return "\n".join([*head, f"::{escape(card.id)}::{body}"])


def gift_problem(card: Card) -> str | None:
    """Why ``card`` cannot be written as GIFT, or ``None`` when it can."""
    form = GIFT_EXPORT[card.kind]
    if isinstance(form, Unsupported):
        return form.reason
    problem = form.problem(card)
    if problem:
        return problem
    # GIFT has no escape for "->": in an all-"=" answer block it makes a matching question.
    if any("->" in t for t in form.answers(card)):
        return "an answer contains '->', which GIFT reads as a matching pair"
    if any(WEIGHT.match(t) for t in form.weighted(card)):
        return "an answer starts like a GIFT weight (%50%)"
    return None


def cards_to_gift(cards: Sequence[Card], *, path: str = "") -> tuple[str, list[Skipped]]:
    """GIFT text for ``cards``, and the cards GIFT cannot hold (flip, order, cloze of 2+ gaps).

    Args:
        cards: the cards to write, in order.
        path: shown in skipped entries when a card has no origin.
    """
    questions: list[str] = []
    skipped: list[Skipped] = []
    for card in cards:
        reason = gift_problem(card)
        text = card_to_gift(card) if reason is None else None
        if text is None:
            reason = reason or f"{card.kind} card has no GIFT form"
            origin = card.origin
            skipped.append(
                Skipped(
                    origin.path if origin else path,
                    origin.line if origin else 0,
                    f"{reason} ({card.id})",
                    excerpt(card.question),
                )
            )
            continue
        questions.append(text)
    return "\n\n".join(questions) + ("\n" if questions else ""), skipped
