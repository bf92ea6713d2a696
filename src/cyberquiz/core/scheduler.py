"""FSRS scheduling, pure: a wrapper over ``fsrs==6.3.2`` that speaks :class:`CardState`.

The scheduler's parameters come from the stored ``Scheduler.to_dict()`` (a profile's setting),
so that an upgrade of the package never silently changes a student's parameters. The database
id of the card is passed as the FSRS ``card_id``: ``fsrs.Card()`` sleeps 1 ms when it has to
invent one. Fuzz is on in use; tests turn it off or pass a seeded ``rng``.
"""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import fsrs
import fsrs.scheduler as _fsrs_scheduler

from cyberquiz.core.answers import Rating
from cyberquiz.core.state import CardState, Phase

if TYPE_CHECKING:
    from fsrs.scheduler import SchedulerDict

#: fsrs draws its fuzz from the ``random`` module's global generator; a seeded rng is swapped
#: in under this lock for the duration of one review.
_FUZZ_LOCK = threading.Lock()


def default_config(desired_retention: float = 0.9) -> SchedulerDict:
    """``Scheduler.to_dict()`` of the package defaults (what a new profile stores)."""
    config: SchedulerDict = {**fsrs.Scheduler(desired_retention=desired_retention).to_dict()}
    return config


class Scheduler:
    """An FSRS scheduler built from a stored configuration.

    Args:
        config: a ``fsrs.Scheduler.to_dict()``; ``None`` means the package defaults.
        desired_retention: overrides the stored retention when given.
        fuzz: spread review intervals a little (on in use).
        rng: the randomness for fuzz; ``None`` uses the ``random`` module's generator.
    """

    def __init__(
        self,
        config: SchedulerDict | None = None,
        *,
        desired_retention: float | None = None,
        fuzz: bool = True,
        rng: random.Random | None = None,
    ) -> None:
        data: SchedulerDict = {**config} if config else default_config()
        if desired_retention is not None:
            data["desired_retention"] = float(desired_retention)
        data["enable_fuzzing"] = bool(fuzz)
        self._fsrs = fsrs.Scheduler.from_dict(data)
        self._rng = rng

    @property
    def parameters(self) -> tuple[float, ...]:
        return tuple(self._fsrs.parameters)

    @property
    def desired_retention(self) -> float:
        return float(self._fsrs.desired_retention)

    def to_dict(self) -> SchedulerDict:
        """The configuration to store (fuzz is a runtime choice and is stored as on)."""
        data: SchedulerDict = {**self._fsrs.to_dict()}
        data["enable_fuzzing"] = True
        return data

    def review(
        self, state: CardState, rating: Rating, now: datetime, *, db_id: int = 0
    ) -> CardState:
        """The state after answering ``state``'s card with ``rating`` at ``now``.

        Args:
            state: the state before the answer (``Phase.NEW`` for a first answer).
            rating: the final rating.
            now: UTC-aware time of the answer.
            db_id: the card's database id, passed to FSRS as ``card_id``.

        Returns:
            The new state; suspended, flagged and buried-until are carried over, ``lapses`` grows
            when a review card is forgotten (Again), ``reps`` by one.
        """
        if now.tzinfo is None:
            raise ValueError("now must be UTC-aware")
        now = now.astimezone(UTC)
        card = to_fsrs_card(state, now, db_id=db_id)
        if self._rng is not None and self._fsrs.enable_fuzzing:
            with _FUZZ_LOCK:
                saved = _fsrs_scheduler.random  # type: ignore[attr-defined]
                _fsrs_scheduler.random = self._rng.random  # type: ignore[attr-defined]
                try:
                    new_card, _log = self._fsrs.review_card(card, fsrs.Rating(int(rating)), now)
                finally:
                    _fsrs_scheduler.random = saved  # type: ignore[attr-defined]
        else:
            new_card, _log = self._fsrs.review_card(card, fsrs.Rating(int(rating)), now)
        lapsed = state.phase == Phase.REVIEW and rating == Rating.AGAIN
        return replace(
            from_fsrs_card(new_card, state.card_id),
            lapses=state.lapses + (1 if lapsed else 0),
            reps=state.reps + 1,
            suspended=state.suspended,
            flagged=state.flagged,
            buried_until=state.buried_until,
        )

    def retrievability(self, state: CardState, now: datetime) -> float:
        """Predicted probability of recall at ``now`` (0 for a new card)."""
        if state.phase == Phase.NEW or state.stability is None or state.last_review is None:
            return 0.0
        return float(self._fsrs.get_card_retrievability(to_fsrs_card(state, now), now))


def to_fsrs_card(state: CardState, now: datetime, *, db_id: int = 0) -> fsrs.Card:
    """A ``fsrs.Card`` for ``state``; a new card is FSRS's Learning step 0, due ``now``."""
    if state.phase == Phase.NEW:
        return fsrs.Card(card_id=db_id, state=fsrs.State.Learning, step=0, due=now)
    return fsrs.Card(
        card_id=db_id,
        state=fsrs.State(int(state.phase)),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due or now,
        last_review=state.last_review,
    )


def from_fsrs_card(card: fsrs.Card, card_id: str) -> CardState:
    """The scheduling fields of a ``fsrs.Card`` as a :class:`CardState` (counters at zero)."""
    return CardState(
        card_id=card_id,
        phase=Phase(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )
