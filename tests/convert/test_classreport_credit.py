"""Item analysis of options with credit: each listed answer shows what its option was worth."""

from __future__ import annotations

import json

import jsonschema

from cyberquiz.convert.classreport import (
    analyse,
    parse_report,
    to_csv,
    to_markdown,
    wrong_answers_text,
)
from cyberquiz.core.answers import Answer
from cyberquiz.core.cards import ChoiceCard, FlipCard
from cyberquiz.core.exam import ExamItem, ExamSettings, score_exam
from cyberquiz.core.exam_report import REPORT_SCHEMA, report_dict, report_markdown
from cyberquiz.core.grading import grade
from cyberquiz.core.serialize import answer_to_json
from cyberquiz.services.class_report import build
from cyberquiz.storage.classdata import ClassAnswer, ClassData
from support import NOW, credit_cards

CHOICE, MULTI = credit_cards()
PLAIN = FlipCard(id="plain", deck_id="d", front="EC3?", back="European Cybercrime Centre")
#: Three students' picks: (choice answer, multi answer)
PICKS: dict[str, tuple[Answer, Answer]] = {
    "ana": (0, frozenset({0, 1})),
    "ben": (1, frozenset({0})),
    "cleo": (1, frozenset({0, 2})),
}


def _report(name: str, picks: tuple[Answer, Answer]) -> str:
    items = [ExamItem(card=CHOICE, answer=picks[0]), ExamItem(card=MULTI, answer=picks[1])]
    result = score_exam(items, ExamSettings(count=2, seed=1, penalty=0.25))
    data = report_dict(result)
    jsonschema.validate(data, REPORT_SCHEMA)
    return json.dumps(data)


def test_an_exam_report_says_what_the_option_picked_was_worth() -> None:
    items = json.loads(_report("ben", PICKS["ben"]))["items"]
    assert [(i["verdict"], i["score"], i["credit"]) for i in items] == [
        ("partial", 0.5, 0.5),
        ("partial", 0.5, 0.5),
    ]
    plain = score_exam(
        [ExamItem(card=CHOICE.__class__(**{**_fields(CHOICE), "credits": ()}), answer=1)],
        ExamSettings(count=1, seed=1),
    )
    assert "credit" not in report_dict(plain)["items"][0]


def _fields(card: ChoiceCard) -> dict[str, object]:
    return {name: getattr(card, name) for name in card.__dataclass_fields__}


def test_the_markdown_exam_report_names_the_credit() -> None:
    items = [ExamItem(card=CHOICE, answer=1), ExamItem(card=CHOICE, answer=2)]
    markdown = report_markdown(score_exam(items, ExamSettings(count=2, seed=1)))
    assert "- Score: 0.5 (partial: the option picked earns half credit)" in markdown
    assert "- Score: -0.25 (wrong: the option picked earns a penalty of 25%)" in markdown


def test_the_distractors_of_a_class_show_their_credit() -> None:
    reports = [parse_report(f"{n}.json", _report(n, p)) for n, p in PICKS.items()]
    stats = {i.card_id: i for i in analyse(reports).items}
    assert stats["adopted"].wrong_answers == (("Council of Europe", 2),)
    assert stats["adopted"].answer_credits == (("Council of Europe", 0.5),)
    assert stats["adopted"].facility == (1 + 0.5 + 0.5) / 3
    assert stats["regional"].answer_credits == (
        ("Council of Europe", 0.5),
        ("Council of Europe; ITU", -0.5),
    )
    markdown = to_markdown(analyse(reports))
    assert "Council of Europe (2, credit 50%)" in markdown
    assert "Council of Europe; ITU (1, credit -50%)" in markdown
    assert "Council of Europe (2, credit 50%)" in to_csv(analyse(reports))
    assert wrong_answers_text(stats["adopted"]) == "Council of Europe (2, credit 50%)"


def test_the_live_class_report_shows_the_credit_too() -> None:
    answers = tuple(
        ClassAnswer(
            student, card.id, NOW, "study", grade(card, answer).score, answer_to_json(card, answer)
        )
        for student, picks in PICKS.items()
        for card, answer in zip((CHOICE, MULTI), picks, strict=True)
    )
    data = ClassData(tuple(PICKS), answers, {}, {}, {})
    report = build(data, [CHOICE, MULTI, PLAIN], now=NOW)
    stats = {i.card_id: i for i in report.items.items}
    assert stats["adopted"].answer_credits == (("Council of Europe", 0.5),)
    assert stats["regional"].wrong_answers == (
        ("Council of Europe", 1),
        ("Council of Europe; ITU", 1),
    )
