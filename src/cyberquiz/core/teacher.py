"""Typed answers judged as a teacher would, on top of :mod:`cyberquiz.core.text`.

A teacher marks an answer right when it names the right thing, however the student wrote it:

* the name's words in another order, with or without small words (``Cybercrime Convention`` for
  ``Convention on Cybercrime``; ``Gorelik Ilya``, surname first, for ``Ilya Gorelik``);
  British and American spellings (``organisation``, ``centre``, ``defence``) and plurals fold;
* the name with its acronym, in any order and bracketing (``United Nations (UN)``,
  ``UN - United Nations``), or with a qualifier the card allows (``The Hague, Netherlands``);
* the answer inside the prompt's own phrase (``Council of Heads of State of the CIS``), and a
  number with its unit or in words (``67 countries``, ``2 protocols``, ``seventh``, ``VII``);
* small typos, but never when the text is, or is as near to, a name the card rejects (another
  entity's name: ``ECLAC`` is not almost ``CELAC``), and never in a number or a short acronym.

Extra words never include a conjunction (``GGE and OEWG`` hedges between two answers).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA

from cyberquiz.core.numbers import number_value, roman_value
from cyberquiz.core.text import (
    Match,
    compact,
    match_text,
    normalize,
    protected_words,
    typo_budget,
)

if TYPE_CHECKING:
    from spellchecker import WordFrequency

#: Words a teacher does not read as part of a name.
STOPWORDS: frozenset[str] = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "on",
        "for",
        "in",
        "at",
        "to",
        "by",
        "its",
        "de",
        "del",
        "des",
        "du",
        "la",
        "le",
        "les",
        "el",
        # courtesy titles: "Ms Brent" names Laura Brent
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "professor",
    ]
)
#: Extra words that turn an answer into a hedge between two answers.
CONJUNCTIONS: frozenset[str] = frozenset({"and", "or", "nor", "vs", "versus", "not", "but"})
#: Legal forms a company's name may carry or not (``Patria Investments Ltd``).
LEGAL_FORMS: frozenset[str] = frozenset(
    {
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "llc",
        "plc",
        "gmbh",
        "corp",
        "corporation",
        "lp",
        "sa",
    }
)
#: "member states", "member countries": an organization named through its members.
MEMBERS: tuple[str, ...] = ("state", "country", "nation")
#: Words that stand for one another as the unit of a count (``67 countries`` for ``67 states``).
UNIT_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"state", "country", "nation", "member", "party", "signatory"}),
    frozenset({"protocol", "additional"}),
    frozenset({"year", "yr"}),
)
_ABBREVIATIONS = {
    "art": "article",
    "para": "paragraph",
    "par": "paragraph",
    "no": "number",
    "nr": "number",
    "org": "organization",
    "intl": "international",
    "govt": "government",
    "dept": "department",
    # a document's type before its number ("Dir. 2013/40/EU", "FD 2005/222/JHA")
    "dir": "directive",
    "reg": "regulation",
    "conv": "convention",
    "decl": "declaration",
    "res": "resolution",
    "fd": "framework decision",
}
_SPELLING = (
    (re.compile(r"(\w{3,})is(e|ed|es|ing|ation|ations)$"), r"\1iz\2"),
    (re.compile(r"(\w{2,})tre$"), r"\1ter"),
    (re.compile(r"(\w+)(fen|cen)ce$"), r"\1\2se"),
    (re.compile(r"(\w{4,})mme$"), r"\1m"),
)
#: Endings whose plural adds "es": once the "s" is gone, the "e" goes too, in the singular as
#: well ("cache", "organize"), so that both forms of every word fold to one.
_SIBILANT_E = ("sse", "she", "che", "xe", "ze")
#: A possessive "'s" (any apostrophe): "the EU's agency" names the EU, not "eus".
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019\u2018`\u00b4\u02bc]s\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"[()\[\]{},;:/]|\s-\s|\s-(?=\S)|(?<=\S)-\s|\baka\b|\bi\.e\.")


@functools.lru_cache(maxsize=8192)  # the same few hundred words come back on every answer
def fold_word(word: str) -> str:
    """One spelling per word: US spelling, singular, abbreviations written out."""
    word = _ABBREVIATIONS.get(word, word)
    if len(word) > 4 and not word.isdigit():  # "rats" is RATS, not a plural
        if word.endswith("ies"):
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
    for pattern, replacement in _SPELLING:
        word = pattern.sub(replacement, word)
    if len(word) > 4 and word.endswith(_SIBILANT_E):
        word = word[:-1]  # the "-es" plural: congress(es), approach(es), annex(es)
    return word


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning, folded (hyphenated words joined)."""
    return list(_content_words(text))


