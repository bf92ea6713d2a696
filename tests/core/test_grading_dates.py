"""Reading typed dates: every accepted form, and what must not be read."""

from __future__ import annotations

import pytest

from cyberquiz.core.cards import PartialDate, Precision
from cyberquiz.core.dates import (
    format_date,
    month_number,
    parse_date,
    parse_iso,
    read_date,
    roman_month,
    truncate,
)

D = PartialDate

READABLE: list[tuple[str, PartialDate]] = [
    ("2001", D(2001)),
    ("2001-11", D(2001, 11)),
    ("2001-11-23", D(2001, 11, 23)),
    ("2001-1-5", D(2001, 1, 5)),
    ("2001/11/23", D(2001, 11, 23)),
    ("23 Nov 2001", D(2001, 11, 23)),
    ("23 nov. 2001", D(2001, 11, 23)),
    ("23 November 2001", D(2001, 11, 23)),
    ("23 NOVEMBER 2001", D(2001, 11, 23)),
    ("23rd November 2001", D(2001, 11, 23)),
    ("the 23rd of November 2001", D(2001, 11, 23)),
    ("23-Nov-2001", D(2001, 11, 23)),
    ("November 23, 2001", D(2001, 11, 23)),
    ("November 23rd, 2001", D(2001, 11, 23)),
    ("nov 23 2001", D(2001, 11, 23)),
    ("1st September 2001", D(2001, 9, 1)),
    ("Sept 2001", D(2001, 9)),
    ("2nd Sep 2001", D(2001, 9, 2)),
    ("22nd March 2001", D(2001, 3, 22)),
    ("Nov 2001", D(2001, 11)),
    ("November, 2001", D(2001, 11)),
    ("2001 November", D(2001, 11)),
    ("23.11.2001", D(2001, 11, 23)),
    ("23/11/2001", D(2001, 11, 23)),
    ("01.02.2001", D(2001, 2, 1)),  # dots: day first, always
    ("11/15/2000", D(2000, 11, 15)),  # month first when the day cannot be a month
    ("15 Novmber 2000", D(2000, 11, 15)),  # a misspelt month
    ("New York, 15 November 2000", D(2000, 11, 15)),  # one date among other words
    ("23-11-2001", D(2001, 11, 23)),
    ("11.2001", D(2001, 11)),
    ("11/2001", D(2001, 11)),
    ("  23   November    2001  ", D(2001, 11, 23)),
    ("23 . 11 . 2001", D(2001, 11, 23)),
    ("2001\u201311\u201323", D(2001, 11, 23)),  # en dashes
    ("\uff12\uff10\uff10\uff11", D(2001)),  # full-width digits
    ("29.02.2000", D(2000, 2, 29)),
    ("on 23 November 2001", D(2001, 11, 23)),
    ("on the 23rd of November, 2001.", D(2001, 11, 23)),
    ("in 2001", D(2001)),
    ("23.11.2001.", D(2001, 11, 23)),
    ("23. November 2001", D(2001, 11, 23)),
    ("Nov. 23rd, 2001", D(2001, 11, 23)),
    # the month in Roman numerals, as written in Russian, Polish, Czech...
    ("23.XI.2001", D(2001, 11, 23)),
    ("23 XI 2001", D(2001, 11, 23)),
    ("23.xi.2001", D(2001, 11, 23)),
    ("23-XI-2001", D(2001, 11, 23)),
    ("23/XI/2001", D(2001, 11, 23)),
    ("23. XI. 2001", D(2001, 11, 23)),
    ("23.XI.2001.", D(2001, 11, 23)),
    ("23rd XI 2001", D(2001, 11, 23)),
    ("on 23 XI 2001", D(2001, 11, 23)),
    ("23.\u216a.2001", D(2001, 11, 23)),  # the one-character numeral XI
    ("2001-XI-23", D(2001, 11, 23)),
    ("2001.XI.23", D(2001, 11, 23)),
    ("26.IV.2004", D(2004, 4, 26)),
    ("20.VII.2022", D(2022, 7, 20)),
    ("8.VII.2016", D(2016, 7, 8)),
    ("1.I.2001", D(2001, 1, 1)),
    ("23 I 2001", D(2001, 1, 23)),
    ("29.II.2000", D(2000, 2, 29)),
    ("31.XII.2001", D(2001, 12, 31)),
    ("XI.2001", D(2001, 11)),
    ("XI 2001", D(2001, 11)),
    ("XI/2001", D(2001, 11)),
    ("XI-2001", D(2001, 11)),
    ("IX.2018", D(2018, 9)),
    ("IX 2018", D(2018, 9)),
    ("ix 2018", D(2018, 9)),
    ("VII.2015", D(2015, 7)),
    ("X.2025", D(2025, 10)),
    ("VIII 2025", D(2025, 8)),
    ("I.2001", D(2001, 1)),
    ("I 2001", D(2001, 1)),
    ("Budapest, 23.XI.2001", D(2001, 11, 23)),
    ("Budapest, 23 XI 2001", D(2001, 11, 23)),
    ("Dushanbe, IX 2018", D(2018, 9)),
    ("Dushanbe IX.2018", D(2018, 9)),
    ("I was in 2001", D(2001)),  # the pronoun, not January
    ("I think 2001", D(2001)),
]

