"""Strict YAML composing: bytes in, a node tree (with every line and column) out.

Every scalar stays the string the author wrote: the resolver assigns only the three default
tags, so nothing is turned into a bool, date or number here. libyaml (PyYAML's C ``CParser``)
does the parsing when it is present, else PyYAML's pure-Python reader, scanner, parser and
composer. No constructor ever runs, so no YAML tag can execute code; tags, anchors, aliases
and merge keys are reported by the walk in :mod:`cyberquiz.decks.walk`.

Hostile input is refused before or while parsing: files over :data:`MAX_BYTES`, bytes that are
not UTF-8, NUL and other control characters, and nesting deeper than libyaml's limit (1000) or,
in the fallback, brackets deeper than :data:`MAX_FLOW_LEVEL` and anything deeper than Python's
recursion limit.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from cyberquiz.decks.capped import MAX_BYTES, megabytes
from cyberquiz.decks.problems import Problem

if TYPE_CHECKING:
    from yaml.tokens import Token

STR_TAG = BaseResolver.DEFAULT_SCALAR_TAG
SEQ_TAG = BaseResolver.DEFAULT_SEQUENCE_TAG
MAP_TAG = BaseResolver.DEFAULT_MAPPING_TAG
_TAG_FOR_KIND: dict[type[Node], str] = {
    ScalarNode: STR_TAG,
    SequenceNode: SEQ_TAG,
    MappingNode: MAP_TAG,
}

# YAML forbids these (C0 controls but tab, LF and CR; DEL; C1 controls but NEL; surrogates;
# U+FFFE/U+FFFF). Checked up front so the message can say "binary file" with a position.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# An anchor (&name) or alias (*name) can only start where a token starts: after a space, a
# line break or a flow indicator, and followed by a name character.
_BEFORE_ANCHOR = frozenset(" \t\r\n\x85\u2028\u2029\ufeff[{,")
_NOT_NAME = frozenset(" \t\r\n\x85\u2028\u2029\ufeff[]{},")


def may_have_anchors(text: str) -> bool:
    """False only if the text has no anchor or alias (a sound pre-filter for the event pass).

    ``str.find`` skips through text at C speed; the deck's prose rarely has ``&`` or ``*``.
    """
    for sigil in "&*":
        index = text.find(sigil)
        while index >= 0:
            after = text[index + 1 : index + 2]
            if (
                after
                and after not in _NOT_NAME
                and (index == 0 or text[index - 1] in _BEFORE_ANCHOR)
            ):
                return True
            index = text.find(sigil, index + 1)
    return False


class _ResolveNothing:
    """Resolver hooks that tag every node with its kind's default tag and nothing else.

    The composer calls them as PyYAML's ``BaseResolver`` (whose stubs leave them untyped): a
    scalar's text and its (plain, quoted) implicitness, None and a bool for a collection; the
    parent node (None at the top) and an item's index, a mapping key's None or a value's key.
    """

    def resolve(
        self, kind: type[Node], value: str | None, implicit: bool | tuple[bool, bool]
    ) -> str:
        return _TAG_FOR_KIND[kind]

    def descend_resolver(self, current_node: Node | None, current_index: int | Node | None) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


try:  # libyaml is an optional part of the PyYAML wheel
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _CComposer(_ResolveNothing, CParser):
        pass

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    HAVE_LIBYAML = False


#: How deep ``[`` and ``{`` may nest in the pure-Python fallback. Its scanner keeps a possible
#: key per open bracket and walks them all at every token: a line of 1,200 ``[`` took 0.7 s to
#: refuse, by Python's recursion limit. No deck nests more than a few levels.
MAX_FLOW_LEVEL = 100


class _PyComposer(
    _ResolveNothing,
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)

    def fetch_flow_collection_start(self, TokenClass: type[Token]) -> None:
        if self.flow_level >= MAX_FLOW_LEVEL:
            raise yaml.scanner.ScannerError(
                None, None, "exceeded maximum nesting depth", self.get_mark()
            )
        super().fetch_flow_collection_start(TokenClass)


def _composer(text: str, pure: bool) -> _CComposer | _PyComposer:
    if HAVE_LIBYAML and not pure:
        return _CComposer(text)
    return _PyComposer(text)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def decode(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """Check size and encoding; return the text, or None with the problems."""

    def refuse(line: int, column: int, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(path, line, column, "error", message)]

    if len(data) > MAX_BYTES:
        return refuse(
            1, 1, f"file is too large ({megabytes(len(data))}); a deck may be at most 5 MB"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return refuse(1, 1, "file is UTF-16 text; save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        column = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        return refuse(line, column, "file contains a NUL byte: it is binary, not a YAML deck")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = (
            len(data[data.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace"))
            + 1
        )
        return refuse(
            line,
            column,
            f"file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded); "
            "save it as UTF-8",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = _CONTROL.search(text)
    if bad:
        line, column = _line_col(text, bad.start())
        return refuse(
            line,
            column,
            f"file contains the control character U+{ord(bad.group()):04X}: "
            "is it a binary file? A deck must be plain UTF-8 text",
        )
    if not text.strip():
        return refuse(1, 1, "file is empty: a deck needs format, id, title and cards")
    return text, []


_HINTS = {
    "could not find expected ':'": "a line that is not 'key: value', or text that needs quotes?",
    "mapping values are not allowed here": "quote text that contains ': '",
    "found unexpected end of stream": "is a closing quote or bracket missing?",
    "but found another document": "a deck is one YAML document: remove the '---' line",
    "exceeded maximum nesting depth": "the file nests lists or mappings too deeply",
    "found undefined alias": "a value starting with * must be quoted",
}


def _mark_problem(path: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    pmark, cmark = exc.problem_mark, exc.context_mark
    # A scanner error's cause is where the token started (context_mark: an unclosed quote, a
    # key without ':'), often lines before where libyaml gave up (problem_mark).
    at_context = cmark is not None and (context.startswith("while scanning") or pmark is None)
    mark = cmark if at_context else pmark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if at_context:
        where = f" at line {pmark.line + 1}, column {pmark.column + 1}" if pmark else ""
        message = f"{context} that starts here: {problem}{where}"
    elif problem.startswith("but ") and context:
        message = f"{context}, {problem}"
    elif context and cmark is not None:
        message = f"{problem} ({context} at line {cmark.line + 1}, column {cmark.column + 1})"
    else:
        message = f"{problem} {context}".strip()
    hint = next((h for key, h in _HINTS.items() if key in problem), None)
    if "cannot start any token" in problem and pmark is not None:
        bad = text[pmark.index] if 0 <= pmark.index < len(text) else ""
        hint = (
            "indent with spaces, not tabs" if bad == "\t" else "quote text that starts with @ or `"
        )
    return Problem(
        path, line, column, "error", "YAML syntax error: " + message + (f"; {hint}" if hint else "")
    )


def yaml_error_problem(path: str, text: str, exc: Exception) -> Problem:
    """Any PyYAML error as a Problem (ReaderError has no marks; MarkedYAMLError has two)."""
    if isinstance(exc, yaml.reader.ReaderError):
        line, column = _line_col(text, min(max(exc.position, 0), len(text)))
        return Problem(path, line, column, "error", f"unreadable character: {exc.reason}")
    if isinstance(exc, yaml.MarkedYAMLError):
        return _mark_problem(path, text, exc)
    return Problem(path, 1, 1, "error", f"YAML error: {exc}")


def compose(path: str, text: str, *, pure: bool = False) -> tuple[Node | None, list[Problem]]:
    """Compose the single YAML document of ``text`` into nodes, refusing anchors and aliases.

    Args:
        path: the file name to put in problems.
        text: the decoded file.
        pure: use the pure-Python parser even when libyaml is available (tests).

    Returns:
        The root node (None when there is no document or it cannot be read) and problems.
    """
    try:
        node = _composer(text, pure).get_single_node()
    except yaml.YAMLError as exc:
        return None, [yaml_error_problem(path, text, exc)]
    except RecursionError:
        return None, [Problem(path, 1, 1, "error", "the file nests lists or mappings too deeply")]
    if node is None:
        return None, [Problem(path, 1, 1, "error", "file has no YAML document, only comments")]
    if may_have_anchors(text):
        problems = anchor_problems(path, text, pure)
        if problems:
            # Never walk a tree with aliases: a shared node can expand without bound.
            return None, problems
    return node, []


def anchor_problems(path: str, text: str, pure: bool = False) -> list[Problem]:
    """Every anchor (&name) and alias (*name) in the text, from the event stream."""
    problems: list[Problem] = []
    aliased: set[str] = set()
    parser = _composer(text, pure)
    try:
        while parser.check_event():
            event = parser.get_event()
            if not isinstance(event, yaml.NodeEvent) or event.anchor is None:
                continue  # only node events (scalars, collections, aliases) have an anchor
            anchor = event.anchor
            if isinstance(event, yaml.AliasEvent):
                if anchor in aliased:  # one report per name, not one per use
                    continue
                aliased.add(anchor)
                message = f"alias *{anchor} is not allowed in a deck: write the value out in full"
            else:
                message = f"anchor &{anchor} is not allowed in a deck: remove it"
            mark = event.start_mark  # the parser's events all have marks; the stubs allow None
            line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            problems.append(Problem(path, line, column, "error", message))
    except (yaml.YAMLError, RecursionError):  # already reported by compose
        pass
    return problems
