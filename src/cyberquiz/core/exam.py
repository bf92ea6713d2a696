"""Exams: settings, drawing the questions, the session state machine and scoring. Pure.

An exam is drawn from the cards of the chosen decks, areas and tags with a seeded
``random.Random``, spread across the areas in proportion to their size (largest remainder), so
that the same seed and the same decks give every student the same questions in the same order
with the same option order. Flip cards are left out: they are self-graded and an exam gives no
feedback until the end.

During the exam :class:`ExamSession` holds the answers, the flags and the time spent on each
question (from the ``now`` arguments: the session never reads a clock). The time limit counts the
time spent in the exam: a resumed exam continues with the time it had left when it was left.
When the time is up, :meth:`ExamSession.submit` marks the exam ``timed_out`` and scores it as it
stands.

Scoring: each question scores ``grade(card, answer).score`` in [0, 1] (partial credit for multi,
order, match, date, cloze and choice options with credit come from the grader); a wrong *choice*
answer scores ``-penalty`` instead of 0 when a penalty is set, or minus the option's own
negative credit when its author gave it one (unanswered questions never lose points). The total
percent is ``max(0, points) / questions * 100``; the band is the first of :data:`BANDS` whose
threshold the percent reaches: excellent ≥ 90, good ≥ 75, satisfactory ≥ 60, pass ≥ 50, else fail.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from cyberquiz.core.answers import Answer, Grade, Verdict
from cyberquiz.core.cards import AREAS, ORGANIZATIONS, Card
from cyberquiz.core.cards import OTHER_AREA as OTHER_AREA  # re-exported: the exam screen
from cyberquiz.core.kinds import rules_for
from cyberquiz.core.present import presentation

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue

#: (lowest percent, band), best first.
BANDS: tuple[tuple[float, str], ...] = (
    (90.0, "excellent"),
    (75.0, "good"),
    (60.0, "satisfactory"),
    (50.0, "pass"),
    (0.0, "fail"),
)

#: Tags that name an international organization; results are broken down by these.
ORGANIZATION_TAGS: frozenset[str] = frozenset(ORGANIZATIONS)

DEFAULT_COUNT = 20


class ExamError(Exception):
    """An exam that cannot be set up or continued; the message says why."""


class ExamClosed(ExamError):
    """The exam is no longer running (submitted, timed out or abandoned)."""


class ExamStatus(StrEnum):
    RUNNING = "running"
    SUBMITTED = "submitted"
    TIMED_OUT = "timed_out"
    ABANDONED = "abandoned"


@dataclass(frozen=True, slots=True)
class ExamSettings:
    """What an exam draws from and how it is marked.

    Attributes:
        deck_ids: decks to draw from; empty = all decks.
        areas: areas to draw from (names of :data:`AREAS` or ``"other"``); empty = all.
        tags: a card qualifies if it has any of these tags; empty = any card.
        count: number of questions (fewer if fewer cards qualify).
        minutes: time limit; ``None`` = untimed.
        seed: the seed of the draw; ``None`` until :meth:`with_seed` picks one.
        penalty: points lost for a wrong choice answer (e.g. 0.25); 0 = no negative marking.
        update_schedule: whether the exam's answers move the FSRS schedule.
        class_exam: the id of the class exam (set by an instructor) this sitting is of.
    """

    deck_ids: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    count: int = DEFAULT_COUNT
    minutes: float | None = None
    seed: int | None = None
    penalty: float = 0.0
    update_schedule: bool = False
    class_exam: int | None = None

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ExamError(f"An exam needs at least 1 question, not {self.count}.")
        if self.minutes is not None and self.minutes <= 0:
            raise ExamError(f"The time limit must be positive minutes, not {self.minutes}.")
        if not 0 <= self.penalty <= 1:
            raise ExamError(f"The penalty must be between 0 and 1, not {self.penalty}.")
        unknown = [a for a in self.areas if a not in (*AREAS, OTHER_AREA)]
        if unknown:
            raise ExamError(
                f"Unknown area {unknown[0]!r}; choose from {', '.join((*AREAS, OTHER_AREA))}."
            )

    def with_seed(self, rng: random.Random) -> ExamSettings:
        """These settings with a seed: the given one, or a fresh one drawn from ``rng``."""
        if self.seed is not None:
            return self
        return replace(self, seed=rng.randrange(1, 2**31))

    @property
    def limit(self) -> timedelta | None:
        return None if self.minutes is None else timedelta(minutes=self.minutes)

    def to_dict(self) -> dict[str, JSONValue]:
        """JSON-able form (lists for tuples)."""
        data: dict[str, JSONValue] = {
            "deck_ids": list(self.deck_ids),
            "areas": list(self.areas),
            "tags": list(self.tags),
            "count": self.count,
            "minutes": self.minutes,
            "seed": self.seed,
            "penalty": self.penalty,
            "update_schedule": self.update_schedule,
        }
        return data | ({} if self.class_exam is None else {"class_exam": self.class_exam})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExamSettings:
        return cls(
            deck_ids=tuple(data.get("deck_ids") or ()),
            areas=tuple(data.get("areas") or ()),
            tags=tuple(data.get("tags") or ()),
            count=int(data.get("count") or DEFAULT_COUNT),
            minutes=None if data.get("minutes") is None else float(data["minutes"]),
            seed=None if data.get("seed") is None else int(data["seed"]),
            penalty=float(data.get("penalty") or 0.0),
            update_schedule=bool(data.get("update_schedule", False)),
            class_exam=None if data.get("class_exam") is None else int(data["class_exam"]),
        )

    def describe(self) -> str:
        """One line for histories: ``20 questions · 30 min · decks a, b · seed 7``."""
        parts = [f"{self.count} questions"]
        if self.minutes is not None:
            parts.append(f"{self.minutes:g} min")
        if self.deck_ids:
            parts.append("decks " + ", ".join(self.deck_ids))
        if self.areas:
            parts.append("areas " + ", ".join(self.areas))
        if self.tags:
            parts.append("tags " + ", ".join(self.tags))
        if self.penalty:
            parts.append(f"penalty {self.penalty:g}")
        if self.seed is not None:
            parts.append(f"seed {self.seed}")
        return " · ".join(parts)


def area_of(card: Card) -> str:
    """The card's area, or :data:`OTHER_AREA`."""
    return card.area or OTHER_AREA


