"""Exam readiness: what each card's memory will be on the exam date, and what it takes to be ready.

Pure functions over :class:`~cyberquiz.core.state.CardState` (no storage, no clock: ``now`` and the
exam time come in as arguments).

The memory model is FSRS 6 exactly as ``fsrs==6.3.2`` computes it (:class:`FsrsModel` mirrors
``fsrs.Scheduler``'s formulas, and a test checks it against the package):

* retrievability after ``t`` whole days (``timedelta.days``, floored like the package) since the
  last review with stability ``S``: ``R = (1 + FACTOR * t / S) ** DECAY`` with
  ``DECAY = -w[20]`` and ``FACTOR = 0.9 ** (1 / DECAY) - 1``;
* a card never answered has ``R = 0`` (a never-studied card counts as not known).

**Prediction** (:func:`predict`): each card's ``R`` on the exam date if the student studies no more.

**Simulation** (:func:`readiness`): the study days from today until the exam are simulated one
by one: day ``t`` is the moment ``now + t days``, for every ``t`` still before the exam (so the
exam's own day counts when the exam is later in the day than now). Each day the student learns
``N`` new cards (in the given card order) and reviews every card that is due; a review is
recalled with probability ``R`` (rated Good) or forgotten (rated Again, then the relearning steps
rated Good the same day). The outcomes are drawn by a **seeded Monte Carlo** (``rng``, default
``random.Random(0)``: same input, same figures): every studied card is followed along
``max(1, MIN_PATHS / cards)`` paths (at most :data:`MAX_PATHS_PER_CARD`), and what a path
contributes to the score is the card's *probability* of recall on the exam (not a drawn 0/1), which
keeps the noise small: about ±0.5 points on the overall score for 10,000 cards. An exact
expected-value tree (both branches at every review) was tried first: it needs ~30 reviews per card
over 30 days and took 5 s for 10,000 cards. Assumptions, stated once:

* a new card is learned on the day it is introduced, every learning step rated Good
  (``max(1, len(learning_steps))`` answers);
* a card in (re)learning finishes its remaining steps rated Good on its due day;
* reviews happen on the day a card falls due (``ceil`` of its due time in days from now), at the
  same time of day as ``now``; no fuzz, no daily review limit; suspended cards are never reviewed
  but still count in the exam;
* the exam covers every card passed in, each with the same weight.

Cards are independent under these assumptions, so a new card's expected recall on the exam depends
only on how many days before the exam it is learned: one set of paths gives that curve (and the
answers a new card costs day by day), and trying every ``N`` is then cheap. The result gives the
smallest ``N`` whose expected score reaches the target, its average answers and minutes per study
day, and the score at the current pace: the largest ``N`` whose average answers per day stay
within the recent answers per day.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cyberquiz.core.cards import AREAS, OTHER_AREA, area_of_tags
from cyberquiz.core.cards import ORGANIZATIONS as ORGANIZATIONS  # re-exported: storage/stats
from cyberquiz.core.state import CardState, Phase

#: Simulated paths over all studied cards (at least one per card, at most MAX_PATHS_PER_CARD).
MIN_PATHS = 10_000
MAX_PATHS_PER_CARD = 200
#: Paths for the new-card curve: NEW_CARD_WORK // days, at least NEW_CARD_PATHS_MIN.
NEW_CARD_WORK = 60_000
NEW_CARD_PATHS_MIN = 400
#: Seconds per answer when the profile has no history to measure it from.
DEFAULT_SECONDS_PER_ANSWER = 15.0
#: Days simulated at most (exams further away are simulated up to this horizon).
MAX_DAYS = 3650
#: The target expected score when none is given.
DEFAULT_TARGET = 0.9

_MIN_STABILITY = 0.001
_MIN_DIFFICULTY = 1.0
_MAX_DIFFICULTY = 10.0
_AGAIN, _GOOD = 1, 3


#: A card's area from its tags: the rule :attr:`Card.area <cyberquiz.core.cards.Card.area>` uses.
area_of = area_of_tags


def orgs_of(tags: Iterable[str]) -> tuple[str, ...]:
    """The tags that are one of :data:`ORGANIZATIONS`, in tag order, without repeats."""
    return tuple(dict.fromkeys(t for t in tags if t in ORGANIZATIONS))


@dataclass(frozen=True, slots=True)
class FsrsModel:
    """FSRS 6 formulas with one parameter set, matching ``fsrs==6.3.2``'s ``Scheduler``.

    Build it from ``Scheduler.to_dict()`` (as stored in settings) with :meth:`from_dict`.
    """

    parameters: tuple[float, ...]
    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    decay: float = field(init=False)
    factor: float = field(init=False)

    def __post_init__(self) -> None:
        decay = -self.parameters[20]
        object.__setattr__(self, "decay", decay)
        object.__setattr__(self, "factor", 0.9 ** (1 / decay) - 1)

    @classmethod
    def default(cls) -> FsrsModel:
        """The package's default parameters and steps."""
        from fsrs.scheduler import DEFAULT_PARAMETERS  # deferred: keeps `import core` light

        return cls(parameters=tuple(DEFAULT_PARAMETERS))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> FsrsModel:
        """From ``fsrs.Scheduler.to_dict()`` output; missing keys take the package defaults.

        Args:
            data: the stored scheduler dict, or None for the defaults.

        Returns:
            The model.
        """
        base = cls.default()
        if not data:
            return base
        params = data.get("parameters")
        return cls(
            parameters=tuple(float(p) for p in params) if params else base.parameters,
            desired_retention=float(data.get("desired_retention", base.desired_retention)),
            learning_steps=tuple(
                timedelta(seconds=s) for s in data.get("learning_steps", [60, 600])
            ),
            relearning_steps=tuple(
                timedelta(seconds=s) for s in data.get("relearning_steps", [600])
            ),
            maximum_interval=int(data.get("maximum_interval", base.maximum_interval)),
        )

    # --- the package's formulas -------------------------------------------------------------

    def retrievability_after(self, elapsed_days: int, stability: float) -> float:
        """``R`` after ``elapsed_days`` whole days (negative counts as 0) with ``stability``."""
        return float((1 + self.factor * max(0, elapsed_days) / stability) ** self.decay)

    def retrievability(self, state: CardState, at: datetime) -> float:
        """Recall probability at ``at``, as ``Scheduler.get_card_retrievability`` computes it."""
        if state.last_review is None or state.stability is None:
            return 0.0
        return self.retrievability_after((at - state.last_review).days, state.stability)

    def days_per_stability(self, retention: float) -> float:
        """Whole days per unit of stability until ``R`` falls to ``retention``.

        ``R(t) >= retention`` exactly while ``t <= S * days_per_stability(retention)``; with
        ``desired_retention`` it is the interval per unit of stability (1.0 for 0.9).

        Args:
            retention: a recall probability, 0 < retention < 1.

        Returns:
            ``(retention ** (1 / decay) - 1) / factor``.
        """
        return float((retention ** (1 / self.decay) - 1) / self.factor)

    def interval(self, stability: float) -> int:
        """Days until the next review for ``stability`` (no fuzz)."""
        days = (stability / self.factor) * (self.desired_retention ** (1 / self.decay) - 1)
        return int(min(max(round(days), 1), self.maximum_interval))

    def initial_stability(self, rating: int) -> float:
        return float(max(self.parameters[rating - 1], _MIN_STABILITY))

    def _initial_difficulty_raw(self, rating: int) -> float:
        w = self.parameters
        return float(w[4] - math.e ** (w[5] * (rating - 1)) + 1)

    def initial_difficulty(self, rating: int) -> float:
        return min(max(self._initial_difficulty_raw(rating), _MIN_DIFFICULTY), _MAX_DIFFICULTY)

    def next_difficulty(self, difficulty: float, rating: int) -> float:
        w = self.parameters
        delta = -(w[6] * (rating - 3))
        damped = difficulty + (10.0 - difficulty) * delta / 9.0
        value = w[7] * self._initial_difficulty_raw(4) + (1 - w[7]) * damped
        return min(max(value, _MIN_DIFFICULTY), _MAX_DIFFICULTY)

    def short_term_stability(self, stability: float, rating: int) -> float:
        w = self.parameters
        increase = (math.e ** (w[17] * (rating - 3 + w[18]))) * (stability ** -w[19])
        if rating > _AGAIN:
            increase = max(increase, 1.0)
        return float(max(stability * increase, _MIN_STABILITY))

    def recall_stability(self, difficulty: float, stability: float, r: float) -> float:
        """Stability after a Good review at retrievability ``r``."""
        w = self.parameters
        value = stability * (
            1
            + (math.e ** w[8])
            * (11 - difficulty)
            * (stability ** -w[9])
            * ((math.e ** ((1 - r) * w[10])) - 1)
        )
        return float(max(value, _MIN_STABILITY))

    def forget_stability(self, difficulty: float, stability: float, r: float) -> float:
        """Stability after an Again review at retrievability ``r``."""
        w = self.parameters
        long_term = (
            w[11]
            * (difficulty ** -w[12])
            * (((stability + 1) ** w[13]) - 1)
            * (math.e ** ((1 - r) * w[14]))
        )
        short_term = stability / (math.e ** (w[17] * w[18]))
        return float(max(min(long_term, short_term), _MIN_STABILITY))


