"""Item statistics for a class, from the students' exam reports (``cyberquiz-exam-report`` JSON).

Reports merge by ``card_id``, so exams drawn with different seeds combine. Per question:

- ``presented``: reports that had the question; ``answered``: those with an answer.
- ``facility``: the mean item score (0 = nobody right, 1 = everybody right). Negative marks
  from a penalty count as 0 here: they are a marking rule, not a sign of difficulty.
- ``discrimination``: the Pearson correlation (point-biserial for right/wrong items) between the
  item score and the rest of the exam: the student's mean score on their other questions. For
  exams of equal length this is the same as correlating with the total minus the item (a
  correlation ignores the constant factor); for exams of different lengths it stays comparable.
  ``None`` when fewer than two students had the item or either score does not vary.
- ``wrong_answers``: the wrong answers given most often, as the student saw them (distractors),
  and for options with credit what each was worth (``answer_credits``: partly right picks are
  listed here too, with their credit).
- ``broken``: facility below 0.3 and negative discrimination: the strong students got it wrong
  more than the weak ones, which usually means a wrong key or an ambiguous question.

Per area: the mean item score over every answer in that area across the class. For the whole
class: Cronbach's alpha (KR-20 for right/wrong items) over the questions every student had, and
reports of the same exam handed in twice (same profile, exam id and start) counted once.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cyberquiz.convert import ConvertError
from cyberquiz.convert.cells import neutralise_formula
from cyberquiz.core.kinds.credit import percent_text

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

REPORT_FORMAT = "cyberquiz-exam-report"
BROKEN_FACILITY = 0.3
TOP_WRONG = 3


@dataclass(frozen=True, slots=True)
class StudentReport:
    """One student's exam: who, which seed, and the item scores by card id."""

    name: str
    seed: int | None
    items: tuple[dict[str, Any], ...]
    #: (profile, exam id, start time) when the report names them: the same exam handed in twice
    identity: tuple[str, str, str] | None = None


@dataclass(frozen=True, slots=True)
class ItemStats:
    card_id: str
    kind: str
    area: str
    question: str
    expected: str
    presented: int
    answered: int
    facility: float
    discrimination: float | None
    wrong_answers: tuple[tuple[str, int], ...]
    broken: bool
    #: the credit of each of ``wrong_answers`` whose card gives its options credits
    answer_credits: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class AreaStats:
    name: str
    answers: int  # item answers in this area across the class
    questions: int  # distinct questions
    mean: float


@dataclass(frozen=True, slots=True)
class ClassReport:
    students: int
    seeds: tuple[int, ...]
    mean_percent: float
    items: tuple[ItemStats, ...]
    areas: tuple[AreaStats, ...]
    #: Cronbach's alpha over the questions every student had (None if undefined)
    reliability: float | None = None
    common_questions: int = 0
    #: names of reports ignored because the same exam was already counted
    duplicates: tuple[str, ...] = ()

    @property
    def broken(self) -> tuple[ItemStats, ...]:
        return tuple(i for i in self.items if i.broken)


