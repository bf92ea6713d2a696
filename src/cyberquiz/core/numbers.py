"""Numbers as students write them: ``67``, ``sixty-seven``, ``7th``, ``seventh``, ``VII``,
``VIIth``, ``the first two``."""

from __future__ import annotations

import re

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_UNITS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_ORDINAL_TENS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"
_WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_UNITS)}
_WORD_VALUES |= {w: i for i, w in enumerate(_ORDINAL_UNITS)}
_WORD_VALUES |= {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_WORD_VALUES |= {w: 20 + 10 * i for i, w in enumerate(_ORDINAL_TENS.split())}
_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})
_DIGITS_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)?")
#: A Roman ordinal of i, v and x (up to 39th): "list" (li-st) and "mind" (mi-nd) stay words.
_ROMAN_ORDINAL = re.compile(r"([ivx]+)(?:st|nd|rd|th)")
#: A word before a count that picks which ones are counted: "the first two" Protocols are two.
COUNT_LEAD = "first"
_ROMAN = re.compile(r"(?=[mdclxvi])m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"m": 1000, "d": 500, "c": 100, "l": 50, "x": 10, "v": 5, "i": 1}


def roman_value(word: str) -> int | None:
    """``vii`` → 7 for a well-formed Roman numeral (lower case), else None."""
    if not word or not _ROMAN.fullmatch(word):
        return None
    total = 0
    for here, after in zip(word, [*word[1:], ""], strict=True):
        value = _ROMAN_VALUES[here]
        total += -value if after and _ROMAN_VALUES[after] > value else value
    return total


def number_value(words: list[str], *, roman: bool = False) -> int | None:
    """The number that normalised ``words`` spell, or None when they are not one number.

    An ordinal ending may follow a number, joined or as a word of its own (``7th``, ``7 th``,
    and with ``roman``: ``viith``, ``vii th``; joined, up to ``xxxixth``), and ``first`` before
    a count only picks which ones are counted (``first two`` is 2; a lone ``first`` is 1) —
    but not with ``roman``: a Roman numeral names one (the VII Summit), it does not count.

    Args:
        words: lower-case words (``["sixty", "seven"]``, ``["67"]``, ``["7th"]``).
        roman: also read one Roman numeral (only where the expected answer is written so: a
            lone ``i`` or ``v`` is a word far more often than a number).

    Returns:
        The value, or None.
    """
    if len(words) > 1 and words[0] == COUNT_LEAD:
        return None if roman else _cardinal_value(words[1:])
    if len(words) == 2 and words[1] in _ORDINAL_ENDINGS:
        return _numeral_value(words[0], roman=roman)
    if len(words) == 1:
        word = words[0]
        found = _DIGITS_ORDINAL.fullmatch(word)
        if found:
            return int(found.group(1))
        if word in _WORD_VALUES:
            return _WORD_VALUES[word]
        if not roman:
            return None
        found = _ROMAN_ORDINAL.fullmatch(word)
        return roman_value(found.group(1) if found else word)
    return _tens_and_unit(words)


def _numeral_value(word: str, *, roman: bool) -> int | None:
    """``7`` → 7 and, with ``roman``, ``vii`` → 7: a number written in numerals."""
    if word.isdigit():
        return int(word)
    return roman_value(word) if roman else None


def _cardinal_value(words: list[str]) -> int | None:
    """The count that ``words`` spell (``2``, ``two``, ``sixty seven``), never an ordinal."""
    if len(words) == 1:
        word = words[0]
        if word.isdigit():
            return int(word)
        if word in _UNITS or word in _TENS:
            return _WORD_VALUES[word]
        return None
    if words[-1] in _ORDINAL_UNITS:
        return None
    return _tens_and_unit(words)


def _tens_and_unit(words: list[str]) -> int | None:
    """``["sixty", "seven"]`` → 67 (and ``["sixty", "seventh"]`` → 67)."""
    if len(words) == 2 and words[0] in _TENS:
        tens = _WORD_VALUES[words[0]]
        unit = _WORD_VALUES.get(words[1])
        if unit is not None and 1 <= unit <= 9:
            return tens + unit
    return None
