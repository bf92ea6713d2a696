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

#: A Saturday afternoon in UTC: 18:00 in Moscow (UTC+3 all year), local study day 2026-11-28.
NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)


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
