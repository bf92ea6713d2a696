"""The card browser's rows and its search, as Anki users know it (``tag:``, ``deck:``, ``is:``).

A search is words and filters, all of which must match (a leading ``-`` negates one):

- a word or ``"a phrase"``: found, case-insensitively, in the card's text (question, answers,
  options, explanation, tags, id);
- ``tag:un`` / ``deck:treaties`` / ``kind:typed``: that tag, deck (id or title) or kind; a
  trailing ``*`` matches the beginning (``tag:org-*``);
- ``is:new``, ``is:learning``, ``is:review``, ``is:due``, ``is:suspended``, ``is:buried``,
  ``is:flagged``, ``is:leech`` (or the start of one: ``is:sus``).

Rows carry a precomputed lowercase haystack, so that filtering 10,000 cards is a substring scan
per word (a few milliseconds; ``bench/bench_browse.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from cyberquiz.core.cards import Card
from cyberquiz.core.kinds import question_text
from cyberquiz.core.state import CardState, Phase

#: How many of a card's latest answers a row shows.
LAST_ANSWERS = 3

#: The ``is:`` states, in the order the help lists them.
STATES = ("new", "learning", "review", "due", "suspended", "buried", "flagged", "leech")

_TOKEN = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S*))')


@dataclass(frozen=True, slots=True)
class BrowseRow:
    """One card as the browser lists it: what it is, where it was written, how it is going.

    ``last_answers`` are the latest answers, oldest first: True for right (not rated Again, or
    scored at least half when the answer moved no schedule).
    """

    card_id: str
    deck_id: str
    deck_title: str
    kind: str
    question: str
    tags: tuple[str, ...]
    state: CardState
    last_answers: tuple[bool, ...]
    path: str
    line: int | None
    #: lowercase text of the whole card, for word search
    haystack: str

    def is_buried(self, now: datetime) -> bool:
        return self.state.buried_until is not None and self.state.buried_until > now

    def is_due(self, now: datetime) -> bool:
        s = self.state
        return (
            s.phase != Phase.NEW
            and s.due is not None
            and s.due <= now
            and not s.suspended
            and not self.is_buried(now)
        )


class SearchError(ValueError):
    """A search the browser cannot read (an unknown ``is:`` state or filter name)."""


Test = Callable[[BrowseRow], bool]


@dataclass(frozen=True, slots=True)
class Search:
    """A parsed search: the words to find and the filters to apply, ready to run on rows."""

    text: str
    words: tuple[str, ...]
    absent: tuple[str, ...]
    tests: tuple[Test, ...]

    def matches(self, row: BrowseRow) -> bool:
        """Whether ``row`` passes every word and filter."""
        hay = row.haystack
        for word in self.words:
            if word not in hay:
                return False
        for word in self.absent:
            if word in hay:
                return False
        return all(test(row) for test in self.tests)

    def run(self, rows: Sequence[BrowseRow], within: Iterable[int] | None = None) -> list[int]:
        """The indices of the rows that match, in order (only among ``within`` when given)."""
        indices = range(len(rows)) if within is None else within
        if not self.words and not self.absent and not self.tests:
            return list(indices)
        if not self.absent and not self.tests:  # the common case, typing words: no calls
            words = self.words
            if len(words) == 1:
                word = words[0]
                return [i for i in indices if word in rows[i].haystack]
            return [i for i in indices if all(w in rows[i].haystack for w in words)]
        matches = self.matches
        return [i for i in indices if matches(rows[i])]

    def narrows(self, before: Search) -> bool:
        """Whether every row this search finds was found by ``before`` (typing more of words),
        so that it need only look among those."""
        only_words = not self.absent and not self.tests and not before.absent and not before.tests
        return only_words and self.text.startswith(before.text)


def _name_test(pattern: str) -> Callable[[str], bool]:
    pattern = pattern.lower()
    if pattern.endswith("*"):
        prefix = pattern[:-1]
        return lambda value: value.lower().startswith(prefix)
    return lambda value: value.lower() == pattern


def _state_test(typed: str, now: datetime) -> Test:
    # a state being typed already filters (is:n is is:new), so the list never flickers empty
    state = next((name for name in STATES if name.startswith(typed)), None)
    if state is None:
        raise SearchError(f"is:{typed} is not a state; try is:{', is:'.join(STATES)}.")
    phase_of = {"new": (Phase.NEW,), "learning": (Phase.LEARNING, Phase.RELEARNING)}
    phase_of["review"] = (Phase.REVIEW,)
    if state in phase_of:
        phases = phase_of[state]
        return lambda row: row.state.phase in phases
    tests: dict[str, Test] = {
        "due": lambda row: row.is_due(now),
        "suspended": lambda row: row.state.suspended,
        "buried": lambda row: row.is_buried(now),
        "flagged": lambda row: row.state.flagged,
        "leech": lambda row: row.state.leech,
    }
    return tests[state]


def _filter_test(name: str, value: str, now: datetime) -> Test | None:
    if not value:
        return None  # ``tag:`` while the value is still being typed filters nothing yet
    if name == "is":
        return _state_test(value.lower(), now)
    same = _name_test(value)
    if name == "tag":
        return lambda row: any(same(tag) for tag in row.tags)
    if name == "deck":
        return lambda row: same(row.deck_id) or same(row.deck_title)
    if name == "kind":
        return lambda row: same(row.kind)
    raise SearchError(f"{name}: is not a filter; use tag:, deck:, kind: or is:.")


def parse_search(text: str, now: datetime) -> Search:
    """Read a search typed in the browser.

    Args:
        text: the words and filters, as typed.
        now: UTC-aware time, for ``is:due`` and ``is:buried``.

    Returns:
        The search, ready to :meth:`~Search.run`.

    Raises:
        SearchError: an unknown filter or state, with what to type instead.
    """
    words: list[str] = []
    absent: list[str] = []
    tests: list[Test] = []
    for match in _TOKEN.finditer(text):
        negated, name, quoted, bare = match.groups()
        value = quoted if quoted is not None else (bare or "")
        if name is None:
            word = value.lower()
            if word:
                (absent if negated else words).append(word)
            continue
        test = _filter_test(name.lower(), value, now)
        if test is not None:
            tests.append((lambda t: lambda row: not t(row))(test) if negated else test)
    return Search(text=text, words=tuple(words), absent=tuple(absent), tests=tuple(tests))


#: Parts of a stored card body that are not its text (where it was written, what it is).
_NOT_TEXT = frozenset({"origin", "kind", "deck_id", "precision"})


def haystack(body: Mapping[str, object]) -> str:
    """The lowercase search text of a card from its stored body (``serialize.card_to_dict``).

    Its strings are joined by a character no word has, so that a word never matches across two
    parts; where the card was written and its kind are left out (they have their own filters).
    """
    parts = [
        text for key, value in body.items() if key not in _NOT_TEXT for text in _strings(value)
    ]
    return "\x1f".join(parts).lower()


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def question_line(card: Card) -> str:
    """The question as a student sees it (``kinds.question_text``: a cloze's gaps are blanks,
    never its answers), on one line."""
    return " ".join(question_text(card).split())
