"""Reading the dates students type, and writing dates for people to read.

Accepted forms (any case, extra spaces, ordinal suffixes like ``23rd``, a trailing ``.`` after a
month abbreviation or the whole date, ``the``/``of``/``on``/``in`` as in "on the 23rd of November
2001"):

=======================  =================
typed                    read as
=======================  =================
``2001``                 year
``2001-11``              year and month
``2001-11-23``           full date (also ``2001/11/23``, ``2001.11.23``)
``23 Nov 2001``          full date (also ``23 November 2001``, ``23-Nov-2001``)
``November 23, 2001``    full date
``Nov 2001``             year and month (also ``November, 2001``)
``23.11.2001``           full date, **day first** (also ``23/11/2001``, ``23-11-2001``)
``11.2001``              year and month (also ``11/2001``)
=======================  =================

Month names are English and come from this module's own table, never from the locale. Years have
four digits. An impossible date (``31.02.2001``, month 13) reads as ``None``.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from cyberquiz.core.cards import PartialDate, Precision

MONTHS: tuple[str, ...] = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

#: What to tell a student whose date could not be read.
DATE_FORMATS_HELP = "Write a date like 2001-11-23, 23 November 2001, 23.11.2001, Nov 2001 or 2001."

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_FILLER = re.compile(r"\b(?:the|of|on|in)\b")
_YEAR = r"(\d{4})"
_NUM = r"(\d{1,2})"
_SEP = r"\s*([-/.])\s*"
_NUMERIC: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"{_YEAR}"), "y"),
    (re.compile(rf"{_YEAR}{_SEP}{_NUM}"), "y_m"),
    (re.compile(rf"{_YEAR}{_SEP}{_NUM}{_SEP}{_NUM}"), "y_m_d"),
    (re.compile(rf"{_NUM}{_SEP}{_NUM}{_SEP}{_YEAR}"), "d_m_y"),
    (re.compile(rf"{_NUM}{_SEP}{_YEAR}"), "m_y"),
)


def month_number(word: str) -> int | None:
    """1–12 for an English month name or a prefix of one with at least 3 letters (``sept``)."""
    word = word.lower().rstrip(".")
    if len(word) < 3:
        return None
    for number, name in enumerate(MONTHS, start=1):
        if name.startswith(word):
            return number
    return None


def _valid(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    if not 1 <= year <= 9999:
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            _dt.date(year, month or 1, day)
        except ValueError:
            return None
    return PartialDate(year, month, day)


def _parse_numeric(text: str) -> PartialDate | None:
    for pattern, shape in _NUMERIC:
        found = pattern.fullmatch(text)
        if not found:
            continue
        groups = found.groups()
        numbers = [int(g) for g in groups if g.isdigit()]
        separators = [g for g in groups if not g.isdigit()]
        if len(set(separators)) > 1:  # 2001-11/23 is more likely a slip than a date
            return None
        if shape == "y":
            return _valid(numbers[0])
        if shape == "y_m":
            return _valid(numbers[0], numbers[1])
        if shape == "y_m_d":
            return _valid(numbers[0], numbers[1], numbers[2])
        if shape == "d_m_y":
            return _valid(numbers[2], numbers[1], numbers[0])
        return _valid(numbers[1], numbers[0])  # m_y
    return None


def _parse_words(text: str) -> PartialDate | None:
    tokens = re.sub(r"[\s,./-]+", " ", text).split()
    month_positions = [i for i, t in enumerate(tokens) if not t.isdigit()]
    if len(month_positions) != 1:
        return None
    month = month_number(tokens[month_positions[0]])
    if month is None:
        return None
    shape = "".join("m" if not t.isdigit() else ("y" if len(t) == 4 else "d") for t in tokens)
    if any(t.isdigit() and len(t) not in (1, 2, 4) for t in tokens):
        return None
    values = {
        "dmy": lambda: _valid(int(tokens[2]), month, int(tokens[0])),
        "mdy": lambda: _valid(int(tokens[2]), month, int(tokens[1])),
        "my": lambda: _valid(int(tokens[1]), month),
        "ymd": lambda: _valid(int(tokens[0]), month, int(tokens[2])),
        "ym": lambda: _valid(int(tokens[0]), month),
    }
    build = values.get(shape)
    return build() if build else None


def parse_date(text: str) -> PartialDate | None:
    """Read a date as a student might type it.

    Args:
        text: the typed text.

    Returns:
        The date at the precision given (year, month or day), or ``None`` when the text is not
        one of the accepted forms or names an impossible date.
    """
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).strip().lower()
    text = _ORDINAL.sub(r"\1", text)
    text = _FILLER.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip().rstrip(".,").strip()
    if not text:
        return None
    if re.fullmatch(r"[\d\s./-]+", text):
        return _parse_numeric(text)
    return _parse_words(text)


def parse_iso(text: str) -> PartialDate:
    """Read ``2001``, ``2001-11`` or ``2001-11-23`` exactly (stored data, not student input).

    Raises:
        ValueError: when ``text`` is not one of those forms or not a real date.
    """
    found = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    date = (
        _valid(*(int(g) if g else None for g in found.groups()))  # type: ignore[arg-type]
        if found
        else None
    )
    if date is None:
        raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    return date


def truncate(date: PartialDate, precision: Precision) -> PartialDate:
    """``date`` with the parts finer than ``precision`` dropped."""
    if precision == "year":
        return PartialDate(date.year)
    if precision == "month":
        return PartialDate(date.year, date.month)
    return date


def format_date(date: PartialDate, precision: Precision | None = None) -> str:
    """``23 November 2001``, ``November 2001`` or ``2001`` (at ``precision`` if given)."""
    if precision is not None:
        date = truncate(date, precision)
    if date.month is None:
        return str(date.year)
    month = MONTHS[date.month - 1].capitalize()
    if date.day is None:
        return f"{month} {date.year}"
    return f"{date.day} {month} {date.year}"
