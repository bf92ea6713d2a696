"""Properties: the grader, the date reader and the normaliser never crash and stay in bounds."""

from __future__ import annotations

import pytest
from grading_helpers import ALL_CARDS, CHOICE, DATE_DAY, MATCH, MULTI, ORDER, TYPED
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberquiz.core.answers import Answer, Verdict
from cyberquiz.core.cards import Card, DateCard, PartialDate
from cyberquiz.core.dates import parse_date
from cyberquiz.core.grading import grade
from cyberquiz.core.serialize import answer_from_json, answer_to_json, is_answer_shape
from cyberquiz.core.text import Match, match_text, normalize

small_ints = st.integers(-3, 8)
answers: st.SearchStrategy[Answer] = st.one_of(
    st.none(),
    st.text(max_size=30),
    small_ints,
    st.booleans(),
    st.frozensets(small_ints, max_size=6),
    st.lists(st.text(max_size=10), max_size=4).map(tuple),
    st.lists(small_ints, max_size=6).map(tuple),
    st.lists(st.none() | small_ints, max_size=6).map(tuple),
)


@pytest.mark.parametrize("card", ALL_CARDS, ids=lambda c: c.id)
@settings(max_examples=40)  # x 14 cards; the shared CI machine has 2 cores
@given(answer=answers)
def test_grade_never_raises_and_stays_in_bounds(card: Card, answer: Answer) -> None:
    result = grade(card, answer)
    assert 0.0 <= result.score <= 1.0
    assert (result.score == 1.0) == (result.verdict is Verdict.RIGHT)
    if result.verdict in (Verdict.WRONG, Verdict.EMPTY, Verdict.SELF):
        assert result.score == 0.0
    if is_answer_shape(card, answer):
        assert answer_from_json(card, answer_to_json(card, answer)) == _stored(card, answer)


def _stored(card: Card, answer: Answer) -> Answer:
    """What a stored answer reads back as: ``None`` is kept only by the kinds that have it."""
    if card.kind in ("flip",):
        return None
    if answer is None:
        return {
            "typed": "",
            "date": "",
            "multi": frozenset(),
            "choice": None,
            "truefalse": None,
        }.get(card.kind, ())
    return answer


@given(st.text(max_size=40))
def test_parse_date_never_raises(text: str) -> None:
    date = parse_date(text)
    assert date is None or 1 <= date.year <= 9999


@given(st.dates())
def test_parse_date_reads_its_own_iso(date: object) -> None:
    import datetime as dt

    assert isinstance(date, dt.date)
    assert parse_date(date.isoformat()) == PartialDate(date.year, date.month, date.day)
    day_first = f"{date.day}.{date.month:02d}.{date.year:04d}"
    assert parse_date(day_first) == PartialDate(date.year, date.month, date.day)


@given(st.text(max_size=30))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text, drop_article=False)
    assert normalize(once, drop_article=False) == once


@given(st.text(max_size=30))
def test_an_answer_matches_itself(text: str) -> None:
    assert match_text(text, text) is (Match.EXACT if normalize(text) else Match.NONE)


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        (TYPED, 5),
        (CHOICE, "1"),
        (CHOICE, True),
        (MULTI, (0, 1)),
        (ORDER, "abc"),
        (MATCH, ("a",)),
        (DATE_DAY, 2001),
    ],
)
def test_wrong_shapes_are_wrong_not_errors(card: Card, answer: Answer) -> None:
    result = grade(card, answer)
    assert result.verdict is Verdict.WRONG
    assert result.message == "This answer could not be read."


def test_card_asking_more_than_its_answer_holds() -> None:
    card = DateCard(id="x", deck_id="d", prompt="p", answer=PartialDate(2001, 11), precision="day")
    assert grade(card, "Nov 2001").verdict is Verdict.RIGHT
    assert grade(card, "5 Nov 2001").verdict is Verdict.RIGHT
    assert grade(card, "2001").verdict is Verdict.PARTIAL
