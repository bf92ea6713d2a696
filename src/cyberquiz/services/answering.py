"""Answering one card, the one use case behind study, practice and preview.

An answer goes grade → proposed rating → store → undo record, in that order, through
:meth:`Answering.answer` (or :meth:`Answering.rate_self` for a flip card). Re-ratings, bury,
suspend and flag go through the same object, so that :meth:`Answering.undo` takes them back in
the order they were done, as Anki's undo does. No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from cyberquiz.core.answers import Answer, Grade, Rating, Verdict
from cyberquiz.core.cards import Card
from cyberquiz.core.state import StoredAnswer
from cyberquiz.services.sources import Answered, CardSource, SessionTally

#: the longest think time stored for one answer (a student who walked away is not "slow")
MAX_RESPONSE_MS = 10 * 60 * 1000


def is_unreadable(grade: Grade) -> bool:
    """Whether the checker could not read the answer (it is sent back, nothing is stored)."""
    return grade.verdict == Verdict.UNREADABLE


def sent_back(card: Card, answer: Answer) -> str | None:
    """The checker's message when it cannot read ``answer`` (the exam keeps it for a retry)."""
    from cyberquiz.core.grading import grade as grade_answer

    grade = grade_answer(card, answer)
    return (grade.message or "Please try again.") if is_unreadable(grade) else None


class StepKind(StrEnum):
    """What an undo record takes back."""

    ANSWER = "answer"
    RATING = "rating"
    BURY = "bury"
    SUSPEND = "suspend"
    FLAG = "flag"


