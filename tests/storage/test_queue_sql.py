"""The indexed SQL queue agrees with the pure reference rules of ``core.queue``."""

from __future__ import annotations

import random
from datetime import timedelta

from cyberquiz.core import queue
from cyberquiz.core.state import CardState, Phase
from cyberquiz.storage.repository import Repository
from support import NOW

from .conftest import overwrite_states


def random_state(rng: random.Random, card_id: str) -> CardState:
    phase = rng.choice(list(Phase))
    due = None if phase == Phase.NEW else NOW + timedelta(seconds=rng.randrange(-90_000, 9_000))
    buried = rng.random() < 0.15
    return CardState(
        card_id=card_id,
        phase=phase,
        step=None if phase == Phase.REVIEW else 0,
        stability=None if phase == Phase.NEW else 3.0,
        difficulty=None if phase == Phase.NEW else 5.0,
        due=due,
        last_review=None if due is None else due - timedelta(days=1),
        suspended=rng.random() < 0.15,
        buried_until=NOW + timedelta(seconds=rng.choice((-5, 0, 5))) if buried else None,
    )


def test_next_card_and_counts_match_the_reference_rules(synced: Repository) -> None:
    ids = [c.id for c in synced.cards()]  # deck order
    rng = random.Random(2026)
    for _ in range(150):
        states = [random_state(rng, card_id) for card_id in ids]
        overwrite_states(synced, states)
        new_left, reviews_left = rng.choice([(20, 200), (0, 200), (20, 0), (1, 1)])
        synced.set_setting("new_per_day", new_left)
        synced.set_setting("reviews_per_day", reviews_left)
        expected = queue.pick_next(states, NOW, new_left=new_left, reviews_left=reviews_left)
        got = synced.next_card(NOW)
        assert (got.id if got else None) == (expected.card_id if expected else None), states
        assert synced.queue_counts(NOW) == queue.counts(
            states, NOW, new_left=new_left, reviews_left=reviews_left
        )
