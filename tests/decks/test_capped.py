"""The one capped reader behind decks, glossaries and imports."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cyberquiz.decks.capped import NotReadable, read_capped
from cyberquiz.decks.glossary import load_glossary_file


def test_a_small_file_is_read_whole(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    file.write_bytes(b"format: 1\n")
    assert read_capped(file, limit=10) == b"format: 1\n"


def test_a_large_file_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    file = tmp_path / "big.csv"
    with file.open("wb") as handle:  # sparse: 60 MB on paper, nothing on disk
        handle.truncate(60 * 1024 * 1024)
    with pytest.raises(NotReadable, match=r"is too large \(60.0 MB\)"):
        read_capped(file)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(NotReadable, match="is not a regular file"):
        read_capped(fifo)  # would block for ever if opened for reading without O_NONBLOCK


def test_a_glossary_at_a_fifo_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "glossary.yaml"
    os.mkfifo(fifo)
    loaded = load_glossary_file(fifo)
    assert [p.message for p in loaded.problems] == ["is not a regular file"]


def test_a_missing_file_says_so_in_the_systems_words(tmp_path: Path) -> None:
    with pytest.raises(NotReadable, match="cannot be read: No such file or directory"):
        read_capped(tmp_path / "gone.yaml")
