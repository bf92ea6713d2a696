"""Forgiving comparison of typed answers, and a word-level diff for the feedback panel.

Two layers:

* :func:`normalize` folds away what a student should never lose marks for: case, accents
  (``Zürich`` = ``Zurich``), spacing, punctuation, curly quotes and dash variants, a leading
  article (``the Council of Europe`` = ``Council of Europe``) and ``&`` for ``and``.
  :func:`compact` additionally drops spaces, so ``U.N.`` = ``UN`` and ``cyber-crime`` =
  ``cybercrime``.
* :func:`typo_budget` / :func:`check_text` allow a few slips in longer answers ("almost"):
  none under 4 characters, 1 edit for 4–7, 2 edits for 8 or more (counted on the compact form).
  Edits are Levenshtein edits with an adjacent swap (``Budpaest``) counted as one (rapidfuzz's OSA
  distance), since swapped letters are the most common typing slip. Numbers never get tolerance:
  the digits of an answer must match exactly (``74/247`` is not ``74/248``), and an acronym (all
  capitals, at most 6 letters, like ``CSTO`` or ``CELAC``) must be exact too, also inside a longer
  answer (``Assembly of the CSI`` is not almost ``Assembly of the CIS``), as must a single letter
  (``Article 32(c)`` is not almost ``Article 32(b)``): see :func:`protected_words`.
* A name with its acronym in brackets (``European Cybercrime Centre (EC3)``) is judged part by
  part: right when both parts are accepted answers, almost when the weaker part is almost.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from typing import Literal, TypeAlias

from rapidfuzz.distance import OSA

#: Leading words dropped before comparing (only when something else follows).
ARTICLES: frozenset[str] = frozenset({"the", "a", "an"})

#: Typo budget by length of the expected answer's compact form: (minimum length, edits allowed).
TYPO_STEPS: tuple[tuple[int, int], ...] = ((8, 2), (4, 1))

#: Acronyms up to this many letters must be typed exactly: a slip in an acronym most often
#: names another body (ECLAC for CELAC, NCIRK is nothing), so it is never "almost".
EXACT_ACRONYM_MAX = 6

# Characters that look alike on different keyboards, folded before anything else.
_FOLD = str.maketrans(
    {
        "\u2018": "'",  # left single quote
        "\u2019": "'",  # right single quote / apostrophe
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",  # prime
        "`": "'",
        "\u00b4": "'",  # acute accent used as apostrophe
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',  # guillemets
        "\u00bb": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",
        "\u2212": "-",  # minus sign
        "\u00a0": " ",  # no-break space
        "&": " and ",
        "\u00b0": "o",  # degree sign as in "n° 185", as the ordinal indicator "nº" reads
    }
)

_NON_WORD = re.compile(r"[^\w]+|_+")
_DIGITS = re.compile(r"\d+")
#: A letter and a full stop at the start: "A.U." is the African Union's initials, not "a U."
_INITIAL = re.compile(r"\s*\w\s*\.")
_ACRONYM = re.compile(rf"[A-Z]{{1,{EXACT_ACRONYM_MAX}}}")


def strip_diacritics(text: str) -> str:
    """Decompose (NFKD) and drop combining marks: ``Ñémo`` → ``Nemo``, ``ﬁ`` → ``fi``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=4096)  # expected answers are normalised again on every answer
def normalize(text: str, *, drop_article: bool = True) -> str:
    """Fold a typed answer to the form answers are compared in.

    Args:
        text: what was typed (or the expected answer).
        drop_article: drop a leading "the", "a" or "an" when more words follow.

    Returns:
        Lower-case words of letters and digits separated by single spaces.
    """
    # casefold first: it can produce combining marks (Turkish "İ" → "i" + dot) that NFKD then drops
    # and again after: NFKD can make capitals of its own ("ᴬ" → "A")
    text = strip_diacritics(text.translate(_FOLD).casefold()).casefold()
    text = text.replace("'", "")  # "People's" → "peoples", not "people s"
    words = _NON_WORD.sub(" ", text).split()
    if drop_article and len(words) > 1 and words[0] in ARTICLES and not _INITIAL.match(text):
        words = words[1:]
    return " ".join(words)


def compact(text: str) -> str:
    """:func:`normalize` without spaces: ``U.N.`` → ``un``, ``cyber-crime`` → ``cybercrime``."""
    return normalize(text).replace(" ", "")


@functools.lru_cache(maxsize=4096)  # asked of the same accepted answers on every answer
def typo_budget(expected: str) -> int:
    """How many edits a typed answer may be away from ``expected`` and still be "almost".

    Args:
        expected: the expected answer as the author wrote it.

    Returns:
        0 for short answers, numbers and short acronyms; else 1 or 2 by length.
    """
    stripped = expected.strip()
    if _ACRONYM.fullmatch(stripped):
        return 0
    key = compact(stripped)
    if key.isdigit():
        return 0
    for min_length, edits in TYPO_STEPS:
        if len(key) >= min_length:
            return edits
    return 0


class Match(StrEnum):
    """How a typed answer compares to one expected answer."""

    EXACT = "exact"
    ALMOST = "almost"
    NONE = "none"


@functools.lru_cache(maxsize=4096)
def _numbers(text: str) -> tuple[str, ...]:
    return tuple(n.lstrip("0") or "0" for n in _DIGITS.findall(normalize(text)))


