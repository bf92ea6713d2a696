"""Number cards: a value with a tolerance or a range, and an optional unit.

The student types the number as they would write it: ``67``, ``67 countries``, ``1,000``,
``1 000``, ``1000.5``, ``67,5`` (a decimal comma), ``−3``, or in English words
(``sixty-seven``), even beside the digits (``2 (the first two)``). A comma or space followed by
exactly three digits groups thousands; otherwise a comma is a decimal comma. ``first`` before a
count only says which ones are counted: ``the first two`` is 2.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from cyberquiz.core.answers import Answer, Grade, Verdict
from cyberquiz.core.kinds.base import (
    BLANK,
    CardBase,
    Common,
    Kind,
    SerializeError,
    read_str,
)
from cyberquiz.core.kinds.typed import TextAnswerRules
from cyberquiz.core.numbers import COUNT_LEAD

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue

_GROUP_SEPARATORS = ",  ' \u00a0\u202f"
_NUMBER = re.compile(
    r"(?<![\w.,])[-+\u2212]?"
    r"(?:(?P<grouped>\d{1,3}(?:[, '\u00a0\u202f]\d{3})+(?:\.\d+)?)"
    r"|(?P<plain>\d+(?:[.,]\d+)?|[.,]\d+))"
    r"(?![\d])"
)
#: "first" (or "1st", as words read as digits write it) before a count, not before an ordinal:
#: "the first two" Protocols are 2, "first 2nd" is not read so.
_COUNT_LEAD = re.compile(
    rf"\b(?:{COUNT_LEAD}|1st)[\s\u00a0-]+(?=\d+(?:[.,' \u00a0\u202f]\d+)*(?!\w))", re.IGNORECASE
)
#: Words around a number that say nothing about it ("about 67", "approximately 67").
_FILLER = frozenset(
    {"about", "approximately", "around", "circa", "ca", "some", "roughly", "exactly"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberCard(CardBase):
    """Right is ``answer ± tolerance``, or any value in ``range`` (low, high) when it is set.

    ``unit`` (e.g. "countries") may be typed after the number or left out; a different unit is
    wrong. A word that stands for the unit in a count (``countries`` for ``States``: the groups
    of :data:`cyberquiz.core.teacher.UNIT_GROUPS`) is the unit.
    """

    prompt: str
    answer: Decimal
    tolerance: Decimal = Decimal(0)
    range: tuple[Decimal, Decimal] | None = None
    unit: str = ""

    @property
    def kind(self) -> Kind:
        return Kind.NUMBER

    @property
    def question(self) -> str:
        return self.prompt

    @property
    def bounds(self) -> tuple[Decimal, Decimal]:
        """The lowest and highest right values."""
        if self.range is not None:
            return self.range
        return (self.answer - self.tolerance, self.answer + self.tolerance)


def format_number(value: Decimal) -> str:
    """``67``, ``1000.5``, ``-3``: plain digits, no exponent, no trailing zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def parse_number(text: str) -> Decimal:
    """A number as a deck or a stored card writes it (``67``, ``1000.5``, ``-3``).

    Raises:
        SerializeError: when ``text`` is not such a number.
    """
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise SerializeError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise SerializeError(f"not a finite number: {text!r}")
    return value


@dataclass(frozen=True, slots=True)
class ReadNumber:
    """What a student's answer says: the values found and the words left around them."""

    values: tuple[Decimal, ...]
    words: str


def _words_to_digits(text: str) -> str:
    """English number words as digits: "sixty-seven States" → "67 States"."""
    # deferred: only answers written without a digit need it (about 70 ms to import)
    from text_to_num import alpha2digit

    converted: str = alpha2digit(text, "en", threshold=0)
    return converted


def read_number(text: str) -> ReadNumber:
    """The numbers in a typed answer and the normalised words around them (fillers dropped).

    Number words are read as digits (``2 (the first two)`` holds 2 twice: one number), and a
    ``first`` before a count is dropped (``the first two`` is 2; a lone ``first`` stays 1st).

    Args:
        text: what the student typed.

    Returns:
        Every number found, in order, and the remaining words (e.g. the unit).
    """
    if not any(c.isdigit() for c in text) or any(c.isalpha() for c in text):
        text = _words_to_digits(text)
    text = _COUNT_LEAD.sub("", text)
    values: list[Decimal] = []
    for match in _NUMBER.finditer(text):
        raw = match.group(0).replace("\u2212", "-")
        if match.group("grouped"):
            raw = "".join(c for c in raw if c not in _GROUP_SEPARATORS)
        else:
            raw = raw.replace(",", ".")
        values.append(Decimal(raw))
    # deferred: core.text loads rapidfuzz, which start-up (loading decks) does not need
    from cyberquiz.core.text import normalize

    rest = _NUMBER.sub(" ", text).replace("%", " percent ")
    words = [w for w in normalize(rest, drop_article=False).split() if w not in _FILLER]
    return ReadNumber(tuple(values), " ".join(words))


def _unit_forms(unit: str) -> set[str]:
    """The unit as written, and its singular or plural ("country" / "countries")."""
    from cyberquiz.core.text import normalize  # deferred: see read_number

    base = normalize(unit.replace("%", " percent "), drop_article=False)
    forms = {base}
    if base.endswith("ies"):
        forms.add(base[:-3] + "y")
    elif base.endswith("s"):
        forms.add(base[:-1])
    elif base.endswith("y"):
        forms.add(base[:-1] + "ies")
    if base and not base.endswith("s"):
        forms.add(base + "s")
    return forms


