"""The shuffled order a card's parts are shown in.

Answers always use the card's own indices (see :mod:`cyberquiz.core.answers`); the display order
is only a view. ``presentation(card, rng)[k]`` is the card index shown in slot ``k``: the options
of choice and multi cards, the items of order cards (never already in the right order when there
are two or more), the right-hand sides of match cards (never each beside its own left side); ``()``
for kinds shown as written. Each kind's rule is in its module under :mod:`cyberquiz.core.kinds`.

The same ``rng`` state gives the same order, so an exam can store its seed and show the same
question the same way again.
"""

from __future__ import annotations

import random

from cyberquiz.core.cards import Card
from cyberquiz.core.kinds import rules_for


def presentation(card: Card, rng: random.Random) -> tuple[int, ...]:
    """A shuffled display order for the card's options, items or right-hand sides.

    Args:
        card: the card to show.
        rng: the source of randomness (seeded in tests and exams).

    Returns:
        A permutation of the card's indices (``()`` for kinds shown as written).
    """
    order: tuple[int, ...] = rules_for(card).presentation(card, rng)
    return order


def points_text(points: float) -> str:
    """Points as a student reads them: at most two decimals (``1.33``, ``2.5``, ``4``)."""
    return f"{round(points, 2):g}"
