"""The instructor's live class report: item analysis, mastery by area, readiness, who is idle.

Item analysis uses each student's **first** answer to each card (in any mode): it measures
what the class knew when it met the question, before the schedule drilled it. Facility,
discrimination (item against the rest) and the frequent wrong answers are computed exactly as
for exam report files (``convert.classreport.analyse``). Mastery by area is the students'
mean recall probability now (FSRS); readiness is each student's predicted score on the exam
date (``--exam-date``, else the student's own ``exam_date`` setting).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

if TYPE_CHECKING:
    from cyberquiz.convert.classreport import ClassReport
    from cyberquiz.core.cards import Card
    from cyberquiz.services.class_exams import ExamResults
    from cyberquiz.storage.classdata import ClassData
    from cyberquiz.storage.repository import Repository

#: Default for "has not studied for N days".
INACTIVE_DAYS = 7


@dataclass(frozen=True, slots=True)
class StudentLine:
    """One student's row."""

    name: str
    answers: int
    last_answer: datetime | None
    idle_days: int | None  # whole days since the last answer; None: never answered
    exam_date: date | None
    readiness: float | None  # predicted exam score 0..1; None without an exam date
    inactive: bool


@dataclass(frozen=True, slots=True)
class LiveClassReport:
    """The live report: the item analysis plus the students' progress."""

    items: ClassReport
    students: tuple[StudentLine, ...]
    mastery: tuple[tuple[str, int, float], ...]  # area, cards, mean recall now
    inactive_days: int
    now: datetime
    exams: tuple[ExamResults, ...] = ()  # the exams set for the class, with their results


class ReportOptions(TypedDict, total=False):
    """What :func:`build` takes beyond the data, passed on by :func:`read`."""

    exam_date: date | None
    inactive_days: int


