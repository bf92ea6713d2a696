"""Moodle GIFT export of the kinds GIFT has (the import is :mod:`cyberquiz.convert.gift`).

Writes ``// [id:...]`` and ``// [tag:...]`` comments (Moodle 3.6+) and one ``// cyberquiz: {...}``
JSON comment for what GIFT has no place for (source, note, ...), so that exporting then importing
gives back the same cards. Flip and order cards, cloze cards with more than one gap, and answers
GIFT cannot write (containing ``->``, or starting like a weight ``%50%``) are listed as skipped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from fractions import Fraction

from cyberquiz.convert import Skipped, excerpt
from cyberquiz.convert.gift import ESCAPABLE, FORMAT_MARKER, META_PREFIX, WEIGHT
from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    Gap,
    MatchCard,
    MultiCard,
    TrueFalseCard,
    TypedCard,
)


def escape(text: str, *, lead: bool = True) -> str:
    """GIFT-escape card text: ``~ = # { } : \\`` get a backslash, newlines become ``\\n``.

    Text that starts like a format marker (``[html]``...) gets ``[moodle]`` in front, so that
    only that explicit marker is taken off on import.
    """
    out = "".join("\\" + c if c in ESCAPABLE else c for c in text)
    out = out.replace("\r\n", "\n").replace("\n", "\\n")
    return f"[moodle]{out}" if lead and FORMAT_MARKER.match(out) else out


def _weight(fraction: Fraction) -> str:
    value = float(fraction * 100)
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return f"%{text}%"


def _answers_block(lines: list[str], explain: str) -> str:
    inner = "\n".join(f"\t{line}" for line in lines)
    general = f"\n\t####{escape(explain)}" if explain else ""
    return "{\n" + inner + general + "\n}"


def card_to_gift(card: Card) -> str | None:
    """One GIFT question for ``card``, or ``None`` when GIFT has no form for it."""
    meta: dict[str, str] = {}
    for key in ("source", "note"):
        if getattr(card, key):
            meta[key] = getattr(card, key)
    explain = card.explain
    body: str
    match card:
        case ChoiceCard():
            lines = [
                ("=" if i == card.answer else "~") + escape(o) for i, o in enumerate(card.options)
            ]
            body = f"{escape(card.prompt)} {_answers_block(lines, explain)}"
        case MultiCard():
            right = Fraction(1, len(card.answers))
            lines = [
                ("~" + _weight(right) if i in card.answers else "~%-100%") + escape(o)
                for i, o in enumerate(card.options)
            ]
            body = f"{escape(card.prompt)} {_answers_block(lines, explain)}"
        case TrueFalseCard():
            general = f"####{escape(explain)}" if explain else ""
            body = f"{escape(card.statement)} {{{'TRUE' if card.answer else 'FALSE'}{general}}}"
        case TypedCard():
            lines = ["=" + escape(a) for a in (card.answer, *card.accept)]
            body = f"{escape(card.prompt)} {_answers_block(lines, explain)}"
        case DateCard():
            general = f"####{escape(explain)}" if explain else ""
            if card.precision == "year":
                if card.answer.precision != "year":
                    meta["date"] = card.answer.iso()
                body = f"{escape(card.prompt)} {{#{card.answer.year}{general}}}"
            else:
                if card.precision != card.answer.precision:
                    meta["precision"] = card.precision
                body = f"{escape(card.prompt)} {{={card.answer.iso()}{general}}}"
        case MatchCard():
            lines = [f"={escape(left)} -> {escape(right)}" for left, right in card.pairs]
            body = f"{escape(card.prompt)} {_answers_block(lines, explain)}"
        case ClozeCard():
            gaps = card.gaps
            if len(gaps) != 1:
                return None
            index = next(i for i, p in enumerate(card.parts) if isinstance(p, Gap))
            before, after = str(card.parts[index - 1]), str(card.parts[index + 1])
            gap = gaps[0]
            options = gap.hint.split(" / ") if gap.hint else []
            general = f"####{escape(explain)}" if explain else ""
            if len(gap.answers) == 1 and len(options) >= 2 and gap.answers[0] in options:
                answers = " ".join(
                    ("=" if o == gap.answers[0] else "~") + escape(o) for o in options
                )
            else:
                if gap.hint:
                    meta["hint"] = gap.hint
                answers = " ".join("=" + escape(a) for a in gap.answers)
            if not after.strip():
                meta["kind"] = "cloze"
            if card.prompt:
                meta["prompt"] = card.prompt
            body = f"{escape(before)}{{{answers}{general}}}{escape(after, lead=False)}"
        case _:
            return None
    head = [f"// [id:{card.id}]" + "".join(f" [tag:{t}]" for t in card.tags)]
    if meta:
        head.append("// " + META_PREFIX + " " + json.dumps(meta, ensure_ascii=False))
    return "\n".join([*head, f"::{escape(card.id)}::{body}"])


def gift_problem(card: Card) -> str | None:
    """Why ``card`` cannot be written as GIFT, or ``None`` when it can."""
    if isinstance(card, ClozeCard) and len(card.gaps) != 1:
        return "cloze card with more than one gap has no GIFT form"
    # GIFT has no escape for "->": in an all-"=" answer block it makes a matching question.
    texts: tuple[str, ...] = ()
    if isinstance(card, TypedCard):
        texts = (card.answer, *card.accept)
    elif isinstance(card, MatchCard):
        texts = tuple(x for pair in card.pairs for x in pair)
    elif isinstance(card, ClozeCard):
        texts = card.gaps[0].answers
    if any("->" in t for t in texts):
        return "an answer contains '->', which GIFT reads as a matching pair"
    if isinstance(card, ChoiceCard | MultiCard):
        texts = card.options
    if any(WEIGHT.match(t) for t in texts):
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