UNREADABLE = [
    "",
    "   ",
    "last autumn",
    "01",
    "201",
    "20011",
    "31.02.2001",
    "29.02.2001",
    "2001-13",
    "2001-00",
    "2001-11-31",
    "32 November 2001",
    "0 November 2001",
    "13.2001",
    "23 Novxyz 2001",
    "23 No 2001",
    "November",
    "23 November",
    "November December 2001",
    "2001-11/23",
    "23.11.01",
    "23 11 2001 2002",
    # Roman months: only I–XII, written the usual way, between a day and a year or before a year
    "23.XIII.2001",
    "23 XIII 2001",
    "32.XI.2001",
    "0.XI.2001",
    "31.IV.2001",
    "29.II.2001",
    "23.IIII.2001",
    "23.IIX.2001",
    "23.XI.01",
    "23.XI.MMI",
    "XI.MMI",
    "MMI",
    "XI",
    "I",
    "23 XI",
    "23.XI",
    "IIII.2001",
    "23.XI 2001",  # two separators: a slip
    "XI 23 2001",  # the month before the day is not how Roman months are written
    "23.IX.2001 or 23.XI.2001",
    "Protocol II 2003",  # a numbered protocol, not February
    "Dushanbe IX 2018",  # a month left over: not read as 2018 alone
    "2001 XI",
    "23.xi.2001 xii",
]


@pytest.mark.parametrize(("text", "expected"), READABLE)
def test_parse_date_reads(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", UNREADABLE)
def test_parse_date_refuses(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("word", "month"),
    [("jan", 1), ("JANUARY", 1), ("mar", 3), ("may", 5), ("jun", 6), ("jul", 7), ("sept", 9)],
)
def test_month_number(word: str, month: int) -> None:
    assert month_number(word) == month


@pytest.mark.parametrize("word", ["ja", "ju", "x", "novembers", "mai"])
def test_month_number_refuses(word: str) -> None:
    assert month_number(word) is None


@pytest.mark.parametrize(
    ("word", "month"), [("i", 1), ("IV", 4), ("v", 5), ("Ix", 9), ("x", 10), ("XII", 12)]
)
def test_roman_month(word: str, month: int) -> None:
    assert roman_month(word) == month


@pytest.mark.parametrize("word", ["", "xiii", "iiii", "iix", "vv", "mmi", "l", "nov", "11"])
def test_roman_month_refuses(word: str) -> None:
    assert roman_month(word) is None


def test_a_roman_month_is_never_ambiguous_and_keeps_ranges() -> None:
    assert read_date("05/XI/2001").dates == (D(2001, 11, 5),)  # 05/06/2001 would be two
    assert read_date("9-10 VII 2015").end == D(2015, 7, 10)
    assert read_date("end of XII 2020").dates == (D(2020, 12),)
    assert read_date("end of XII 2020").vague


@pytest.mark.parametrize(
    ("date", "precision", "text"),
    [
        (D(2001, 11, 23), None, "23 November 2001"),
        (D(2001, 11, 23), "month", "November 2001"),
        (D(2001, 11, 23), "year", "2001"),
        (D(2001, 1), None, "January 2001"),
        (D(2001), None, "2001"),
    ],
)
def test_format_date(date: PartialDate, precision: Precision | None, text: str) -> None:
    assert format_date(date, precision) == text


def test_truncate() -> None:
    assert truncate(D(2001, 11, 23), "month") == D(2001, 11)
    assert truncate(D(2001, 11, 23), "day") == D(2001, 11, 23)


@pytest.mark.parametrize("text", ["2001", "2001-11", "2001-11-23", "0999-01-01"])
def test_parse_iso_round_trip(text: str) -> None:
    assert parse_iso(text).iso() == text


@pytest.mark.parametrize("text", ["01", "2001-1", "2001-02-30", "23.11.2001", "2001-11-23 "])
def test_parse_iso_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="not an ISO date"):
        parse_iso(text)
