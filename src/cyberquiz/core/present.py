"""The shuffled order a card's parts are shown in.

Answers always use the card's own indices (see :mod:`cyberquiz.core.answers`); the display order
is only a view. ``presentation(card, rng)[k]`` is the card index shown in slot ``k``:

* choice, multi: the options;
* order: the items, never already in the right order when there are two or more;
* match: the right-hand sides, never each beside its own left side (the identity) when there are
  two or more pairs;
* every other kind: ``()``.

The same ``rng`` state gives the same order, so an exam can store its seed and show the same
question the same way again.
"""

from __future__ import annotations

import random

from cyberquiz.core.cards import Card, ChoiceCard, MatchCard, MultiCard, OrderCard


def _shuffled(n: int, rng: random.Random) -> list[int]:
    order = list(range(n))
    rng.shuffle(order)
    return order


def _shuffled_not_identity(n: int, rng: random.Random) -> list[int]:
    if n < 2:
        return list(range(n))
    identity = list(range(n))
    while (
        True
    ):  # at most 1/n! of draws are the identity, so this ends quickly (≤ 2 draws on average)
        order = _shuffled(n, rng)
        if order != identity:
            return order


def presentation(card: Card, rng: random.Random) -> tuple[int, ...]:
    """A shuffled display order for the card's options, items or right-hand sides.

    Args:
        card: the card to show.
        rng: the source of randomness (seeded in tests and exams).

    Returns:
        A permutation of the card's indices (``()`` for kinds shown as written).
    """
    match card:
        case ChoiceCard() | MultiCard():
            return tuple(_shuffled(len(card.options), rng))
        case OrderCard():
            return tuple(_shuffled_not_identity(len(card.items), rng))
        case MatchCard():
            return tuple(_shuffled_not_identity(len(card.pairs), rng))
    return ()
