"""A fixture history for the stats tests, written straight into a fresh database.

The rows are inserted with SQL (not through study sessions) so that every figure the stats
should show is known by construction; the comments say which figure each row feeds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session

from cyberquiz.core.cards import FlipCard
from cyberquiz.core.serialize import card_to_dict
from cyberquiz.storage.repository import Repository
from cyberquiz.storage.tables import (
    CardRow,
    CardStateRow,
    CardTagRow,
    DeckRow,
    ExamRow,
    ReviewRow,
)
from cyberquiz.storage.zones import offset_minutes
from support import NOW  # 18:00 in Moscow (UTC+3 all year): local study day 2026-11-28


@dataclass
class CardSpec:
    card_id: str
    deck_id: str
    tags: tuple[str, ...]
    state: dict[str, Any] = field(default_factory=dict)  # card_state columns (phase 0 if empty)


@dataclass
class ReviewSpec:
    card_id: str
    at: datetime
    mode: str = "study"
    rating: int | None = 3
    phase_before: int = 2
    response_ms: int = 10_000

    @property
    def scheduled(self) -> bool:
        return self.mode == "study"


def build(
    db_url: str,
    cards: Sequence[CardSpec],
    reviews: Sequence[ReviewSpec] = (),
    *,
    settings: dict[str, Any] | None = None,
    exams: Sequence[dict[str, Any]] = (),
    profile: str = "ana",
) -> Repository:
    """Open a repository on ``db_url`` and write decks, cards, states, reviews and exams."""
    repo = Repository.open(db_url, profile=profile, clock=lambda: NOW, fuzz=False)
    for key, value in (settings or {}).items():
        repo.set_setting(key, value)
    pid = repo.profile_id
    decks = list(dict.fromkeys(c.deck_id for c in cards))
    with Session(repo.engine) as session:
        for deck_id in decks:
            session.add(DeckRow(id=deck_id, title=f"Deck {deck_id}", path=f"/decks/{deck_id}.yaml"))
        session.flush()
        rows: dict[str, CardRow] = {}
        for position, c in enumerate(cards):
            body = card_to_dict(
                FlipCard(id=c.card_id, deck_id=c.deck_id, tags=c.tags, front="f", back="b")
            )
            rows[c.card_id] = CardRow(
                card_id=c.card_id,
                deck_id=c.deck_id,
                kind="flip",
                body=json.dumps(body),
                position=position,
            )
            session.add(rows[c.card_id])
        session.flush()
        for c in cards:
            pk = rows[c.card_id].id
            assert pk is not None
            for tag in c.tags:
                session.add(CardTagRow(card_pk=pk, tag=tag))
            session.add(CardStateRow(profile_id=pid, card_pk=pk, **c.state))
        session.flush()
        for r in reviews:
            session.add(
                ReviewRow(
                    profile_id=pid,
                    card_pk=rows[r.card_id].id,
                    at=r.at,
                    mode=r.mode,
                    score=1.0,
                    proposed=r.rating,
                    rating=r.rating,
                    response_ms=r.response_ms,
                    scheduled=r.scheduled,
                    phase_before=r.phase_before,
                    # given in the profile's zone, as the repository stores an answer
                    utc_offset=offset_minutes(repo.timezone(), r.at),
                )
            )
        for e in exams:
            session.add(
                ExamRow(
                    profile_id=pid,
                    started_at=e["finished_at"] - timedelta(minutes=20),
                    finished_at=e["finished_at"],
                    score=e["points"],
                    max_score=e["questions"],
                    status=e.get("status", "submitted"),
                    summary=json.dumps(
                        {
                            "questions": e["questions"],
                            "answered": e["questions"],
                            "by_area": e.get("by_area", []),
                        }
                    ),
                )
            )
        session.commit()
    return repo


def at(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    """A UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


DAY = timedelta(days=1)