@functools.lru_cache(maxsize=4096)  # accepted forms and prompts are read on every answer
def _content_words(text: str) -> tuple[str, ...]:
    text = _POSSESSIVE.sub("", text)
    text = re.sub(r"(?<=\w)[-\u2010\u2011](?=\w)", "", text)
    words = normalize(text, drop_article=False).split()
    # split again: an abbreviation may stand for two words ("fd": "framework decision")
    return tuple(" ".join(fold_word(w) for w in words if w not in STOPWORDS).split())


@dataclass(frozen=True, slots=True)
class AnswerKey:
    """What a typed answer (or a cloze gap) is checked against.

    Attributes:
        accepted: the canonical answer first, then every other accepted form.
        reject: names the answer must never be taken for (other entities' names).
        context: text whose words may stand around the answer: the prompt, the country of a
            city, the organization a body belongs to.
    """

    accepted: tuple[str, ...]
    reject: tuple[str, ...] = ()
    context: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Reading:
    """What may stand around an answer (``extras``) and what it may leave out (``omittable``)."""

    extras: frozenset[str]
    omittable: frozenset[str]
    roman: bool


_NAME_WORD = re.compile(r"(?<![.?!] )(?<![.?!]\")(?<!^)(?<!^\")\b[A-Z][\w-]*")


@functools.lru_cache(maxsize=1024)
def _reading(key: AnswerKey) -> _Reading:
    context: set[str] = set()
    names: set[str] = set()
    for index, text in enumerate(key.context):
        context.update(content_words(text))
        if index == 0:
            # only names the prompt gives (capitalised inside a sentence: CIS, EU) may be left
            # out, never a common word: "Collective Security Treaty" is not the Organization
            for word in _NAME_WORD.findall(text):
                names.update(content_words(word))
    for group in UNIT_GROUPS:
        if context & group:
            context |= group
    words = context | LEGAL_FORMS
    for text in key.accepted:
        words.update(content_words(text))
    roman = any(_is_roman(a) for a in key.accepted)
    return _Reading(frozenset(words - CONJUNCTIONS), frozenset(names - CONJUNCTIONS), roman)


def _distance(given: str, expected: str) -> int:
    a, b = normalize(given), normalize(expected)
    return min(OSA.distance(a, b), OSA.distance(a.replace(" ", ""), b.replace(" ", "")))


def _is_roman(text: str) -> bool:
    stripped = text.strip()
    return stripped.isupper() and roman_value(stripped.lower()) is not None


def _same_name(given: str, expected: str) -> bool:
    """Equal as a teacher reads names: same words in any order, small words aside."""
    if match_text(given, expected) is Match.EXACT:
        return True
    g, e = content_words(given), content_words(expected)
    if not g or not e:
        return False
    return sorted(g) == sorted(e) or "".join(g) == "".join(e)  # the same words, any order


def _judge_one(given: str, expected: str, reading: _Reading) -> tuple[Match, int]:
    """How ``given`` compares with one accepted form, and how many edits away it is."""
    allowed, roman = reading.extras, reading.roman
    if _same_name(given, expected):
        return Match.EXACT, 0
    g, e = _compounds_aligned(content_words(given), content_words(expected))
    if not g:
        return Match.NONE, 99
    value = number_value(list(_number_words(expected)), roman=_is_roman(expected))
    if value is not None:
        words = _number_words(given)
        core = [w for w in words if w not in allowed or number_value([w], roman=roman) is not None]
        if core and number_value(core, roman=roman) == value:
            return Match.EXACT, 0
        return Match.NONE, 99
    given_words, expected_words = Counter(g), Counter(e)
    extras, missing = given_words - expected_words, expected_words - given_words
    members = next((w for w in MEMBERS if extras[w]), None)
    if extras["member"] and members:  # "Arab League member states" names the League
        extras -= Counter({"member": 1, members: 1})
    if extras and (_SLASH.search(given) or any(w in CONJUNCTIONS for w in extras)):
        return Match.NONE, 99  # "Patria or Blackstone", "Blackstone / Patria": a hedge
    if e and all(w in allowed for w in extras):
        if not missing:
            return Match.EXACT, 0
        # words the prompt already gives may be left out, if the student named the rest
        named = [w for w in g if w in e and w not in reading.omittable]
        if named and all(w in reading.omittable and not w.isdigit() for w in missing):
            return Match.EXACT, 0
    if any(w in extras and w not in allowed for w in _acronyms(given)):
        return Match.NONE, 99  # "Patria Investments, RU": another name, not a slip
    if match_text(given, expected) is Match.ALMOST:
        return Match.ALMOST, _distance(given, expected)
    # a slip in a reordered name, or in the name inside the prompt's own phrase
    core = [w for w in g if w not in allowed or w in e]
    rest, target = " ".join(sorted(core)), " ".join(sorted(e))
    budget = typo_budget(expected)
    if budget and rest and rest != target and _digits(rest) == _digits(target):
        typed = set(normalize(given).split())
        if all(w in typed for w in protected_words(expected)):
            distance = _distance(rest, target)
            if distance <= budget:
                return Match.ALMOST, distance
    return Match.NONE, 99


