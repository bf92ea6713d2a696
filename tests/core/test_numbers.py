"""Numbers as students write them (core/numbers.py), as the typed-answer judge reads them."""

from __future__ import annotations

import pytest

from cyberquiz.core.numbers import number_value


@pytest.mark.parametrize(
    ("words", "roman", "value"),
    [
        # an ordinal ending after a Roman numeral or digits, joined or hyphenated (split in words)
        (["viith"], True, 7),
        (["vii", "th"], True, 7),
        (["viist"], True, 7),
        (["viiith"], True, 8),
        (["7", "th"], False, 7),
        (["viith"], False, None),  # Roman numerals only where the answer is written so
        (["vii", "th"], False, None),
        (["ith"], True, 1),
        (["th"], True, None),
        (["xivth"], True, 14),
        (["list"], True, None),  # li-st: a word, not the 51st
        (["mind"], True, None),
        # "first" before a count only says which ones: "the first two" are two
        (["first", "two"], False, 2),
        (["first", "2"], False, 2),
        (["first", "sixty", "seven"], False, 67),
        (["first", "three"], False, 3),
        (["first"], False, 1),  # a lone "first" is 1st, as it was
        (["first", "second"], False, None),  # not a count
        (["first", "2nd"], False, None),
        (["first", "sixty", "seventh"], False, None),
        (["first", "vii"], True, None),
        (["first", "seven"], True, None),  # the first seven Summits are not the VII Summit
        (["first", "summit"], False, None),
    ],
)
def test_number_value(words: list[str], roman: bool, value: int | None) -> None:
    assert number_value(words, roman=roman) == value
