"""Date cards: a year, a month or a day, asked at the card's precision."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from cyberquiz.core.answers import Answer, Grade, Mark, Verdict
from cyberquiz.core.kinds.base import (
    BLANK,
    CardBase,
    Common,
    Kind,
    SerializeError,
    read_str,
)
from cyberquiz.core.kinds.typed import TextAnswerRules
from cyberquiz.core.partial_date import PartialDate, Precision

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue

# core.dates (reading typed dates) loads rapidfuzz: it is imported where a date is read or
# shown, so that loading decks at start-up does not load it.

#: Score of a date answer with the right year but a wrong or missing month.
DATE_YEAR_SCORE = 0.5
#: Score of a date answer with the right year and month but a wrong or missing day.
DATE_MONTH_SCORE = 0.75

_PRECISIONS: tuple[Precision, ...] = ("year", "month", "day")

#: A range of days (``9-10 July 2015``) is right on a day card when it holds the day and spans
#: at most this many days: a meeting over two or three days is one event, a wider range a hedge.
RANGE_MAX_DAYS = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class DateCard(CardBase):
    """``precision`` is what the card asks for; it is at most the precision of ``answer``."""

    prompt: str
    answer: PartialDate
    precision: Precision = "day"

    @property
    def kind(self) -> Kind:
        return Kind.DATE

    @property
    def question(self) -> str:
        return self.prompt


def _part_text(date: PartialDate | None, part: str) -> str:
    from cyberquiz.core.dates import MONTHS

    if date is None:
        return BLANK
    value = getattr(date, part)
    if value is None:
        return BLANK
    return MONTHS[value - 1].capitalize() if part == "month" else str(value)


class DateRules(TextAnswerRules[DateCard]):
    """The answer is the text as typed, read with :func:`~cyberquiz.core.dates.parse_date`.

    Compared at the card's precision. Every asked part right → RIGHT, 1 (extra precision is fine).
    Year right but month wrong or missing → PARTIAL, :data:`DATE_YEAR_SCORE`; year and month right
    but day wrong or missing → PARTIAL, :data:`DATE_MONTH_SCORE`. Wrong year (even by one) →
    WRONG, 0. Unreadable → WRONG, with the accepted formats.
    """

    retypes_after_miss = True

    kind = Kind.DATE
    card_type = DateCard
    label = "date"
    fast_base_ms = 4_000
    slow_base_ms = 40_000

    def fields_to_dict(self, card: DateCard) -> dict[str, JSONValue]:
        return {"prompt": card.prompt, "answer": card.answer.iso(), "precision": card.precision}

    def card_from_dict(self, d: Mapping[str, object], common: Common) -> DateCard:
        from cyberquiz.core.dates import parse_iso

        precision = d.get("precision", "day")
        if precision not in _PRECISIONS:
            raise SerializeError(f"precision should be year, month or day: {precision!r}")
        return DateCard(
            **common,
            prompt=read_str(d, "prompt"),
            answer=parse_iso(read_str(d, "answer")),
            precision=precision,
        )

    def grade_given(self, card: DateCard, answer: Answer, expected: str, given: str) -> Grade:
        from cyberquiz.core.dates import DATE_FORMATS_HELP, format_date, read_date, truncate

        text = str(answer)
        reading = read_date(text)
        if not reading.dates:
            message = f"Could not read a date in {text.strip()!r}. {DATE_FORMATS_HELP}"
            return Grade(0.0, Verdict.UNREADABLE, expected, given, (), message)
        precision = _asked(card)
        if reading.ambiguous:
            grades = [_grade_date(card, d, expected, given) for d in reading.dates]
            if len({(g.verdict, g.score) for g in grades}) == 1:
                return grades[0]  # either way round, the same grade: no need to ask
            first, second = (format_date(d) for d in reading.dates)
            message = (
                f"Is {text.strip()!r} {first} or {second}? "
                f"Write the month as a word (like {first})."
            )
            return Grade(0.0, Verdict.UNREADABLE, expected, given, (), message)
        start, end = reading.dates[0], reading.end
        if end is None or truncate(start, precision) == truncate(end, precision):
            return _grade_date(card, start, expected, given)
        right = card.answer
        if (
            precision == "day"
            and start.day is not None
            and end.day is not None
            and (start.year, start.month) == (end.year, end.month)
            and _key(start) <= _key(right) <= _key(end)
            and end.day - start.day < RANGE_MAX_DAYS
        ):
            judged = _grade_date(card, right, expected, given)
            return replace(judged, message=f"Right: {expected} (within the days you gave).")
        # a wider range is a hedge: it scores as its worse end
        ends = (_grade_date(card, d, expected, given) for d in (start, end))
        return min(ends, key=lambda g: g.score)

    def answer_text(self, card: DateCard, answer: Answer) -> str:
        return str(answer or "").strip() or BLANK

    def expected_text(self, card: DateCard) -> str:
        from cyberquiz.core.dates import format_date

        return format_date(card.answer, card.precision)

    def chars_typed(self, card: DateCard) -> int:
        return len(self.expected_text(card))


RULES = DateRules()


def _asked(card: DateCard) -> Precision:
    # A card never asks for more than its answer holds (the loader checks; this guards stored
    # data).
    return min(card.precision, card.answer.precision, key=_PRECISIONS.index)


def _key(date: PartialDate) -> tuple[int, int, int]:
    return (date.year, date.month or 0, date.day or 0)


def _grade_date(card: DateCard, date: PartialDate, expected: str, given: str) -> Grade:
    """One date read from the answer, against the card's, at the card's precision."""
    from cyberquiz.core.dates import format_date

    right = card.answer
    precision = _asked(card)
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
