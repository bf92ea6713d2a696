"""Grading rules for every kind, as tables of (card, answer) → (verdict, score)."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from grading_helpers import (
    CHOICE,
    CLOZE,
    DATE_DAY,
    DATE_MONTH,
    DATE_YEAR,
    FLIP,
    MATCH,
    MULTI,
    ORDER,
    ORDER2,
    TRUEFALSE,
    TYPED,
    TYPED_ACRONYM,
    TYPED_NUMBER,
)

from cyberquiz.core.answers import Answer, Mark, Verdict
from cyberquiz.core.cards import Card
from cyberquiz.core.grading import (
    ALMOST_SCORE,
    DATE_MONTH_SCORE,
    DATE_YEAR_SCORE,
    grade,
    longest_increasing_run,
)

R, A, P, W, E = Verdict.RIGHT, Verdict.ALMOST, Verdict.PARTIAL, Verdict.WRONG, Verdict.EMPTY
U = Verdict.UNREADABLE

CASES: list[tuple[str, Card, Answer, Verdict, float]] = [
    # typed
    ("typed exact", TYPED, "Budapest", R, 1.0),
    ("typed case and spaces", TYPED, "  budapest ", R, 1.0),
    ("typed accept", TYPED, "budapest hungary", R, 1.0),
    ("typed one swap", TYPED, "Budpaest", A, ALMOST_SCORE),
    ("typed two edits on 8 chars", TYPED, "Bdapst", A, ALMOST_SCORE),
    ("typed three edits", TYPED, "Bdpst", W, 0.0),
    ("typed typo in accept", TYPED, "Budapest, Hungray", A, ALMOST_SCORE),
    ("typed typo that is another word", TYPED, "Budapest, Hungry", W, 0.0),
    ("typed wrong", TYPED, "Vienna", W, 0.0),
    ("typed empty", TYPED, "", E, 0.0),
    ("typed blank", TYPED, "   ", E, 0.0),
    ("typed none", TYPED, None, E, 0.0),
    ("acronym exact", TYPED_ACRONYM, "csto", R, 1.0),
    ("acronym with dots", TYPED_ACRONYM, "C.S.T.O.", R, 1.0),
    ("acronym never almost", TYPED_ACRONYM, "CSO", W, 0.0),
    ("acronym swap never almost", TYPED_ACRONYM, "CTSO", W, 0.0),
    ("number exact", TYPED_NUMBER, "74/247", R, 1.0),
    ("number never almost", TYPED_NUMBER, "74/248", W, 0.0),
    # date, day precision
    ("date iso", DATE_DAY, "2001-11-23", R, 1.0),
    ("date words", DATE_DAY, "23rd of November 2001", R, 1.0),
    ("date dotted day first", DATE_DAY, "23.11.2001", R, 1.0),
    ("date year only", DATE_DAY, "2001", P, DATE_YEAR_SCORE),
    ("date year and month", DATE_DAY, "Nov 2001", P, DATE_MONTH_SCORE),
    ("date wrong day", DATE_DAY, "2001-11-24", P, DATE_MONTH_SCORE),
    ("date wrong month", DATE_DAY, "23 December 2001", P, DATE_YEAR_SCORE),
    ("date wrong month right day", DATE_DAY, "2001-12-23", P, DATE_YEAR_SCORE),
    ("date year off by one", DATE_DAY, "2002-11-23", W, 0.0),
    ("date year off by one only", DATE_DAY, "2000", W, 0.0),
    ("date unreadable", DATE_DAY, "last autumn", U, 0.0),
    ("date impossible", DATE_DAY, "31.02.2001", U, 0.0),
    ("date empty", DATE_DAY, " ", E, 0.0),
    # date, month and year precision
    ("month card exact", DATE_MONTH, "November 2001", R, 1.0),
    ("month card more precise", DATE_MONTH, "2001-11-05", R, 1.0),
    ("month card wrong month", DATE_MONTH, "2001-10", P, DATE_YEAR_SCORE),
    ("month card year only", DATE_MONTH, "2001", P, DATE_YEAR_SCORE),
    ("year card year", DATE_YEAR, "2001", R, 1.0),
    ("year card any day that year", DATE_YEAR, "1 January 2001", R, 1.0),
    ("year card wrong year", DATE_YEAR, "1999", W, 0.0),
    # choice
    ("choice right", CHOICE, 1, R, 1.0),
    ("choice wrong", CHOICE, 0, W, 0.0),
    ("choice none", CHOICE, None, E, 0.0),
    ("choice out of range", CHOICE, 9, W, 0.0),
    # multi: right = {0, 1, 3}
    ("multi all", MULTI, frozenset({0, 1, 3}), R, 1.0),
    ("multi two of three", MULTI, frozenset({0, 1}), P, 2 / 3),
    ("multi all plus one wrong", MULTI, frozenset({0, 1, 3, 2}), P, 2 / 3),
    ("multi one right one wrong", MULTI, frozenset({0, 2}), W, 0.0),
    ("multi only wrong", MULTI, frozenset({2, 4}), W, 0.0),
    ("multi everything", MULTI, frozenset({0, 1, 2, 3, 4}), P, 1 / 3),
    ("multi empty", MULTI, frozenset(), E, 0.0),
    # truefalse
    ("tf right", TRUEFALSE, True, R, 1.0),
    ("tf wrong", TRUEFALSE, False, W, 0.0),
    ("tf none", TRUEFALSE, None, E, 0.0),
    # cloze
    ("cloze all", CLOZE, ("2001", "budapest", "European Cybercrime Centre"), R, 1.0),
    ("cloze alternative", CLOZE, ("2001", "Budapest", "ec3"), R, 1.0),
    ("cloze one typo", CLOZE, ("2001", "Budpaest", "EC3"), A, (2 + ALMOST_SCORE) / 3),
    ("cloze two of three", CLOZE, ("2001", "Vienna", "EC3"), P, 2 / 3),
    ("cloze one of three and blanks", CLOZE, ("2001", "", ""), U, 0.0),
    ("cloze none right", CLOZE, ("2002", "Vienna", "EC4"), W, 0.0),
    ("cloze all blank", CLOZE, ("", " ", ""), E, 0.0),
    ("cloze no gaps given", CLOZE, (), E, 0.0),
    ("cloze too few answers", CLOZE, ("2001",), U, 0.0),
    # order: items a..e, right = (0, 1, 2, 3, 4)
    ("order right", ORDER, (0, 1, 2, 3, 4), R, 1.0),
    ("order one moved to the end", ORDER, (1, 2, 3, 4, 0), P, 3 / 4),
    ("order adjacent swap", ORDER, (1, 0, 2, 3, 4), P, 3 / 4),
    ("order two moved", ORDER, (2, 0, 1, 4, 3), P, 2 / 4),
    ("order reversed", ORDER, (4, 3, 2, 1, 0), W, 0.0),
    ("order not a permutation", ORDER, (0, 0, 1, 2, 3), W, 0.0),
    ("order too short", ORDER, (0, 1), W, 0.0),
    ("order empty", ORDER, (), E, 0.0),
    ("order of two right", ORDER2, (0, 1), R, 1.0),
    ("order of two swapped", ORDER2, (1, 0), W, 0.0),
    # match
    ("match all", MATCH, (0, 1, 2), R, 1.0),
    ("match one right", MATCH, (0, 2, 1), P, 1 / 3),
    ("match none right", MATCH, (1, 2, 0), W, 0.0),
    ("match some unanswered", MATCH, (0, 1, None), U, 0.0),
    ("match all unanswered", MATCH, (None, None, None), E, 0.0),
    ("match out of range", MATCH, (0, 1, 7), P, 2 / 3),
]


@pytest.mark.parametrize(
    ("card", "answer", "verdict", "score"),
    [pytest.param(c, a, v, s, id=name) for name, c, a, v, s in CASES],
)
def test_grade_table(card: Card, answer: Answer, verdict: Verdict, score: float) -> None:
    result = grade(card, answer)
    assert result.verdict is verdict
    assert result.score == pytest.approx(score)
    assert 0.0 <= result.score <= 1.0
    assert result.message


def test_flip_is_self_graded() -> None:
    result = grade(FLIP, None)
    assert result.verdict is Verdict.SELF
    assert result.expected == "European Cybercrime Centre"


def test_correct_means_right_or_almost() -> None:
    assert grade(TYPED, "Budapest").correct
    assert grade(TYPED, "Budpaest").correct
    assert not grade(DATE_DAY, "2001").correct


def test_expected_and_given_are_display_text() -> None:
    result = grade(CHOICE, 0)
    assert result.expected == "Council of Europe"
    assert result.given == "UN"
    assert grade(DATE_DAY, "2001").expected == "23 November 2001"
    assert grade(DATE_MONTH, "2001").expected == "November 2001"
    assert grade(DATE_YEAR, "2001").expected == "2001"
    assert grade(TYPED, "").given == "—"


def test_typed_messages() -> None:
    assert grade(TYPED, "Budpaest").message == "Almost: check the spelling of Budapest."
    assert grade(replace(TYPED, accept=("Pest",)), "Pest").message == "Right (also: Budapest)."
    assert "Budapest" in grade(TYPED, "Vienna").message


def test_unreadable_date_says_which_formats_work() -> None:
    message = grade(DATE_DAY, "last autumn").message
    assert "2001-11-23" in message and "23.11.2001" in message


def test_date_marks_and_reading() -> None:
    result = grade(DATE_DAY, "23.12.2001")
    assert result.marks == (
        Mark("Year", "2001", "2001", True),
        Mark("Month", "December", "November", False),
        Mark("Day", "23", "23", True),
    )
    assert "Read as 23 December 2001" in result.message
    assert "one year off" in grade(DATE_DAY, "2002").message
    assert "give the day too" in grade(DATE_DAY, "Nov 2001").message


def test_multi_marks_every_option() -> None:
    result = grade(MULTI, frozenset({0, 2}))
    assert [(m.label, m.ok) for m in result.marks] == [
        ("Russia", True),
        ("Armenia", False),
        ("France", False),
        ("Kazakhstan", False),
        ("Brazil", True),
    ]
    assert result.marks[2].given == "selected"
    assert result.marks[2].expected == "not selected"
    assert result.message == "1 of 3 right options; 2 missed, 1 wrongly picked."


def test_cloze_marks_per_gap() -> None:
    result = grade(CLOZE, ("2001", "Vienna", "EC4"))
    assert result.marks == (
        Mark("Gap 1", "2001", "2001", True),
        Mark("Gap 2 (a city)", "Vienna", "Budapest", False),
        Mark("Gap 3", "EC4", "EC3", False),
    )
    assert result.given == "Opened in 2001 in Vienna; EC4"
    assert result.expected == "Opened in 2001 in Budapest; EC3"


def test_order_marks_the_items_to_move() -> None:
    result = grade(ORDER, (1, 2, 3, 4, 0))
    assert result.marks == (Mark("a", "position 5", "position 1", False),)
    assert result.message == "1 item out of place."
    assert result.given == "b → c → d → e → a"
    assert result.expected == "a → b → c → d → e"


def test_order_never_moves_an_item_to_where_it_is() -> None:
    """Reversed, the middle item is in place: "b: position 2 → position 2" was listed."""
    result = grade(ORDER, (4, 3, 2, 1, 0))
    assert result.marks == (
        Mark("e", "position 1", "position 5", False),
        Mark("d", "position 2", "position 4", False),
        Mark("b", "position 4", "position 2", False),
        Mark("a", "position 5", "position 1", False),
    )
    assert all(mark.given != mark.expected for mark in result.marks)


def test_order_marks_only_items_out_of_their_place() -> None:
    for order in itertools.permutations(range(5)):
        marks = grade(ORDER, order).marks
        assert all(mark.given != mark.expected for mark in marks), order
        assert bool(marks) == (order != (0, 1, 2, 3, 4)), order


def test_match_marks_the_wrong_pairs() -> None:
    result = grade(MATCH, (0, 2, 1))
    assert result.marks == (
        Mark("Europol", "Strasbourg", "The Hague", False),
        Mark("Council of Europe", "The Hague", "Strasbourg", False),
    )
    assert result.message == "1 of 3 pairs right."


@pytest.mark.parametrize(
    ("sequence", "expected"),
    [
        ([], []),
        ([0], [0]),
        ([0, 1, 2], [0, 1, 2]),
        ([2, 1, 0], [1]),  # the middle item is in its place: it stays, the others move
        ([1, 2, 3, 4, 0], [0, 1, 2, 3]),
        ([2, 0, 1, 4, 3], [1, 2, 3]),
        ([3, 0, 4, 1, 2], [1, 3, 4]),
    ],
)
def test_longest_increasing_run(sequence: list[int], expected: list[int]) -> None:
    assert longest_increasing_run(sequence) == expected
