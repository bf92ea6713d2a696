"""The exam report files: JSON (schema in core.exam_report) and Markdown."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from exam_helpers import mixed_cards

from cyberquiz.core.cards import ChoiceCard
from cyberquiz.core.exam import ExamItem, ExamSession, ExamSettings, ExamStatus
from cyberquiz.core.exam_report import REPORT_SCHEMA, report_dict, report_json, report_markdown
from support import NOW


def _result():  # type: ignore[no-untyped-def]
    cards = {c.id: c for c in mixed_cards()}
    tricky = ChoiceCard(
        id="tricky",
        deck_id="d1",
        tags=("bodies", "un"),
        prompt="Which [bold]one[/] | pipe?",
        options=("[@click=app.quit]x[/]", "y"),
        answer=1,
        explain="Explained [b]here[/b].",
        source="A quote\nover two lines.",
    )
    items = [
        ExamItem(card=cards["bodies-choice-1"], answer=1, time_ms=0),
        ExamItem(card=tricky, answer=0),
        ExamItem(card=cards["multi-1"], answer=frozenset({0}), flagged=True),
        ExamItem(card=cards["typed-1"]),
    ]
    settings = ExamSettings(count=4, minutes=10, seed=99, penalty=0.25)
    session = ExamSession.start(settings, items, NOW, exam_id=12, profile="ana")
    session.go_to(3, NOW + timedelta(seconds=30))
    return session.submit(NOW + timedelta(seconds=90))


def test_json_report_content() -> None:
    result = _result()
    data = json.loads(report_json(result))
    assert data == report_dict(result)
    assert data["format"] == "cyberquiz-exam-report" and data["version"] == 1
    assert data["exam_id"] == 12 and data["profile"] == "ana" and data["seed"] == 99
    assert data["status"] == ExamStatus.SUBMITTED.value
    assert data["started_at"] == NOW.isoformat()
    assert data["finished_at"] == (NOW + timedelta(seconds=90)).isoformat()
    assert data["settings"]["penalty"] == 0.25 and data["settings"]["minutes"] == 10
    total = data["total"]
    assert total["questions"] == 4 and total["answered"] == 3 and total["max_points"] == 4
    assert total["points"] == 1.25  # 1 - 0.25 + 0.5 + 0
    assert total["percent"] == 31.25 and total["band"] == "fail"
    assert total["time_ms"] == 90_000
    items = data["items"]
    assert [i["card_id"] for i in items] == ["bodies-choice-1", "tricky", "multi-1", "typed-1"]
    first = items[0]
    assert first["position"] == 1 and first["kind"] == "choice" and first["area"] == "bodies"
    assert first["answer"] == 1 and first["answer_display"] == "beta"
    assert first["score"] == 1.0 and first["verdict"] == "right" and first["time_ms"] == 30_000
    assert items[1]["score"] == -0.25 and items[1]["answer_display"] == "[@click=app.quit]x[/]"
    assert items[1]["expected"] == "y" and items[1]["tags"] == ["bodies", "un"]
    assert items[2]["flagged"] is True and items[2]["score"] == 0.5
    assert items[2]["answer"] == [0]
    assert items[3]["answer"] is None and items[3]["answer_display"] == ""
    assert items[3]["verdict"] == "empty" and items[3]["time_ms"] == 60_000
    areas = {a["name"]: a for a in data["by_area"]}
    assert areas["bodies"]["questions"] == 3 and areas["bodies"]["points"] == 1.25
    tags = {t["name"]: t for t in data["by_tag"]}
    assert tags["un"]["questions"] == 3 and tags["un"]["organization"] is True


def test_markdown_report_content() -> None:
    md = report_markdown(_result())
    assert md.startswith("# cyberquiz exam report\n")
    assert "- Student: ana" in md
    assert "- Score: **1.25 / 4** (31.2 %), band **fail**" in md
    assert "| bodies | 3 | 1.25 | 42 |" in md
    assert "## By organization" in md and "| un | 3 |" in md
    # every mistake with the given and expected answer, explanation and source
    assert "### 2. Which [bold]one[/] \\| pipe?" in md
    assert "- Your answer: [@click=app.quit]x[/]" in md
    assert "- Expected: y" in md
    assert "Explained [b]here[/b]." in md
    assert "> A quote\n> over two lines." in md
    assert "- Your answer: (none)" in md  # the unanswered question
    assert "bodies-choice-1`" not in md.split("## Mistakes")[1], "right answers are not mistakes"


def test_json_report_matches_its_schema() -> None:
    import jsonschema

    jsonschema.validate(json.loads(report_json(_result())), REPORT_SCHEMA)
    with_bad_item = report_dict(_result())
    with_bad_item["items"][0]["score"] = "1"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(with_bad_item, REPORT_SCHEMA)
