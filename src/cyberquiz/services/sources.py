"""Where the study screen's cards come from and where its answers go.

The answering service (:mod:`cyberquiz.services.answering`) asks a :class:`CardSource` for the
next card and hands it every answer. Three
sources cover the app's uses:

- :class:`RepositorySource`: the scheduler's queue (``repo.next_card``), answers stored with
  mode ``study`` (the schedule moves);
- :class:`ListSource`: a fixed list of cards in order, answers stored with the given mode
  (``practice`` by default, so the schedule never moves) — H-exam's practice screen uses it;
- :class:`ListSource` with ``repo=None``: ``cyberquiz preview``, nothing is written anywhere.

:class:`SessionTally` counts what the summary screen shows. No Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from cyberquiz.core.answers import Mode, Rating, Verdict
from cyberquiz.core.cards import Card
from cyberquiz.core.state import ReviewRecord, StoredAnswer

if TYPE_CHECKING:
    from cyberquiz.storage.repository import Repository


class CardSource(Protocol):
    """What the study screen needs from the place its cards come from."""

    mode: Mode

    @property
    def records(self) -> bool:
        """Whether answers are stored (False for preview)."""
        ...

    def next_card(self, now: datetime, exclude: frozenset[str]) -> Card | None: ...

    def record(self, answer: StoredAnswer) -> ReviewRecord | None:
        """Store the answer; the stored review (``None`` when nothing is stored)."""
        ...

    def change_rating(self, review_id: int | None, rating: Rating) -> None: ...

    def undo(self, review_id: int | None, card: Card) -> None: ...

    def bury(self, card: Card, now: datetime) -> None: ...

    def suspend(self, card: Card) -> None: ...

    def unbury(self, card: Card) -> None: ...

    def unsuspend(self, card: Card) -> None: ...

    def flag(self, card: Card, flagged: bool) -> None: ...

    def flagged(self, card: Card) -> bool: ...

    def next_due(self, now: datetime) -> datetime | None: ...

    def remaining(self, now: datetime) -> str:
        """What is left, for the status line (e.g. ``12 new · 3 learning · 40 due``)."""
        ...


def _store(repo: Repository, mode: Mode, answer: StoredAnswer) -> ReviewRecord:
    """Store one answer with ``mode``; the stored review."""
    return repo.record(answer, mode=mode)


@dataclass
class RepositorySource:
    """The scheduler's queue for some decks and/or tags; answers move the schedule."""

    repo: Repository
    deck_ids: Sequence[str] | None = None
    tags: Sequence[str] | None = None
    mode: Mode = Mode.STUDY
    records: bool = True
    #: cards never drawn (an area's session leaves out cards of other areas that carry its
    #: tag); the status line's counts still include them
    leave_out: frozenset[str] = frozenset()

    def _filters(self) -> dict[str, list[str] | None]:
        """The deck and tag filters as the repository's queue methods take them."""
        return {
            "deck_ids": list(self.deck_ids) if self.deck_ids else None,
            "tags": list(self.tags) if self.tags else None,
        }

    def next_card(self, now: datetime, exclude: frozenset[str]) -> Card | None:
        return self.repo.next_card(
            now,
            **self._filters(),
            exclude=exclude | self.leave_out,
        )

    def record(self, answer: StoredAnswer) -> ReviewRecord | None:
        return _store(self.repo, self.mode, answer)

    def change_rating(self, review_id: int | None, rating: Rating) -> None:
        if review_id is not None:
            self.repo.change_rating(review_id, rating)

    def undo(self, review_id: int | None, card: Card) -> None:
        if review_id is not None:
            self.repo.undo_review(review_id)

    def bury(self, card: Card, now: datetime) -> None:
        self.repo.bury(card.id, now)

    def suspend(self, card: Card) -> None:
        self.repo.suspend(card.id, True)

    def unbury(self, card: Card) -> None:
        self.repo.unbury(card.id)

    def unsuspend(self, card: Card) -> None:
        self.repo.suspend(card.id, False)

    def flag(self, card: Card, flagged: bool) -> None:
        self.repo.flag(card.id, flagged)

    def flagged(self, card: Card) -> bool:
        return self.repo.state(card.id).flagged

    def next_due(self, now: datetime) -> datetime | None:
        return self.repo.next_due_time(
            now,
            **self._filters(),
        )

    def remaining(self, now: datetime) -> str:
        counts = self.repo.queue_counts(
            now,
            **self._filters(),
        )
        return f"{counts.new} new · {counts.learning} learning · {counts.review} due"


