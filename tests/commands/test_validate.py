"""``cyberquiz validate`` and ``cyberquiz schema`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from cyberquiz.cli import cli
from cyberquiz.decks.schema import deck_schema, schema_text

FIXTURES = Path(__file__).parents[1] / "decks" / "fixtures"
REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "examples" / "all-kinds.yaml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_valid_files_exit_0_with_a_summary() -> None:
    code, out = run("validate", str(EXAMPLE), str(FIXTURES / "valid"))
    assert code == 0
    assert out == "6 files, 29 cards: 0 errors, 0 warnings\n"


def test_errors_exit_1_and_every_problem_is_listed() -> None:
    path = FIXTURES / "invalid" / "options.yaml"
    code, out = run("validate", str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        f"{path}:9:13: error: answer 'Council of Europ' is not one of the options; "
        "did you mean 'Council of Europe'?"
    )
    assert len(lines) == 7
    assert lines[-1] == "1 file, 5 cards: 6 errors, 0 warnings"


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    deck = tmp_path / "w.yaml"
    deck.write_text(
        "format: 1\nid: w\ntitle: W\ncards:\n  - {id: a, kind: flip, front: 2001, back: b}\n"
    )
    code, out = run("validate", str(deck))
    assert code == 0
    assert out.splitlines() == [
        f'{deck}:5:32: warning: YAML reads unquoted 2001 as a number; write "2001" in quotes',
        "1 file, 1 card: 0 errors, 1 warning",
    ]
    code, out = run("validate", "--strict", str(deck))
    assert code == 1
    assert out.splitlines()[-1] == "1 file, 1 card: 1 error, 0 warnings"
    assert ": error: YAML reads unquoted 2001" in out


def test_json_format() -> None:
    folder = FIXTURES / "cross"
    code, out = run("validate", "--format", "json", str(folder))
    assert code == 1
    payload = json.loads(out)
    assert payload["files"] == [str(folder / n) for n in ("a.yaml", "b.yaml", "c.yml")]
    assert (payload["cards"], payload["errors"], payload["warnings"]) == (5, 2, 1)
    assert payload["problems"][1] == {
        "path": str(folder / "b.yaml"),
        "line": 6,
        "column": 10,
        "severity": "error",
        "message": f"duplicate card id 'shared-id' (first used at {folder / 'a.yaml'}:5:10)",
    }


def test_default_path_is_questions_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("questions").mkdir()
    Path("questions/one.yaml").write_bytes(EXAMPLE.read_bytes())
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0
    assert result.output == "1 file, 10 cards: 0 errors, 0 warnings\n"


def test_default_path_falls_back_to_the_deck_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "bad.yaml").write_text("format: 1\n")
    result = CliRunner().invoke(cli, ["--decks", str(decks), "validate"])
    assert result.exit_code == 1
    assert "missing required field 'id' in the deck header" in result.output


@pytest.mark.parametrize("name", ["binary.yaml", "billion-laughs.yaml", "deep-nesting.yaml"])
def test_hostile_files_are_reported_not_raised(name: str) -> None:
    code, out = run("validate", str(FIXTURES / "invalid" / name))
    assert code == 1
    assert "Traceback" not in out
    assert out.splitlines()[-1].startswith("1 file, 0 cards: ")


def test_missing_path_is_an_error() -> None:
    code, out = run("validate", "no/such/deck.yaml")
    assert code == 1
    assert out.splitlines() == [
        "no/such/deck.yaml:1:1: error: no such file or folder",
        "0 files, 0 cards: 1 error, 0 warnings",
    ]


def test_schema_prints_the_committed_schema() -> None:
    code, out = run("schema")
    assert code == 0
    assert out == schema_text()


def test_schema_output_never_replaces_a_file_unasked(tmp_path: Path) -> None:
    target = tmp_path / "deck.schema.json"
    assert run("schema", "-o", str(target)) == (0, f"Wrote {target}.\n")
    assert target.read_text(encoding="utf-8") == schema_text()
    deck = tmp_path / "mine.yaml"
    deck.write_text("format: 1\n", encoding="utf-8")
    code, out = run("schema", "-o", str(deck))
    assert code == 1 and "already exists; add --force to replace it" in out
    assert deck.read_text(encoding="utf-8") == "format: 1\n"
    link = tmp_path / "link.json"
    link.symlink_to(deck)
    code, out = run("schema", "--force", "-o", str(link))
    assert code == 1 and "symbolic link" in out
    assert deck.read_text(encoding="utf-8") == "format: 1\n"
    assert run("schema", "--force", "-o", str(deck))[0] == 0
    assert deck.read_text(encoding="utf-8") == schema_text()


def test_committed_schema_is_up_to_date() -> None:
    committed = (REPO / "docs" / "deck.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run: cyberquiz schema --force -o docs/deck.schema.json"


def test_schema_accepts_the_example_and_every_valid_fixture() -> None:
    schema = deck_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in [EXAMPLE, *sorted((FIXTURES / "valid").glob("*.yaml"))]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        # YAML 1.1 loaders turn an unquoted date answer into a date; editors (YAML 1.2) do not.
        for card in data["cards"]:
            if card["kind"] == "date" and not isinstance(card["answer"], (str, int)):
                card["answer"] = card["answer"].isoformat()
        jsonschema.validate(data, schema)


def test_schema_describes_every_field_and_rejects_typos() -> None:
    schema = deck_schema()
    for name, definition in schema["$defs"].items():
        if name.endswith("CardModel"):
            for field, spec in definition["properties"].items():
                assert "description" in spec or field == "kind", (name, field)
    bad = {
        "format": 1,
        "id": "x",
        "title": "T",
        "cards": [{"id": "a", "kind": "flip", "front": "f", "back": "b", "frnt": "typo"}],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_watch_validates_again_after_each_change(monkeypatch: pytest.MonkeyPatch) -> None:
    import watchfiles

    calls: list[tuple[object, ...]] = []

    def fake_watch(*paths: object, **options: object) -> object:
        calls.append(paths)
        assert options["raise_interrupt"] is False
        yield {(watchfiles.Change.modified, str(EXAMPLE))}
        yield {(watchfiles.Change.modified, str(EXAMPLE))}

    monkeypatch.setattr(watchfiles, "watch", fake_watch)
    result = CliRunner().invoke(cli, ["validate", "--watch", str(EXAMPLE)])
    assert result.exit_code == 0
    assert calls == [(EXAMPLE,)]
    assert result.output.count("1 file, 10 cards: 0 errors, 0 warnings") == 3
    assert "Ctrl+C" in result.output


def test_watch_stops_quietly_on_ctrl_c(monkeypatch: pytest.MonkeyPatch) -> None:
    import watchfiles

    def interrupted(*paths: object, **options: object) -> object:
        raise KeyboardInterrupt
        yield  # a generator, like watchfiles.watch

    monkeypatch.setattr(watchfiles, "watch", interrupted)
    result = CliRunner().invoke(cli, ["validate", "--watch", str(EXAMPLE)])
    assert result.exit_code == 0
    assert result.exception is None
