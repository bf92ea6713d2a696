"""Exam reports as JSON and Markdown. Pure: text in, text out; the caller writes the files.

JSON report, format ``cyberquiz-exam-report`` version 1 (``cyberquiz class-report`` merges these
by ``card_id``)::

    {
      "format": "cyberquiz-exam-report",
      "version": 1,
      "exam_id": 3,                      # id in the student's database, or null
      "profile": "ana",
      "status": "submitted",             # submitted | timed_out
      "started_at": "2026-11-28T19:00:00+00:00",   # ISO 8601, UTC
      "finished_at": "2026-11-28T19:25:10+00:00",
      "seed": 1234,
      "settings": {"deck_ids": [], "areas": [], "tags": [], "count": 20, "minutes": 30.0,
                   "seed": 1234, "penalty": 0.25, "update_schedule": false},
      "total": {"questions": 20, "answered": 19, "points": 14.5, "max_points": 20,
                "percent": 72.5, "band": "satisfactory", "time_ms": 1510000},
      "by_area": [{"name": "dates", "questions": 5, "points": 3.5, "percent": 70.0}, ...],
      "by_tag": [{"name": "un", "questions": 4, "points": 4.0, "percent": 100.0,
                  "organization": true}, ...],
      "items": [
        {
          "position": 1,                 # 1-based place in the exam
          "card_id": "budapest-opened",
          "deck_id": "dates",
          "kind": "date",
          "area": "dates",               # or "other"
          "tags": ["dates", "council-of-europe"],
          "question": "When was ...?",
          "answer": "2001-11-23",        # the answer as JSON (core.serialize), null if unanswered
          "answer_display": "2001-11-23",  # the answer as shown to a person ("" if unanswered)
          "expected": "2001-11-23",
          "verdict": "right",            # right | almost | partial | wrong | empty
          "score": 1.0,                  # in [0, 1], or -penalty for a wrong choice answer
          "credit": 0.5,                 # only for options with credit: what the pick was worth
          "flagged": false,
          "time_ms": 41000
        }, ...
      ]
    }

:data:`REPORT_SCHEMA` is the same as a JSON Schema.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from cyberquiz.core.exam import ORGANIZATION_TAGS, ExamResult, GroupScore, ItemResult
from cyberquiz.core.kinds import question_text, rules_for
from cyberquiz.core.kinds.credit import credit_words
from cyberquiz.core.present import points_text

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue

REPORT_FORMAT = "cyberquiz-exam-report"
REPORT_VERSION = 1


def _answer_json(item: ItemResult) -> JSONValue:
    if not item.answered:
        return None
    from cyberquiz.core.serialize import answer_to_json

    value: JSONValue = json.loads(answer_to_json(item.card, item.answer))
    return value


def answer_text(item: ItemResult) -> str:
    """The student's answer as display text ("" when unanswered)."""
    if not item.answered:
        return ""
    from cyberquiz.core.serialize import answer_display

    return answer_display(item.card, item.answer)


def _credit(item: ItemResult) -> dict[str, float]:
    """``{"credit": ...}`` when the card's options carry credits and one was picked."""
    credit = rules_for(item.card).answer_credit(item.card, item.answer) if item.answered else None
    return {} if credit is None else {"credit": round(credit, 7)}


def _credit_words(item: ItemResult) -> str:
    """``: the option picked earns half credit`` for an option with credit, else nothing."""
    credit = _credit(item).get("credit")
    return "" if credit is None else f": the option picked earns {credit_words(credit)}"


def _group_dict(group: GroupScore, *, tag: bool = False) -> dict[str, JSONValue]:
    data: dict[str, JSONValue] = {
        "name": group.name,
        "questions": group.questions,
        "points": round(group.points, 4),
        "percent": round(group.percent, 2),
    }
    if tag:
        data["organization"] = group.name in ORGANIZATION_TAGS
    return data


def report_dict(result: ExamResult) -> dict[str, JSONValue]:
    """The JSON report as a dict (see the module docstring for the schema)."""
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "exam_id": result.exam_id,
        "profile": result.profile,
        "status": result.status.value,
        "started_at": result.started_at.isoformat() if result.started_at else None,
        "finished_at": result.finished_at.isoformat() if result.finished_at else None,
        "seed": result.settings.seed,
        "settings": result.settings.to_dict(),
        "total": {
            "questions": result.questions,
            "answered": result.answered,
            "points": round(result.points, 4),
            "max_points": result.questions,
            "percent": round(result.percent, 2),
            "band": result.band,
            "time_ms": result.time_ms,
        },
        "by_area": [_group_dict(g) for g in result.by_area],
        "by_tag": [_group_dict(g, tag=True) for g in result.by_tag],
        "items": [
            {
                "position": item.position + 1,
                "card_id": item.card.id,
                "deck_id": item.card.deck_id,
                "kind": item.card.kind.value,
                "area": item.area,
                "tags": list(item.card.tags),
                "question": question_text(item.card),
                "answer": _answer_json(item),
                "answer_display": answer_text(item),
                "expected": item.grade.expected,
                "verdict": item.grade.verdict.value,
                "score": round(item.score, 4),
                "flagged": item.flagged,
                "time_ms": item.time_ms,
                **_credit(item),
            }
            for item in result.items
        ],
    }