@dataclass(frozen=True, slots=True)
class ExpectedScore:
    """The expected exam score of one area or organization."""

    name: str
    cards: int
    expected: float


@dataclass(frozen=True, slots=True)
class Plan:
    """What a daily amount of study gives by the exam."""

    new_per_day: int
    answers_per_day: float  # average over the study days, reviews and learning included
    minutes_per_day: float
    expected_score: float
    by_area: tuple[ExpectedScore, ...] = ()
    by_org: tuple[ExpectedScore, ...] = ()


@dataclass(frozen=True, slots=True)
class Readiness:
    """Exam readiness for one profile.

    Attributes:
        exam_at: when the exam starts (UTC-aware).
        days_left: study days simulated: every ``t`` with ``now + t days`` before the exam
            (today included; at most :data:`MAX_DAYS`).
        target: the expected score aimed for.
        cards, studied, unseen: cards in scope; answered at least once; never answered.
        expected_score: mean predicted recall on the exam if the student studies no more.
        by_area, by_org: the same, per area and per organization tag.
        seconds_per_answer: used to turn answers into minutes.
        pace_answers_per_day: the recent answers per day the "at pace" plan assumes.
        needed: the least new cards per day that reaches ``target`` (None when none can).
        at_pace: the plan at the current pace.
        all_at_once: every unseen card learned today, then reviews when due. Not always the
            highest score: a card learned later is fresher on the exam day.
    """

    exam_at: datetime
    days_left: int
    target: float
    cards: int
    studied: int
    unseen: int
    expected_score: float
    by_area: tuple[ExpectedScore, ...]
    by_org: tuple[ExpectedScore, ...]
    seconds_per_answer: float
    pace_answers_per_day: float
    needed: Plan | None
    at_pace: Plan
    all_at_once: Plan
    method: str = "monte-carlo"


