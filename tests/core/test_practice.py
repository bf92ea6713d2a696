"""Choosing what to practise, and the practice queue."""

from __future__ import annotations

import random
from datetime import timedelta

from exam_helpers import choice

from cyberquiz.core.practice import (
    PracticeSource,
    retrievability,
    select_practice,
)
from cyberquiz.core.state import CardState, Phase
from support import NOW

CARDS = [choice(i, area) for area in ("dates", "bodies") for i in range(4)]


def _state(card_id: str, *, lapses: int = 0, days: int = 0, stability: float = 10.0):  # type: ignore[no-untyped-def]
    return CardState(
        card_id=card_id,
        phase=Phase.REVIEW,
        stability=stability,
        last_review=NOW - timedelta(days=days),
        lapses=lapses,
        reps=lapses + 1,
    )


STATES = {
    "dates-choice-0": _state("dates-choice-0", lapses=9, days=1),
    "dates-choice-1": _state("dates-choice-1", lapses=8, days=30, stability=2),
    "dates-choice-2": _state("dates-choice-2", lapses=1, days=5),
    "bodies-choice-0": _state("bodies-choice-0", lapses=12, days=1, stability=100),
}


def ids(source: str, **kw: object) -> list[str]:
    cards = select_practice(CARDS, STATES, source, now=NOW, rng=random.Random(3), **kw)  # type: ignore[arg-type]
    return [c.id for c in cards]


def test_retrievability_matches_fsrs() -> None:
    from fsrs import Card as FsrsCard
    from fsrs import Scheduler

    s = _state("x", days=7, stability=3.5)
    card = FsrsCard(stability=3.5, difficulty=5.0, last_review=s.last_review)
    expected = Scheduler().get_card_retrievability(card, NOW)
    assert abs((retrievability(s, NOW) or 0) - expected) < 1e-9
    assert retrievability(CardState(card_id="new"), NOW) is None


def test_sources() -> None:
    assert ids("leeches") == ["bodies-choice-0", "dates-choice-0", "dates-choice-1"]
    # lowest retrievability first
    assert ids("hardest") == [
        "dates-choice-1",  # 30 days at stability 2
        "dates-choice-2",  # 5 days at stability 10
        "dates-choice-0",  # 1 day at stability 10
        "bodies-choice-0",  # 1 day at stability 100
    ]
    assert ids("hardest", limit=1) == ["dates-choice-1"]
    assert set(ids("new")) == {c.id for c in CARDS} - set(STATES)
    assert ids("new") == ids("new"), "seeded shuffle"
    assert ids("mistakes", mistakes=["bodies-choice-3", "nope", "dates-choice-2"]) == [
        "bodies-choice-3",
        "dates-choice-2",
    ]
    assert sorted(ids("all", areas=["bodies"])) == [f"bodies-choice-{i}" for i in range(4)]
    assert ids(PracticeSource.LEECHES, areas=["dates"]) == ["dates-choice-0", "dates-choice-1"]
