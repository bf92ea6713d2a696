"""Counts and points as a student reads them."""

from __future__ import annotations

import pytest

from cyberquiz.core.wording import counted


@pytest.mark.parametrize(
    ("count", "noun", "text"),
    [
        (0, "answer", "0 answers"),
        (1, "answer", "1 answer"),
        (2, "study day", "2 study days"),
        (1, "exam", "1 exam"),
        (12500, "card", "12,500 cards"),
    ],
)
def test_counted(count: int, noun: str, text: str) -> None:
    assert counted(count, noun) == text


def test_counted_takes_an_irregular_plural() -> None:
    assert counted(3, "summary", "summaries") == "3 summaries"
    assert counted(1, "summary", "summaries") == "1 summary"