def filter_cards(
    cards: Iterable[Card],
    *,
    deck_ids: Sequence[str] = (),
    areas: Sequence[str] = (),
    tags: Sequence[str] = (),
) -> list[Card]:
    """The cards in any of ``deck_ids``, of any of ``areas``, with any of ``tags`` (empty = all)."""
    out = []
    for card in cards:
        if deck_ids and card.deck_id not in deck_ids:
            continue
        if areas and area_of(card) not in areas:
            continue
        if tags and not set(tags) & set(card.tags):
            continue
        out.append(card)
    return out


def allocate(sizes: Mapping[str, int], count: int) -> dict[str, int]:
    """Split ``count`` questions across groups in proportion to their ``sizes`` (largest remainder).

    Ties in the remainder go to the larger group, then to the group listed first in
    :data:`AREAS` (then by name). No group gets more than its size.

    Returns:
        group -> number of questions, for every group in ``sizes``.
    """
    total = sum(sizes.values())
    if count >= total:
        return dict(sizes)
    quotas = {g: Fraction(count * n, total) for g, n in sizes.items()}
    shares = {g: int(q) for g, q in quotas.items()}
    left = count - sum(shares.values())

    def rank(g: str) -> tuple[Fraction, int, int, str]:
        position = AREAS.index(g) if g in AREAS else len(AREAS)
        return (-(quotas[g] - shares[g]), -sizes[g], position, g)

    for g in sorted(sizes, key=rank)[:left]:
        shares[g] += 1
    return shares


@dataclass(slots=True)
class ExamItem:
    """One question of an exam as it stands.

    ``order`` is the presentation order of the card's options/items/right-hand sides
    (from :func:`cyberquiz.core.present.presentation`); answers always use the card's own indices.
    """

    card: Card
    order: tuple[int, ...] = ()
    answer: Answer = None
    flagged: bool = False
    time_ms: int = 0

    @property
    def answered(self) -> bool:
        return not is_empty_answer(self.answer)


def is_empty_answer(answer: Answer) -> bool:
    """No answer given: ``None``, blank text, an empty set, all-blank gaps or all-unpaired items."""
    if answer is None:
        return True
    if isinstance(answer, bool | int):
        return False
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, frozenset):
        return not answer
    if isinstance(answer, tuple):
        return all(a is None or (isinstance(a, str) and not a.strip()) for a in answer)
    return False


