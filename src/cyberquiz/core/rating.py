"""From a graded answer to the rating proposed to the scheduler.

============================================================  =========
grade                                                         proposed
============================================================  =========
flip card (self-graded)                                       ``None``
UNREADABLE (given back to the student; nothing is recorded)   ``None``
WRONG or EMPTY                                                AGAIN
PARTIAL below half credit (score < :data:`PASS_SCORE`)        AGAIN
PARTIAL from half credit, ALMOST, a hint was used, or slow    HARD
RIGHT                                                         GOOD
RIGHT and fast (and no hint)                                  EASY
============================================================  =========

A match with 2 of 6 pairs or an order at 40% is mostly wrong: proposing Hard would count it as
a pass and move the card's next review further away.

"Fast" and "slow" depend on how much there is to read and type. For a card,

* ``fast_ms = FAST_BASE_MS[kind] + READ_FAST_MS_PER_CHAR × chars_read + typing``
* ``slow_ms = SLOW_BASE_MS[kind] + READ_SLOW_MS_PER_CHAR × chars_read + typing``
* ``typing = TYPE_MS_PER_CHAR × chars_typed``

where ``chars_read`` counts the question plus every option, item or pair shown, and
``chars_typed`` the expected answer for kinds that are typed (typed, date, cloze gaps).
An answer is fast when ``response_ms <= fast_ms`` and slow when ``response_ms >= slow_ms``.
A ``response_ms`` of 0 or less means "not measured": never fast, never slow.

Each kind's ``fast_base_ms`` and ``slow_base_ms``, its ``chars_read`` and ``chars_typed``, are in
its module under :mod:`cyberquiz.core.kinds` (a true/false card: 2,500 and 20,000).

With ``READ_FAST_MS_PER_CHAR = 15`` (a quick reader, about 65 characters a second; a fast answer
means the student barely needed to think), ``READ_SLOW_MS_PER_CHAR = 60`` and
``TYPE_MS_PER_CHAR = 250``. For example a 60-character true/false statement is fast under 3.4 s and
slow from 23.6 s; a typed answer "Budapest" to a 50-character prompt is fast under 6.75 s.
"""

from __future__ import annotations

from datetime import datetime

from cyberquiz.core.answers import Answer, Grade, Rating, Verdict
from cyberquiz.core.cards import Card, Kind
from cyberquiz.core.kinds import KINDS, rules_for
from cyberquiz.core.state import StoredAnswer

FAST_BASE_MS: dict[Kind, int] = {kind: rules.fast_base_ms for kind, rules in KINDS.items()}
SLOW_BASE_MS: dict[Kind, int] = {kind: rules.slow_base_ms for kind, rules in KINDS.items()}
#: The least partial credit that still proposes a pass (Hard); below it, Again.
PASS_SCORE = 0.5
#: Reading allowance per character shown, for "fast".
READ_FAST_MS_PER_CHAR = 15
#: Reading allowance per character shown, for "slow".
READ_SLOW_MS_PER_CHAR = 60
#: Typing allowance per character of the expected answer (both thresholds).
TYPE_MS_PER_CHAR = 250


def response_thresholds(card: Card) -> tuple[int, int]:
    """The (fast, slow) response times for ``card`` in milliseconds.

    Args:
        card: the card asked.

    Returns:
        ``(fast_ms, slow_ms)``: answers at or under ``fast_ms`` are fast, at or over ``slow_ms``
        slow. ``(0, 0)`` for flip cards, which are self-graded.
    """
    rules = rules_for(card)
    if rules.self_graded:
        return (0, 0)
    read, typed = rules.chars_read(card), rules.chars_typed(card) * TYPE_MS_PER_CHAR
    fast = FAST_BASE_MS[card.kind] + READ_FAST_MS_PER_CHAR * read + typed
    slow = SLOW_BASE_MS[card.kind] + READ_SLOW_MS_PER_CHAR * read + typed
    return (fast, slow)


def propose_rating(
    grade: Grade, response_ms: int, card: Card, *, hinted: bool = False
) -> Rating | None:
    """The rating to propose for a graded answer (the student may change it).

    Args:
        grade: the grader's judgement.
        response_ms: time from showing the card to the answer; 0 or less if not measured.
        card: the card answered (its kind and text length scale the time thresholds).
        hinted: the student asked for a hint before answering.

    Returns:
        The proposed rating, or ``None`` for a self-graded flip card and for an answer that
        could not be read (it is given back to the student, not recorded).
    """
    if rules_for(card).self_graded or grade.verdict in (Verdict.SELF, Verdict.UNREADABLE):
        return None
    if grade.verdict in (Verdict.WRONG, Verdict.EMPTY):
        return Rating.AGAIN
    if grade.verdict is Verdict.PARTIAL and grade.score < PASS_SCORE:
        return Rating.AGAIN
    fast_ms, slow_ms = response_thresholds(card)
    measured = response_ms > 0
    if grade.verdict is not Verdict.RIGHT or hinted or (measured and response_ms >= slow_ms):
        return Rating.HARD
    if measured and response_ms <= fast_ms:
        return Rating.EASY
    return Rating.GOOD


def rated_answer(
    card: Card,
    answer: Answer,
    *,
    now: datetime,
    response_ms: int,
    grade: Grade | None = None,
) -> StoredAnswer:
    """Grade ``answer`` (unless ``grade`` is given), propose its rating: the answer to store.

    The one path from an answer to what is stored, for study, practice and exams. An
    UNREADABLE grade comes back with no rating: the caller gives the answer back instead.
    """
    from cyberquiz.core.serialize import answer_to_json  # sibling core module, used here only

    if grade is None:
        from cyberquiz.core.grading import grade as grade_answer

        grade = grade_answer(card, answer)
    proposed = propose_rating(grade, response_ms, card)
    return StoredAnswer(
        card=card,
        now=now,
        answer_json=answer_to_json(card, answer),
        grade=grade,
        proposed=proposed,
        rating=proposed,
        response_ms=response_ms,
    )
