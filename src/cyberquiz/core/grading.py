"""Grading: how right an answer is, for every kind of card.

:func:`grade` is pure: a card and an answer (shapes in :mod:`cyberquiz.core.answers`) in, a
:class:`~cyberquiz.core.answers.Grade` out. The rules, kind by kind:

=========  =========================================================================================
kind       rule
=========  =========================================================================================
any        An empty answer (``""``, ``None``, empty set or tuple, all gaps blank) → EMPTY, 0.
flip       SELF, 0: the student grades themself.
typed      Equal to the answer or an ``accept`` alternative after :func:`~.text.normalize` → RIGHT,
           1. Within the typo budget (:func:`~.text.typo_budget`) → ALMOST, :data:`ALMOST_SCORE`
           (0.9: counted as correct, but a slip the student should see). Else WRONG, 0.
date       Read with :func:`~.dates.parse_date` and compared at the card's precision. Every asked
           part right → RIGHT, 1 (extra precision is fine if the asked parts are right). Year right
           but month wrong or missing → PARTIAL, :data:`DATE_YEAR_SCORE` (0.5); year and month
           right but day wrong or missing (day cards) → PARTIAL, :data:`DATE_MONTH_SCORE` (0.75).
           Wrong year (even by one) → WRONG, 0. Unreadable → WRONG, with the accepted formats.
choice     RIGHT 1 or WRONG 0.
multi      (right picks − wrong picks) / number of right options, floored at 0. 1 → RIGHT,
           above 0 → PARTIAL, else WRONG. A mark per option.
truefalse  RIGHT 1 or WRONG 0.
cloze      Each gap is graded like a typed answer (1, 0.9 or 0); score = mean. All RIGHT → RIGHT;
           all at least ALMOST → ALMOST; some right → PARTIAL; none → WRONG. A mark per gap.
order      Score = (length of the longest run of items already in the right relative order − 1)
           / (items − 1): the share of the order the student got, measured by how few items
           must be moved to fix it (a longest increasing subsequence). One item dragged to the
           wrong end of five costs 1/4; a reversed list scores 0. Marks list the items to move.
match      Score = share of right pairs. All → RIGHT; some → PARTIAL; none → WRONG. Marks list the
           wrong pairs.
=========  =========================================================================================

A malformed answer (the wrong type, an index out of range, an order that is not a permutation) is
graded WRONG,
never raised: the grader runs on whatever the UI or a stored review hands it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from cyberquiz.core.answers import Answer, Grade, Mark, Verdict
from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    FlipCard,
    MatchCard,
    MultiCard,
    OrderCard,
    PartialDate,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.dates import DATE_FORMATS_HELP, MONTHS, format_date, parse_date
from cyberquiz.core.serialize import BLANK, answer_display, expected_display, is_answer_shape
from cyberquiz.core.text import Match, check_text

#: Score of a typed answer (or cloze gap) that is right but for a small typo.
ALMOST_SCORE = 0.9
#: Score of a date answer with the right year but a wrong or missing month.
DATE_YEAR_SCORE = 0.5
#: Score of a date answer with the right year and month but a wrong or missing day.
DATE_MONTH_SCORE = 0.75

_SELECTED, _NOT_SELECTED = "selected", "not selected"
_PRECISIONS = ("year", "month", "day")


def grade(card: Card, answer: Answer) -> Grade:
    """Judge one answer to one card.

    Args:
        card: the card asked.
        answer: the student's answer, in the shape documented in :mod:`cyberquiz.core.answers`
            for the card's kind (indices in the card's own order, not the shuffled display order).

    Returns:
        The grade: score in [0, 1], verdict, expected and given display text, per-element marks
        and a short message.
    """
    expected = expected_display(card)
    if isinstance(card, FlipCard):
        return Grade(0.0, Verdict.SELF, expected, "", (), "How well did you know it?")
    if not is_answer_shape(card, answer):
        return Grade(0.0, Verdict.WRONG, expected, BLANK, (), "This answer could not be read.")
    if _is_empty(card, answer):
        return Grade(0.0, Verdict.EMPTY, expected, BLANK, (), "No answer: here it is.")
    given = answer_display(card, answer)
    match card:
        case TypedCard():
            return _grade_typed(card, str(answer), expected, given)
        case DateCard():
            return _grade_date(card, str(answer), expected, given)
        case ChoiceCard():
            ok = answer == card.answer
            return _simple(ok, expected, given)
        case TrueFalseCard():
            ok = answer is card.answer
            return _simple(ok, expected, given)
        case MultiCard():
            return _grade_multi(card, cast(frozenset[int], answer), expected, given)
        case ClozeCard():
            return _grade_cloze(card, cast(tuple[str, ...], answer), expected, given)
        case OrderCard():
            return _grade_order(card, cast(tuple[int, ...], answer), expected, given)
        case MatchCard():
            return _grade_match(card, cast(tuple[int | None, ...], answer), expected, given)
    raise TypeError(f"not a card: {card!r}")  # pragma: no cover


def _is_empty(card: Card, answer: Answer) -> bool:
    if answer is None:
        return True
    if isinstance(card, TypedCard | DateCard):
        return not str(answer).strip()
    if isinstance(card, ClozeCard):
        return all(not str(a).strip() for a in cast(tuple[str, ...], answer))
    if isinstance(card, MatchCard):
        return all(a is None for a in cast(tuple[int | None, ...], answer))
    if isinstance(card, MultiCard | OrderCard):
        return len(cast(Sequence[int], answer)) == 0
    return False


def _simple(ok: bool, expected: str, given: str) -> Grade:
    if ok:
        return Grade(1.0, Verdict.RIGHT, expected, given, (), "Right.")
    return Grade(0.0, Verdict.WRONG, expected, given, (), f"Wrong: the answer is {expected}.")


def _verdict(score: float, all_right: bool) -> Verdict:
    if all_right:
        return Verdict.RIGHT
    return Verdict.PARTIAL if score > 0 else Verdict.WRONG


# -- typed and cloze -------------------------------------------------------------------------------


def _grade_typed(card: TypedCard, text: str, expected: str, given: str) -> Grade:
    result, matched = check_text(text, (card.answer, *card.accept))
    if result is Match.EXACT:
        message = "Right." if matched == card.answer else f"Right (also: {card.answer})."
        return Grade(1.0, Verdict.RIGHT, expected, given, (), message)
    if result is Match.ALMOST:
        return Grade(
            ALMOST_SCORE,
            Verdict.ALMOST,
            expected,
            given,
            (),
            f"Almost: check the spelling of {matched}.",
            closest=matched or "",
        )
    return Grade(0.0, Verdict.WRONG, expected, given, (), f"Wrong: the answer is {expected}.")


def _grade_cloze(card: ClozeCard, fills: tuple[str, ...], expected: str, given: str) -> Grade:
    marks: list[Mark] = []
    scores: list[float] = []
    results: list[Match] = []
    for index, gap in enumerate(card.gaps):
        fill = fills[index].strip() if index < len(fills) else ""
        result, _ = check_text(fill, gap.answers) if fill else (Match.NONE, None)
        score = {Match.EXACT: 1.0, Match.ALMOST: ALMOST_SCORE, Match.NONE: 0.0}[result]
        scores.append(score)
        results.append(result)
        marks.append(
            Mark(
                label=f"Gap {index + 1}" + (f" ({gap.hint})" if gap.hint else ""),
                given=fill or BLANK,
                expected=gap.answers[0] if gap.answers else "",
                ok=result is not Match.NONE,
            )
        )
    total = len(scores)
    score = sum(scores) / total if total else 0.0
    right = sum(r is Match.EXACT for r in results)
    almost = sum(r is Match.ALMOST for r in results)
    if right == total:
        verdict, message = Verdict.RIGHT, "Right."
    elif right + almost == total:
        verdict, message = Verdict.ALMOST, "Almost: check the spelling."
    elif right + almost:
        verdict, message = Verdict.PARTIAL, f"{right + almost} of {total} gaps right."
    else:
        verdict, message = Verdict.WRONG, f"No gap right: {expected}"
    return Grade(score, verdict, expected, given, tuple(marks), message)


# -- dates ---------------------------------------------------------------------------------------


def _part_text(date: PartialDate | None, part: str) -> str:
    if date is None:
        return BLANK
    value = getattr(date, part)
    if value is None:
        return BLANK
    return MONTHS[value - 1].capitalize() if part == "month" else str(value)


def _grade_date(card: DateCard, text: str, expected: str, given: str) -> Grade:
    date = parse_date(text)
    if date is None:
        return Grade(
            0.0,
            Verdict.WRONG,
            expected,
            given,
            (),
            f"Could not read a date in {text.strip()!r}. {DATE_FORMATS_HELP}",
        )
    right = card.answer
    # A card never asks for more than its answer holds (the loader checks; this guards stored data).
    precision = min(card.precision, right.precision, key=_PRECISIONS.index)
    asked = _PRECISIONS[: _PRECISIONS.index(precision) + 1]
    marks = tuple(
        Mark(
            label=part.capitalize(),
            given=_part_text(date, part),
            expected=_part_text(right, part),
            ok=getattr(date, part) == getattr(right, part),
        )
        for part in asked
    )
    ok = {mark.label.lower(): mark.ok for mark in marks}
    read_as = f"Read as {format_date(date)}."
    if not ok["year"]:
        off = abs(date.year - right.year)
        near = " (one year off)" if off == 1 else ""
        message = f"Wrong year{near}: it was {expected}. {read_as}"
        return Grade(0.0, Verdict.WRONG, expected, given, marks, message)
    if all(ok.values()):
        return Grade(1.0, Verdict.RIGHT, expected, given, marks, "Right.")
    if "month" in ok and not ok["month"]:
        score = DATE_YEAR_SCORE
        if date.month is None:
            message = f"Right year; give the month too: it was {expected}."
        else:
            message = f"Right year, wrong month: it was {expected}. {read_as}"
    else:
        score = DATE_MONTH_SCORE
        if date.day is None:
            message = f"Right month; give the day too: it was {expected}."
        else:
            message = f"Right month, wrong day: it was {expected}. {read_as}"
    return Grade(score, Verdict.PARTIAL, expected, given, marks, message)


# -- multi, order, match -------------------------------------------------------------------------


def _grade_multi(card: MultiCard, picks: frozenset[int], expected: str, given: str) -> Grade:
    right_picks = len(picks & card.answers)
    wrong_picks = len(picks - card.answers)
    score = max(0.0, (right_picks - wrong_picks) / max(1, len(card.answers)))
    marks = tuple(
        Mark(
            label=option,
            given=_SELECTED if i in picks else _NOT_SELECTED,
            expected=_SELECTED if i in card.answers else _NOT_SELECTED,
            ok=(i in picks) == (i in card.answers),
        )
        for i, option in enumerate(card.options)
    )
    all_right = picks == card.answers
    verdict = _verdict(score, all_right)
    if all_right:
        message = "Right."
    else:
        missed = len(card.answers) - right_picks
        bits = []
        if missed:
            bits.append(f"{missed} missed")
        if wrong_picks:
            bits.append(f"{wrong_picks} wrongly picked")
        message = f"{right_picks} of {len(card.answers)} right options; " + ", ".join(bits) + "."
    return Grade(score, verdict, expected, given, marks, message)


def longest_increasing_run(sequence: Sequence[int]) -> list[int]:
    """Positions (in ``sequence``) of a longest strictly increasing subsequence.

    Ties are broken towards the earliest positions, so the result is deterministic.
    """
    n = len(sequence)
    length = [1] * n
    previous = [-1] * n
    for j in range(n):
        for i in range(j):
            if sequence[i] < sequence[j] and length[i] + 1 > length[j]:
                length[j] = length[i] + 1
                previous[j] = i
    if not n:
        return []
    end = max(range(n), key=lambda k: (length[k], -k))
    positions = []
    while end != -1:
        positions.append(end)
        end = previous[end]
    return positions[::-1]


def _grade_order(card: OrderCard, order: tuple[int, ...], expected: str, given: str) -> Grade:
    n = len(card.items)
    if sorted(order) != list(range(n)):
        return Grade(
            0.0, Verdict.WRONG, expected, given, (), "Put every item in the list exactly once."
        )
    keep = set(longest_increasing_run(order))
    score = (len(keep) - 1) / (n - 1) if n > 1 else 1.0
    marks = tuple(
        Mark(
            label=card.items[item],
            given=f"position {position + 1}",
            expected=f"position {item + 1}",
            ok=False,
        )
        for position, item in enumerate(order)
        if position not in keep
    )
    all_right = list(order) == list(range(n))
    if all_right:
        message = "Right."
    else:
        moves = len(marks)
        message = f"{moves} item{'s' if moves != 1 else ''} out of place."
    return Grade(score, _verdict(score, all_right), expected, given, marks, message)


def _grade_match(
    card: MatchCard, picks: tuple[int | None, ...], expected: str, given: str
) -> Grade:
    rights = [right for _, right in card.pairs]
    marks: list[Mark] = []
    right_count = 0
    for index, (left, right) in enumerate(card.pairs):
        pick = picks[index] if index < len(picks) else None
        chosen = rights[pick] if pick is not None and 0 <= pick < len(rights) else None
        if chosen == right:
            right_count += 1
        else:
            marks.append(Mark(label=left, given=chosen or BLANK, expected=right, ok=False))
    total = len(card.pairs)
    score = right_count / total if total else 0.0
    all_right = right_count == total
    message = "Right." if all_right else f"{right_count} of {total} pairs right."
    return Grade(score, _verdict(score, all_right), expected, given, tuple(marks), message)