def _classes(
    card_ids: Sequence[str], tags: Mapping[str, Sequence[str]]
) -> list[tuple[str, tuple[str, ...]]]:
    """(area or "other", organizations) per card; cards share tag lists, so each is read once."""
    seen: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {}
    out = []
    for cid in card_ids:
        key = tuple(tags.get(cid, ()))
        cls = seen.get(key)
        if cls is None:
            cls = seen[key] = (area_of(key) or OTHER_AREA, orgs_of(key))
        out.append(cls)
    return out


def _group_scores(
    card_ids: Sequence[str],
    scores: Sequence[float],
    tags: Mapping[str, Sequence[str]],
    classes: Sequence[tuple[str, tuple[str, ...]]] | None = None,
) -> tuple[tuple[ExpectedScore, ...], tuple[ExpectedScore, ...]]:
    """Mean score per area (AREAS order, then none) and per organization (ORGANIZATIONS order)."""
    if classes is None:
        classes = _classes(card_ids, tags)
    area_sum: dict[str, float] = {}
    area_n: dict[str, int] = {}
    org_sum: dict[str, float] = {}
    org_n: dict[str, int] = {}
    for (area, orgs), score in zip(classes, scores, strict=True):
        area_sum[area] = area_sum.get(area, 0.0) + score
        area_n[area] = area_n.get(area, 0) + 1
        for org in orgs:
            org_sum[org] = org_sum.get(org, 0.0) + score
            org_n[org] = org_n.get(org, 0) + 1
    area_order = [a for a in (*AREAS, OTHER_AREA) if a in area_n]
    org_order = [o for o in ORGANIZATIONS if o in org_n]
    by_area = tuple(ExpectedScore(a, area_n[a], area_sum[a] / area_n[a]) for a in area_order)
    by_org = tuple(ExpectedScore(o, org_n[o], org_sum[o] / org_n[o]) for o in org_order)
    return by_area, by_org


