"""Shuffled display orders: permutations, seeded, never already solved."""

from __future__ import annotations

import random

import pytest
from grading_helpers import (
    CHOICE,
    CLOZE,
    DATE_DAY,
    FLIP,
    MATCH,
    MULTI,
    ORDER,
    ORDER2,
    TRUEFALSE,
    TYPED,
)

from cyberquiz.core.cards import Card, MatchCard, OrderCard
from cyberquiz.core.present import presentation


@pytest.mark.parametrize(
    ("card", "size"), [(CHOICE, 4), (MULTI, 5), (ORDER, 5), (ORDER2, 2), (MATCH, 3)]
)
def test_presentation_is_a_permutation(card: Card, size: int) -> None:
    for seed in range(20):
        order = presentation(card, random.Random(seed))
        assert sorted(order) == list(range(size))


@pytest.mark.parametrize("card", [ORDER, ORDER2, MATCH])
def test_order_and_match_never_start_solved(card: Card) -> None:
    for seed in range(200):
        order = presentation(card, random.Random(seed))
        assert order != tuple(range(len(order)))


@pytest.mark.parametrize("card", [FLIP, TYPED, DATE_DAY, TRUEFALSE, CLOZE])
def test_other_kinds_have_no_order(card: Card) -> None:
    assert presentation(card, random.Random(1)) == ()


def test_single_item_is_left_alone() -> None:
    one_order = OrderCard(id="o", deck_id="d", prompt="p", items=("only",))
    one_match = MatchCard(id="m", deck_id="d", prompt="p", pairs=(("l", "r"),))
    assert presentation(one_order, random.Random(0)) == (0,)
    assert presentation(one_match, random.Random(0)) == (0,)


def test_same_seed_same_order_and_orders_vary() -> None:
    assert presentation(MULTI, random.Random(7)) == presentation(MULTI, random.Random(7))
    seen = {presentation(CHOICE, random.Random(seed)) for seed in range(50)}
    assert len(seen) > 10
    assert (0, 1, 2, 3) in seen  # choice options may show in their written order


def test_two_items_always_swapped() -> None:
    assert {presentation(ORDER2, random.Random(s)) for s in range(30)} == {(1, 0)}