# The fixture history of test_aggregates (every figure explained there).
CARDS = [
    # young review card, R now = R(5, 10) ≈ 0.945 (mastered); due in 5 days (forecast day 5)
    CardSpec(
        "a1",
        "d1",
        ("dates", "un"),
        {
            "phase": 2,
            "stability": 10.0,
            "difficulty": 5.0,
            "last_review": NOW - 5 * DAY,
            "due": NOW + 5 * DAY,
            "reps": 3,
        },
    ),
    # mature: interval 90 days >= 21; R(30, 100) ≈ 0.97 (mastered); due outside the forecast
    CardSpec(
        "a2",
        "d1",
        ("dates", "eu"),
        {
            "phase": 2,
            "stability": 100.0,
            "difficulty": 4.0,
            "last_review": NOW - 30 * DAY,
            "due": NOW + 60 * DAY,
            "reps": 6,
        },
    ),
    # learning, answered an hour ago (R = 1, but learning is never mastered: one answer, even a
    # partial one, would count), due in 9 minutes: forecast today
    CardSpec(
        "a3",
        "d1",
        ("bodies", "un"),
        {
            "phase": 1,
            "step": 1,
            "stability": 2.3,
            "difficulty": 5.0,
            "last_review": NOW - timedelta(hours=1),
            "due": NOW + timedelta(minutes=9),
            "reps": 1,
        },
    ),
    CardSpec("a4", "d1", ("bodies",)),  # new
    # a leech, overdue by 7 days: forecast today; R(10, 3) ≈ 0.81, not mastered
    CardSpec(
        "b1",
        "d2",
        ("provisions", "council-of-europe"),
        {
            "phase": 2,
            "stability": 3.0,
            "difficulty": 9.0,
            "last_review": NOW - 10 * DAY,
            "due": NOW - 7 * DAY,
            "lapses": 8,
            "reps": 12,
        },
    ),
    # suspended: not in the forecast, counted as suspended only
    CardSpec(
        "b2",
        "d2",
        ("provisions",),
        {
            "phase": 2,
            "stability": 50.0,
            "difficulty": 3.0,
            "last_review": NOW - DAY,
            "due": NOW + 30 * DAY,
            "suspended": True,
            "reps": 4,
        },
    ),
    CardSpec("b3", "d2", ("people",)),  # new
]

REVIEWS = [
    ReviewSpec("a1", at(28, 14), rating=3, response_ms=10_000),  # today, pass
    ReviewSpec("a1", at(28, 0, 30), rating=1, response_ms=20_000),  # 03:30 MSK: day 11-27, fail
    ReviewSpec("a3", at(27, 2), phase_before=0, response_ms=5_000),  # 11-27, a new card
    ReviewSpec("a2", at(26, 12), mode="practice", rating=None, response_ms=8_000),  # no study
    ReviewSpec("b1", at(25, 12), rating=4),  # pass
    ReviewSpec("b1", at(24, 12), rating=2),  # pass (Hard is not a lapse)
    ReviewSpec("b1", at(23, 12), phase_before=0),  # 11-23: new card, not a review
    ReviewSpec("b1", at(20, 12), rating=1),  # 30-day window only, fail
    ReviewSpec("a2", at(1, 12, month=10), mode="exam", rating=None),  # in the heatmap only
    ReviewSpec("a2", at(1, 12, month=6, year=2025)),  # before the heatmap window: totals only
]

EXAMS = [
    {
        "finished_at": at(21, 10),
        "points": 7.5,
        "questions": 10,
        "by_area": [{"name": "dates", "questions": 4, "points": 3}],
    },
    {"finished_at": at(14, 10), "points": 3, "questions": 6, "by_area": []},
    {"finished_at": at(22, 10), "points": 0, "questions": 5, "status": "abandoned"},
]


SETTINGS = {"timezone": "Europe/Moscow", "rollover_hour": 4, "exam_date": "2026-12-15"}


def build_history(db_url: str, profile: str = "ana") -> Repository:
    """The fixture history: 2 decks, 7 cards, 10 answers, 3 exams."""
    return build(db_url, CARDS, REVIEWS, settings=SETTINGS, exams=EXAMS, profile=profile)