def predict(
    states: Mapping[str, CardState],
    tags: Mapping[str, Sequence[str]],
    exam_at: datetime,
    model: FsrsModel,
    classes: Sequence[tuple[str, tuple[str, ...]]] | None = None,
) -> tuple[float, tuple[ExpectedScore, ...], tuple[ExpectedScore, ...], dict[str, float]]:
    """Each card's recall probability on ``exam_at`` if the student studies no more.

    Args:
        states: card id -> state; cards missing here count as never studied.
        tags: card id -> tags, for every card in scope (its keys are the cards in scope).
        exam_at: the exam's start (UTC-aware).
        model: the FSRS model.

    Returns:
        ``(overall, by_area, by_org, per_card)``; overall is 0 for an empty scope.
    """
    ids = list(tags)
    per_card: dict[str, float] = {}
    for cid in ids:
        state = states.get(cid)
        per_card[cid] = model.retrievability(state, exam_at) if state is not None else 0.0
    scores = [per_card[c] for c in ids]
    overall = sum(scores) / len(scores) if scores else 0.0
    by_area, by_org = _group_scores(ids, scores, tags, classes)
    return overall, by_area, by_org, per_card


class _Simulator:
    """Seeded Monte Carlo paths of single cards, with the FSRS formulas inlined for speed.

    ``load[t]`` accumulates the expected answers on day ``t`` (weighted by the path's weight).
    """

    def __init__(
        self, model: FsrsModel, days: int, exam_day: int, exam_offset: float, rng: random.Random
    ):
        w = model.parameters
        self.model = model
        self.days = days  # study days: 0 .. days - 1
        self.exam_day = exam_day  # whole days from now to the exam (elapsed days count from it)
        self.exam_offset = exam_offset
        self.rng = rng
        self.load = [0.0] * max(days, 1)
        self.decay = model.decay
        self.factor = model.factor
        self.ivl_mult = model.days_per_stability(model.desired_retention)
        self.max_ivl = model.maximum_interval
        self.w = w
        self.good_short = math.e ** (w[17] * w[18])  # short-term increase factor, rating Good
        self.again_short = math.e ** (w[17] * (-2 + w[18]))
        self.ew8 = math.e ** w[8]
        self.d_easy = w[7] * (w[4] - math.e ** (w[5] * 3) + 1)  # mean reversion target term
        self.n_relearn = len(model.relearning_steps)

    def interval(self, s: float) -> int:
        return int(min(max(round(s * self.ivl_mult), 1), self.max_ivl))

    def path(self, s: float, d: float, last: float, day: int, weight: float) -> float:
        """Follow one card from its next review on ``day``; returns ``weight`` x its exam recall."""
        while day < self.days:
            s, d = self.step(s, d, last, day, weight)
            last = float(day)
            day += self.interval(s)
        elapsed = math.floor(self.exam_offset - last)
        return float(weight * (1 + self.factor * max(0, elapsed) / s) ** self.decay)

    def new_card_profile(self, paths: int) -> list[float]:
        """Expected recall ``f[k]`` on an exam ``k`` whole days after a card is learned (``k`` in
        ``0..exam_day``); adds one such card's expected answers per day (from day 0) to ``load``.

        A card learned on study day ``t`` meets the exam ``k = exam_day - t`` days later and is
        reviewed on its days ``τ < days - t = k + extra``, where ``extra = days - exam_day`` is 1
        when the exam falls later in the day than now (the exam's own day is a study day).
        """
        model, days, exam_day = self.model, self.days, self.exam_day
        extra = days - exam_day
        s0 = model.initial_stability(_GOOD)
        d0 = model.initial_difficulty(_GOOD)
        for _ in range(max(0, len(model.learning_steps) - 1)):
            s0 = model.short_term_stability(s0, _GOOD)
            d0 = model.next_difficulty(d0, _GOOD)
        curve = [0.0] * (exam_day + 1)
        if days == 0:
            return curve
        self.load[0] += max(1, len(model.learning_steps))
        weight = 1.0 / paths
        decay, factor = self.decay, self.factor
        for _ in range(paths):
            s, d, last = s0, d0, 0
            nxt = self.interval(s)
            while True:
                # exams on days k with last < k + extra <= nxt find this state: R(k - last)
                for k in range(max(0, last + 1 - extra), min(nxt - extra, exam_day) + 1):
                    curve[k] += weight * (1 + factor * (k - last) / s) ** decay
                if nxt >= days:
                    break
                s, d = self.step(s, d, last, nxt, weight)
                last, nxt = nxt, nxt + self.interval(s)
        return curve

    def step(self, s: float, d: float, last: float, day: int, weight: float) -> tuple[float, float]:
        """One review on ``day``: adds its answers to ``load``; returns the new (S, D)."""
        w = self.w
        elapsed = math.floor(day - last)
        r = (1 + self.factor * max(0, elapsed) / s) ** self.decay
        w7 = w[7]
        if self.rng.random() < r:
            self.load[day] += weight
            if elapsed < 1:
                s = s * max(self.good_short * s ** -w[19], 1.0)
            else:
                s = s * (1 + self.ew8 * (11 - d) * s ** -w[9] * (math.e ** ((1 - r) * w[10]) - 1))
            d = min(max(self.d_easy + (1 - w7) * d, 1.0), 10.0)
        else:
            self.load[day] += weight * (1 + self.n_relearn)
            if elapsed < 1:
                s = s * self.again_short * s ** -w[19]
            else:
                s = min(
                    w[11] * d ** -w[12] * ((s + 1) ** w[13] - 1) * math.e ** ((1 - r) * w[14]),
                    s / self.good_short,
                )
            s = max(s, _MIN_STABILITY)
            d = min(max(self.d_easy + (1 - w7) * (d + (10.0 - d) * 2 * w[6] / 9.0), 1.0), 10.0)
            for _ in range(self.n_relearn):
                s = s * max(self.good_short * s ** -w[19], 1.0)
                d = min(max(self.d_easy + (1 - w7) * d, 1.0), 10.0)
        return max(s, _MIN_STABILITY), d