def protected_words(expected: str) -> list[str]:
    """Words of ``expected`` that a typo may not touch: single letters and short acronyms.

    ``Article 32(b)`` protects ``b`` (``32(c)`` is another provision, not a typo) and
    ``Assembly of the CIS`` protects ``cis``. Returned normalised (case-folded).
    """
    return list(_protected_words(expected))


@functools.lru_cache(maxsize=4096)  # asked of the same accepted answers on every answer
def _protected_words(expected: str) -> tuple[str, ...]:
    words = _NON_WORD.sub(" ", strip_diacritics(expected.translate(_FOLD))).split()
    return tuple(
        normalize(w, drop_article=False)
        for w in words
        if (len(w) == 1 and w.isalpha()) or _ACRONYM.fullmatch(w)
    )


@functools.lru_cache(maxsize=4096)  # a judge compares the same pair more than once
def match_text(given: str, expected: str) -> Match:
    """Compare one typed answer with one expected answer.

    Args:
        given: what the student typed.
        expected: one accepted answer.

    Returns:
        ``EXACT`` when equal after normalisation, ``ALMOST`` within :func:`typo_budget` edits
        (with the same numbers), else ``NONE``.
    """
    given_norm, expected_norm = normalize(given), normalize(expected)
    if not given_norm:
        return Match.NONE
    if given_norm == expected_norm:
        return Match.EXACT
    given_compact, expected_compact = given_norm.replace(" ", ""), expected_norm.replace(" ", "")
    if given_compact == expected_compact:
        return Match.EXACT
    budget = typo_budget(expected)
    if budget == 0 or _numbers(given) != _numbers(expected):
        return Match.NONE
    given_words = given_norm.split()
    if any(given_words.count(w) < n for w, n in Counter(protected_words(expected)).items()):
        return Match.NONE
    distance = min(
        OSA.distance(given_norm, expected_norm, score_cutoff=budget + 1),
        OSA.distance(given_compact, expected_compact, score_cutoff=budget + 1),
    )
    return Match.ALMOST if distance <= budget else Match.NONE


def check_text(given: str, accepted: Iterable[str]) -> tuple[Match, str | None]:
    """Compare a typed answer with every accepted answer; the best match wins.

    Args:
        given: what the student typed.
        accepted: the canonical answer first, then alternatives.

    Returns:
        The best :class:`Match` and the accepted answer it matched (``None`` if none).
    """
    accepted = tuple(accepted)
    best: tuple[Match, str | None] = (Match.NONE, None)
    for candidate in accepted:
        result = match_text(given, candidate)
        if result is Match.EXACT:
            return result, candidate
        if result is Match.ALMOST and best[0] is Match.NONE:
            best = (result, candidate)
    if best[0] is Match.NONE:
        best = _check_name_and_acronym(given, accepted)
    return best


_NAME_AND_ACRONYM = re.compile(r"^\s*(?P<name>[^()]+?)\s*\((?P<short>[^()]+)\)\s*$")


def _check_name_and_acronym(given: str, accepted: tuple[str, ...]) -> tuple[Match, str | None]:
    """``European Cybercrime Centre (EC3)``: both parts must be accepted answers on their own.

    Students write a name with its acronym as they would in an essay; that is right when the
    name and the acronym are each right, and never better than the weaker of the two.
    """
    found = _NAME_AND_ACRONYM.match(given)
    if found is None:
        return Match.NONE, None
    name_match, name = check_text(found["name"], accepted)
    short_match, _ = check_text(found["short"], accepted)
    if Match.NONE in (name_match, short_match):
        return Match.NONE, None
    if Match.ALMOST in (name_match, short_match):
        return Match.ALMOST, name
    return Match.EXACT, name


Segment: TypeAlias = tuple[str, Literal["same", "missing", "extra"]]


def _word_key(word: str) -> str:
    return normalize(word, drop_article=False) or word


def diff_segments(given: str, expected: str) -> list[Segment]:
    """A word-level diff of a typed answer against the expected one, for the feedback panel.

    Words are compared after :func:`normalize` (so case and accents are "same", and so is a
    leading article the grader ignored); the text shown is the student's own for ``same`` and
    ``extra`` words and the expected text for ``missing``.

    Args:
        given: what the student typed.
        expected: the expected answer.

    Returns:
        Segments in reading order: ``(text, "same" | "missing" | "extra")``; adjacent words of
        one kind are joined with single spaces.
    """
    given_words, expected_words = given.split(), expected.split()
    segments: list[Segment] = []
    if (
        len(given_words) > 1
        and _word_key(given_words[0]) in ARTICLES
        and not (expected_words and _word_key(expected_words[0]) == _word_key(given_words[0]))
    ):
        # the grader ignores a leading article, so the diff does not call it "extra"
        segments.append((given_words.pop(0), "same"))
    matcher = difflib.SequenceMatcher(
        None,
        [_word_key(w) for w in given_words],
        [_word_key(w) for w in expected_words],
        autojunk=False,
    )

    def add(words: list[str], kind: Literal["same", "missing", "extra"]) -> None:
        if not words:
            return
        text = " ".join(words)
        if segments and segments[-1][1] == kind:
            segments[-1] = (segments[-1][0] + " " + text, kind)
        else:
            segments.append((text, kind))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add(given_words[i1:i2], "same")
        else:
            add(given_words[i1:i2], "extra")
            add(expected_words[j1:j2], "missing")
    return segments