def draw_exam(cards: Iterable[Card], settings: ExamSettings) -> list[ExamItem]:
    """Draw the exam's questions and their presentation orders.

    Args:
        cards: the candidate cards (e.g. every active card); filtered here by the settings.
        settings: must carry a seed (see :meth:`ExamSettings.with_seed`).

    Returns:
        The items in exam order. The same cards and settings give the same list.

    Raises:
        ExamError: no seed, or no card qualifies.
    """
    if settings.seed is None:
        raise ExamError("An exam needs a seed; call settings.with_seed(rng) first.")
    cards = list(cards)
    pool = [
        c
        for c in filter_cards(
            cards, deck_ids=settings.deck_ids, areas=settings.areas, tags=settings.tags
        )
        if not rules_for(c).self_graded
    ]
    if not pool:
        known_decks = sorted({c.deck_id for c in cards})
        unknown = [d for d in settings.deck_ids if d not in known_decks]
        if unknown:
            raise ExamError(
                f"No deck {unknown[0]!r}; the decks are: {', '.join(known_decks) or 'none'}."
            )
        known_tags = {t for c in cards for t in c.tags}
        unknown = [t for t in settings.tags if t not in known_tags]
        if unknown and len(unknown) == len(settings.tags):
            raise ExamError(f"No card has the tag {unknown[0]!r}; check the spelling.")
        raise ExamError(
            "No question matches these settings (flip cards are not used in exams); "
            "choose other decks, areas or tags."
        )
    rng = random.Random(settings.seed)
    by_area: dict[str, list[Card]] = {}
    for card in sorted(pool, key=lambda c: c.id):  # independent of the order storage returns
        by_area.setdefault(area_of(card), []).append(card)
    shares = allocate({a: len(cs) for a, cs in by_area.items()}, settings.count)
    chosen: list[Card] = []
    for area in sorted(by_area):
        chosen.extend(rng.sample(by_area[area], shares[area]))
    rng.shuffle(chosen)
    return [ExamItem(card=c, order=tuple(presentation(c, rng))) for c in chosen]


@dataclass
class ExamSession:
    """A running exam: where the student is, what they answered and flagged, and the time.

    Every method that changes what the student sees takes ``now`` so the time spent on the
    question being left is added to it. ``used_ms`` is the time spent before this session object
    was made (for a resumed exam it is the sum of the stored per-question times).
    """

    settings: ExamSettings
    items: list[ExamItem]
    started_at: datetime
    entered_at: datetime
    index: int = 0
    status: ExamStatus = ExamStatus.RUNNING
    exam_id: int | None = None
    profile: str = ""
    finished_at: datetime | None = None

    @classmethod
    def start(
        cls,
        settings: ExamSettings,
        items: list[ExamItem],
        now: datetime,
        *,
        exam_id: int | None = None,
        profile: str = "",
    ) -> ExamSession:
        """A new exam on its first question."""
        if not items:
            raise ExamError("An exam needs at least one question.")
        return cls(settings, items, now, now, exam_id=exam_id, profile=profile)

    @property
    def current(self) -> ExamItem:
        return self.items[self.index]

    @property
    def running(self) -> bool:
        return self.status is ExamStatus.RUNNING

    def elapsed(self, now: datetime) -> timedelta:
        """Time spent in the exam so far."""
        spent = sum(item.time_ms for item in self.items)
        if self.running:
            spent += _ms(now - self.entered_at)
        return timedelta(milliseconds=spent)

    def remaining(self, now: datetime) -> timedelta | None:
        """Time left (never negative), or ``None`` when untimed."""
        limit = self.settings.limit
        if limit is None:
            return None
        return max(timedelta(0), limit - self.elapsed(now))

    def is_time_up(self, now: datetime) -> bool:
        left = self.remaining(now)
        return left is not None and left <= timedelta(0)

    def _account(self, now: datetime) -> None:
        """Add the time since the current question was shown to it (capped at the limit)."""
        spent = _ms(now - self.entered_at)
        limit = self.settings.limit
        if limit is not None:
            before = sum(item.time_ms for item in self.items)
            spent = min(spent, max(0, _ms(limit) - before))
        self.current.time_ms += spent
        self.entered_at = now

    def _check_open(self, now: datetime) -> None:
        if not self.running:
            raise ExamClosed(f"The exam is {self.status.value.replace('_', ' ')}.")
        if self.is_time_up(now):
            raise ExamClosed("The time is up.")

    def go_to(self, index: int, now: datetime) -> ExamItem:
        """Show question ``index`` (0-based, clamped to the exam)."""
        self._check_open(now)
        self._account(now)
        self.index = max(0, min(index, len(self.items) - 1))
        return self.current

    def next(self, now: datetime) -> ExamItem:
        return self.go_to(self.index + 1, now)

    def previous(self, now: datetime) -> ExamItem:
        return self.go_to(self.index - 1, now)

    def answer(self, value: Answer, now: datetime) -> ExamItem:
        """Record (or change) the answer to the current question; an empty value clears it.

        Raises:
            ExamClosed: the exam is over or its time is up (submit it then).
        """
        self._check_open(now)
        self._account(now)
        self.current.answer = None if is_empty_answer(value) else value
        return self.current

    def toggle_flag(self) -> bool:
        """Flag or unflag the current question; returns the new flag."""
        if not self.running:
            raise ExamClosed(f"The exam is {self.status.value.replace('_', ' ')}.")
        self.current.flagged = not self.current.flagged
        return self.current.flagged

    def unanswered(self) -> list[int]:
        """0-based positions of the questions without an answer."""
        return [i for i, item in enumerate(self.items) if not item.answered]

    def flagged(self) -> list[int]:
        return [i for i, item in enumerate(self.items) if item.flagged]

    def submit(self, now: datetime) -> ExamResult:
        """End the exam and score it: ``timed_out`` if the time is up at ``now``, else submitted."""
        if not self.running:
            raise ExamClosed(f"The exam is already {self.status.value.replace('_', ' ')}.")
        timed_out = self.is_time_up(now)
        self._account(now)
        self.status = ExamStatus.TIMED_OUT if timed_out else ExamStatus.SUBMITTED
        self.finished_at = now
        return self.result()

    def abandon(self, now: datetime) -> None:
        if self.running:
            self._account(now)
        self.status = ExamStatus.ABANDONED
        self.finished_at = now

    def result(self) -> ExamResult:
        """Score the exam as it stands (usually after :meth:`submit`)."""
        return score_exam(
            self.items,
            self.settings,
            status=self.status,
            started_at=self.started_at,
            finished_at=self.finished_at,
            profile=self.profile,
            exam_id=self.exam_id,
        )


