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
``23.XI.2001``           full date, the month in Roman numerals I–XII (also ``23 XI 2001``,
                         ``23/XI/2001``, ``23-XI-2001``, ``2001-XI-23``, ``2001.XI.23``)
``XI.2001``              year and month (also ``XI 2001``, ``XI/2001``, ``XI-2001``)
=======================  =================

Month names are English and come from this module's own table, never from the locale. Years have
four digits. An impossible date (``31.02.2001``, month 13, ``XIII``) reads as ``None``.

A Roman month is read only between a day and a year or just before a year, and only as one of the
twelve numerals I–XII written the usual way (``IIII`` and ``XIII`` are not months); ``I`` alone
is not January, nor is the pronoun in ``I was in 2001``. Among other words, a Roman month before a
year alone is read right after another word only when written with a dot, slash or dash:
``Protocol II 2003`` is not February (``Dushanbe, IX 2018`` and ``Dushanbe IX.2018`` are
September 2018).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from cyberquiz.core.numbers import roman_value
from cyberquiz.core.partial_date import PartialDate, Precision

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
DATE_FORMATS_HELP = (
    "Write a date like 2001-11-23, 23 November 2001, 23.11.2001, 23.XI.2001, Nov 2001 or 2001."
)

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_FILLER = re.compile(r"\b(?:the|of|on|in|year|yr|date|dated|it was|was|is|a\.?d\.?)\b")
# "I" before "was" is the pronoun, not January: it goes with the filler words
_PRONOUN_I = re.compile(r"\bi\s+(?=was\b)")
_WEEKDAY = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b,?"
)
# Words that make a date vaguer without making it another date.
_VAGUE = re.compile(
    r"\b(?:(?:at|by|towards?|in|from)\s+)?(?:the\s+)?"
    r"(?:end|start|beginning|middle|close|turn|spring|summer|autumn|fall|winter|"
    r"early|late|mid|until|till|til|up to|through|since|by|from|as of|circa|"
    r"first half|second half)\b(?:\s+of\b)?"
)
_DAY_RANGE = re.compile(
    r"(?P<first>\d{1,2})\s*(?:-|to|and|/|&)\s*(?P<last>\d{1,2})\s+(?P<rest>\D.*)"
)
_DAY_RANGE_AFTER_MONTH = re.compile(
    r"(?P<month>[a-z]+\.?)\s+(?P<first>\d{1,2})\s*(?:-|to|and|&)\s*(?P<last>\d{1,2}),?\s+"
    r"(?P<year>\d{4})"
)
_RANGE_SEPARATOR = re.compile(r"\s+(?:-|to|until|till)\s+|(?<=\d{4})-(?=\d{4}$)")
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
_ROMAN = r"([ivx]+)"
# a dot, slash or dash (spaces around it allowed), or spaces alone
_ROMAN_SEP = r"(\s*[-/.]\s*|\s+)"
_ROMAN_DATES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"{_NUM}{_ROMAN_SEP}{_ROMAN}{_ROMAN_SEP}{_YEAR}"), "d_m_y"),
    (re.compile(rf"{_ROMAN}{_ROMAN_SEP}{_YEAR}"), "m_y"),
    (re.compile(rf"{_YEAR}{_ROMAN_SEP}{_ROMAN}{_ROMAN_SEP}{_NUM}"), "y_m_d"),
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


def roman_month(word: str) -> int | None:
    """1–12 for a month written as a Roman numeral I–XII, in any case (``XI``, ``xi``)."""
    value = roman_value(word.lower())  # well-formed only: IIII and IIX are not months
    return value if value is not None and value <= 12 else None


def fuzzy_month(word: str) -> int | None:
    """The month a misspelt month name stands for (``Novmber``, ``Feburary``), if only one.

    Up to one edit for names of up to five letters, two for longer ones; the word must keep the
    month's first letter, and ``Jule`` (June or July?) reads as nothing.
    """
    word = word.lower().rstrip(".")
    if len(word) < 4 or not word.isalpha():
        return None
    found = {
        number
        for number, name in enumerate(MONTHS, start=1)
        if name[0] == word[0] and OSA.distance(word, name) <= (1 if len(name) <= 5 else 2)
    }
    return found.pop() if len(found) == 1 else None


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


