"""What a student gives, and what the grader says about it.

Answers are plain values, one shape per kind, all indices referring to the card's own (unshuffled)
order, so that a stored answer means the same thing whatever order the options were shown in:

=============  ===========================================================================
kind           answer
=============  ===========================================================================
flip           ``None`` (flip cards are self-graded: the student picks the rating)
typed, date    ``str`` as typed
number         ``str`` as typed (read as a number by the grader)
choice         ``int | None``: index into ``options``
multi          ``frozenset[int]``: indices into ``options``
truefalse      ``bool | None``
cloze          ``tuple[str, ...]``: one string per gap
order          ``tuple[int, ...]``: indices into ``items`` in the order the student put them
match          ``tuple[int | None, ...]``: for each left item (by index), the index of the
               right item the student paired it with, or ``None``
=============  ===========================================================================

An empty answer (``""``, ``None``, empty set, all-empty gaps) is :attr:`Verdict.EMPTY`: it reveals
the answer and counts as Again. An answer the grader cannot read (no date in it, a day and month
that could be either way round, no number on a number card, one gap or
pair left empty among filled ones) is :attr:`Verdict.UNREADABLE`: the screens give it back to
the student with the grade's message and record nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import TypeAlias

Answer: TypeAlias = (
    str
    | int
    | bool
    | frozenset[int]
    | tuple[str, ...]
    | tuple[int, ...]
    | tuple[int | None, ...]
    | None
)


class Verdict(StrEnum):
    """How an answer was judged."""

    RIGHT = "right"
    ALMOST = "almost"  # right but for a small typo
    PARTIAL = "partial"  # partly right (partial credit)
    WRONG = "wrong"
    EMPTY = "empty"  # nothing given: the answer is revealed
    UNREADABLE = "unreadable"  # not an answer yet (no date in it, a gap left empty): ask again
    SELF = "self"  # flip card: the student grades themself


class Rating(IntEnum):
    """Scheduler ratings, the same numbers as ``fsrs.Rating``."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class Mode(StrEnum):
    """Why an answer was given; only ``study`` (and ``exam`` when asked) moves the schedule."""

    STUDY = "study"
    PRACTICE = "practice"
    EXAM = "exam"


@dataclass(frozen=True, slots=True)
class Mark:
    """One element of an answer judged on its own (a gap, an option, an item, a pair).

    ``given`` and ``expected`` are display text; ``ok`` says whether this element was right.
    """

    label: str
    given: str
    expected: str
    ok: bool


@dataclass(frozen=True, slots=True)
class Grade:
    """The grader's judgement of one answer.

    Attributes:
        score: in [0, 1]; 1 is fully right.
        verdict: the category shown to the student.
        expected: the expected answer as display text.
        given: the student's answer as display text.
        marks: per-element detail (gaps, options, misplaced order items, wrong pairs).
        message: a short human sentence, e.g. "Almost: check the spelling".
        closest: for an almost-right typed answer, the accepted answer it nearly matched (the
            one to diff against; it may be an alternative rather than ``expected``).
        penalty: the points an exam takes away for this answer (an option whose author gave it
            a negative credit); ``score`` is then 0.
    """

    score: float
    verdict: Verdict
    expected: str
    given: str = ""
    marks: tuple[Mark, ...] = ()
    message: str = ""
    closest: str = ""
    penalty: float = 0.0

    @property
    def correct(self) -> bool:
        return self.verdict in (Verdict.RIGHT, Verdict.ALMOST)
