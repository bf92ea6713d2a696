"""Option credits of choice and multi cards: how much of the marks each option is worth.

A credit is between -1 and 1: 1 is fully right, 0 wrong, between them partial credit, and a
negative credit a penalty. A single-answer (choice) card scores the credit of the option picked;
a multi card scores the sum of the credits of the options picked, floored at 0 and capped at 1
(Moodle's multiple-answer rule). Cards written without credits keep their old rules, which are
the same as credits of 1 for the answer and 0 for the rest (choice), or ``1/n`` for each of the
``n`` right options and ``-1/n`` for each wrong one (multi).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence

from cyberquiz.core.kinds.base import SerializeError

#: Credits closer than this are the same (Moodle writes a third as 33.33333 %).
CREDIT_TOLERANCE = 1e-6
#: Positive multi credits must add up to 1 within this (Moodle rounds the total to 2 decimals).
TOTAL_TOLERANCE = 0.005

_WORDS = {1.0: "full credit", 0.5: "half credit", 0.25: "a quarter of the credit"}


def same_credit(a: float, b: float) -> bool:
    """Whether two credits are the same, written with different precision."""
    return abs(a - b) <= CREDIT_TOLERANCE


def is_full(credit: float) -> bool:
    """Whether ``credit`` is full credit (1)."""
    return credit >= 1.0 - CREDIT_TOLERANCE


def percent_text(credit: float) -> str:
    """``50%``, ``33.33%``, ``-25%``: a credit as a percentage, without trailing zeros."""
    text = f"{credit * 100:.2f}".rstrip("0").rstrip(".")
    return ("0" if text == "-0" else text) + "%"


def credit_words(credit: float) -> str:
    """How a credit reads in feedback: ``half credit``, ``40% credit``, ``a penalty of 25%``."""
    if credit < 0:
        return f"a penalty of {percent_text(-credit)}"
    for value, words in _WORDS.items():
        if same_credit(credit, value):
            return words
    if same_credit(credit, 0.0):
        return "no credit"
    return f"{percent_text(credit)} credit"


def clamp_score(total: float) -> float:
    """A sum of credits as a score in [0, 1] (a sum within the tolerance of 1 is 1)."""
    if is_full(total):
        return 1.0
    return max(0.0, total)


def multi_total(credits: Sequence[float], picks: Collection[int]) -> float:
    """The sum of the credits of the options picked (out-of-range picks count 0)."""
    return math.fsum(credits[i] for i in picks if 0 <= i < len(credits))


def default_multi_credits(n_options: int, answers: Collection[int]) -> tuple[float, ...]:
    """The credits a multi card without credits scores by: ``±1/n`` for ``n`` right options."""
    share = 1.0 / max(1, len(answers))
    return tuple(share if i in answers else -share for i in range(n_options))


def default_choice_credits(n_options: int, answer: int) -> tuple[float, ...]:
    """The credits a choice card without credits scores by: 1 for the answer, 0 for the rest."""
    return tuple(1.0 if i == answer else 0.0 for i in range(n_options))


def kept_credits(credits: Sequence[float], default: Sequence[float]) -> tuple[float, ...]:
    """``credits``, or ``()`` when they score exactly as the ``default`` rule does.

    A card keeps credits only when they change its grading, so a deck or an import that writes
    the usual credits out stores the same card as one that leaves them out.
    """
    if len(credits) == len(default) and all(
        same_credit(c, d) for c, d in zip(credits, default, strict=True)
    ):
        return ()
    return tuple(float(c) for c in credits)


def read_credits(d: Mapping[str, object], n_options: int) -> tuple[float, ...]:
    """The optional ``credits`` of a stored card: ``()`` or one number in [-1, 1] per option."""
    value = d.get("credits")
    if value is None:
        return ()
    if (
        not isinstance(value, list)
        or len(value) != n_options
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in value)
        or not all(-1.0 <= c <= 1.0 for c in value)
    ):
        raise SerializeError(f"'credits' should be {n_options} numbers from -1 to 1, not {value!r}")
    return tuple(float(c) for c in value)