def _compounds_aligned(g: list[str], e: list[str]) -> tuple[list[str], list[str]]:
    """A word one side writes as two (``Inter Parliamentary``, ``cyber crime``) is joined, so
    that both sides count it as the one word the other side writes."""
    return _joined(g, set(e)), _joined(e, set(g))


def _joined(words: list[str], other: set[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = words[i] + words[i + 1] if i + 1 < len(words) else ""
        if pair in other and words[i] not in other and words[i + 1] not in other:
            out.append(pair)
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


_ACRONYM_WORD = re.compile(r"\b[A-Z]{2,6}\b")


def _acronyms(given: str) -> list[str]:
    """The words typed in capitals among words that are not (RU, ECLAC), folded as the judge
    reads words; none in an answer typed all in capitals ("UNTED NATIONS" is a slip)."""
    if not any(c.islower() for c in given):
        return []
    return [fold_word(w.lower()) for w in _ACRONYM_WORD.findall(given)]


@functools.lru_cache(maxsize=4096)
def _number_words(text: str) -> tuple[str, ...]:
    """Words for reading a number: ``sixty-seven`` stays two words."""
    words = normalize(text, drop_article=False).split()
    return tuple(fold_word(w) for w in words if w not in STOPWORDS)


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def _best(given: str, accepted: Iterable[str], reading: _Reading) -> tuple[Match, int, str | None]:
    best: tuple[Match, int, str | None] = (Match.NONE, 99, None)
    for candidate in accepted:
        result, distance = _judge_one(given, candidate, reading)
        if result is Match.EXACT:
            return result, 0, candidate
        if result is Match.ALMOST and distance < best[1]:
            best = (result, distance, candidate)
    return best


_QUOTED = re.compile(
    r"[\"\u201c\u201d\u00ab\u00bb]([^\"\u201c\u201d\u00ab\u00bb]{3,}?)[\"\u201c\u201d\u00ab\u00bb]"
)


@functools.lru_cache(maxsize=1024)
def _quoted(key: AnswerKey) -> tuple[str, ...]:
    """Phrases the prompt quotes that are not an accepted answer: the article's own wording a
    card asks the student to correct ("International Convention on Combating Terrorist
    Bombings"); its words around the answer must not make the answer that phrase."""
    accepted = {normalize(a) for a in key.accepted}
    quoted = (q.strip(" .,…") for text in key.context[:1] for q in _QUOTED.findall(text))
    return tuple(q for q in quoted if q and normalize(q) not in accepted)


_ELLIPSIS = re.compile(r"\.\.\.|\u2026")


@functools.lru_cache(maxsize=1024)
def _frames(key: AnswerKey) -> tuple[tuple[str, str], ...]:
    """The words a quoted phrase of the prompt puts around its gap: "complex and ..." gives
    ("complex and", "")."""
    frames = []
    for text in key.context[:1]:
        for quoted in _QUOTED.findall(text):
            pieces = _ELLIPSIS.split(quoted)
            if len(pieces) == 2:
                before, after = (normalize(p, drop_article=False) for p in pieces)
                if before or after:
                    frames.append((before, after))
    return tuple(frames)


def _unframed(given: str, key: AnswerKey) -> str:
    """The answer without the prompt's frame around it: "complex and discrete" for "complex
    and ..." is "discrete" (the frame's "and" is not a hedge)."""
    typed = normalize(given, drop_article=False)
    for before, after in _frames(key):
        words = typed.split()
        head, tail = before.split(), after.split()
        framed = words[: len(head)] == head and (not tail or words[-len(tail) :] == tail)
        if framed and len(words) > len(head) + len(tail):
            return " ".join(words[len(head) : len(words) - len(tail)])
    return given


def _parts(given: str) -> list[str]:
    return [p.strip() for p in _SEPARATORS.split(given) if p and p.strip(" .-")]


def judge_text(given: str, key: AnswerKey) -> tuple[Match, str | None]:
    """Judge a typed answer against an answer key.

    Args:
        given: what the student typed.
        key: the accepted forms, the names to reject and the context.

    Returns:
        The :class:`~cyberquiz.core.text.Match` and the accepted form it matched (for ``NONE``
        after a rejected name: that name, so feedback can say what the answer was taken for).
    """
    if not normalize(given):
        return Match.NONE, None
    given = _unframed(given, key)
    reading = _reading(key)
    result, distance, matched = _best(given, key.accepted, reading)
    if result is Match.NONE:
        result, distance, matched = _judge_parts(given, key, reading)
    if result is Match.NONE:
        return Match.NONE, None
    if result is Match.ALMOST and matched is not None and _another_word(given, matched):
        return Match.NONE, None
    for name in (*key.reject, *_quoted(key)):
        if any(_same_name(part, name) for part in (given, *_parts(given))):
            return Match.NONE, None
        if result is Match.ALMOST and _distance(given, name) <= distance:
            return Match.NONE, None
    return result, matched


@functools.cache
def _english_words() -> WordFrequency:
    """pyspellchecker's English word frequencies (loaded on the first typo: about 0.5 s)."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1).word_frequency


#: How often a word must occur in pyspellchecker's English corpus to count as a word a student
#: means; rarer entries (``ilia``, ``hague``, ``brant``) are far more often slips of a name.
COMMON_WORD_COUNT = 60


def is_english_word(word: str) -> bool:
    """Whether ``word`` (lower case) is a common word of English, not a slip."""
    if len(word) <= 2 or not word.isalpha():
        return False
    count: int = _english_words()[word]
    return count >= COMMON_WORD_COUNT


def _another_word(given: str, expected: str) -> bool:
    """A "typo" that is itself another word: ``Northern`` for ``Southern``, ``discreet`` for
    ``discrete``, ``unity`` for ``union``. A slip makes a non-word; one English word for another
    is an answer. A word that begins the expected one (``Africa`` for ``African``) is a slip of
    the ending, and a word for a foreign one (``unis`` for ``unies``) a slip of the spelling.
    """
    expected_words = normalize(expected, drop_article=False).split()
    folded = {fold_word(w) for w in expected_words}
    for word in normalize(given, drop_article=False).split():
        if word in expected_words or fold_word(word) in folded or not is_english_word(word):
            continue
        nearest = min(expected_words, key=lambda e: OSA.distance(word, e), default="")
        if nearest.startswith(word) or word.startswith(nearest):
            continue
        if is_english_word(nearest):  # a slip in a foreign name ("unis") is still a slip
            return True
    return False


def _judge_parts(given: str, key: AnswerKey, reading: _Reading) -> tuple[Match, int, str | None]:
    """``UN (United Nations)``, ``The Hague, Netherlands``: every part is right or a qualifier."""
    parts = _parts(given)
    if len(parts) < 2:
        return Match.NONE, 99, None
    hedged = _SLASH.search(given) is not None  # "Blackstone / Patria": one or the other
    found: list[tuple[Match, int, str | None]] = []
    for part in parts:
        judged = _best(part, key.accepted, reading)
        if judged[0] is not Match.NONE:
            found.append(judged)
            continue
        if _initials_of(part, key.accepted):
            continue  # the name's initials: "Ad Hoc Committee (AHC)"
        if any(_same_name(part, phrase) for phrase in key.context[1:]):
            continue  # the entity's other name, its country: "CELAC (Community of ...)"
        if hedged:
            return Match.NONE, 99, None
        words = content_words(part)
        if not words or not all(w in reading.extras for w in words):
            return Match.NONE, 99, None
    if not found:
        return Match.NONE, 99, None
    if any(r is Match.ALMOST for r, _, _ in found):
        worst = max(found, key=lambda f: f[1])
        return Match.ALMOST, worst[1], found[0][2]
    return Match.EXACT, 0, found[0][2]


#: A slash between words (not inside a number such as 2013/40/EU): "A / B" names either
_SLASH = re.compile(r"(?<![\d\s])\s*/\s*(?![\d\s])")


def _initials_of(part: str, accepted: Iterable[str]) -> bool:
    """Whether ``part`` is an accepted form's initials (at least three letters), with or
    without its small words: AHC for Ad Hoc Committee, LAS for League of Arab States."""
    typed = compact(part)
    if len(typed) < 3 or not typed.isalpha():
        return False
    for form in accepted:
        words = normalize(form, drop_article=False).split()
        if typed in (
            "".join(w[0] for w in words),
            "".join(w[0] for w in words if w not in STOPWORDS),
        ):
            return True
    return False


def near_names(names: Iterable[str], others: Iterable[str]) -> list[str]:
    """The ``others`` a typo of one of ``names`` could land on (within its budget plus one).

    The loader uses this to give each card the other entities' names it must reject.
    """
    names = tuple(names)
    keys = {compact(n) for n in names}
    choices = {other: compact(other) for other in others}
    choices = {o: k for o, k in choices.items() if k and k not in keys}
    near: dict[str, None] = {}
    for name in names:
        budget = max(typo_budget(name), 1) + 1
        found = process.extract(
            compact(name), choices, scorer=OSA.distance, score_cutoff=budget, limit=None
        )
        near.update((other, None) for _, _, other in found)
    return list(near)