def report_json(result: ExamResult) -> str:
    """The JSON report as text (UTF-8, indented, ending with a newline)."""
    return json.dumps(report_dict(result), ensure_ascii=False, indent=2) + "\n"


def _seconds(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _cell(text: str) -> str:
    """Deck text inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in text.splitlines()) or ">"


def report_markdown(result: ExamResult) -> str:
    """A report a person reads: totals, breakdowns, every question, then every mistake."""
    s = result.settings
    when = result.finished_at or result.started_at
    lines = [
        "# cyberquiz exam report",
        "",
        f"- Student: {result.profile or '—'}",
        f"- Date: {when.strftime('%Y-%m-%d %H:%M UTC') if when else '—'}",
        f"- Status: {result.status.value.replace('_', ' ')}",
        f"- Settings: {s.describe()}",
        f"- Score: **{points_text(result.points)} / {result.questions}** ({result.percent:.1f} %), "
        f"band **{result.band}**",
        f"- Answered: {result.answered} of {result.questions}; time {_seconds(result.time_ms)}",
        "",
        "## By area",
        "",
        "| Area | Questions | Points | % |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {g.name} | {g.questions} | {points_text(g.points)} | {g.percent:.0f} |"
        for g in result.by_area
    ]
    orgs = result.by_organization
    if orgs:
        lines += [
            "",
            "## By organization",
            "",
            "| Tag | Questions | Points | % |",
            "|---|---:|---:|---:|",
        ]
        lines += [
            f"| {g.name} | {g.questions} | {points_text(g.points)} | {g.percent:.0f} |"
            for g in orgs
        ]
    lines += [
        "",
        "## Questions",
        "",
        "| # | Card | Area | Score | Time | Flag |",
        "|---:|---|---|---:|---:|:-:|",
    ]
    lines += [
        f"| {i.position + 1} | {_cell(i.card.id)} | {i.area} | {points_text(i.score)} | "
        f"{_seconds(i.time_ms)} | {'⚑' if i.flagged else ''} |"
        for i in result.items
    ]
    lines += ["", "## Mistakes", ""]
    if not result.mistakes:
        lines.append("None: every answer was right.")
    for i in result.mistakes:
        lines += [
            f"### {i.position + 1}. {_cell(question_text(i.card))}",
            "",
            f"- Card: `{i.card.id}` (deck `{i.card.deck_id}`, {i.card.kind.value})",
            f"- Your answer: {_cell(answer_text(i)) or '(none)'}",
            f"- Expected: {_cell(i.grade.expected)}",
            f"- Score: {points_text(i.score)} ({i.grade.verdict.value}{_credit_words(i)})",
        ]
        if i.card.explain:
            lines += ["", i.card.explain.strip()]
        if i.card.source:
            lines += ["", _quote(i.card.source.strip())]
        if i.card.note:
            lines += ["", f"Note: {i.card.note.strip()}"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_GROUP: dict[str, JSONValue] = {
    "type": "object",
    "required": ["name", "questions", "points", "percent"],
    "properties": {
        "name": {"type": "string"},
        "questions": {"type": "integer", "minimum": 0},
        "points": {"type": "number"},
        "percent": {"type": "number", "minimum": 0, "maximum": 100},
        "organization": {"type": "boolean"},
    },
}

#: JSON Schema (draft 2020-12) of the JSON report, for tools that read it.
REPORT_SCHEMA: dict[str, JSONValue] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "cyberquiz exam report",
    "type": "object",
    "required": [
        "format",
        "version",
        "profile",
        "status",
        "started_at",
        "finished_at",
        "seed",
        "settings",
        "total",
        "by_area",
        "by_tag",
        "items",
    ],
    "properties": {
        "format": {"const": REPORT_FORMAT},
        "version": {"const": REPORT_VERSION},
        "exam_id": {"type": ["integer", "null"]},
        "profile": {"type": "string"},
        "status": {"enum": ["submitted", "timed_out", "running", "abandoned"]},
        "started_at": {"type": ["string", "null"]},
        "finished_at": {"type": ["string", "null"]},
        "seed": {"type": ["integer", "null"]},
        "settings": {"type": "object"},
        "total": {
            "type": "object",
            "required": ["questions", "answered", "points", "max_points", "percent", "band"],
        },
        "by_area": {"type": "array", "items": _GROUP},
        "by_tag": {"type": "array", "items": _GROUP},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "position",
                    "card_id",
                    "kind",
                    "area",
                    "tags",
                    "answer",
                    "answer_display",
                    "expected",
                    "verdict",
                    "score",
                    "time_ms",
                ],
                "properties": {
                    "position": {"type": "integer", "minimum": 1},
                    "card_id": {"type": "string"},
                    "deck_id": {"type": "string"},
                    "kind": {"type": "string"},
                    "area": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "question": {"type": "string"},
                    "answer_display": {"type": "string"},
                    "expected": {"type": "string"},
                    "verdict": {"enum": ["right", "almost", "partial", "wrong", "empty", "self"]},
                    "score": {"type": "number", "minimum": -1, "maximum": 1},
                    "credit": {"type": "number"},
                    "flagged": {"type": "boolean"},
                    "time_ms": {"type": "integer", "minimum": 0},
                },
            },
        },
    },
}
