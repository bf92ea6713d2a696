"""``class-report --db``: the class read live from the database (issue 16 item 4)."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.services import class_report
from cyberquiz.services.sync import sync_decks
from cyberquiz.storage.repository import Repository
from support import NOW, ClassDb, run_cli


def _answers(url: str, scores: dict[str, float], at: datetime) -> None:
    with Repository.open(url, profile="ignored on a class server", clock=lambda: at) as repo:
        for card, score in scores.items():
            repo.record_answer(
                card,
                now=at,
                mode=Mode.STUDY,
                answer='{"self_rated": true}' if score else "null",
                score=score,
                proposed=Rating.GOOD if score else Rating.AGAIN,
            )


@pytest.fixture
def live_class(class_db: ClassDb, class_decks: Path) -> ClassDb:
    """alice knows a0..a2; bob a0 only; carol never studied; teach synced the decks."""
    url = class_db.owner_url
    assert run_cli("--db", url, "class", "init")[0] == 0
    for who in ("alice", "bob", "carol"):
        assert run_cli("--db", url, "class", "add-student", class_db.name(who))[0] == 0
    assert run_cli("--db", url, "class", "add-instructor", class_db.name("teach"))[0] == 0
    teach = class_db.url_of(class_db.name("teach"))
    assert run_cli("--db", teach, "--decks", str(class_decks), "sync")[0] == 0
    alice, bob = (class_db.url_of(class_db.name(w)) for w in ("alice", "bob"))
    _answers(alice, {"a0": 1.0, "a1": 1.0, "a2": 1.0}, NOW - timedelta(days=1))
    _answers(bob, {"a0": 1.0, "a1": 0.0, "a2": 0.0}, NOW - timedelta(days=10))
    _answers(bob, {"a1": 1.0}, NOW - timedelta(days=9))  # not a first answer: no effect
    return class_db


def test_the_instructor_reads_items_students_and_areas(live_class: ClassDb) -> None:
    teach = live_class.url_of(live_class.name("teach"))
    report = class_report.read(teach, now=NOW, exam_date=date(2026, 12, 15), inactive_days=7)
    items = {i.card_id: i for i in report.items.items}
    assert items["a0"].facility == 1.0 and items["a1"].facility == 0.5
    assert items["a1"].presented == 2 and "a3" not in items  # nobody answered a3
    assert items["a2"].discrimination is not None and items["a2"].discrimination > 0
    students = {s.name: s for s in report.students}
    a, b, c = (live_class.name(w) for w in ("alice", "bob", "carol"))
    assert set(students) == {a, b, c}  # the instructor is no student
    assert (students[a].answers, students[a].idle_days, students[a].inactive) == (3, 1, False)
    assert (students[b].answers, students[b].idle_days, students[b].inactive) == (4, 9, True)
    assert students[c].last_answer is None and students[c].inactive
    assert students[c].readiness == 0.0
    ready_a, ready_b = students[a].readiness, students[b].readiness
    assert ready_a is not None and ready_b is not None and ready_a > ready_b
    assert [m[0] for m in report.mastery] == ["dates"]
    assert 0 < report.mastery[0][2] < 1


def test_a_student_running_it_sees_only_themself(live_class: ClassDb) -> None:
    alice = live_class.url_of(live_class.name("alice"))
    report = class_report.read(alice, now=NOW)
    assert [s.name for s in report.students] == [live_class.name("alice")]


def test_the_command_prints_and_writes_markdown_and_csv(
    live_class: ClassDb, tmp_path: Path
) -> None:
    teach = live_class.url_of(live_class.name("teach"))
    md, items, people = tmp_path / "r.md", tmp_path / "items.csv", tmp_path / "s.csv"
    code, out, err = run_cli(
        "class-report", "--db", teach, "--markdown", str(md), "--csv", str(items),
        "--students-csv", str(people), "--inactive-days", "5", "--exam-date", "2026-12-15",
    )  # fmt: skip
    assert code == 0, err
    assert "Facility" in out and "## Students" in out
    text = md.read_text(encoding="utf-8")
    assert "## Questions" in text and "## Mastery by area" in text
    assert f"| {live_class.name('carol')} | 0 | never |" in text
    rows = list(csv.DictReader(people.read_text(encoding="utf-8").splitlines()))
    assert [r["student"] for r in rows] == [live_class.name(w) for w in ("alice", "bob", "carol")]
    assert {r["exam_date"] for r in rows} == {"2026-12-15"}
    assert rows[2]["inactive"] == "yes" and rows[2]["last_answer"] == ""
    assert next(csv.DictReader(items.read_text(encoding="utf-8").splitlines()))["card_id"]


def test_report_files_still_work_and_one_source_is_required(tmp_path: Path) -> None:
    code, _, err = run_cli("class-report")
    assert code == 2 and "REPORT files or --db" in err
    code, _, err = run_cli("class-report", "--db", f"postgresql://x@/db?host={tmp_path}")
    assert code == 1 and "Cannot open the database" in err and "Traceback" not in err


def test_a_shared_sqlite_file_reports_every_profile(tmp_path: Path, class_decks: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    for name in ("ana", "ben"):
        with Repository.open(url, profile=name, clock=lambda: NOW) as repo:
            sync_decks(repo, [class_decks])
            repo.record_answer(
                "a0", now=NOW, mode=Mode.STUDY, answer="null", score=0.0, proposed=Rating.AGAIN
            )
    report = class_report.read(url, now=NOW)
    assert [s.name for s in report.students] == ["ana", "ben"]
    assert report.items.items[0].facility == 0.0