def _parse_numeric(text: str) -> tuple[PartialDate, ...]:
    """Every reading of a numeric date: two when day and month could be either way round."""
    for pattern, shape in _NUMERIC:
        found = pattern.fullmatch(text)
        if not found:
            continue
        groups = found.groups()
        numbers = [int(g) for g in groups if g.isdigit()]
        separators = [g for g in groups if not g.isdigit()]
        if len(set(separators)) > 1:  # 2001-11/23 is more likely a slip than a date
            return ()
        if shape == "y":
            return _some(_valid(numbers[0]))
        if shape == "y_m":
            return _some(_valid(numbers[0], numbers[1]))
        if shape == "y_m_d":
            return _some(_valid(numbers[0], numbers[1], numbers[2]))
        if shape == "d_m_y":
            first, second, year = numbers
            day_first = _valid(year, second, first)
            if separators[0] == ".":  # 23.11.2001 is written day first, always
                return _some(day_first)
            month_first = _valid(year, first, second)  # 11/15/2000, as in the US
            return tuple(dict.fromkeys(d for d in (day_first, month_first) if d is not None))
        return _some(_valid(numbers[1], numbers[0]))  # m_y
    return ()


def _parse_roman(text: str, *, after_word: bool = False) -> PartialDate | None:
    """A date whose month is a Roman numeral: ``23.XI.2001``, ``XI 2001``, ``2001-XI-23``.

    The separators must be the same on both sides of the month (``23.XI 2001`` is a slip), as in
    numeric dates. ``after_word``: the text follows a word in a longer answer, where a spaced
    numeral before a year alone may number that word (``Protocol II 2003``), so it is not read.
    """
    for pattern, shape in _ROMAN_DATES:
        found = pattern.fullmatch(text)
        if not found:
            continue
        groups = found.groups()
        separators = {g.strip() or " " for g in groups[1::2]}
        if len(separators) > 1:
            return None
        month = roman_month(groups[0] if shape == "m_y" else groups[2])
        if month is None:
            return None
        if shape == "m_y":
            if separators == {" "} and after_word:
                return None
            return _valid(int(groups[2]), month)
        if shape == "d_m_y":
            return _valid(int(groups[4]), month, int(groups[0]))
        return _valid(int(groups[0]), month, int(groups[4]))
    return None


def _some(date: PartialDate | None) -> tuple[PartialDate, ...]:
    return () if date is None else (date,)


def _parse_words(text: str) -> PartialDate | None:
    tokens = re.sub(r"[\s,./-]+", " ", text).split()
    month_positions = [i for i, t in enumerate(tokens) if not t.isdigit()]
    if len(month_positions) != 1:
        return None
    word = tokens[month_positions[0]]
    month = month_number(word) or fuzzy_month(word)
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


@dataclass(frozen=True, slots=True)
class DateReading:
    """What a typed date says.

    Attributes:
        dates: its readings: none (unreadable), one, or two when day and month could be either
            way round (``05/06/2001``).
        end: the last day of a range (``9-10 July 2015``), else None.
        vague: a year or month qualified (``end of 2020``, ``until 2025``): only the year or
            month is given, whatever the words around it.
    """

    dates: tuple[PartialDate, ...]
    end: PartialDate | None = None
    vague: bool = False

    @property
    def ambiguous(self) -> bool:
        return len(self.dates) > 1


_UNREAD = DateReading(())


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).strip().lower()
    text = _ORDINAL.sub(r"\1", text)
    text = _WEEKDAY.sub(" ", text)
    text = _PRONOUN_I.sub(" ", text)
    text = _FILLER.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip().rstrip(".,").strip()


def _read_one(text: str, *, after_word: bool = False) -> tuple[PartialDate, ...]:
    if not text:
        return ()
    if re.fullmatch(r"[\d\s./-]+", text):
        return _parse_numeric(text)
    roman = _parse_roman(text, after_word=after_word)
    return _some(roman if roman is not None else _parse_words(text))


