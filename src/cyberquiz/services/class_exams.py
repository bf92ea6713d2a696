"""Exams set for a class (issue 16): an instructor sets one (``class exam``), each student sits
it from the app while it is open, with the instructor's seed and count (the same questions for
everyone); the results are read back by ``class-report --db`` and the Class screen."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from cyberquiz.core.wording import counted
from cyberquiz.storage.classroom import ClassError

if TYPE_CHECKING:
    from cyberquiz.core.exam import ExamSettings
    from cyberquiz.storage.class_exams import ClassExam, Sitting
    from cyberquiz.storage.repository import Repository


@dataclass(frozen=True, slots=True)
class OpenExam:
    """A class exam open now, and whether this student has finished it."""

    exam: ClassExam
    finished: bool


@dataclass(frozen=True, slots=True)
class ExamResults:
    """A class exam and each student's best finished sitting (percent), by name."""

    exam: ClassExam
    scores: tuple[tuple[str, float], ...]
    started: int  # students with a sitting not finished (running or abandoned)

    @property
    def mean(self) -> float | None:
        return sum(p for _, p in self.scores) / len(self.scores) if self.scores else None


def when(moment: datetime, zone: tzinfo | None = None) -> str:
    """``2026-12-02 09:00`` in ``zone`` (the local zone by default)."""
    local = moment.astimezone(zone) if zone is not None else moment.astimezone()
    return local.strftime("%Y-%m-%d %H:%M")


def set_exam(
    db_url: str,
    *,
    title: str,
    count: int,
    opens: datetime,
    closes: datetime,
    now: datetime,
    seed: int | None = None,
    minutes: float | None = None,
    deck_ids: Sequence[str] = (),
    tags: Sequence[str] = (),
) -> ClassExam:
    """``class exam``: check the exam can be drawn as asked, then store it for the class.

    Raises:
        ClassError: not a class database, not an instructor, a bad window or draw.
        StorageError: the database cannot be opened or written.
    """
    from cyberquiz.core.exam import ExamError, ExamSettings, draw_exam
    from cyberquiz.storage import class_exams
    from cyberquiz.storage.repository import Repository

    title = " ".join(title.split())
    if not title:
        raise ClassError("A class exam needs a title (--title).")
    if closes <= opens:
        raise ClassError(
            f"The exam must close after it opens ({when(opens)} to {when(closes)} is empty)."
        )
    if closes <= now:
        raise ClassError(f"The exam would be closed already: --closes {when(closes)} is past.")
    try:
        settings = ExamSettings(
            deck_ids=tuple(deck_ids), tags=tuple(tags), count=count, minutes=minutes, seed=seed
        ).with_seed(random.Random())
    except ExamError as error:
        raise ClassError(str(error)) from error
    with Repository.open(db_url, profile="", clock=lambda: now) as repo:
        if not repo.class_instructor:
            raise ClassError(
                "Only an instructor of a class database sets class exams; this login is "
                "not one (or run `cyberquiz --db URL class init` first)."
            )
        try:
            drawn = draw_exam(repo.cards(), settings)
        except ExamError as error:
            raise ClassError(str(error)) from error
        if len(drawn) < count:
            raise ClassError(
                f"Only {counted(len(drawn), 'question')} match; "
                f"give --count {len(drawn)} or fewer, or "
                "other decks or tags."
            )
        return class_exams.add(repo, title, settings, opens, closes, now)


def listed(db_url: str, *, now: datetime) -> list[ExamResults]:
    """``class exams``: every class exam with its results so far (an instructor's login).

    Raises:
        StorageError: the database cannot be opened or read.
    """
    from cyberquiz.storage.repository import Repository

    with Repository.open(db_url, profile="", clock=lambda: now) as repo:
        return results(repo)


def open_exams(repo: Repository, now: datetime) -> list[OpenExam]:
    """The class exams open at ``now``, for Home; none outside a class database.

    Raises:
        StorageError: the database cannot be read.
    """
    from cyberquiz.storage import class_exams

    exams = [e for e in class_exams.class_exams(repo) if e.is_open(now)]
    if not exams:
        return []
    done = _finished(class_exams.sittings(repo), repo.profile)
    return [OpenExam(e, e.id in done) for e in exams]


def _finished(sittings: Sequence[Sitting], student: str) -> set[int]:
    from cyberquiz.storage.class_exams import FINISHED

    return {s.class_exam for s in sittings if s.student == student and s.status in FINISHED}


def settings_to_sit(repo: Repository, exam_id: int, now: datetime) -> ExamSettings:
    """The settings a student sits class exam ``exam_id`` with, at ``now``.

    Raises:
        ClassError: no such exam, not open now, or sat already (one sentence to show).
        StorageError: the database cannot be read.
    """
    from cyberquiz.storage import class_exams

    exam = next((e for e in class_exams.class_exams(repo) if e.id == exam_id), None)
    if exam is None:
        raise ClassError(f"There is no class exam {exam_id}.")
    zone = repo.timezone()
    if now < exam.opens:
        raise ClassError(f"{exam.title} opens at {when(exam.opens, zone)}; come back then.")
    if now >= exam.closes:
        raise ClassError(
            f"{exam.title} closed at {when(exam.closes, zone)}; ask your instructor if you "
            "missed it."
        )
    if exam.id in _finished(class_exams.sittings(repo), repo.profile):
        raise ClassError(f"You have sat {exam.title} already; your result is with the instructor.")
    return exam.settings


def results(repo: Repository) -> list[ExamResults]:
    """Each class exam with every student's best finished sitting (an instructor's view).

    Raises:
        StorageError: the database cannot be read.
    """
    from cyberquiz.core.exam import percent_of
    from cyberquiz.storage import class_exams
    from cyberquiz.storage.class_exams import FINISHED

    exams = class_exams.class_exams(repo)
    if not exams:
        return []
    sittings = class_exams.sittings(repo)
    out = []
    for exam in exams:
        best: dict[str, float] = {}
        unfinished: set[str] = set()
        for s in sittings:
            if s.class_exam != exam.id:
                continue
            if s.status in FINISHED and s.max_score:
                percent = percent_of(s.score or 0.0, int(s.max_score))
                best[s.student] = max(percent, best.get(s.student, percent))
            else:
                unfinished.add(s.student)
        out.append(ExamResults(exam, tuple(sorted(best.items())), len(unfinished - best.keys())))
    return out
