"""Class report statistics on a small hand-computed class, and merging real exam reports."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cyberquiz.convert import ConvertError
from cyberquiz.convert.classreport import (
    analyse,
    load_reports,
    parse_report,
    pearson,
    to_csv,
    to_markdown,
)

# Five students (A strongest ... E weakest), four questions. q4's key looks wrong: only the
# weakest student "got it right". Wrong answers are what the student chose.
CLASS: dict[str, dict[str, tuple[float, str]]] = {
    "A": {"q1": (1, "Europol"), "q2": (1, "Geneva"), "q3": (1, "2001"), "q4": (0, "2001")},
    "B": {"q1": (1, "Europol"), "q2": (1, "Geneva"), "q3": (0, "2003"), "q4": (0, "2001")},
    "C": {"q1": (1, "Europol"), "q2": (0, "ENISA"), "q3": (1, "2001"), "q4": (0, "2003")},
    "D": {"q1": (0, "Eurojust"), "q2": (1, "Geneva"), "q3": (0, "1999"), "q4": (0, "2001")},
    "E": {"q1": (0, "Eurojust"), "q2": (0, ""), "q3": (0, "2003"), "q4": (1, "1999")},
}
AREA = {"q1": "bodies", "q2": "bodies", "q3": "dates", "q4": "dates"}


def report(name: str, answers: dict[str, tuple[float, str]], seed: int = 7) -> dict[str, Any]:
    return {
        "format": "cyberquiz-exam-report",
        "version": 1,
        "profile": name,
        "seed": seed,
        "items": [
            {
                "position": n,
                "card_id": cid,
                "kind": "choice",
                "area": AREA.get(cid, "other"),
                "tags": [AREA.get(cid, "other")],
                "question": f"Question {cid}?",
                "answer_display": shown,
                "expected": "x",
                "verdict": "right" if score == 1 else ("empty" if not shown else "wrong"),
                "score": score,
                "time_ms": 1000,
            }
            for n, (cid, (score, shown)) in enumerate(answers.items(), start=1)
        ],
    }


def class_reports() -> list:
    return [parse_report(f"{n}.json", json.dumps(report(n, a))) for n, a in CLASS.items()]


def test_hand_computed_facility_discrimination_and_distractors() -> None:
    result = analyse(class_reports())
    by_id = {i.card_id: i for i in result.items}
    # facility = share right
    assert [by_id[q].facility for q in ("q1", "q2", "q3", "q4")] == [0.6, 0.6, 0.4, 0.2]
    # discrimination, by hand: item scores x against rest-of-exam totals y.
    # q1: x=(1,1,1,0,0), y=(2,1,1,1,1): Sxy=0.4, Sxx=1.2, Syy=0.8 -> 0.4/sqrt(0.96) = 1/sqrt(6)
    assert by_id["q1"].discrimination == pytest.approx(1 / math.sqrt(6))
    # q2: x=(1,1,0,1,0), y=(2,1,2,0,1): Sxy=-0.6, Sxx=1.2, Syy=2.8 -> -3/(2 sqrt 21)
    assert by_id["q2"].discrimination == pytest.approx(-3 / (2 * math.sqrt(21)))
    # q3: x=(1,0,1,0,0), y=(2,2,1,1,1): Sxy=0.2, Sxx=1.2, Syy=1.2 -> 1/6
    assert by_id["q3"].discrimination == pytest.approx(1 / 6)
    # q4: x=(0,0,0,0,1), y=(3,2,2,1,0): Sxy=-1.6, Sxx=0.8, Syy=5.2 -> -4/sqrt(26)
    assert by_id["q4"].discrimination == pytest.approx(-4 / math.sqrt(26))
    assert by_id["q1"].wrong_answers == (("Eurojust", 2),)
    assert by_id["q2"].wrong_answers == (("ENISA", 1),)  # the unanswered one is not a distractor
    assert by_id["q4"].wrong_answers == (("2001", 3), ("2003", 1))
    assert (by_id["q2"].presented, by_id["q2"].answered) == (5, 4)
    # only q4 is flagged; q2 discriminates negatively but is not hard
    assert [i.card_id for i in result.broken] == ["q4"]
    assert [i.card_id for i in result.items] == ["q4", "q3", "q1", "q2"]
    assert [(a.name, a.questions, a.answers, a.mean) for a in result.areas] == [
        ("bodies", 2, 10, 0.6),
        ("dates", 2, 10, 0.3),
    ]
    assert result.students == 5 and result.seeds == (7,)
    assert result.mean_percent == pytest.approx(45.0)  # 75, 50, 50, 25, 25
    # alpha = k/(k-1) (1 - sum of item variances / variance of totals)
    #       = 4/3 (1 - (0.24 + 0.24 + 0.24 + 0.16) / 0.56) = -16/21 (q4 pulls against the rest)
    assert result.reliability == pytest.approx(-16 / 21)
    assert result.common_questions == 4


def test_the_same_exam_handed_in_twice_counts_once() -> None:
    data = report("a", {"q1": (1, "x"), "q2": (0, "y")})
    data |= {"exam_id": 4, "started_at": "2026-11-28T10:00:00+00:00"}
    other = report("b", {"q1": (0, "z"), "q2": (1, "w")})
    reports = [
        parse_report("a.json", json.dumps(data)),
        parse_report("copy.json", json.dumps(data)),
        parse_report("b.json", json.dumps(other)),
    ]
    result = analyse(reports)
    assert result.students == 2
    assert result.duplicates == ("a (copy.json)",)
    assert "1 duplicate report(s) ignored" in to_markdown(result)


def test_pearson_edge_cases() -> None:
    assert pearson([1], [2]) is None
    assert pearson([1, 1, 1], [1, 2, 3]) is None  # everybody right: undefined, not 0
    assert pearson([0, 1], [0, 1]) == pytest.approx(1.0)


def test_reports_from_different_seeds_merge_by_card_id() -> None:
    one = parse_report("a.json", json.dumps(report("a", {"q1": (1, "x"), "q5": (1, "y")}, 1)))
    two = parse_report(
        "b.json", json.dumps(report("b", {"q9": (0, "z"), "q1": (0, "w"), "q5": (0, "v")}, 2))
    )
    result = analyse([one, two])
    by_id = {i.card_id: i for i in result.items}
    assert result.seeds == (1, 2)
    assert (by_id["q1"].presented, by_id["q5"].presented, by_id["q9"].presented) == (2, 2, 1)
    assert by_id["q1"].facility == 0.5
    # rest of the exam is the mean of the other items: a 1.0, b 0.0 -> perfect correlation
    assert by_id["q1"].discrimination == pytest.approx(1.0)
    assert by_id["q9"].discrimination is None


def test_negative_marks_count_as_zero() -> None:
    data = report("a", {"q1": (-0.25, "wrong"), "q2": (1, "ok")})
    result = analyse([parse_report("a.json", json.dumps(data))])
    assert {i.card_id: i.facility for i in result.items} == {"q1": 0.0, "q2": 1.0}


def test_real_exam_reports_from_the_exam_core(tmp_path: Path) -> None:
    from cyberquiz.core.cards import ChoiceCard
    from cyberquiz.core.exam import ExamItem, ExamSession, ExamSettings
    from cyberquiz.core.exam_report import report_json

    card = ChoiceCard(
        id="c1",
        deck_id="d",
        tags=("bodies",),
        prompt="Which [bold]one[/]?",
        options=("[red]x[/]", "y"),
        answer=1,
    )
    other = ChoiceCard(
        id="c2", deck_id="d", tags=("dates",), prompt="Q", options=("a", "b"), answer=0
    )
    now = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
    paths = []
    for name, answers in (("ana", (1, 0)), ("bob", (0, 0)), ("cy", (0, 1))):
        items = [ExamItem(card=card, answer=answers[0]), ExamItem(card=other, answer=answers[1])]
        session = ExamSession.start(ExamSettings(count=2, seed=5), items, now, profile=name)
        path = tmp_path / f"{name}.json"
        path.write_text(report_json(session.submit(now + timedelta(seconds=60))), "utf-8")
        paths.append(path)
    result = analyse(load_reports(paths))
    by_id = {i.card_id: i for i in result.items}
    assert by_id["c1"].facility == pytest.approx(1 / 3)
    assert by_id["c1"].wrong_answers == (("[red]x[/]", 2),)
    assert by_id["c1"].area == "bodies" and by_id["c1"].kind == "choice"
    assert by_id["c2"].wrong_answers == (("b", 1),)


def test_markdown_and_csv_outputs() -> None:
    result = analyse(class_reports())
    md = to_markdown(result)
    assert (
        "5 report(s), 4 question(s), seeds: 7; mean score 45.0 %; 1 flagged; "
        "reliability (Cronbach's alpha) -0.76 over 4 common question(s)"
    ) in md
    assert "| q4 | dates | 5 | 5 | 0.20 | -0.78 | 2001 (3); 2003 (1) | **check** |" in md
    assert "| bodies | 2 | 10 | 0.60 |" in md
    assert "## Flagged questions" in md
    rows = to_csv(result).splitlines()
    assert rows[0].startswith("card_id,kind,area,presented,answered,facility,discrimination")
    assert rows[1].startswith("q4,choice,dates,5,5,0.2000,-0.7845,yes,2001 (3); 2003 (1),")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "r.json:1:1: not JSON"),
        ("[]", "r.json: not a cyberquiz exam report"),
        ('{"format": "other", "items": []}', "format 'other' is not"),
        ('{"items": [{"score": 1}]}', "item 1 has no card_id"),
        ('{"items": [{"card_id": "a", "score": "1"}]}', "item 1 (a) has no numeric score"),
    ],
)
def test_bad_reports_raise_clear_errors(text: str, message: str) -> None:
    with pytest.raises(ConvertError) as info:
        parse_report("r.json", text)
    assert message in str(info.value)
