"""Reading typed dates: every accepted form, and what must not be read."""

from __future__ import annotations

import pytest

from cyberquiz.core.cards import PartialDate, Precision
from cyberquiz.core.dates import format_date, month_number, parse_date, parse_iso, truncate

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
