"""Cards and answers to JSON and back, and their display text."""

from __future__ import annotations

import json
from typing import Any

import pytest
from grading_helpers import (
    ALL_CARDS,
    CHOICE,
    CLOZE,
    DATE_DAY,
    DATE_MONTH,
    FLIP,
    FULL,
    MATCH,
    MULTI,
    ORDER,
    TRUEFALSE,
    TYPED,
)
from hypothesis import given
from hypothesis import strategies as st

from cyberquiz.core.answers import Answer
from cyberquiz.core.cards import (
    Card,
    ClozeCard,
    DateCard,
    Gap,
    MatchCard,
    MultiCard,
    Origin,
    PartialDate,
    TypedCard,
)
from cyberquiz.core.serialize import (
    SerializeError,
    answer_display,
    answer_from_json,
    answer_to_json,
    card_from_dict,
    card_to_dict,
    expected_display,
)


@pytest.mark.parametrize("card", ALL_CARDS, ids=lambda c: c.id)
def test_card_round_trip_through_json(card: Card) -> None:
    data = json.loads(json.dumps(card_to_dict(card)))
    back = card_from_dict(data)
    assert back == card
    assert type(back) is type(card)


def test_card_dict_shape() -> None:
    data = card_to_dict(FULL)
    assert data["kind"] == "typed"
    assert data["origin"] == {"path": "questions/dates.yaml", "line": 12}
    assert data["accept"] == ["B", "C"]
    assert card_to_dict(DATE_DAY)["answer"] == "2001-11-23"
    assert card_to_dict(MULTI)["answers"] == [0, 1, 3]
    assert card_to_dict(CLOZE)["parts"][1] == {"answers": ["2001"], "hint": None}
    assert card_to_dict(MATCH)["pairs"][0] == ["ITU", "Geneva"]


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "essay"},
        {"id": 5},
        {"answer": "2001-02-30"},
        {"precision": "week"},
    ],
)
def test_card_from_dict_refuses_bad_data(change: dict[str, Any]) -> None:
    data = {**card_to_dict(DATE_DAY), **change}
    with pytest.raises(SerializeError):
        card_from_dict(data)


def test_card_from_dict_refuses_missing_key() -> None:
    data = card_to_dict(CHOICE)
    del data["options"]
    with pytest.raises(SerializeError):
        card_from_dict(data)
    with pytest.raises(SerializeError):
        card_from_dict({**card_to_dict(CHOICE), "answer": True})


text = st.text(max_size=20)
tags = st.lists(st.text(min_size=1, max_size=8), max_size=3).map(tuple)
origins = st.none() | st.builds(Origin, text, st.integers(1, 10_000))
common = {"id": text, "deck_id": text, "tags": tags, "explain": text, "origin": origins}


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    date = draw(st.dates())
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return PartialDate(date.year)
    if precision == "month":
        return PartialDate(date.year, date.month)
    return PartialDate(date.year, date.month, date.day)


gaps = st.builds(Gap, st.lists(text, min_size=1, max_size=3).map(tuple), st.none() | text)


@st.composite
def cloze_parts(draw: st.DrawFn) -> tuple[str | Gap, ...]:
    chosen = draw(st.lists(gaps, min_size=1, max_size=4))
    parts: list[str | Gap] = [draw(text)]
    for gap in chosen:
        parts += [gap, draw(text)]
    return tuple(parts)


cards = st.one_of(
    st.builds(
        TypedCard, **common, prompt=text, answer=text, accept=st.lists(text, max_size=3).map(tuple)
    ),
    st.builds(
        DateCard,
        **common,
        prompt=text,
        answer=partial_dates(),
        precision=st.sampled_from(["year", "month", "day"]),
    ),
    st.builds(
        MultiCard,
        **common,
        prompt=text,
        options=st.lists(text, max_size=5).map(tuple),
        answers=st.frozensets(st.integers(0, 4)),
    ),
    st.builds(ClozeCard, **common, text=text, parts=cloze_parts(), prompt=text),
    st.builds(
        MatchCard,
        **common,
        prompt=text,
        pairs=st.lists(st.tuples(text, text), max_size=4).map(tuple),
    ),
)


@given(cards)
def test_card_round_trip_property(card: Card) -> None:
    assert card_from_dict(json.loads(json.dumps(card_to_dict(card)))) == card


