"""services/files: no command destroys a file: inputs, existing files, databases, links."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cyberquiz.services.files import WriteRefused, check_output, write_file, write_with


def test_a_new_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.csv"
    write_file(target, "a,b\n")
    assert target.read_text() == "a,b\n"
    assert [p.name for p in target.parent.iterdir()] == ["out.csv"]  # no temporary left


def test_an_existing_file_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(WriteRefused, match="already exists; add --force"):
        write_file(target, "new")
    assert target.read_text() == "old"
    write_file(target, "new", force=True)
    assert target.read_text() == "new"


def test_an_input_is_refused_even_with_force(tmp_path: Path) -> None:
    deck = tmp_path / "dates.yaml"
    deck.write_text("deck")
    for spelling in (deck, tmp_path / "." / "dates.yaml", Path("..") / deck):
        with pytest.raises(WriteRefused, match="is an input"):
            check_output(spelling, force=True, inputs=[deck])
    link = tmp_path / "link.yaml"
    link.symlink_to(deck)
    with pytest.raises(WriteRefused, match="is an input"):
        check_output(deck, force=True, inputs=[link])
    assert deck.read_text() == "deck"


def test_a_database_is_refused_even_with_force(tmp_path: Path) -> None:
    db = tmp_path / "notes.txt"  # the content decides, not the name
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.commit()
    before = db.read_bytes()
    with pytest.raises(WriteRefused, match="is a database"):
        write_file(db, "x", force=True)
    assert db.read_bytes() == before


def test_refusing_this_process_s_open_database_keeps_its_locks(tmp_path: Path) -> None:
    """Reading the refused file's first bytes with a plain open() and close() dropped the locks
    of this process's connections: another process closing then deleted the write-ahead log
    this process was still writing to."""
    db = tmp_path / "study.db"
    mine = sqlite3.connect(db, isolation_level=None)
    try:
        mine.execute("PRAGMA journal_mode = WAL")
        mine.execute("CREATE TABLE t (x)")
        mine.execute("SELECT * FROM t").fetchall()  # holds its shared lock from now on
        with pytest.raises(WriteRefused, match="is a database"):
            check_output(db, force=True)
        other = (
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "c.execute('INSERT INTO t VALUES (1)'); c.close()"
        )
        subprocess.run([sys.executable, "-c", other, str(db)], check=True, timeout=60)
        assert Path(f"{db}-wal").exists()  # the other process knew it was not the last one
    finally:
        mine.close()


def test_a_symlink_is_not_written_through(tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep")
    link = tmp_path / "out.csv"
    link.symlink_to(target)
    with pytest.raises(WriteRefused, match="symbolic link"):
        write_file(link, "x", force=True)
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "elsewhere.csv")
    with pytest.raises(WriteRefused, match="symbolic link"):
        write_file(dangling, "x")
    assert target.read_text() == "keep"
    assert not (tmp_path / "elsewhere.csv").exists()


def test_a_folder_or_fifo_is_not_replaced(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "dir").mkdir()
    for name in ("fifo", "dir"):
        with pytest.raises(WriteRefused, match="not a regular file"):
            write_file(tmp_path / name, "x", force=True)


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.apkg"
    target.write_text("old")

    def half_then_fail(temp: Path) -> None:
        temp.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        write_with(target, half_then_fail, force=True)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.apkg"]


def test_new_files_get_the_usual_permissions(tmp_path: Path) -> None:
    import os

    umask = os.umask(0o022)
    try:
        write_file(tmp_path / "a.csv", "x")
    finally:
        os.umask(umask)
    assert (tmp_path / "a.csv").stat().st_mode & 0o777 == 0o644
