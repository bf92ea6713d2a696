"""Dates as students write them, unreadable answers sent back, sets of gaps, and the rating
that partial credit proposes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from grading_helpers import DATE_DAY, DATE_MONTH, DATE_YEAR, MATCH, ORDER

from cyberquiz.core.answers import Verdict
from cyberquiz.core.cards import ClozeCard, DateCard, Gap, MatchCard, PartialDate
from cyberquiz.core.dates import read_date
from cyberquiz.core.grading import grade
from cyberquiz.core.rating import propose_rating

R, P, W, U = Verdict.RIGHT, Verdict.PARTIAL, Verdict.WRONG, Verdict.UNREADABLE
UNTOC = DateCard(id="untoc", deck_id="d", prompt="When?", answer=PartialDate(2000, 11, 15))
UFA = DateCard(id="ufa", deck_id="d", prompt="When?", answer=PartialDate(2015, 7, 9))
STRATEGY = DateCard(
    id="eu", deck_id="d", prompt="When?", answer=PartialDate(2020), precision="year"
)
JUNE = DateCard(id="june", deck_id="d", prompt="When?", answer=PartialDate(2001, 6, 5))

DATES = [
    ("month with a typo", UNTOC, "15 Novmber 2000", R),
    ("month first, unambiguous", UNTOC, "11/15/2000", R),
    ("a date among words", UNTOC, "New York, 15 November 2000", R),
    ("day and month either way: ask", JUNE, "05/06/2001", U),
    ("dots are day first", JUNE, "05.06.2001", R),
    (
        "ambiguous, but the year is all that is asked",
        replace(JUNE, precision="year"),
        "05/06/2001",
        R,
    ),
    ("a range holding the day", UFA, "9-10 July 2015", R),
    ("an en-dash range", UFA, "9\u201310 July 2015", R),
    ("month first range", UFA, "July 9-10, 2015", R),
    ("a wide range is a hedge", UFA, "1-20 July 2015", P),
    ("a range of years is a hedge", STRATEGY, "2019-2021", W),
    ("end of the year on a year card", STRATEGY, "end of 2020", R),
    ("until a year", STRATEGY, "until 2020", R),
    ("vague on a day card gives the year only", DATE_DAY, "end of 2001", P),
    ("no date at all", DATE_DAY, "the Budapest one", U),
    ("an impossible date", DATE_DAY, "31.02.2001", U),
    ("month card, misspelt month", DATE_MONTH, "Novmber 2001", R),
    ("year card, full date", DATE_YEAR, "23 November 2001", R),
    ("Jule is June or July: not read", DATE_MONTH, "Jule 2001", U),
]


@pytest.mark.parametrize(
    ("card", "text", "verdict"), [pytest.param(c, t, v, id=n) for n, c, t, v in DATES]
)
def test_dates(card: DateCard, text: str, verdict: Verdict) -> None:
    assert grade(card, text).verdict is verdict


def test_an_ambiguous_date_asks_which() -> None:
    message = grade(JUNE, "05/06/2001").message
    assert "5 June 2001" in message and "6 May 2001" in message


def test_read_date_range_and_vague() -> None:
    assert read_date("9-10 July 2015").end == PartialDate(2015, 7, 10)
    assert read_date("end of 2020").vague
    assert len(read_date("05/06/2001").dates) == 2


BRANCHES = ClozeCard(
    id="branches",
    deck_id="d",
    text='"{{~cyber}} law", "{{~digital}} law", "{{~Internet}} law"',
    parts=(
        '"',
        Gap(("cyber",), interchangeable=True),
        ' law", "',
        Gap(("digital",), interchangeable=True),
        ' law", "',
        Gap(("Internet",), interchangeable=True),
        ' law"',
    ),
)


@pytest.mark.parametrize(
    ("fills", "verdict"),
    [
        (("cyber", "digital", "Internet"), R),
        (("Internet", "cyber", "digital"), R),
        (("digital", "digital", "Internet"), P),  # one word twice fills one gap only
        (("cyber", "digital", "computer"), P),
        (("cyber", "", "Internet"), U),
    ],
)
def test_interchangeable_gaps_are_graded_as_a_set(fills: tuple[str, ...], verdict: Verdict) -> None:
    assert grade(BRANCHES, fills).verdict is verdict


def test_positions_still_count_without_the_mark() -> None:
    fixed = replace(
        BRANCHES,
        parts=tuple(
            replace(p, interchangeable=False) if isinstance(p, Gap) else p for p in BRANCHES.parts
        ),
    )
    assert grade(fixed, ("Internet", "cyber", "digital")).verdict is W


def test_a_half_filled_match_is_sent_back() -> None:
    judged = grade(MATCH, (0, None, None))
    assert judged.verdict is U and "2 of 3" in judged.message
    assert propose_rating(judged, 1000, MATCH) is None


SIX = MatchCard(
    id="six",
    deck_id="d",
    prompt="Match",
    pairs=tuple((f"l{i}", f"r{i}") for i in range(6)),
)


@pytest.mark.parametrize(
    ("card", "answer", "rating"),
    [
        (SIX, (0, 1, 3, 2, 5, 4), 1),  # 2 of 6 pairs: Again, not Hard
        (SIX, (0, 1, 2, 4, 5, 3), 2),  # 3 of 6: half credit, Hard
        (ORDER, (4, 3, 2, 0, 1), 1),  # an order at 25%: Again
        (ORDER, (0, 1, 2, 4, 3), 2),  # 75%: Hard
        (DATE_DAY, "2001", 2),  # right year on a day card: half credit, Hard
        (DATE_DAY, "gibberish", None),  # not read: nothing proposed, nothing recorded
    ],
)
def test_rating_from_partial_credit(card: object, answer: object, rating: int | None) -> None:
    judged = grade(card, answer)  # type: ignore[arg-type]
    proposed = propose_rating(judged, 0, card)  # type: ignore[arg-type]
    assert (None if proposed is None else int(proposed)) == rating