def _ms(delta: timedelta) -> int:
    return max(0, int(delta.total_seconds() * 1000))


# --- scoring ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One scored question.

    Attributes:
        position: 0-based place in the exam.
        grade: the grader's judgement (``expected`` and ``given`` are display text).
        score: the points: ``grade.score``, 0 when unanswered, ``-penalty`` for a wrong choice
            (or ``-grade.penalty`` for an option with a negative credit).
    """

    position: int
    card: Card
    answer: Answer
    grade: Grade
    score: float
    flagged: bool = False
    time_ms: int = 0

    @property
    def answered(self) -> bool:
        return not is_empty_answer(self.answer)

    @property
    def mistake(self) -> bool:
        """Not fully right (wrong, partly right or unanswered)."""
        return self.score < 1.0

    @property
    def area(self) -> str:
        return area_of(self.card)


@dataclass(frozen=True, slots=True)
class GroupScore:
    """The score of the questions of one area or tag."""

    name: str
    questions: int
    points: float

    @property
    def percent(self) -> float:
        return percent_of(self.points, self.questions)


@dataclass(frozen=True, slots=True)
class ExamResult:
    """A scored exam: totals, band, breakdowns and every item."""

    settings: ExamSettings
    items: tuple[ItemResult, ...]
    status: ExamStatus = ExamStatus.SUBMITTED
    started_at: datetime | None = None
    finished_at: datetime | None = None
    profile: str = ""
    exam_id: int | None = None
    by_area: tuple[GroupScore, ...] = field(default=())
    by_tag: tuple[GroupScore, ...] = field(default=())

    @property
    def questions(self) -> int:
        return len(self.items)

    @property
    def answered(self) -> int:
        return sum(1 for i in self.items if i.answered)

    @property
    def points(self) -> float:
        return sum(i.score for i in self.items)

    @property
    def percent(self) -> float:
        return percent_of(self.points, self.questions)

    @property
    def band(self) -> str:
        return band_for(self.percent)

    @property
    def time_ms(self) -> int:
        return sum(i.time_ms for i in self.items)

    @property
    def mistakes(self) -> tuple[ItemResult, ...]:
        return tuple(i for i in self.items if i.mistake)

    @property
    def by_organization(self) -> tuple[GroupScore, ...]:
        """:attr:`by_tag` restricted to :data:`ORGANIZATION_TAGS`."""
        return tuple(g for g in self.by_tag if g.name in ORGANIZATION_TAGS)


def percent_of(points: float, questions: int) -> float:
    """The percent score of ``points`` over ``questions`` (negative totals count as 0).

    Args:
        points: the points scored (negative with penalties).
        questions: how many questions; 0 gives 0 %.

    Returns:
        The percent, 0 to 100.
    """
    return 100.0 * max(0.0, points) / questions if questions else 0.0


def band_for(percent: float) -> str:
    """The grade band of a percent score (see :data:`BANDS`)."""
    for threshold, band in BANDS:
        if percent >= threshold - 1e-9:
            return band
    return BANDS[-1][1]


Grader = Callable[[Card, Answer], Grade]


def score_answer(
    card: Card, answer: Answer, *, penalty: float = 0.0, grader: Grader | None = None
) -> tuple[Grade, float]:
    """Grade one answer and apply negative marking.

    Args:
        card: the question.
        answer: the student's answer (card indices), or an empty answer.
        penalty: points lost for a wrong choice answer.
        grader: defaults to :func:`cyberquiz.core.grading.grade` (tests pass a table).

    Returns:
        ``(grade, score)``: the grader's judgement and the points (see :class:`ItemResult`).
    """
    if grader is None:
        from cyberquiz.core.grading import grade as default_grader  # sibling core module

        grader = default_grader
    judged = grader(card, answer)
    if is_empty_answer(answer):
        return replace(judged, score=0.0, verdict=Verdict.EMPTY), 0.0
    score = float(judged.score)
    if judged.penalty:
        score = -judged.penalty  # the author's own penalty for this option replaces the exam's
    elif penalty and rules_for(card).guess_penalty and judged.verdict is Verdict.WRONG:
        score = -penalty  # partial credit is never a wrong guess
    return judged, score


def score_exam(
    items: Sequence[ExamItem],
    settings: ExamSettings,
    *,
    status: ExamStatus = ExamStatus.SUBMITTED,
    started_at: datetime | None = None,
    finished_at: datetime | None = None,
    profile: str = "",
    exam_id: int | None = None,
    grader: Grader | None = None,
) -> ExamResult:
    """Score every item and break the points down by area and by tag (tags other than areas)."""
    results = []
    for position, item in enumerate(items):
        judged, score = score_answer(
            item.card, item.answer, penalty=settings.penalty, grader=grader
        )
        results.append(
            ItemResult(
                position=position,
                card=item.card,
                answer=item.answer,
                grade=judged,
                score=score,
                flagged=item.flagged,
                time_ms=item.time_ms,
            )
        )
    return ExamResult(
        settings=settings,
        items=tuple(results),
        status=status,
        started_at=started_at,
        finished_at=finished_at,
        profile=profile,
        exam_id=exam_id,
        by_area=_group(results, lambda r: [r.area], AREAS),
        by_tag=_group(results, lambda r: [t for t in r.card.tags if t not in AREAS], ()),
    )


def _group(
    results: Sequence[ItemResult], keys: Callable[[ItemResult], Iterable[str]], first: Sequence[str]
) -> tuple[GroupScore, ...]:
    counts: dict[str, int] = {}
    points: dict[str, float] = {}
    for r in results:
        for key in dict.fromkeys(keys(r)):
            counts[key] = counts.get(key, 0) + 1
            points[key] = points.get(key, 0.0) + r.score
    ordered = [k for k in first if k in counts] + sorted(k for k in counts if k not in first)
    return tuple(GroupScore(k, counts[k], points[k]) for k in ordered)


@dataclass(frozen=True, slots=True)
class ExamSummary:
    """One past exam, as listed in the history."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    status: ExamStatus
    settings: ExamSettings
    questions: int
    answered: int = 0
    points: float = 0.0
    by_area: tuple[GroupScore, ...] = ()
    mistakes: tuple[str, ...] = ()  # card ids

    @property
    def percent(self) -> float:
        return percent_of(self.points, self.questions)

    @property
    def band(self) -> str:
        return band_for(self.percent)

    @property
    def scored(self) -> bool:
        return self.status in (ExamStatus.SUBMITTED, ExamStatus.TIMED_OUT)