@dataclass
class ListSource:
    """A fixed list of cards, asked in order once each; ``repo=None`` writes nothing (preview)."""

    cards: Sequence[Card]
    repo: Repository | None = None
    mode: Mode = Mode.PRACTICE
    done: set[str] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)

    @property
    def records(self) -> bool:
        return self.repo is not None

    def next_card(self, now: datetime, exclude: frozenset[str]) -> Card | None:
        for card in self.cards:
            if card.id not in self.done and card.id not in exclude:
                return card
        return None

    def record(self, answer: StoredAnswer) -> ReviewRecord | None:
        self.done.add(answer.card.id)
        if self.repo is None:
            return None
        return _store(self.repo, self.mode, answer)

    def change_rating(self, review_id: int | None, rating: Rating) -> None:
        if self.repo is not None and review_id is not None:
            self.repo.change_rating(review_id, rating)

    def undo(self, review_id: int | None, card: Card) -> None:
        self.done.discard(card.id)
        if self.repo is not None and review_id is not None:
            self.repo.undo_review(review_id)

    def bury(self, card: Card, now: datetime) -> None:
        self.done.add(card.id)
        if self.repo is not None:
            self.repo.bury(card.id, now)

    def suspend(self, card: Card) -> None:
        self.done.add(card.id)
        if self.repo is not None:
            self.repo.suspend(card.id, True)

    def unbury(self, card: Card) -> None:
        self.done.discard(card.id)
        if self.repo is not None:
            self.repo.unbury(card.id)

    def unsuspend(self, card: Card) -> None:
        self.done.discard(card.id)
        if self.repo is not None:
            self.repo.suspend(card.id, False)

    def flag(self, card: Card, flagged: bool) -> None:
        (self.flags.add if flagged else self.flags.discard)(card.id)
        if self.repo is not None:
            self.repo.flag(card.id, flagged)

    def flagged(self, card: Card) -> bool:
        if self.repo is not None:
            return self.repo.state(card.id).flagged
        return card.id in self.flags

    def next_due(self, now: datetime) -> datetime | None:
        return None

    def remaining(self, now: datetime) -> str:
        left = sum(1 for card in self.cards if card.id not in self.done)
        return f"{left} of {len(self.cards)} left"


@dataclass
class Answered:
    """One answer of this session, kept for undo and the summary."""

    card: Card
    review_id: int | None
    verdict: Verdict
    score: float
    rating: Rating | None


@dataclass
class SessionTally:
    """What the summary shows: cards answered, how many right, time spent."""

    started: datetime
    answers: list[Answered] = field(default_factory=list)

    def add(self, answered: Answered) -> None:
        self.answers.append(answered)

    def pop(self) -> Answered | None:
        return self.answers.pop() if self.answers else None

    @property
    def reviewed(self) -> int:
        return len(self.answers)

    @property
    def graded(self) -> int:
        """Answers with a grade (flip cards count by their rating)."""
        return len(self.answers)

    @property
    def correct(self) -> int:
        """Answers whose stored rating is not Again: one rule for every kind, as Anki counts."""
        return sum(a.rating is not None and a.rating > Rating.AGAIN for a in self.answers)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.graded if self.graded else None

    def seconds(self, now: datetime) -> int:
        return max(0, int((now - self.started).total_seconds()))
