"""Practice: choosing what to cram, and the order of a practice session. Pure.

Practice never touches the FSRS schedule; it only decides *which* cards to show:

=========  ====================================================================================
source     cards
=========  ====================================================================================
all        every card of the chosen decks/areas/tags, shuffled
mistakes   the cards not fully right in the last exam, in exam order
leeches    cards with at least ``LEECH_LAPSES`` lapses, most lapses first
hardest    seen cards, lowest retrievability first (ties: most lapses); at most ``limit``
new        cards never answered, shuffled
=========  ====================================================================================

The practice screen shows the chosen cards once each, in this order, with feedback as in study.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum

from cyberquiz.core.cards import Card
from cyberquiz.core.exam import filter_cards
from cyberquiz.core.state import CardState, Phase

#: FSRS-6 default decay (``fsrs.scheduler.FSRS_DEFAULT_DECAY``); ranks cards, never schedules.
DEFAULT_DECAY = 0.1542
HARDEST_LIMIT = 20


class PracticeSource(StrEnum):
    ALL = "all"
    MISTAKES = "mistakes"
    LEECHES = "leeches"
    HARDEST = "hardest"
    NEW = "new"


SOURCE_LABELS: dict[PracticeSource, str] = {
    PracticeSource.ALL: "All cards of the chosen decks, areas and tags",
    PracticeSource.MISTAKES: "My mistakes from the last exam",
    PracticeSource.LEECHES: "Leeches (cards I keep forgetting)",
    PracticeSource.HARDEST: "The cards I find hardest",
    PracticeSource.NEW: "Cards I have never seen",
}


def retrievability(state: CardState, now: datetime, decay: float = DEFAULT_DECAY) -> float | None:
    """The FSRS probability of recall at ``now``, or ``None`` for a card never reviewed.

    Same formula as ``fsrs.Scheduler.get_card_retrievability`` (whole elapsed days).
    """
    if state.last_review is None or not state.stability:
        return None
    factor = 0.9 ** (1 / -decay) - 1
    days = max(0, (now - state.last_review).days)
    return float((1 + factor * days / state.stability) ** -decay)


def select_practice(
    cards: Sequence[Card],
    states: Mapping[str, CardState],
    source: PracticeSource | str,
    *,
    now: datetime,
    rng: random.Random,
    deck_ids: Sequence[str] = (),
    areas: Sequence[str] = (),
    tags: Sequence[str] = (),
    mistakes: Sequence[str] = (),
    limit: int | None = None,
) -> list[Card]:
    """The cards to practise, in the order to show them (see the module docstring).

    Args:
        cards: candidate cards; filtered here by ``deck_ids``, ``areas`` and ``tags``.
        states: card id -> state (a missing id counts as never seen).
        source: which cards (a :class:`PracticeSource` or its value).
        mistakes: card ids of the last exam's mistakes, for ``mistakes``.
        limit: at most this many cards (``hardest`` defaults to :data:`HARDEST_LIMIT`).
    """
    source = PracticeSource(source)
    pool = filter_cards(cards, deck_ids=deck_ids, areas=areas, tags=tags)
    pool.sort(key=lambda c: c.id)

    def state(card: Card) -> CardState:
        return states.get(card.id) or CardState(card_id=card.id)

    chosen: list[Card]
    if source is PracticeSource.MISTAKES:
        by_id = {c.id: c for c in pool}
        chosen = [by_id[i] for i in dict.fromkeys(mistakes) if i in by_id]
    elif source is PracticeSource.LEECHES:
        chosen = sorted((c for c in pool if state(c).leech), key=lambda c: -state(c).lapses)
    elif source is PracticeSource.HARDEST:
        seen = [(c, retrievability(state(c), now)) for c in pool if state(c).reps > 0]
        seen.sort(key=lambda cr: (1.0 if cr[1] is None else cr[1], -state(cr[0]).lapses))
        chosen = [c for c, _ in seen]
        limit = HARDEST_LIMIT if limit is None else limit
    elif source is PracticeSource.NEW:
        chosen = [c for c in pool if state(c).phase is Phase.NEW and state(c).reps == 0]
        rng.shuffle(chosen)
    else:
        chosen = pool
        rng.shuffle(chosen)
    return chosen[:limit] if limit is not None else chosen