def _is_studied(state: CardState | None) -> bool:
    return (
        state is not None
        and state.phase != Phase.NEW
        and state.stability is not None
        and state.last_review is not None
    )


def _days_until(now: datetime, due: datetime | None) -> int:
    if due is None:
        return 0
    return max(0, math.ceil((due - now).total_seconds() / 86400))


def readiness(
    states: Mapping[str, CardState],
    tags: Mapping[str, Sequence[str]],
    *,
    now: datetime,
    exam_at: datetime,
    model: FsrsModel,
    target: float = DEFAULT_TARGET,
    pace_answers_per_day: float = 0.0,
    seconds_per_answer: float = DEFAULT_SECONDS_PER_ANSWER,
    rng: random.Random | None = None,
) -> Readiness:
    """Predict the exam score and simulate the days until the exam (see the module docstring).

    Args:
        states: card id -> state (missing cards count as never studied).
        tags: card id -> tags for every card in scope; its order is the order new cards are learned.
        now: the current time (UTC-aware).
        exam_at: the exam's start (UTC-aware).
        model: the FSRS model (the profile's scheduler parameters).
        target: the expected score to reach, 0..1.
        pace_answers_per_day: recent answers per day (e.g. the mean of the last 14 days).
        seconds_per_answer: average seconds per answer, to convert answers into minutes.
        rng: the simulation's randomness; default ``random.Random(0)`` (same input, same result).

    Returns:
        The prediction and plans.
    """
    ids = list(tags)
    classes = _classes(ids, tags)
    overall, by_area, by_org, _ = predict(states, tags, exam_at, model, classes)
    horizon = (exam_at - now).total_seconds() / 86400
    # study days: every whole day t (at now + t days) still before the exam
    days = min(max(0, math.ceil(horizon)), MAX_DAYS)
    exam_day = min(max(0, math.floor(horizon)), days)
    sim = _Simulator(model, days, exam_day, horizon, rng or random.Random(0))
    n_known = sum(1 for c in ids if _is_studied(states.get(c)))
    samples = max(1, min(MAX_PATHS_PER_CARD, math.ceil(MIN_PATHS / max(n_known, 1))))

    known: list[float] = []  # expected exam recall of each card already studied, in `ids` order
    known_ids: list[str] = []
    unseen_ids: list[str] = []
    for cid in ids:
        st = states.get(cid)
        if st is None or not _is_studied(st):
            unseen_ids.append(cid)
            continue
        known_ids.append(cid)
        assert st.last_review is not None and st.stability is not None  # _is_studied
        last = (st.last_review - now).total_seconds() / 86400
        # a suspended card is never reviewed again before the exam
        next_day = days if st.suspended else _days_until(now, st.due)
        s: float = st.stability
        d: float = st.difficulty if st.difficulty is not None else 5.0
        if st.phase in (Phase.LEARNING, Phase.RELEARNING) and next_day < days:
            # finish the remaining steps rated Good on the due day, then it is a review card
            steps = model.learning_steps if st.phase == Phase.LEARNING else model.relearning_steps
            remaining = max(1, len(steps) - (st.step or 0))
            elapsed = math.floor(next_day - last)
            r = model.retrievability_after(elapsed, s)
            s = (
                model.short_term_stability(s, _GOOD)
                if elapsed < 1
                else model.recall_stability(d, s, r)
            )
            d = model.next_difficulty(d, _GOOD)
            for _ in range(remaining - 1):
                s = model.short_term_stability(s, _GOOD)
                d = model.next_difficulty(d, _GOOD)
            sim.load[next_day] += remaining
            last, next_day = float(next_day), next_day + model.interval(s)
        weight = 1.0 / samples
        known.append(sum(sim.path(s, d, last, next_day, weight) for _ in range(samples)))

    n_cards = len(ids)
    n_unseen = len(unseen_ids)
    known_sum = sum(known)
    known_load = sum(sim.load[:days])
    sim.load = [0.0] * max(days, 1)
    curve = sim.new_card_profile(max(NEW_CARD_PATHS_MIN, NEW_CARD_WORK // max(days, 1)))
    new_load = sim.load
    cum_load = [0.0] * (days + 1)  # cum_load[m] = answers a new card costs in its first m days
    for t in range(days):
        cum_load[t + 1] = cum_load[t] + new_load[t]

    def introduced(n: int) -> list[int]:
        """How many new cards are learned on each day with ``n`` per day."""
        out: list[int] = []
        left = n_unseen
        t = 0
        while left > 0 and t < days and n > 0:
            take = min(n, left)
            out.append(take)
            left -= take
            t += 1
        return out

    def score(n: int) -> float:
        if n_cards == 0:
            return 0.0
        new_sum = sum(c * curve[exam_day - t] for t, c in enumerate(introduced(n)))
        return (known_sum + new_sum) / n_cards

    def avg_answers(n: int) -> float:
        if days == 0:
            return 0.0
        new_answers = sum(c * cum_load[days - t] for t, c in enumerate(introduced(n)))
        return (known_load + new_answers) / days

    def plan(n: int) -> Plan:
        per_day = introduced(n)
        card_scores = dict(zip(known_ids, known, strict=True))
        i = 0
        for t, c in enumerate(per_day):
            for cid in unseen_ids[i : i + c]:
                card_scores[cid] = curve[exam_day - t]
            i += c
        for cid in unseen_ids[i:]:
            card_scores[cid] = 0.0
        a, o = _group_scores(ids, [card_scores[c] for c in ids], tags, classes)
        answers = avg_answers(n)
        return Plan(
            new_per_day=n,
            answers_per_day=answers,
            minutes_per_day=answers * seconds_per_answer / 60,
            expected_score=score(n),
            by_area=a,
            by_org=o,
        )

    max_n = n_unseen if days > 0 else 0
    needed: Plan | None = None
    for n in range(0, max_n + 1):
        if score(n) >= target - 1e-12:
            needed = plan(n)
            break

    # current pace: the largest n whose average answers per day stay within the recent pace
    lo, hi = 0, max_n
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if avg_answers(mid) <= pace_answers_per_day + 1e-9:
            lo = mid
        else:
            hi = mid - 1
    at_pace = plan(lo)

    return Readiness(
        exam_at=exam_at,
        days_left=days,
        target=target,
        cards=n_cards,
        studied=len(known_ids),
        unseen=n_unseen,
        expected_score=overall,
        by_area=by_area,
        by_org=by_org,
        seconds_per_answer=seconds_per_answer,
        pace_answers_per_day=pace_answers_per_day,
        needed=needed,
        at_pace=at_pace,
        all_at_once=plan(max_n),
    )
