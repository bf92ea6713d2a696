"""The instructor commands through the CLI entry point (click's CliRunner, in-process)."""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cyberquiz.cli import cli
from cyberquiz.core.cards import Kind
from cyberquiz.decks.loader import load_deck_file

CONVERT = Path(__file__).parents[1] / "convert"
FIXTURES = CONVERT / "fixtures"


def run(*args: str | Path) -> Result:
    # a wide terminal, so that rich tables do not wrap cells in the assertions
    return CliRunner(env={"COLUMNS": "200"}).invoke(cli, [str(a) for a in args])


def ok(*args: str | Path) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def fails(*args: str | Path) -> Result:
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # a message, never a traceback
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    path = tmp_path / "my-deck.yaml"
    ok("new", path)
    return path


def test_new_writes_a_valid_deck_with_every_kind(starter: Path) -> None:
    text = starter.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    load = load_deck_file(starter)
    assert load.problems == []
    assert load.deck is not None
    assert load.deck.id == "my-deck"
    assert {c.kind for c in load.deck.cards} == set(Kind)
    ids = [c.id for c in load.deck.cards]
    assert len(set(ids)) == len(ids) == len(Kind)


def test_new_gives_fresh_ids_and_refuses_to_overwrite(starter: Path, tmp_path: Path) -> None:
    before = starter.read_text("utf-8")
    result = fails("new", starter)
    assert "already exists" in result.output
    assert starter.read_text("utf-8") == before
    other = tmp_path / "other.yaml"
    ok("new", other, "--title", "Other: deck")
    first = {c.id for c in load_deck_file(starter).require().cards}
    second_deck = load_deck_file(other).require()
    assert first.isdisjoint(c.id for c in second_deck.cards)
    assert second_deck.title == "Other: deck"
    ok("validate", starter, other)


@pytest.mark.parametrize(("given", "written"), [("other", "other.yaml"), ("b.yml", "b.yml")])
def test_new_writes_a_yaml_file(tmp_path: Path, given: str, written: str) -> None:
    """Issue 13.6: `cyberquiz new other` wrote a file named `other`, which no deck loader reads."""
    result = ok("new", tmp_path / given)
    assert sorted(p.name for p in tmp_path.iterdir()) == [written]
    assert written in result.output
    assert load_deck_file(tmp_path / written).require().id == Path(written).stem


