"""The card browser's query: every active card with its deck, state and latest answers.

Two SQLAlchemy Core statements on the light table clauses (``columns.py``; portable to
PostgreSQL: a window function for the latest answers, no SQLite-only functions), whatever the
number of cards:

- cards joined to their deck and this profile's state, in deck and file order;
- each card's :data:`~cyberquiz.core.browse.LAST_ANSWERS` latest answers
  (``ROW_NUMBER() OVER (PARTITION BY card ORDER BY id DESC)``).

Card bodies are turned into cards by the repository's cache (no YAML is parsed).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, false, func, select

from cyberquiz.core.answers import Rating
from cyberquiz.core.browse import LAST_ANSWERS, BrowseRow, haystack, question_line
from cyberquiz.core.state import CardState
from cyberquiz.storage import columns as t
from cyberquiz.storage.cards import STATE_COLUMNS, state_from_row

if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.engine import Connection, Row

    from cyberquiz.core.cards import Card

#: An answer that moved no schedule (practice, exam) counts as right from this score.
RIGHT_SCORE = 0.5


def _cards_statement(profile_id: int) -> Select[*tuple[Any, ...]]:
    card, deck, state = t.card, t.deck, t.card_state
    joined = card.join(deck, deck.c.id == card.c.deck_id).outerjoin(
        state, and_(state.c.card_pk == card.c.id, state.c.profile_id == profile_id)
    )
    return (
        select(
            card.c.id.label("pk"),
            card.c.card_id,
            card.c.body,
            card.c.kind,
            card.c.deck_id,
            deck.c.title.label("deck_title"),
            card.c.origin_path,
            card.c.origin_line,
            *STATE_COLUMNS,
        )
        .select_from(joined)
        .where(card.c.retired == false())
        .order_by(deck.c.path, card.c.deck_id, card.c.position)
    )


def _last_answers_statement(profile_id: int) -> Select[int, int | None, float]:
    review = t.review
    newest_first = (
        func.row_number()
        .over(partition_by=review.c.card_pk, order_by=review.c.id.desc())
        .label("back")
    )
    latest = (
        select(review.c.card_pk, review.c.id, review.c.rating, review.c.score, newest_first)
        .where(review.c.profile_id == profile_id)
        .subquery("latest")
    )
    return (
        select(latest.c.card_pk, latest.c.rating, latest.c.score)
        .where(latest.c.back <= LAST_ANSWERS)
        .order_by(latest.c.card_pk, latest.c.id)
    )


def _state(card_id: str, r: Row[*tuple[Any, ...]]) -> CardState:
    if r.phase is None:  # no state row yet: a card synced after the profile was opened
        return CardState(card_id=card_id)
    return state_from_row(card_id, r)


def _right(rating: int | None, score: float) -> bool:
    return rating != Rating.AGAIN if rating is not None else score >= RIGHT_SCORE


def browse_rows(
    conn: Connection, profile_id: int, card_from_row: Callable[[Row[*tuple[Any, ...]]], Card]
) -> list[BrowseRow]:
    """Every active card as a browser row, in deck and file order.

    Args:
        conn: an open (read) connection.
        profile_id: whose states and answers.
        card_from_row: turns a row with ``card_id`` and ``body`` into a card (cached).

    Returns:
        One row per active card.
    """
    answers: dict[int, list[bool]] = {}
    for pk, rating, score in conn.execute(_last_answers_statement(profile_id)):
        answers.setdefault(pk, []).append(_right(rating, float(score)))
    rows = []
    for r in conn.execute(_cards_statement(profile_id)):
        card = card_from_row(r)
        rows.append(
            BrowseRow(
                card_id=r.card_id,
                deck_id=r.deck_id,
                deck_title=r.deck_title,
                kind=r.kind,
                question=question_line(card),
                tags=card.tags,
                state=_state(r.card_id, r),
                last_answers=tuple(answers.get(r.pk, ())),
                path=r.origin_path,
                line=r.origin_line,
                haystack=haystack(json.loads(r.body)),
            )
        )
    return rows
