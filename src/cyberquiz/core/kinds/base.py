"""What every card kind shares: the common card fields, and the rules each kind module provides.

A kind module (``core/kinds/<kind>.py``) defines its card dataclass (a :class:`CardBase`) and one
:class:`KindRules` object; the registry in ``core/kinds/__init__`` maps each :class:`Kind` to it.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypedDict, TypeGuard, TypeVar

from cyberquiz.core.answers import Answer, Grade, Verdict
from cyberquiz.core.areas import area_of_tags

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue

#: Shown for a part of an answer that was left empty.
BLANK = "—"


class Kind(StrEnum):
    """The card kinds of the deck format."""

    FLIP = "flip"
    TYPED = "typed"
    DATE = "date"
    CHOICE = "choice"
    MULTI = "multi"
    TRUEFALSE = "truefalse"
    CLOZE = "cloze"
    ORDER = "order"
    MATCH = "match"
    NUMBER = "number"


class SerializeError(ValueError):
    """Stored data that does not describe a card or an answer of the expected shape."""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a card (or deck) was written: a file path as text and a 1-based line."""

    path: str
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CardBase:
    """Fields every kind has."""

    id: str
    deck_id: str
    tags: tuple[str, ...] = ()
    explain: str = ""
    source: str = ""
    note: str = ""
    origin: Origin | None = None

    @property
    def kind(self) -> Kind:  # overridden by each kind
        raise NotImplementedError

    @property
    def area(self) -> str | None:
        """The first tag that is one of :data:`~cyberquiz.core.areas.AREAS`, if any."""
        return area_of_tags(self.tags)

    @property
    def question(self) -> str:
        """The text that asks the question, as the author wrote it (front, prompt, statement...).

        Screens and exports show :func:`cyberquiz.core.kinds.question_text` instead.
        """
        raise NotImplementedError


class Common(TypedDict):
    """The :class:`CardBase` fields, read back from a stored card."""

    id: str
    deck_id: str
    tags: tuple[str, ...]
    explain: str
    source: str
    note: str
    origin: Origin | None


C = TypeVar("C", bound=CardBase)
T = TypeVar("T")


class KindRules(ABC, Generic[C]):
    """Everything that differs by kind, for cards of type ``C``.

    Answers use the shapes of :mod:`cyberquiz.core.answers`; the ``answer`` given to
    :meth:`grade_given` and the display methods already has the kind's shape and is not empty.
    """

    kind: ClassVar[Kind]
    card_type: ClassVar[type[CardBase]]
    #: What the card asks the student to do, shown in the card header ("choose one").
    label: ClassVar[str]
    #: The student grades themself (no grading, no proposed rating, no timing rules).
    self_graded: ClassVar[bool] = False
    #: After a miss in study the student may type the right answer once to go on (Quizlet's
    #: Learn mode): for kinds answered by typing one phrase.
    retypes_after_miss: ClassVar[bool] = False
    #: A wrong answer loses the exam's guessing penalty (one right option among a few).
    guess_penalty: ClassVar[bool] = False
    #: Base response times of the rating rules (see :mod:`cyberquiz.core.rating`).
    fast_base_ms: ClassVar[int] = 0
    slow_base_ms: ClassVar[int] = 0

    # -- stored form -------------------------------------------------------------------------

    @abstractmethod
    def fields_to_dict(self, card: C) -> dict[str, JSONValue]:
        """The kind's own fields as JSON-able values."""

    @abstractmethod
    def card_from_dict(self, d: Mapping[str, Any], common: Common) -> C:
        """The card from :meth:`fields_to_dict` output plus its common fields.

        ``d`` is read back from JSON, unchecked (hence ``Any``): a kind takes it as
        ``Mapping[str, object]`` when it checks every value, or uses the values as its shape says
        and lets a wrong one raise.

        Raises:
            SerializeError, KeyError, TypeError, ValueError: when ``d`` has the wrong shape.
        """

    @abstractmethod
    def answer_to_value(self, card: C, answer: Answer) -> JSONValue:
        """The answer as a JSON-able value (``answer`` may be None or empty)."""

    @abstractmethod
    def answer_from_value(self, card: C, value: object) -> Answer:
        """The answer back from :meth:`answer_to_value` output, read back from JSON: any value,
        checked here.

        Raises:
            SerializeError: when ``value`` is not the kind's shape.
        """

    @abstractmethod
    def is_answer_shape(self, card: C, answer: Answer) -> bool:
        """Whether a non-None ``answer`` has the kind's shape (indices are not range-checked)."""

    def is_empty(self, card: C, answer: Answer) -> bool:
        """Whether an answer of the kind's shape says nothing."""
        return answer is None

    # -- grading -----------------------------------------------------------------------------

    def grade(self, card: C, answer: Answer) -> Grade:
        """Judge ``answer``: unreadable shapes are WRONG, empty ones EMPTY, the rest the kind's."""
        expected = self.expected_text(card)
        if not (answer is None or self.is_answer_shape(card, answer)):
            return Grade(0.0, Verdict.WRONG, expected, BLANK, (), "This answer could not be read.")
        if self.is_empty(card, answer):
            return Grade(0.0, Verdict.EMPTY, expected, BLANK, (), "No answer: here it is.")
        return self.grade_given(card, answer, expected, self.answer_text(card, answer))

    @abstractmethod
    def grade_given(self, card: C, answer: Answer, expected: str, given: str) -> Grade:
        """Judge a non-empty answer of the kind's shape."""

    def answer_credit(self, card: C, answer: Answer) -> float | None:
        """The credit the author gave what ``answer`` picked, for cards whose options carry
        credits (a penalty is negative); ``None`` for every other card or an empty answer."""
        return None

    # -- plain text --------------------------------------------------------------------------

    def question_text(self, card: C) -> str:
        """The question as a student sees it, in plain text."""
        return card.question

    @abstractmethod
    def answer_text(self, card: C, answer: Answer) -> str:
        """The student's answer as plain text (``—`` when empty)."""

    @abstractmethod
    def expected_text(self, card: C) -> str:
        """The right answer as plain text."""

    # -- timing and presentation -------------------------------------------------------------

    def chars_read(self, card: C) -> int:
        """How many characters the student reads (question, options, items...)."""
        return len(card.question)

    def chars_typed(self, card: C) -> int:
        """How many characters the student types for the right answer (0 if nothing is typed)."""
        return 0

    def presentation(self, card: C, rng: random.Random) -> tuple[int, ...]:
        """The display order of the card's options, items or right-hand sides (``()``: none)."""
        return ()