def unit_ok(card: NumberCard, words: str) -> bool:
    """Whether the words typed beside the number are the card's unit (or nothing).

    A word of the unit's group in :data:`~cyberquiz.core.teacher.UNIT_GROUPS` is the unit
    (``67 countries``, ``67 nations`` for ``67 States``; never ``67 Protocols``), and words of
    that group or of the prompt may stand before it: they only repeat the question
    (``67 signatory States``, ``2 additional Protocols``). Small words (``the``) say nothing.
    """
    if not words or not card.unit:
        return True  # the unit may be left out; a card without one ignores words around it
    if words in _unit_forms(card.unit):
        return True
    from cyberquiz.core.text import Match, match_text  # deferred: see read_number

    if match_text(words, card.unit) is not Match.NONE:
        return True  # a typo in the unit is forgiven
    return _names_the_unit(card, words)


def _names_the_unit(card: NumberCard, words: str) -> bool:
    # deferred, as core.text is: see read_number
    from cyberquiz.core.teacher import CONJUNCTIONS, UNIT_GROUPS, content_words

    given = content_words(words)
    if not given:
        return True  # only small words: "the 2", "by 67"
    unit = content_words(card.unit)
    if not unit:
        return False
    units = next((g for g in UNIT_GROUPS if unit[-1] in g), frozenset(unit[-1:]))
    *before, last = given
    if last not in units:
        return False
    repeated = units | set(unit) | set(content_words(card.prompt))
    return all(w in repeated and w not in CONJUNCTIONS for w in before)


def _decimal(value: object, what: str) -> Decimal:
    if not isinstance(value, str):
        raise SerializeError(f"{what} should be a number written as text, not {value!r}")
    return parse_number(value)


class NumberRules(TextAnswerRules[NumberCard]):
    """The answer is the text as typed, read with :func:`read_number`.

    One number inside the bounds, with the card's unit or none → RIGHT, 1. Outside → WRONG, 0.
    A wrong unit → WRONG. Two different numbers ("60 or 70") → WRONG: a hedge, as on the other
    kinds. No number → UNREADABLE: not an answer yet, so it is given back to be written as one
    number, and nothing is recorded (as a date card does with an answer that holds no date).
    """

    kind = Kind.NUMBER
    card_type = NumberCard
    label = "type a number"
    fast_base_ms = 4_000
    slow_base_ms = 40_000

    def fields_to_dict(self, card: NumberCard) -> dict[str, JSONValue]:
        return {
            "prompt": card.prompt,
            "answer": format_number(card.answer),
            "tolerance": format_number(card.tolerance),
            "range": None if card.range is None else [format_number(v) for v in card.range],
            "unit": card.unit,
        }

    def card_from_dict(self, d: Mapping[str, object], common: Common) -> NumberCard:
        span = d.get("range")
        if span is not None and (not isinstance(span, list) or len(span) != 2):
            raise SerializeError(f"range should be two numbers, not {span!r}")
        unit = d.get("unit", "")
        if not isinstance(unit, str):
            raise SerializeError(f"unit should be text, not {unit!r}")
        return NumberCard(
            **common,
            prompt=read_str(d, "prompt"),
            answer=_decimal(d["answer"], "answer"),
            tolerance=_decimal(d.get("tolerance", "0"), "tolerance"),
            range=None
            if span is None
            else (_decimal(span[0], "range"), _decimal(span[1], "range")),
            unit=unit,
        )

    def grade_given(self, card: NumberCard, answer: Answer, expected: str, given: str) -> Grade:
        read = read_number(str(answer))
        distinct = set(read.values)
        if len(distinct) > 1:
            message = f"Wrong: one number, not several; the answer is {expected}."
            return Grade(0.0, Verdict.WRONG, expected, given, (), message)
        if not distinct:
            message = f"Could not read a number in {given!r}: write it like 67 or 1,000.5."
            return Grade(0.0, Verdict.UNREADABLE, expected, given, (), message)
        (value,) = distinct
        if not unit_ok(card, read.words):
            message = f"Wrong unit: the answer is {expected}."
            return Grade(0.0, Verdict.WRONG, expected, given, (), message)
        low, high = card.bounds
        if low <= value <= high:
            return Grade(1.0, Verdict.RIGHT, expected, given, (), "Right.")
        return Grade(0.0, Verdict.WRONG, expected, given, (), f"Wrong: the answer is {expected}.")

    def answer_text(self, card: NumberCard, answer: Answer) -> str:
        return str(answer or "").strip() or BLANK

    def expected_text(self, card: NumberCard) -> str:
        unit = f" {card.unit}" if card.unit else ""
        if card.range is not None:
            low, high = card.range
            return f"{format_number(low)}–{format_number(high)}{unit}"
        within = f" (± {format_number(card.tolerance)})" if card.tolerance else ""
        return f"{format_number(card.answer)}{unit}{within}"

    def chars_typed(self, card: NumberCard) -> int:
        return len(format_number(card.answer))


RULES = NumberRules()