@dataclass(frozen=True, slots=True)
class Step:
    """One undoable step: what was done to which card, and what to restore."""

    kind: StepKind
    card: Card
    review_id: int | None = None
    rating_before: Rating | None = None
    flagged_before: bool = False

    def describe(self) -> str:
        """What undoing this step did, for a notice."""
        return {
            StepKind.ANSWER: "Answer undone.",
            StepKind.RATING: "Rating change undone.",
            StepKind.BURY: "Bury undone: the card is back.",
            StepKind.SUSPEND: "Suspend undone: the card is back.",
            StepKind.FLAG: "Flag change undone.",
        }[self.kind]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of answering: the grade, the rating stored and the review id.

    ``sent_back`` is the checker's message when it could not read the answer: then nothing was
    stored and the student should try again.
    """

    grade: Grade | None
    rating: Rating | None
    review_id: int | None
    sent_back: str | None = None
    #: the clock was this far behind the card's last answer: the answer is dated then
    clock_behind: timedelta | None = None

    @property
    def clock_notice(self) -> str | None:
        """One line for the student when the clock went back (``None`` otherwise)."""
        if self.clock_behind is None:
            return None
        return (
            f"Your clock is {_duration(self.clock_behind)} behind this card's last answer, "
            "so this answer is dated at that one."
        )


def _duration(delta: timedelta) -> str:
    """``3 days``, ``2 h``, ``5 min`` or ``40 s``: the largest unit, rounded down."""
    seconds = int(delta.total_seconds())
    for size, unit in ((86_400, " days"), (3600, " h"), (60, " min")):
        if seconds >= size:
            count = seconds // size
            return f"{count}{' day' if unit == ' days' and count == 1 else unit}"
    return f"{max(seconds, 1)} s"


def response_ms(shown_at: datetime | None, now: datetime) -> int:
    """Milliseconds from showing the card to ``now``, capped at :data:`MAX_RESPONSE_MS`."""
    if shown_at is None:
        return 0
    elapsed = int((now - shown_at).total_seconds() * 1000)
    return max(0, min(elapsed, MAX_RESPONSE_MS))


class Answering:
    """Grade, rate, store and undo the answers of one session on one :class:`CardSource`.

    Every method that writes raises the source's ``StorageError`` unchanged and then leaves the
    tally and the undo stack as they were: a failed write changes nothing.
    """

    def __init__(self, source: CardSource, started: datetime) -> None:
        self.source = source
        self.tally = SessionTally(started=started)
        self.steps: list[Step] = []

    # -- answers -----------------------------------------------------------------------------

    def answer(self, card: Card, answer: Answer, *, now: datetime, response_ms: int) -> Outcome:
        """Grade ``answer``, propose a rating and store both (nothing when it is unreadable)."""
        from cyberquiz.core.rating import rated_answer

        stored = rated_answer(card, answer, now=now, response_ms=response_ms)
        grade = stored.grade
        assert grade is not None
        if is_unreadable(grade):
            return Outcome(grade, None, None, sent_back=grade.message or "Please try again.")
        review = self.source.record(stored)
        review_id = review.id if review is not None else None
        self.tally.add(Answered(card, review_id, grade.verdict, grade.score, stored.proposed))
        self.steps.append(Step(StepKind.ANSWER, card, review_id))
        behind = review.clock_behind if review is not None else None
        return Outcome(grade, stored.proposed, review_id, clock_behind=behind)

    def rate_self(
        self, card: Card, rating: Rating | None, *, now: datetime, response_ms: int
    ) -> Outcome:
        """Store a flip card's self-rating (``None`` where nothing is rated: practice, preview)."""
        from cyberquiz.core.serialize import answer_to_json

        review = self.source.record(
            StoredAnswer(
                card=card,
                now=now,
                answer_json=answer_to_json(card, None),
                grade=None,
                proposed=None,
                rating=rating,
                response_ms=response_ms,
            )
        )
        review_id = review.id if review is not None else None
        self.tally.add(Answered(card, review_id, Verdict.SELF, 0.0, rating))
        self.steps.append(Step(StepKind.ANSWER, card, review_id))
        behind = review.clock_behind if review is not None else None
        return Outcome(None, rating, review_id, clock_behind=behind)

    def rerate(self, rating: Rating) -> bool:
        """Store ``rating`` instead of the last answer's; False when it was already that."""
        last = self.tally.answers[-1] if self.tally.answers else None
        if last is None or last.rating == rating:
            return False
        self.source.change_rating(last.review_id, rating)
        self.steps.append(Step(StepKind.RATING, last.card, last.review_id, last.rating))
        last.rating = rating
        return True

    def moved_on(self) -> None:
        """The student left the feedback: its re-ratings are now part of the answer's undo."""
        while self.steps and self.steps[-1].kind is StepKind.RATING:
            self.steps.pop()

    # -- putting cards away ----------------------------------------------------------------------

    def bury(self, card: Card, now: datetime) -> None:
        """Hide ``card`` until tomorrow."""
        self.source.bury(card, now)
        self.steps.append(Step(StepKind.BURY, card))

    def suspend(self, card: Card) -> None:
        """Take ``card`` out of study."""
        self.source.suspend(card)
        self.steps.append(Step(StepKind.SUSPEND, card))

    def toggle_flag(self, card: Card) -> bool:
        """Flag ``card`` or remove its flag; the new flag."""
        before = self.source.flagged(card)
        self.source.flag(card, not before)
        self.steps.append(Step(StepKind.FLAG, card, flagged_before=before))
        return not before

    # -- undo ----------------------------------------------------------------------------------

    def undo(self) -> Step | None:
        """Take back the latest step (None when there is none); the step undone."""
        if not self.steps:
            return None
        step = self.steps[-1]
        match step.kind:
            case StepKind.ANSWER:
                self.source.undo(step.review_id, step.card)
                self.tally.pop()
            case StepKind.RATING:
                assert step.rating_before is not None
                self.source.change_rating(step.review_id, step.rating_before)
                if self.tally.answers:
                    self.tally.answers[-1].rating = step.rating_before
            case StepKind.BURY:
                self.source.unbury(step.card)
            case StepKind.SUSPEND:
                self.source.unsuspend(step.card)
            case StepKind.FLAG:
                self.source.flag(step.card, step.flagged_before)
        self.steps.pop()
        return step