ANSWERS: list[tuple[Card, Answer]] = [
    (FLIP, None),
    (TYPED, "Budapest"),
    (TYPED, ""),
    (TYPED, 'quote " and \\ and ünïcode'),
    (DATE_DAY, "23 Nov 2001"),
    (CHOICE, 2),
    (CHOICE, None),
    (CHOICE, 0),
    (MULTI, frozenset({0, 3})),
    (MULTI, frozenset()),
    (TRUEFALSE, True),
    (TRUEFALSE, False),
    (TRUEFALSE, None),
    (CLOZE, ("2001", "", "EC3")),
    (CLOZE, ()),
    (ORDER, (4, 3, 2, 1, 0)),
    (ORDER, ()),
    (MATCH, (2, None, 0)),
]


@pytest.mark.parametrize(("card", "answer"), ANSWERS)
def test_answer_round_trip(card: Card, answer: Answer) -> None:
    assert answer_from_json(card, answer_to_json(card, answer)) == answer


def test_answer_json_is_compact_and_sorted() -> None:
    assert answer_to_json(MULTI, frozenset({3, 0, 1})) == "[0,1,3]"
    assert answer_to_json(MATCH, (2, None, 0)) == "[2,null,0]"
    assert answer_to_json(TYPED, "Zürich") == '"Zürich"'
    assert answer_to_json(FLIP, None) == "null"


@given(st.frozensets(st.integers(0, 10)))
def test_multi_answer_round_trip_property(answer: frozenset[int]) -> None:
    assert answer_from_json(MULTI, answer_to_json(MULTI, answer)) == answer


@given(st.lists(st.text(), max_size=4).map(tuple))
def test_cloze_answer_round_trip_property(answer: tuple[str, ...]) -> None:
    assert answer_from_json(CLOZE, answer_to_json(CLOZE, answer)) == answer


@pytest.mark.parametrize(
    ("card", "stored"),
    [
        (TYPED, "5"),
        (CHOICE, "true"),
        (CHOICE, '"1"'),
        (TRUEFALSE, "1"),
        (MULTI, "[1, true]"),
        (CLOZE, "[1]"),
        (ORDER, '["a"]'),
        (MATCH, "[0.5]"),
        (TYPED, "not json"),
    ],
)
def test_answer_from_json_refuses_wrong_shapes(card: Card, stored: str) -> None:
    with pytest.raises(SerializeError):
        answer_from_json(card, stored)


@pytest.mark.parametrize(
    ("card", "answer", "text"),
    [
        (FLIP, None, ""),
        (TYPED, "  budapest ", "budapest"),
        (TYPED, "", "—"),
        (DATE_DAY, "23.11.2001", "23.11.2001"),
        (CHOICE, 1, "Council of Europe"),
        (CHOICE, None, "—"),
        (MULTI, frozenset({3, 0}), "Russia; Kazakhstan"),
        (MULTI, frozenset(), "—"),
        (TRUEFALSE, False, "False"),
        (TRUEFALSE, None, "—"),
        (CLOZE, ("2001", "", "EC3"), "Opened in 2001 in ___; EC3"),
        (ORDER, (1, 0, 2, 3, 4), "b → a → c → d → e"),
        (
            MATCH,
            (2, None, 0),
            "ITU → Strasbourg; Europol → —; Council of Europe → Geneva",
        ),
    ],
)
def test_answer_display(card: Card, answer: Answer, text: str) -> None:
    assert answer_display(card, answer) == text


@pytest.mark.parametrize(
    ("card", "text"),
    [
        (FLIP, "European Cybercrime Centre"),
        (TYPED, "Budapest"),
        (DATE_DAY, "23 November 2001"),
        (DATE_MONTH, "November 2001"),
        (CHOICE, "Council of Europe"),
        (MULTI, "Russia; Armenia; Kazakhstan"),
        (TRUEFALSE, "True"),
        (CLOZE, "Opened in 2001 in Budapest; EC3"),
        (ORDER, "a → b → c → d → e"),
        (MATCH, "ITU → Geneva; Europol → The Hague; Council of Europe → Strasbourg"),
    ],
)
def test_expected_display(card: Card, text: str) -> None:
    assert expected_display(card) == text