def parse_report(name: str, text: str) -> StudentReport:
    """Read one exam report.

    Raises:
        ConvertError: not JSON, not an exam report, or an item without ``card_id``/``score``.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConvertError(f"{name}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ConvertError(f"{name}: not a cyberquiz exam report (no 'items' list)")
    if data.get("format", REPORT_FORMAT) != REPORT_FORMAT:
        raise ConvertError(f"{name}: format {data.get('format')!r} is not {REPORT_FORMAT!r}")
    items = []
    for n, item in enumerate(data["items"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("card_id"), str):
            raise ConvertError(f"{name}: item {n} has no card_id")
        score = item.get("score")
        if not isinstance(score, int | float) or isinstance(score, bool):
            raise ConvertError(f"{name}: item {n} ({item['card_id']}) has no numeric score")
        items.append(item)
    seed = data.get("seed")
    profile = data.get("profile")
    label = f"{profile} ({name})" if isinstance(profile, str) and profile else name
    identity = None
    if data.get("exam_id") is not None and data.get("started_at"):
        identity = (str(profile), str(data["exam_id"]), str(data["started_at"]))
    return StudentReport(label, seed if isinstance(seed, int) else None, tuple(items), identity)


def load_reports(paths: Sequence[Path]) -> list[StudentReport]:
    """Read every report file.

    Raises:
        ConvertError: a file cannot be read or is not an exam report.
    """
    reports = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConvertError(f"{path}: cannot read: {exc}") from None
        reports.append(parse_report(str(path), text))
    return reports


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The Pearson correlation of two equally long sequences, or ``None`` if undefined."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def _score(item: dict[str, Any]) -> float:
    return min(1.0, max(0.0, float(item["score"])))


def _is_right(item: dict[str, Any]) -> bool:
    verdict = item.get("verdict")
    if isinstance(verdict, str):
        return verdict in ("right", "almost")
    return _score(item) >= 1.0


def analyse(reports: Sequence[StudentReport]) -> ClassReport:
    """Item and area statistics for ``reports`` (see the module docstring)."""
    unique: list[StudentReport] = []
    duplicates: list[str] = []
    identities: set[tuple[str, str, str]] = set()
    for report in reports:
        if report.identity is not None and report.identity in identities:
            duplicates.append(report.name)
            continue
        if report.identity is not None:
            identities.add(report.identity)
        unique.append(report)
    reports = unique
    # card id -> list of (item score, rest mean or None, item dict)
    per_card: dict[str, list[tuple[float, float | None, dict[str, Any]]]] = defaultdict(list)
    percents = []
    for report in reports:
        seen: dict[str, dict[str, Any]] = {}
        for item in report.items:
            seen.setdefault(item["card_id"], item)
        scores = {cid: _score(item) for cid, item in seen.items()}
        total, n = sum(scores.values()), len(scores)
        if n:
            percents.append(100.0 * total / n)
        for cid, item in seen.items():
            rest = (total - scores[cid]) / (n - 1) if n > 1 else None
            per_card[cid].append((scores[cid], rest, item))
    items = []
    area_scores: dict[str, list[float]] = defaultdict(list)
    area_cards: dict[str, set[str]] = defaultdict(set)
    for cid, rows in per_card.items():
        first = rows[0][2]
        item_scores = [s for s, _, _ in rows]
        pairs = [(s, r) for s, r, _ in rows if r is not None]
        discrimination = pearson([p[0] for p in pairs], [p[1] for p in pairs])
        facility = sum(item_scores) / len(item_scores)
        answered = sum(1 for _, _, it in rows if str(it.get("answer_display") or "").strip())
        wrong: Counter[str] = Counter()
        credits: dict[str, float] = {}
        for _, _, it in rows:
            shown = " ".join(str(it.get("answer_display") or "").split())
            if _is_right(it) or not shown:
                continue
            wrong[shown] += 1
            credit = it.get("credit")
            if isinstance(credit, int | float) and not isinstance(credit, bool):
                credits[shown] = float(credit)
        top = sorted(wrong.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_WRONG]
        area = str(first.get("area") or "other")
        area_scores[area].extend(item_scores)
        area_cards[area].add(cid)
        items.append(
            ItemStats(
                card_id=cid,
                kind=str(first.get("kind") or ""),
                area=area,
                question=str(first.get("question") or ""),
                expected=str(first.get("expected") or ""),
                presented=len(rows),
                answered=answered,
                facility=facility,
                discrimination=discrimination,
                wrong_answers=tuple(top),
                answer_credits=tuple((a, credits[a]) for a, _ in top if a in credits),
                broken=facility < BROKEN_FACILITY
                and discrimination is not None
                and discrimination < 0,
            )
        )
    items.sort(key=lambda i: (not i.broken, i.facility, i.card_id))
    areas = tuple(
        AreaStats(name, len(vals), len(area_cards[name]), sum(vals) / len(vals))
        for name, vals in sorted(area_scores.items())
    )
    seeds = tuple(sorted({r.seed for r in reports if r.seed is not None}))
    mean_percent = sum(percents) / len(percents) if percents else 0.0
    alpha, common = cronbach_alpha(reports)
    return ClassReport(
        len(reports),
        seeds,
        mean_percent,
        tuple(items),
        areas,
        reliability=alpha,
        common_questions=common,
        duplicates=tuple(duplicates),
    )


def _variance(values: Sequence[float]) -> float:
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / len(values)


def cronbach_alpha(reports: Sequence[StudentReport]) -> tuple[float | None, int]:
    """Cronbach's alpha (KR-20 for right/wrong items) over the questions all students had.

    Returns:
        (alpha or None when undefined, the number of common questions).
    """
    if len(reports) < 2:
        return None, 0
    per_student = [{item["card_id"]: _score(item) for item in r.items} for r in reports]
    common = sorted(set.intersection(*(set(s) for s in per_student)))
    k = len(common)
    if k < 2:
        return None, k
    item_variance = sum(_variance([s[cid] for s in per_student]) for cid in common)
    total_variance = _variance([sum(s[cid] for cid in common) for s in per_student])
    if total_variance <= 1e-12:
        return None, k
    return k / (k - 1) * (1 - item_variance / total_variance), k


# --- output -----------------------------------------------------------------------------------


def _disc(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def wrong_answers_text(item: ItemStats) -> str:
    """``Eurojust (2); Council of Europe (1, credit 50%)``: the listed answers, their counts and
    the credit of options with credit (every view of the report shows them this way)."""
    credits = dict(item.answer_credits)
    return "; ".join(
        f"{answer} ({count}, credit {percent_text(credits[answer])})"
        if answer in credits
        else f"{answer} ({count})"
        for answer, count in item.wrong_answers
    )


def summary_line(report: ClassReport) -> str:
    seeds = ", ".join(str(s) for s in report.seeds) or "—"
    line = (
        f"{report.students} report(s), {len(report.items)} question(s), seeds: {seeds}; "
        f"mean score {report.mean_percent:.1f} %; {len(report.broken)} flagged"
    )
    if report.reliability is not None:
        line += (
            f"; reliability (Cronbach's alpha) {report.reliability:.2f} over "
            f"{report.common_questions} common question(s)"
        )
    if report.duplicates:
        line += f"; {len(report.duplicates)} duplicate report(s) ignored"
    return line


LEGEND = (
    "Facility: mean score (0-1). Wrong answers include partly right ones, with the credit "
    "their option earns. Discrimination: correlation of the item with the rest of the "
    "exam (below 0: stronger students did worse). Flagged (check): facility < 0.3 and "
    "discrimination < 0, often a wrong key or an ambiguous question."
)


def rich_tables(report: ClassReport) -> list[Text | Table]:
    """Rich renderables (a summary, the item table, the area table); card text never as markup."""
    from rich.table import Table  # deferred: only the terminal output needs rich
    from rich.text import Text

    table = Table(title="Questions (flagged first, then hardest first)", expand=False)
    for header, justify in (
        ("Card", "left"),
        ("Question", "left"),
        ("Area", "left"),
        ("n", "right"),
        ("Answered", "right"),
        ("Facility", "right"),
        ("Discr.", "right"),
        ("Frequent wrong answers", "left"),
        ("Flag", "left"),
    ):
        if header == "Question":
            # the question is a reminder; the card id is the key, so it gets the room
            table.add_column(header, max_width=36, no_wrap=True, overflow="ellipsis")
            continue
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for item in report.items:
        table.add_row(
            Text(item.card_id),
            Text(" ".join(item.question.split())),
            Text(item.area),
            Text(str(item.presented)),
            Text(str(item.answered)),
            Text(f"{item.facility:.2f}"),
            Text(_disc(item.discrimination)),
            Text(wrong_answers_text(item)),
            Text("CHECK", style="bold red") if item.broken else Text(""),
        )
    areas = Table(title="Scores by area")
    for header in ("Area", "Questions", "Answers", "Mean score"):
        areas.add_column(header, justify="left" if header == "Area" else "right")
    for a in report.areas:
        areas.add_row(
            Text(a.name), Text(str(a.questions)), Text(str(a.answers)), Text(f"{a.mean:.2f}")
        )
    return [Text(summary_line(report)), table, Text(LEGEND, style="dim"), areas]


def _md(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(report: ClassReport) -> str:
    """The class report as Markdown."""
    lines = [
        "# cyberquiz class report",
        "",
        summary_line(report),
        "",
        "## Questions",
        "",
        "| Card | Area | n | Answered | Facility | Discrimination | Frequent wrong answers "
        "| Flag |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    tail = ["", LEGEND]
    for i in report.items:
        lines.append(
            f"| {_md(i.card_id)} | {_md(i.area)} | {i.presented} | {i.answered} | "
            f"{i.facility:.2f} | {_disc(i.discrimination)} | {_md(wrong_answers_text(i))} | "
            f"{'**check**' if i.broken else ''} |"
        )
    lines += tail
    lines += ["", "## Scores by area", "", "| Area | Questions | Answers | Mean score |"]
    lines.append("|---|---:|---:|---:|")
    lines += [
        f"| {_md(a.name)} | {a.questions} | {a.answers} | {a.mean:.2f} |" for a in report.areas
    ]
    if report.broken:
        lines += ["", "## Flagged questions", ""]
        for i in report.broken:
            lines.append(
                f"- `{i.card_id}`: {_md(i.question)} — expected {_md(i.expected)}; facility "
                f"{i.facility:.2f}, discrimination {_disc(i.discrimination)}"
            )
    return "\n".join(lines) + "\n"


CSV_COLUMNS = (
    "card_id",
    "kind",
    "area",
    "presented",
    "answered",
    "facility",
    "discrimination",
    "broken",
    "wrong_answers",
    "question",
    "expected",
)


def to_csv(report: ClassReport) -> str:
    """One row per question (numbers unrounded beyond 4 decimals)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for i in report.items:
        # numbers stay numbers (a negative discrimination is no formula); text is neutralised
        text = [neutralise_formula(t) for t in (i.card_id, i.kind, i.area)]
        writer.writerow(
            [
                *text,
                i.presented,
                i.answered,
                f"{i.facility:.4f}",
                "" if i.discrimination is None else f"{i.discrimination:.4f}",
                "yes" if i.broken else "",
                neutralise_formula(wrong_answers_text(i)),
                neutralise_formula(i.question),
                neutralise_formula(i.expected),
            ]
        )
    return out.getvalue()