def read_date(text: str) -> DateReading:
    """Read a date as a student might type it, ranges and vague forms included.

    Args:
        text: the typed text.

    Returns:
        The readings (none when the text holds no date), a range's end, and whether the date
        was qualified by words such as "end of" or "until".
    """
    cleaned = _clean(text)
    dates = _read_one(cleaned)
    if dates:
        return DateReading(dates)
    vague = _VAGUE.sub(" ", cleaned)
    if vague != cleaned:
        dates = _read_one(re.sub(r"\s+", " ", vague).strip(" ,-"))
        if dates:
            return DateReading(tuple(_year_or_month(d) for d in dates), vague=True)
    ranged = _read_range(cleaned)
    if ranged is not None:
        return ranged
    return _read_inside(cleaned)


def _year_or_month(date: PartialDate) -> PartialDate:
    return PartialDate(date.year, date.month) if date.day is not None else date


def _key(date: PartialDate) -> tuple[int, int, int]:
    return (date.year, date.month or 0, date.day or 0)


def _read_range(text: str) -> DateReading | None:
    """``9-10 July 2015``, ``July 9-10, 2015``, ``9 to 10 July 2015``, ``2001-2002``."""
    found = _DAY_RANGE.fullmatch(text)
    if found:
        first, last = int(found["first"]), int(found["last"])
        rest = found["rest"]
        start, end = _read_one(f"{first} {rest}"), _read_one(f"{last} {rest}")
        if len(start) == 1 and len(end) == 1 and _key(start[0]) <= _key(end[0]):
            return DateReading(start, end[0])
    found = _DAY_RANGE_AFTER_MONTH.fullmatch(text)
    if found:
        month, year = found["month"], found["year"]
        start = _read_one(f"{found['first']} {month} {year}")
        end = _read_one(f"{found['last']} {month} {year}")
        if len(start) == 1 and len(end) == 1 and _key(start[0]) <= _key(end[0]):
            return DateReading(start, end[0])
    pieces = _RANGE_SEPARATOR.split(text)
    if len(pieces) == 2:
        start, end = _read_one(pieces[0].strip()), _read_one(pieces[1].strip())
        if len(start) == 1 and len(end) == 1 and _key(start[0]) <= _key(end[0]):
            return DateReading(start, end[0])
    return None


def _read_inside(text: str) -> DateReading:
    """A date among other words (``New York, 15 November 2000``), if it is the only one."""
    tokens = text.replace(",", " , ").split()
    for size in range(min(len(tokens), 5), 0, -1):
        for start in range(len(tokens) - size + 1):
            window = " ".join(tokens[start : start + size]).strip(" ,")
            after_word = start > 0 and "," not in (tokens[start - 1], tokens[start])
            dates = _read_one(window, after_word=after_word)
            if not dates:
                continue
            rest = tokens[:start] + tokens[start + size :]
            if any(any(c.isdigit() for c in t) or _is_month_word(t) for t in rest):
                return _UNREAD  # a second date, or a piece of one: do not guess
            return DateReading(dates)
    return _UNREAD


def _is_month_word(token: str) -> bool:
    """A month's name, or near enough to one that reading past it would be a guess.

    A Roman month II–XII counts too (``Dushanbe IX 2018`` is not read as 2018 alone); ``I`` does
    not, being also the pronoun (``I think 2001`` is 2001).
    """
    token = token.strip(".,")
    if month_number(token) is not None or roman_month(token) not in (None, 1):
        return True
    return len(token) >= 3 and any(
        OSA.distance(token, name[: len(token) + 2]) <= 2 for name in MONTHS
    )


def parse_date(text: str) -> PartialDate | None:
    """Read one unambiguous date as a student might type it.

    Args:
        text: the typed text.

    Returns:
        The date at the precision given (year, month or day), or ``None`` when the text holds
        no date, a range, or a date whose day and month could be either way round.
    """
    reading = read_date(text)
    if len(reading.dates) != 1 or reading.end is not None:
        return None
    return reading.dates[0]


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
