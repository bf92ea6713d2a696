"""Hostile inputs through the command line: nothing destroyed, nothing raw reaches a terminal.

Each case is one the hardening campaign (issue 14) found; every one failed before its fix.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cyberquiz.cli import cli

DECK = Path(__file__).parent / "decks" / "fixtures" / "valid" / "date-truefalse.yaml"


def run(*args: str | Path) -> Result:
    return CliRunner(env={"COLUMNS": "200"}).invoke(cli, [str(a) for a in args])


def refused(*args: str | Path, message: str) -> Result:
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert message in result.output
    return result


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "dates.yaml"
    path.write_bytes(DECK.read_bytes())
    return path


# --- files are never destroyed -----------------------------------------------------------------


def test_export_onto_its_own_input_is_refused(deck: Path) -> None:
    before = deck.read_bytes()
    refused("export", deck, "--format", "csv", "-o", deck, message="is an input")
    refused("export", deck, "--format", "csv", "-o", deck, "--force", message="is an input")
    folder = deck.parent
    refused("export", folder, "--format", "gift", "-o", deck, "--force", message="is an input")
    assert deck.read_bytes() == before


def test_export_onto_an_existing_file_needs_force(deck: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("mine")
    refused("export", deck, "-o", out, message="already exists; add --force")
    assert out.read_text() == "mine"
    assert run("export", deck, "-o", out, "--force").exit_code == 0
    assert out.read_text().startswith("id,")


def test_export_onto_a_database_is_refused_even_with_force(deck: Path, tmp_path: Path) -> None:
    db = tmp_path / "cyberquiz.gift"
    sqlite3.connect(db).execute("CREATE TABLE review (x)").connection.commit()
    before = db.read_bytes()
    refused("export", deck, "-o", db, "--force", message="is a database")
    assert db.read_bytes() == before


def test_export_does_not_write_through_a_symlink(deck: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep")
    link = tmp_path / "out.csv"
    link.symlink_to(precious)
    refused("export", deck, "-o", link, "--force", message="symbolic link")
    assert precious.read_text() == "keep"


def test_export_apkg_follows_the_same_rules(deck: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.apkg"
    out.write_text("mine")
    refused("export", deck, "-o", out, message="already exists")
    assert run("export", deck, "-o", out, "--force").exit_code == 0
    assert out.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dates.yaml", "out.apkg"]


def test_import_onto_its_input_or_an_existing_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "q.csv"
    source.write_text("kind,prompt,answer\ntyped,Capital of France?,Paris\n")
    before = source.read_bytes()
    refused("import", source, "-o", source, "--force", message="is an input")
    deck = tmp_path / "q.yaml"
    deck.write_text("mine")
    refused("import", source, "-o", deck, message="already exists; add --force")
    assert deck.read_text() == "mine" and source.read_bytes() == before


def test_class_report_outputs_follow_the_same_rules(tmp_path: Path) -> None:
    report = tmp_path / "a.json"
    report.write_text(json.dumps({"format": 1, "items": []}))
    refused("class-report", report, "--csv", report, message="is an input")
    existing = tmp_path / "class.md"
    existing.write_text("mine")
    refused("class-report", report, "--markdown", existing, message="already exists")
    assert existing.read_text() == "mine"


def test_exam_report_onto_an_existing_file_is_refused_before_the_exam(tmp_path: Path) -> None:
    existing = tmp_path / "exam.json"
    existing.write_text("mine")
    result = refused(
        "--db", tmp_path / "x.db", "exam", "--report", tmp_path / "exam", message="already exists"
    )
    assert "exam.json" in result.output
    assert existing.read_text() == "mine"
    assert not (tmp_path / "x.db").exists()  # refused before anything was opened


# --- no control sequence from data reaches a terminal ------------------------------------------

#: Each kind of sequence, as a YAML escape, with the bytes that would show it got through: the
#: control character with what follows it (the printable rest may show, as harmless text).
PAYLOADS = {
    "osc52-clipboard": ("\\e]52;c;Y2xpcGJvYXJk\\a", b"\x1b]52;c;Y2xp"),
    "title-change": ("\\e]0;PWNED-TITLE\\a", b"\x1b]0;PWNED"),
    "clear-screen": ("\\e[2J\\e[3J", b"\x1b[2J"),
    "osc8-hyperlink": ("\\e]8;;http://evil.example\\e\\\\click\\e]8;;\\e\\\\", b"\x1b]8;;http"),
    "csi-8bit": ("\\x9b31mRED", b"\xc2\x9b31m"),
    "nul-bel-del": ("a\\0b\\ac\\x7f", b"a\x00b\x07c"),
}


def planted_deck(folder: Path, escape: str) -> Path:
    folder.mkdir(exist_ok=True)
    deck = folder / "planted.yaml"
    deck.write_text(
        "format: 1\n"
        "id: planted\n"
        f'title: "Title {escape}"\n'
        "cards:\n"
        "  - id: planted-1\n"
        "    kind: typed\n"
        f'    prompt: "Question {escape}"\n'
        "    answer: x\n",
        encoding="utf-8",
    )
    return deck


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_validate_refuses_control_characters_with_their_position(tmp_path: Path, name: str) -> None:
    deck = planted_deck(tmp_path, PAYLOADS[name][0])
    result = run("validate", deck)
    assert result.exit_code == 1
    assert f"{deck}:3:8: error: control character U+00" in result.output
    assert f"{deck}:7:13: error: control character U+00" in result.output


def test_kinds_that_are_fine_are_not_refused(tmp_path: Path) -> None:
    deck = planted_deck(tmp_path, "tab\\there, newline\\nthere, é\\u00e9, \\\\e stays text")
    assert run("validate", deck).exit_code == 0


@pytest.mark.parametrize("fmt", ["csv", "gift", "txt"])
def test_import_strips_control_characters_and_says_so(tmp_path: Path, fmt: str) -> None:
    payload = "\x1b]52;c;Y2xp\x07\x9b31m"
    source = tmp_path / f"q.{fmt}"
    if fmt == "csv":
        source.write_text(f"prompt,answer\r\nCapital{payload} of France?,Paris\r\n")
    elif fmt == "txt":  # Anki's "Notes in Plain Text"
        source.write_text(f"#separator:tab\n#html:false\nCapital{payload} of France?\tParis\n")
    else:
        source.write_text(f"::q1:: Capital{payload} of France? {{=Paris}}\n")
    out = tmp_path / "q.yaml"
    result = run("import", source, "-o", out)
    assert result.exit_code == 0, result.output
    assert "control characters such as U+001B (ESC) removed" in result.output
    text = out.read_text("utf-8")
    assert "\x1b" not in text and "\\e" not in text and "52;c;Y2xp" in text
    assert run("validate", out).exit_code == 0


def _pty_output(*args: str | Path, until: bytes | None = None) -> bytes:
    """Run the CLI on a pseudo-terminal and return every byte it wrote.

    With ``until``, the program is an interactive one: once ``until`` has appeared on the screen
    it is sent ctrl+q (Textual's quit) and read to its end.
    """
    import os
    import pty

    import pty_app

    main, child = pty.openpty()
    os.set_blocking(main, True)
    env = {**os.environ, "COLUMNS": "120", "LINES": "40", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    env.pop("TEXTUAL", None)
    if until is not None:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(main, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = pty_app.start([str(arg) for arg in args], os.ttyname(child), env)
    os.close(child)
    import select
    import time

    chunks: list[bytes] = []
    sent = False
    deadline = time.monotonic() + 90  # a guard against a hang, never reached when all is well
    while True:
        if not select.select([main], [], [], max(0.0, deadline - time.monotonic()))[0]:
            process.kill()
            raise AssertionError(f"no end (waiting for {until!r}): {b''.join(chunks)[-2000:]!r}")
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
        if until is not None and not sent and until in b"".join(chunks):
            os.write(main, b"\x11")  # ctrl+q
            sent = True
    process.wait()
    os.close(main)
    return b"".join(chunks)


def test_the_commands_run_on_a_terminal(tmp_path: Path) -> None:
    """The runs below are the command on a terminal: it colours its output, the terminal turns
    each newline into CR LF (``pty_app`` forks them from a Python that imported cyberquiz)."""
    deck = tmp_path / "bad.yaml"
    deck.write_text("format: 1\nid: x\ntitle: X\ncards:\n  - id: a\n    kind: nope\n")
    output = _pty_output("validate", deck)
    assert b"\x1b[31m\x1b[1merror\x1b[0m: unknown card kind 'nope'" in output
    assert b"1 error, 0 warnings\r\n" in output


def test_no_planted_sequence_reaches_the_terminal(tmp_path: Path) -> None:
    """Every payload at once, each looked for on its own: four programs on a pty, not 24."""
    escape = "".join(escape for escape, _ in PAYLOADS.values())
    deck = planted_deck(tmp_path / "decks", escape)
    raw = escape.replace("\\e", "\\x1b").encode().decode("unicode_escape")
    argv = raw.replace("\x00", "")  # an argument cannot hold NUL
    # validate's text output, in colour (a terminal), quoting a bad kind that holds the payload
    deck.write_text(deck.read_text().replace("kind: typed", f'kind: "k{escape}"'))
    report = tmp_path / "r.json"
    report.write_text(json.dumps({"format": 1, "profile": raw, "items": [{"q": raw}]}))
    outputs = {
        "validate": _pty_output("validate", deck),
        "validate --format json": _pty_output("validate", "--format", "json", deck),
        "class-report": _pty_output("class-report", report),
        "sync": _pty_output(
            "--decks", tmp_path / f"no{argv}such", "--db", tmp_path / "x.db", "sync"
        ),
    }
    for command, output in outputs.items():
        assert output, f"{command} printed nothing"
        for name, (_, signature) in PAYLOADS.items():
            assert signature not in output, (command, name, output)


def test_no_planted_sequence_reaches_the_terminal_from_the_app(tmp_path: Path) -> None:
    """The app itself, on a pty: file names, a profile name and a refused deck carry payloads.

    Deck text with controls is refused by the loader, so the payloads the app could still meet
    are the ones no validator sees: file names, the profile name, error messages quoting them.
    """
    decks = tmp_path / "decks"
    decks.mkdir()
    good = DECK.read_text(encoding="utf-8")
    (decks / "ok\x1b]52;c;Y2xpcGJvYXJk\x07.yaml").write_text(good, encoding="utf-8")
    planted_deck(decks, "\\e]8;;http://evil.example\\e\\\\x")
    (decks / "planted.yaml").rename(decks / "bad\x1b]0;PWNED-TITLE\x07\u009b31m.yaml")
    raw = _pty_output(
        "--decks",
        decks,
        "--db",
        tmp_path / "x.db",
        "--profile",
        "al\x1b]52;c;QUxJQ0U=\x07ice",
        until=b"not loaded",
    )
    for signature in (b"\x1b]52;c;", b"\x1b]0;PWNED", b"\x1b]8;;http", b"\xc2\x9b31m"):
        assert signature not in raw, signature
    assert b"PWNED-TITLE" in raw  # the file name is shown, as text


# --- limits on reading --------------------------------------------------------------------------


def test_a_huge_import_is_refused_before_it_is_read(tmp_path: Path) -> None:
    source = tmp_path / "huge.csv"
    with source.open("wb") as handle:  # sparse: 60 MB on paper, nothing on disk
        handle.truncate(60 * 1024 * 1024)
    result = refused("import", source, "-o", tmp_path / "h.yaml", message="too large (60.0 MB)")
    assert not (tmp_path / "h.yaml").exists()
    assert result.output.count("\n") <= 2


# --- odd paths -----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["sync"], ["stats", "--json"], ["export", "-o", "x.csv"]])
def test_decks_at_a_symlink_loop_or_a_fifo_is_a_clear_error(
    tmp_path: Path, command: list[str]
) -> None:
    import os

    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    db = tmp_path / "x.db"
    for path, message in ((loop, "symbolic link loop"), (fifo, "is not a regular file (a FIFO)")):
        result = run("--decks", path, "--db", db, *command)
        assert result.exit_code in (1, 2), result.output
        assert isinstance(result.exception, SystemExit), result.exception
        assert message in result.output
        assert "no such file" not in result.output


def test_a_deck_folders_unreadable_entries_are_named_in_warnings(tmp_path: Path) -> None:
    import os

    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "dates.yaml").write_bytes(DECK.read_bytes())
    (decks / "loop.yaml").symlink_to(decks / "loop.yaml")
    (decks / "gone.yaml").symlink_to(decks / "nowhere.yaml")
    os.mkfifo(decks / "pipe.yaml")
    (decks / "null.yaml").symlink_to("/dev/null")
    result = run("--decks", decks, "--db", tmp_path / "x.db", "sync")
    assert result.exit_code == 0, result.output
    for name in ("loop.yaml", "gone.yaml", "pipe.yaml", "null.yaml"):
        assert f"warning: {decks / name}: skipped: " in result.stderr
    assert " added" in result.stdout and not result.stdout.startswith("0 added")  # the good deck


def test_no_planted_sequence_from_the_database_reaches_the_tui(tmp_path: Path) -> None:
    """A database written before control characters were refused: Home and study stay clean."""
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "d.yaml").write_text(
        "format: 1\nid: d\ntitle: Planted deck\ncards:\n"
        "  - id: d-1\n    kind: flip\n    front: Front of the card\n    back: Back\n",
        encoding="utf-8",
    )
    db = tmp_path / "x.db"
    assert run("--db", db, "--decks", decks, "sync").exit_code == 0
    raw = "".join(
        escape.replace("\\e", "\\x1b").encode().decode("unicode_escape")
        for escape, _ in PAYLOADS.values()
    )
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE deck SET title = ?", (f"Planted{raw} deck",))
        (body,) = conn.execute("SELECT body FROM card").fetchone()
        card = json.loads(body)
        card["front"] = f"Front{raw} of the card"
        conn.execute("UPDATE card SET body = ?", (json.dumps(card),))
    home = _pty_output("--db", db, "--decks", decks, until=b"]52;c;Y2xp")
    study = _pty_output("--db", db, "--decks", decks, "study", until=b"of the card")
    for output in (home, study):
        assert b"]52;c;Y2xp" in output  # the data was drawn, without its control characters
        for _, signature in PAYLOADS.values():
            assert signature not in output


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Makes a file read-only for this process, root included (chattr +i), and undoes it."""
    import os
    import subprocess

    done: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() != 0:
            path.chmod(0o444)
        elif subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip(
                "running as root where chattr +i is unavailable: cannot make a file read-only"
            )
        done.append(path)
        try:
            path.open("r+b").close()
        except OSError:
            return
        pytest.skip("this file system does not make the file read-only")

    yield make
    for path in done:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        path.chmod(0o644)


@pytest.mark.parametrize("name", ["x.db", "a?mode=ro#%20.db"])  # a path, never a URI query
def test_stats_works_on_a_read_only_database(
    tmp_path: Path, deck: Path, read_only: Callable[[Path], None], name: str
) -> None:
    db = tmp_path / name
    assert run("--db", db, "--decks", deck, "--profile", "ana", "sync").exit_code == 0
    before = db.read_bytes()
    read_only(db)
    deck.write_text(
        deck.read_text().replace("format: 1", "format: 1\n# changed")
    )  # sync would write
    result = run("--db", db, "--decks", deck, "--profile", "ana", "stats", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["format"] == 1
    assert "read-only" in result.stderr
    other = refused("--db", db, "--profile", "bob", "stats", "--json", message="read-only")
    assert "Traceback" not in other.output
    assert db.read_bytes() == before


def test_sync_refuses_a_huge_deck_by_its_size(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    with (decks / "huge.yaml").open("wb") as handle:  # sparse: 500 MB on paper
        handle.truncate(500 * 1024 * 1024)
    result = run("--db", tmp_path / "x.db", "--decks", decks, "sync")
    assert result.exit_code == 1
    assert "file is too large (500.0 MB); a deck may be at most 5 MB" in result.output


def test_commands_print_only_through_the_one_writer() -> None:
    """click.echo, print or a rich console's print would bypass the cleaning of commands/output."""
    import re

    src = Path(__file__).parents[1] / "src" / "cyberquiz"
    bypass = re.compile(
        r"\bclick\.echo\(|(?<![\w.])print\(|console\.print\(|sys\.std(out|err)\.write"
    )
    offenders = [
        f"{path.relative_to(src)}:{number}"
        for path in [src / "cli.py", *sorted((src / "commands").glob("*.py"))]
        if path.name != "output.py"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if bypass.search(line)
    ]
    assert offenders == []


def test_a_notification_quoting_a_planted_deck_reaches_the_tui_clean(tmp_path: Path) -> None:
    """The start-up notice quotes deck problems, and a problem may quote the planted text."""
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "bad.yaml").write_text(
        "format: 1\nid: bad\ntitle: Bad\ncards:\n  - id: bad-1\n"
        '    kind: "k\\e]52;c;Y2xp\\a\\e]0;PWNED\\a"\n    front: F\n    back: B\n',
        encoding="utf-8",
    )
    output = _pty_output("--db", tmp_path / "x.db", "--decks", decks, until=b"]52;c;Y2xp")
    assert b"\x1b]52" not in output and b"\x1b]0;PWNED" not in output


# --- a server that cannot be reached -----------------------------------------------------------


def test_an_unreachable_server_is_one_sentence_and_never_shows_the_password() -> None:
    url = "postgresql://ana:s3cret@127.0.0.1:1/class"  # port 1: refused at once
    result = refused("--db", url, "stats", "--json", message="Cannot open the database")
    assert "postgresql://ana:***@127.0.0.1:1/class" in result.output
    assert "Connection refused" in result.output and "s3cret" not in result.output
    located = run("--db", url, "locate")
    assert located.exit_code == 0 and "s3cret" not in located.output


@pytest.mark.parametrize(
    "words",
    [
        "failed to resolve host 'nohost.invalid': [Errno -2] Name or service not known",
        "connection timeout expired",
        "some wording no one has seen yet",
    ],
)
def test_any_error_while_connecting_is_a_connection_problem(words: str) -> None:
    """An error raised before any statement ran came from connecting, whatever its words."""
    from sqlalchemy.exc import OperationalError

    from cyberquiz.storage.errors import DatabaseUnavailable, translated

    url = "postgresql://ana:s3cret@db.example/class"
    with pytest.raises(DatabaseUnavailable) as caught, translated(url):
        raise OperationalError(None, None, Exception(words))
    assert str(caught.value).startswith("Cannot open the database postgresql://ana:***@db")
    assert words in str(caught.value)