# -- helpers shared by the kind modules -----------------------------------------------------------


def read_str(d: Mapping[str, object], key: str) -> str:
    """``d[key]``, which must be text."""
    value = d[key]
    if not isinstance(value, str):
        raise SerializeError(f"{key!r} should be text, not {value!r}")
    return value


def read_int(value: object, what: str) -> int:
    """``value``, which must be an integer (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise SerializeError(f"{what} should be an integer, not {value!r}")
    return value


def read_strs(d: Mapping[str, object], key: str) -> tuple[str, ...]:
    """``d[key]``, which must be a list of text."""
    value = d[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SerializeError(f"{key!r} should be a list of text, not {value!r}")
    return tuple(value)


def read_list(value: object, check: Callable[[object], TypeGuard[T]], what: str) -> list[T]:
    """``value``, which must be a list whose items pass ``check`` (so are ``T``s)."""
    if not isinstance(value, list) or not all(check(v) for v in value):
        raise SerializeError(f"expected a list of {what}, not {value!r}")
    return value


def is_int(value: object) -> TypeGuard[int]:
    """An int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def option_text(options: tuple[str, ...], index: int | None) -> str:
    """The text of option ``index`` (``—`` for None, a question mark when out of range)."""
    if index is None:
        return BLANK
    return options[index] if 0 <= index < len(options) else f"(option {index + 1}?)"


def right_or_wrong(ok: bool, expected: str, given: str) -> Grade:
    """RIGHT 1 or WRONG 0, with the usual messages."""
    if ok:
        return Grade(1.0, Verdict.RIGHT, expected, given, (), "Right.")
    return Grade(0.0, Verdict.WRONG, expected, given, (), f"Wrong: the answer is {expected}.")


def verdict_for(score: float, all_right: bool) -> Verdict:
    """RIGHT when all is right, else PARTIAL above 0, else WRONG."""
    if all_right:
        return Verdict.RIGHT
    return Verdict.PARTIAL if score > 0 else Verdict.WRONG


def shuffled(n: int, rng: random.Random) -> tuple[int, ...]:
    """A shuffled ``range(n)``."""
    order = list(range(n))
    rng.shuffle(order)
    return tuple(order)


def shuffled_not_identity(n: int, rng: random.Random) -> tuple[int, ...]:
    """A shuffled ``range(n)`` that is never ``range(n)`` itself when ``n >= 2``."""
    if n < 2:
        return tuple(range(n))
    identity = tuple(range(n))
    # at most 1/n! of draws are the identity, so this ends quickly (≤ 2 draws on average)
    while True:
        order = shuffled(n, rng)
        if order != identity:
            return order
