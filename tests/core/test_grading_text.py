"""Forgiving normalisation, typo tolerance and the word diff."""

from __future__ import annotations

import pytest

from cyberquiz.core.text import (
    Match,
    check_text,
    compact,
    diff_segments,
    match_text,
    normalize,
    protected_words,
    typo_budget,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Budapest", "budapest"),
        ("  BUDAPEST  ", "budapest"),
        ("Council   of\tEurope", "council of europe"),
        ("The Council of Europe", "council of europe"),
        ("a convention", "convention"),
        ("An Organisation", "organisation"),
        ("the", "the"),  # an article alone is the answer
        ("A", "a"),
        ("Zürich", "zurich"),
        ("São Paulo", "sao paulo"),
        ("Ǆ", "dz"),  # NFKD compatibility decomposition, then case folded
        ("Straße", "strasse"),
        ("İstanbul", "istanbul"),  # casefold gives i + combining dot, which NFKD then drops
        ("People\u2019s Republic", "peoples republic"),
        ("People's Republic", "peoples republic"),
        ("\u201cquoted\u201d", "quoted"),
        ("cyber\u2013crime", "cyber crime"),
        ("cyber\u2014crime", "cyber crime"),
        ("U.N.", "u n"),
        ("Europol!", "europol"),
        ("R&D", "r and d"),
        ("Resolution 74/247", "resolution 74 247"),
        ("snake_case", "snake case"),
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_normalize_keeps_article_when_asked() -> None:
    assert normalize("The Hague", drop_article=False) == "the hague"


@pytest.mark.parametrize(
    ("text", "expected"), [("U.N.", "un"), ("cyber-crime", "cybercrime"), ("The E U", "eu")]
)
def test_compact(text: str, expected: str) -> None:
    assert compact(text) == expected


@pytest.mark.parametrize(
    ("expected", "budget"),
    [
        ("UN", 0),
        ("EU", 0),
        ("CSTO", 0),  # short acronym: exact
        ("BRICS", 0),  # acronyms up to 6 capitals: exact
        ("MERCOSUR", 2),  # 8 capitals is a name
        ("ITU", 0),
        ("abc", 0),
        ("Oslo", 1),
        ("Europol", 1),
        ("Budapest", 2),
        ("Council of Europe", 2),
        ("2001", 0),
        ("1234567890", 0),
        ("a b c", 0),  # three letters once spaces go
    ],
)
def test_typo_budget(expected: str, budget: int) -> None:
    assert typo_budget(expected) == budget


IPA_CIS = "Interparliamentary Assembly of the CIS"


@pytest.mark.parametrize(
    ("given", "expected", "result"),
    [
        ("budapest", "Budapest", Match.EXACT),
        ("UN", "U.N.", Match.EXACT),
        ("cybercrime", "cyber-crime", Match.EXACT),
        ("Budapset", "Budapest", Match.ALMOST),  # a swap is one edit
        ("Budapes", "Budapest", Match.ALMOST),
        ("Budapst", "Budapest", Match.ALMOST),
        ("Bdpst", "Budapest", Match.NONE),
        ("Oslo", "Olso", Match.ALMOST),
        ("Osl", "Oslo", Match.ALMOST),
        ("Os", "Oslo", Match.NONE),
        ("ITV", "ITU", Match.NONE),
        ("2002", "2001", Match.NONE),
        ("Resolution 74/248", "Resolution 74/247", Match.NONE),
        ("Resolutoin 74/247", "Resolution 74/247", Match.ALMOST),
        ("Article 18", "Article 19", Match.NONE),
        ("", "Budapest", Match.NONE),
        ("...", "Budapest", Match.NONE),
        ("Counsil of Europe", "Council of Europe", Match.ALMOST),
        ("Councilof Europe", "Council of Europe", Match.EXACT),
        ("Europe Council", "Council of Europe", Match.NONE),
        ("Article 32(c)", "Article 32(b)", Match.NONE),
        ("Artcle 32(b)", "Article 32(b)", Match.ALMOST),
        ("Artcle 32 B", "Article 32(b)", Match.ALMOST),
        ("Assembly of the CSI", "Interparliamentary Assembly of the CIS", Match.NONE),
        (
            "Interparlamentary Assembly of the cis",
            "Interparliamentary Assembly of the CIS",
            Match.ALMOST,
        ),
        ("UN GEE", "UN GGE", Match.NONE),
        ("Counsil fo Europe", "Council of Europe", Match.ALMOST),
    ],
)
def test_match_text(given: str, expected: str, result: Match) -> None:
    assert match_text(given, expected) is result


@pytest.mark.parametrize(
    ("expected", "words"),
    [
        ("Article 32(b)", ["b"]),
        ("Interparliamentary Assembly of the CIS", ["cis"]),
        ("VII BRICS Summit", ["vii", "brics"]),
        ("Council of Europe", []),
        ("A. S. Anisimova", ["a", "s"]),
        ("Ö", ["o"]),
    ],
)
def test_protected_words(expected: str, words: list[str]) -> None:
    assert protected_words(expected) == words


def test_check_text_prefers_exact_over_almost() -> None:
    assert check_text("EC3", ["European Cybercrime Centre", "EC3"]) == (Match.EXACT, "EC3")
    assert check_text("Europol", ["Eurojust", "Europo", "Europol"]) == (Match.EXACT, "Europol")
    assert check_text("Europl", ["Europol", "Eurojust"]) == (Match.ALMOST, "Europol")
    assert check_text("Interpol", ["Europol"]) == (Match.NONE, None)


EC3 = ("EC3", "European Cybercrime Centre")


@pytest.mark.parametrize(
    ("given", "result"),
    [
        # A name with its acronym is right when both parts are right on their own.
        ("European Cybercrime Centre (EC3)", (Match.EXACT, "European Cybercrime Centre")),
        ("EC3 (European Cybercrime Centre)", (Match.EXACT, "EC3")),
        # A typo in the name makes the pair almost right, never better.
        ("European Cybercrime Center (EC3)", (Match.ALMOST, "European Cybercrime Centre")),
        # One wrong part makes the whole answer wrong.
        ("European Cybercrime Centre (EC4)", (Match.NONE, None)),
        ("Europol (EC3)", (Match.NONE, None)),
        ("European Cybercrime Centre (EC3) (Europol)", (Match.NONE, None)),
    ],
)
def test_check_text_name_with_acronym(given: str, result: tuple[Match, str | None]) -> None:
    assert check_text(given, EC3) == result


@pytest.mark.parametrize(
    ("given", "expected", "segments"),
    [
        ("Budapest", "Budapest", [("Budapest", "same")]),
        ("budapest", "Budapest", [("budapest", "same")]),
        ("", "Budapest", [("Budapest", "missing")]),
        ("Budapest", "", [("Budapest", "extra")]),
        (
            "Council Europe",
            "Council of Europe",
            [("Council", "same"), ("of", "missing"), ("Europe", "same")],
        ),
        (
            "the Council of Europe convention",
            "Council of Europe Convention on Cybercrime",
            [("the Council of Europe convention", "same"), ("on Cybercrime", "missing")],
        ),
        (
            "European Crime Centre",
            "European Cybercrime Centre",
            [
                ("European", "same"),
                ("Crime", "extra"),
                ("Cybercrime", "missing"),
                ("Centre", "same"),
            ],
        ),
        ("Zürich, Switzerland", "Zurich Switzerland", [("Zürich, Switzerland", "same")]),
        ("The Hauge", "The Hague", [("The", "same"), ("Hauge", "extra"), ("Hague", "missing")]),
        ("a Hague", "The Hague", [("a", "same"), ("The", "missing"), ("Hague", "same")]),
        ("the", "Budapest", [("the", "extra"), ("Budapest", "missing")]),
    ],
)
def test_diff_segments(given: str, expected: str, segments: list[tuple[str, str]]) -> None:
    assert diff_segments(given, expected) == segments