def test_new_and_import_name_the_schema(tmp_path: Path) -> None:
    ok("new", tmp_path / "a.yaml", "--schema", "https://example.org/deck.schema.json")
    first = (tmp_path / "a.yaml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=https://example.org/deck.schema.json"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "deck.schema.json").write_text("{}", "utf-8")
    (tmp_path / "decks").mkdir()
    ok("new", tmp_path / "decks" / "b.yaml")
    ok("import", FIXTURES / "all_types.gift", "-o", tmp_path / "decks" / "c.yaml")
    for name in ("b.yaml", "c.yaml"):
        first = (tmp_path / "decks" / name).read_text("utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../docs/deck.schema.json"


def test_new_id() -> None:
    ids = ok("new-id", "-n", "5").output.split()
    assert len(set(ids)) == 5
    assert all(re.fullmatch(r"card-[a-z2-7]{8}", i) for i in ids)
    assert re.fullmatch(r"dates-[a-z2-7]{8}\n", ok("new-id", "--prefix", "dates").output)
    assert "prefix" in fails("new-id", "--prefix", "Bad Prefix").output


def test_import_gift_lists_skipped_questions_and_writes_a_valid_deck(tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    result = ok("import", FIXTURES / "all_types.gift", "--output", out)
    assert "Skipped, cannot be represented (3):" in result.output
    assert "all_types.gift:48: essay question cannot be represented" in result.output
    assert "Imported 16 card(s)" in result.output
    deck = load_deck_file(out).require()
    assert deck.id == "imported" and len(deck.cards) == 16
    text = out.read_text("utf-8")
    assert "already exists" in fails("import", FIXTURES / "all_types.gift", "-o", out).output
    ok("import", FIXTURES / "all_types.gift", "-o", out, "--force")
    assert out.read_text("utf-8") == text  # a re-import updates (same ids), never duplicates


def test_import_csv_and_tsv_by_extension(tmp_path: Path) -> None:
    csv_file = tmp_path / "cards.csv"
    csv_file.write_text("front,back,tags\nEC3?,European Cybercrime Centre,bodies\n", "utf-8")
    tsv_file = tmp_path / "cards.tsv"
    tsv_file.write_text("kind\tprompt\tanswer\ntruefalse\tITU is a UN agency\ttrue\n", "utf-8")
    ok("import", csv_file, "-o", tmp_path / "a.yaml")
    ok("import", tsv_file, "-o", tmp_path / "b.yaml", "--deck-id", "tsv-deck", "--title", "T")
    a = load_deck_file(tmp_path / "a.yaml").require()
    b = load_deck_file(tmp_path / "b.yaml").require()
    assert a.cards[0].kind == Kind.FLIP and a.cards[0].tags == ("bodies",)
    assert (b.id, b.title, b.cards[0].kind) == ("tsv-deck", "T", Kind.TRUEFALSE)


def test_import_txt_tells_quizlet_anki_and_gift_apart(tmp_path: Path) -> None:
    quizlet = tmp_path / "quizlet.txt"
    quizlet.write_text('"Budapest" Convention\tCoE treaty of 2001\nEC3\tEuropol centre\n', "utf-8")
    ok("import", quizlet, "-o", tmp_path / "q.yaml")
    q = load_deck_file(tmp_path / "q.yaml").require()
    assert [c.question for c in q.cards] == ['"Budapest" Convention', "EC3"]
    anki = CONVERT / "realfiles" / "anki_notes_plain_text.txt"
    result = ok("import", anki, "-o", tmp_path / "a.yaml")
    assert "Imported 8 card(s)" in result.output
    kinds = [c.kind for c in load_deck_file(tmp_path / "a.yaml").require().cards]
    assert kinds.count(Kind.CLOZE) == 2 and kinds.count(Kind.TYPED) == 1
    gift = tmp_path / "quiz.txt"
    gift.write_text("::Q::Which body runs EC3? {=Europol ~Eurojust}\n", "utf-8")
    ok("import", gift, "-o", tmp_path / "g.yaml")
    assert load_deck_file(tmp_path / "g.yaml").require().cards[0].kind == Kind.CHOICE


def test_import_errors_are_messages(tmp_path: Path) -> None:
    unknown = tmp_path / "cards.xyz"
    unknown.write_text("x", "utf-8")
    assert "give --format" in fails("import", unknown, "-o", tmp_path / "o.yaml").output
    binary = tmp_path / "bad.gift"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    assert "not UTF-8" in fails("import", binary, "-o", tmp_path / "o.yaml").output
    empty = tmp_path / "empty.gift"
    empty.write_text("Only a description.\n", "utf-8")
    result = fails("import", empty, "-o", tmp_path / "o.yaml")
    assert "empty.gift:1: description" in result.output
    assert "nothing written" in result.output
    assert not (tmp_path / "o.yaml").exists()
    assert "deck id" in fails("import", empty, "-o", tmp_path / "o.yaml", "--deck-id", "A B").output


def test_export_gift_then_import_gives_the_same_cards(starter: Path, tmp_path: Path) -> None:
    gift = tmp_path / "out.gift"
    result = ok("export", starter, "--format", "gift", "--output", gift)
    assert "Not exported, no GIFT form (3):" in result.output
    assert "flip card has no GIFT form" in result.output
    assert "order card has no GIFT form" in result.output
    assert "cloze card with more than one gap has no GIFT form" in result.output
    back = tmp_path / "back.yaml"
    ok("import", gift, "-o", back, "--deck-id", "my-deck")
    original = [
        dataclasses.replace(c, origin=None)
        for c in load_deck_file(starter).require().cards
        if c.kind not in (Kind.FLIP, Kind.ORDER, Kind.CLOZE)
    ]
    again = [dataclasses.replace(c, origin=None) for c in load_deck_file(back).require().cards]
    assert again == original


def test_export_csv_then_import_gives_the_same_cards(starter: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    ok("export", starter, "--format", "csv", "-o", out)
    ok("import", out, "-o", tmp_path / "back.yaml", "--deck-id", "my-deck")
    original = [
        dataclasses.replace(c, origin=None) for c in load_deck_file(starter).require().cards
    ]
    again = load_deck_file(tmp_path / "back.yaml").require().cards
    assert [dataclasses.replace(c, origin=None) for c in again] == original


def test_export_apkg_sheet_html_and_stdout(starter: Path, tmp_path: Path) -> None:
    apkg = tmp_path / "deck.apkg"
    assert (
        f"Exported {len(Kind)} card(s) from 1 deck(s)"
        in ok("export", starter, "--format", "apkg", "-o", apkg).output
    )
    with zipfile.ZipFile(apkg) as z:
        (tmp_path / "c.anki2").write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(tmp_path / "c.anki2")
    try:
        assert con.execute("SELECT count(*) FROM notes").fetchone()[0] == len(Kind)
    finally:
        con.close()
    sheet = tmp_path / "sheet.md"
    ok("export", starter, "-o", sheet, "--title", "Mock")  # the format from the extension
    text = sheet.read_text("utf-8")
    assert text.startswith("# Mock") and "# Answer key" in text
    ok("export", starter, "--format", "html", "-o", tmp_path / "sheet.html")
    assert "<h1>Answer key</h1>" in (tmp_path / "sheet.html").read_text("utf-8")
    out = ok("export", starter, "--format", "gift", "-o", "-").stdout
    assert out.startswith("// [id:")
    assert (
        "cannot go to standard output"
        in fails("export", starter, "--format", "apkg", "-o", "-").output
    )


def test_export_of_an_invalid_deck_fails_with_locations(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: bad\ntitle: Bad\ncards:\n  - id: x\n    kind: nope\n", "utf-8")
    result = fails("export", bad, "--format", "csv", "-o", tmp_path / "x.csv")
    assert f"{bad}:5:5: error: unknown card kind 'nope'" in result.output
    assert "error(s) in the decks" in result.output
    assert not (tmp_path / "x.csv").exists()


def _report(name: str, items: list[tuple[str, float, str]]) -> dict:
    return {
        "format": "cyberquiz-exam-report",
        "profile": name,
        "seed": 3,
        "items": [
            {
                "card_id": cid,
                "kind": "choice",
                "area": "bodies",
                "question": "Q",
                "answer_display": shown,
                "expected": "[bold]right[/]",
                "verdict": "right" if score == 1 else "wrong",
                "score": score,
            }
            for cid, score, shown in items
        ],
    }


def test_class_report_prints_and_writes_markdown_and_csv(tmp_path: Path) -> None:
    paths = []
    for name, items in (
        ("a", [("q1", 1.0, "[bold]right[/]"), ("q2", 0.0, "[red]wrong[/red]")]),
        ("b", [("q1", 0.0, "[red]wrong[/red]"), ("q2", 0.0, "[red]wrong[/red]")]),
    ):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(_report(name, items)), "utf-8")
        paths.append(path)
    md, csv_file = tmp_path / "class.md", tmp_path / "class.csv"
    result = ok("class-report", *paths, "--markdown", md, "--csv", csv_file)
    assert "2 report(s), 2 question(s), seeds: 3" in result.output
    assert "[red]wrong[/red] (2)" in result.output  # card text shown as written, not as markup
    assert "| q2 | bodies | 2 | 2 | 0.00 |" in md.read_text("utf-8")
    assert csv_file.read_text("utf-8").startswith("card_id,kind,area")


def test_class_report_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", "utf-8")
    assert "bad.json:1:2: not JSON" in fails("class-report", bad).output
    assert run("class-report", tmp_path / "missing.json").exit_code == 2  # click's usage error


def test_installed_console_script_runs_new_id() -> None:
    import shutil
    import subprocess
    import sys

    script = shutil.which("cyberquiz", path=str(Path(sys.executable).parent))
    assert script is not None
    out = subprocess.run([script, "new-id"], capture_output=True, text=True, check=True).stdout
    assert re.fullmatch(r"card-[a-z2-7]{8}\n", out)


def test_export_without_decks_uses_the_global_deck_folders(starter: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    ok("--decks", starter.parent, "export", "-o", out)
    assert len(out.read_text("utf-8").splitlines()) == 1 + len(Kind)