def build(
    data: ClassData,
    cards: Sequence[Card],
    *,
    now: datetime,
    exam_date: date | None = None,
    inactive_days: int = INACTIVE_DAYS,
) -> LiveClassReport:
    """The report from what storage read (pure: ``now`` and the data come in)."""
    from cyberquiz.convert.classreport import StudentReport, analyse
    from cyberquiz.core.areas import OTHER_AREA, area_of_tags
    from cyberquiz.core.kinds import question_text, rules_for
    from cyberquiz.core.readiness import FsrsModel, predict
    from cyberquiz.core.serialize import answer_display, answer_from_json, expected_display
    from cyberquiz.storage.stats import exam_datetime, parse_exam_date

    by_id = {card.id: card for card in cards}
    tags = {card.id: tuple(card.tags) for card in cards}
    first: dict[str, dict[str, dict[str, Any]]] = {s: {} for s in data.students}
    counts = dict.fromkeys(data.students, 0)
    last: dict[str, datetime] = {}
    for a in data.answers:
        counts[a.student] += 1
        last[a.student] = a.at
        card = by_id.get(a.card_id)
        if card is None or a.card_id in first[a.student]:
            continue  # a retired card, or not the first answer
        extra: dict[str, float] = {}
        try:
            answer = answer_from_json(card, a.answer)
            shown = answer_display(card, answer)
            credit = rules_for(card).answer_credit(card, answer)
            if credit is not None:  # what the option picked was worth, for the distractors
                extra["credit"] = credit
        except (ValueError, TypeError, KeyError):
            shown = ""
        first[a.student][a.card_id] = {
            "card_id": card.id,
            "kind": card.kind.value,
            "area": area_of_tags(card.tags) or OTHER_AREA,
            "question": question_text(card),
            "expected": expected_display(card),
            "answer_display": shown,
            "score": a.score,
            **extra,
        }
    reports = [StudentReport(s, None, tuple(first[s].values())) for s in data.students]
    area_sum: dict[str, list[float]] = {}
    area_cards: dict[str, int] = {}
    lines = []
    for student in data.students:
        states = data.states.get(student, {})
        model = FsrsModel.from_dict(data.schedulers.get(student))
        _, by_area, _, _ = predict(states, tags, now, model)
        for group in by_area:
            area_sum.setdefault(group.name, []).append(group.expected)
            area_cards[group.name] = group.cards
        day = exam_date or parse_exam_date(data.exam_dates.get(student))
        ready = None
        if day is not None:
            from datetime import UTC

            ready = predict(states, tags, exam_datetime(day, UTC), model)[0]
        seen = last.get(student)
        idle = None if seen is None else max(0, (now - seen) // timedelta(days=1))
        lines.append(
            StudentLine(
                name=student,
                answers=counts[student],
                last_answer=seen,
                idle_days=idle,
                exam_date=day,
                readiness=ready,
                inactive=idle is None or idle >= inactive_days,
            )
        )
    mastery = tuple(
        (area, area_cards[area], sum(values) / len(values))
        for area, values in sorted(area_sum.items())
    )
    return LiveClassReport(analyse(reports), tuple(lines), mastery, inactive_days, now)


def read(db_url: str, *, now: datetime, **options: Unpack[ReportOptions]) -> LiveClassReport:
    """Open ``db_url`` (an instructor's login on a class server), read it, build the report.

    Raises:
        StorageError: the database cannot be opened or read.
    """
    from cyberquiz.storage.repository import Repository

    with Repository.open(db_url, profile="", clock=lambda: now) as repo:
        return from_repository(repo, now=now, **options)


def from_repository(
    repo: Repository, *, now: datetime, **options: Unpack[ReportOptions]
) -> LiveClassReport:
    """The report from an open repository (the app's Class screen; ``read`` for the CLI).

    Raises:
        StorageError: the database cannot be read.
    """
    from dataclasses import replace

    from cyberquiz.services.class_exams import results
    from cyberquiz.storage.classdata import class_data

    report = build(class_data(repo), repo.cards(), now=now, **options)
    return replace(report, exams=tuple(results(repo)))


def _percent(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.0f} %"


def _md(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def students_markdown(report: LiveClassReport) -> str:
    """The students' and areas' part of the Markdown report."""
    lines = [
        "## Students",
        "",
        "| Student | Answers | Last answer | Idle days | Exam date | Readiness | Inactive |",
        "|---|---:|---|---:|---|---:|---|",
    ]
    for s in report.students:
        lines.append(
            f"| {_md(s.name)} | {s.answers} | "
            f"{s.last_answer.strftime('%Y-%m-%d %H:%M') if s.last_answer else 'never'} | "
            f"{'' if s.idle_days is None else s.idle_days} | {s.exam_date or ''} | "
            f"{_percent(s.readiness)} | {'**yes**' if s.inactive else ''} |"
        )
    idle = [s.name for s in report.students if s.inactive]
    lines += [
        "",
        f"Not studied for {report.inactive_days} days or more: "
        + (", ".join(_md(n) for n in idle) if idle else "nobody"),
        "",
        "## Mastery by area (mean recall now)",
        "",
        "| Area | Cards | Mastery |",
        "|---|---:|---:|",
    ]
    lines += [f"| {_md(a)} | {n} | {_percent(m)} |" for a, n, m in report.mastery]
    if report.exams:
        lines += ["", *exams_markdown(report)]
    return "\n".join(lines) + "\n"


def exams_markdown(report: LiveClassReport) -> list[str]:
    """The class exams' part: each exam's window, who sat it and their scores."""
    from datetime import UTC

    from cyberquiz.services.class_exams import when

    lines = ["## Class exams", ""]
    for r in report.exams:
        e = r.exam
        mean = "" if r.mean is None else f"; mean {r.mean:.0f} %"
        lines += [
            f"### {_md(e.title)} (exam {e.id})",
            "",
            f"{_md(e.settings.describe())}; open {when(e.opens, UTC)} to "
            f"{when(e.closes, UTC)} UTC; "
            f"sat by {len(r.scores)} of {len(report.students)}{mean}"
            + (f"; {r.started} started, not finished" if r.started else ""),
            "",
        ]
        if r.scores:
            lines += ["| Student | Score |", "|---|---:|"]
            lines += [f"| {_md(name)} | {percent:.0f} % |" for name, percent in r.scores]
            lines.append("")
    return lines


def to_markdown(report: LiveClassReport) -> str:
    """The whole report as Markdown."""
    from cyberquiz.convert.classreport import to_markdown as items_markdown

    return items_markdown(report.items) + "\n" + students_markdown(report)


STUDENT_COLUMNS = (
    "student",
    "answers",
    "last_answer",
    "idle_days",
    "inactive",
    "exam_date",
    "readiness",
)


def students_csv(report: LiveClassReport) -> str:
    """One row per student (a name is text: formula characters are neutralised)."""
    from cyberquiz.convert.cells import neutralise_formula

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STUDENT_COLUMNS)
    for s in report.students:
        writer.writerow(
            [
                neutralise_formula(s.name),
                s.answers,
                s.last_answer.isoformat() if s.last_answer else "",
                "" if s.idle_days is None else s.idle_days,
                "yes" if s.inactive else "",
                s.exam_date.isoformat() if s.exam_date else "",
                "" if s.readiness is None else f"{s.readiness:.4f}",
            ]
        )
    return out.getvalue()
