"""Personal FSRS parameters fitted to one profile's own study history, without torch.

Uses ``fsrs-rs-python`` (the Rust optimizer Anki uses): it fits the 21 parameters in well under
a second. Each card's study answers become training items the way Anki builds them: one item per
answer given on a later local day than the one before it, holding the history up to that answer.
Items without such a long-term review make the Rust code panic (``PanicException``, a
``BaseException``), so they are filtered out first, and a panic is caught anyway.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date
from typing import TYPE_CHECKING

from cyberquiz.storage.errors import StorageError

if TYPE_CHECKING:
    from fsrs.scheduler import SchedulerDict
    from fsrs_rs_python import FSRSItem

    from cyberquiz.storage.repository import Repository

#: The optimizer needs at least this many answers (fsrs' own threshold).
MIN_REVIEWS = 512


class NotEnoughHistory(StorageError):
    """Too few answers to fit parameters."""

    def __init__(self, have: int, need: int = MIN_REVIEWS) -> None:
        super().__init__(
            f"Fitting personal parameters needs at least {need} study answers; this profile "
            f"has {have}. Keep studying and try again later."
        )
        self.have = have


class OptimizerFailed(StorageError):
    """The optimizer gave up on this history."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The FSRS optimizer could not fit parameters to this history ({detail}). "
            "Your current parameters are unchanged."
        )


@dataclass(frozen=True, slots=True)
class FitResult:
    """What :func:`fit_parameters` found; ``stored`` says whether the parameters were saved."""

    reviews: int
    items: int
    loss_before: float
    loss_after: float
    parameters: tuple[float, ...]
    stored: bool


def training_items(histories: dict[int, list[tuple[date, int]]]) -> list[FSRSItem]:
    """``FSRSItem``s from each card's ``(local day, rating)`` answers in time order."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    items = []
    for history in histories.values():
        reviews = []
        last = history[0][0]
        for day, rating in history:
            delta = (day - last).days
            reviews.append(FSRSReview(rating, delta))
            if delta > 0:
                items.append(FSRSItem(list(reviews)))
            last = day
    return [item for item in items if item.long_term_review_cnt() > 0]


def histories_of(repo: Repository) -> tuple[int, dict[int, list[tuple[date, int]]]]:
    """(number of study answers, card pk -> [(local day, rating)]) for the profile."""
    from sqlalchemy import text

    from cyberquiz.core import queue
    from cyberquiz.storage.engine import reader
    from cyberquiz.storage.types import from_sql_text

    tz, hour = repo.timezone(), int(repo.get_setting("rollover_hour", queue.DEFAULT_ROLLOVER_HOUR))
    out: dict[int, list[tuple[date, int]]] = defaultdict(list)
    count = 0
    with reader(repo.engine).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT card_pk, at, rating FROM review WHERE profile_id = :p AND scheduled "
                "AND rating IS NOT NULL ORDER BY card_pk, at, id"
            ),
            {"p": repo.profile_id},
        )
        for pk, at, rating in rows:
            # Text on SQLite, a naive UTC timestamp on PostgreSQL.
            when = from_sql_text(at) if isinstance(at, str) else at.replace(tzinfo=UTC)
            assert when is not None
            out[pk].append((queue.local_day(when, tz, hour), int(rating)))
            count += 1
    return count, dict(out)


def fit_parameters(repo: Repository, *, store: bool = True) -> FitResult:
    """Fit FSRS parameters to ``repo``'s profile history and (by default) store them.

    Raises:
        NotEnoughHistory: fewer than :data:`MIN_REVIEWS` study answers, or no usable items.
        OptimizerFailed: the optimizer panicked or returned unusable parameters.
    """
    import fsrs
    from fsrs_rs_python import FSRS

    count, histories = histories_of(repo)
    if count < MIN_REVIEWS:
        raise NotEnoughHistory(count)
    items = training_items(histories)
    if not items:
        raise NotEnoughHistory(0)
    current = repo.get_setting("scheduler") or fsrs.Scheduler().to_dict()
    before_params = list(current["parameters"])
    try:
        loss_before = FSRS(before_params).evaluate(items).log_loss
        fitted = FSRS(before_params).compute_parameters(items)
        loss_after = FSRS(fitted).evaluate(items).log_loss
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # PanicException derives from BaseException
        raise OptimizerFailed(f"{type(exc).__name__}: {exc}") from exc
    try:
        fsrs.Scheduler(parameters=fitted)  # within fsrs' bounds?
    except ValueError as exc:
        raise OptimizerFailed(str(exc).splitlines()[0]) from exc
    better = loss_after <= loss_before
    if store and better:
        config: SchedulerDict = {**current, "parameters": [float(x) for x in fitted]}
        repo.set_setting("scheduler", config)
    return FitResult(
        reviews=count,
        items=len(items),
        loss_before=float(loss_before),
        loss_after=float(loss_after),
        parameters=tuple(float(x) for x in fitted),
        stored=store and better,
    )
