"""Walk a composed node tree into plain data (dicts, lists, strings), reporting structure problems.

The walk knows the shape of a deck (a header mapping with a ``cards`` list of mappings) so it
can say which field a value belongs to, and it never recurses deeper than :data:`MAX_DEPTH`.
It reports duplicate keys, non-text keys, merge keys (``<<``), explicit tags, and unquoted
scalars that YAML 1.1 tools (PyYAML's ``safe_load``, many editors) would read as a bool,
date or number where the deck means text. The loader itself keeps every scalar as written.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from cyberquiz.core.controls import describe_control, first_control
from cyberquiz.decks.models import MODEL_BY_KIND
from cyberquiz.decks.problems import Problem, Severity
from cyberquiz.decks.yamlstrict import MAP_TAG, SEQ_TAG, STR_TAG

#: What the walk makes of a node: text as written (None for an empty or null scalar; a
#: truefalse answer's bool, a header's format number), lists and mappings of the same.
YamlData: TypeAlias = str | int | bool | list["YamlData"] | dict[str, "YamlData"] | None

#: The deepest a value may nest below a card field (a match pair is 2 levels deep).
MAX_DEPTH = 8

#: The fields of a number card that hold numbers, which may be written unquoted.
NUMBER_FIELDS = frozenset({"answer", "tolerance", "range"})
CARD_FIELDS = frozenset(name for model in MODEL_BY_KIND.values() for name in model.model_fields)

_SHORT_TAGS = {"tag:yaml.org,2002:": "!!"}

# YAML 1.1 implicit typing, exactly as PyYAML's Resolver does it: by first character, then regex.
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag.rsplit(":", 1)[-1], rx) for tag, rx in resolvers]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    if first
}
_SUSPECT = frozenset(_IMPLICIT)
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_YAML11_TRUE = frozenset({"yes", "Yes", "YES", "on", "On", "ON", *_TRUE})


def implicit_type(value: str) -> str | None:
    """What YAML 1.1 makes of an unquoted scalar: bool, int, float, null, timestamp or None."""
    for tag, rx in _IMPLICIT.get(value[0], ()) if value else (("null", None),):
        if rx is None or rx.match(value):
            return None if tag in ("str", "value", "merge") else tag
    return None


def describe_implicit(value: str, kind: str) -> tuple[Severity, str]:
    """The severity and the wording for an unquoted scalar that YAML 1.1 would not read as text."""
    if kind == "bool":
        meaning = f"the boolean {'true' if value in _YAML11_TRUE else 'false'}"
    elif kind == "timestamp":
        meaning = "a date"
    elif kind == "float":
        try:
            meaning = f"the number {float(value.replace('_', ''))!r}"
        except ValueError:
            meaning = "a number"
    else:
        meaning = "a number"
    severity: Severity = "warning" if kind == "int" else "error"
    return severity, f'YAML reads unquoted {value} as {meaning}; write "{value}" in quotes'


def _unquoted_number(node: Node) -> bool:
    """An unquoted scalar YAML 1.1 reads as an int or a float (``1``, ``0.5``, ``-0.25``)."""
    return (
        node.__class__ is ScalarNode
        and node.tag == STR_TAG
        and not node.style
        and implicit_type(node.value) in ("int", "float")
    )


def pos(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def short_tag(tag: str) -> str:
    for long, short in _SHORT_TAGS.items():
        if tag.startswith(long):
            return short + tag[len(long) :]
    return tag


class Walker:
    """Turns a deck's nodes into data; ``problems`` collects what was wrong on the way."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, node: Node, message: str, severity: Severity = "error") -> None:
        line, column = pos(node)
        self.problems.append(Problem(self.path, line, column, severity, message))

    # -- the deck --------------------------------------------------------------------------

    def deck(self, root: Node) -> tuple[dict[str, YamlData] | None, list[Node]]:
        """The header as a dict whose ``cards`` is a list of card dicts, and each card's node.

        Returns ``(None, [])`` when the top level is not a mapping.
        """
        if root.__class__ is not MappingNode:
            found = "a list" if root.__class__ is SequenceNode else "a single value"
            self.problem(
                root,
                f"the top level must be a deck (format, id, title, cards, ...), found {found}",
            )
            return None, []
        self._check_tag(root, MAP_TAG)
        header: dict[str, YamlData] = {}
        card_nodes: list[Node] = []
        hits: list[tuple[str, ScalarNode, str]] = []
        for key_node, value_node in root.value:
            key = self._key(key_node, header, root)
            if key is None:
                continue
            if key == "cards" and value_node.__class__ is SequenceNode:
                self._check_tag(value_node, SEQ_TAG)
                cards: list[YamlData] = []
                for item in value_node.value:
                    if item.__class__ is MappingNode:
                        cards.append(self.card(item))
                        card_nodes.append(item)
                    else:
                        cards.append(self.value(item, "cards", 1))
                        card_nodes.append(item)
                header[key] = cards
            elif value_node.__class__ is ScalarNode:
                header[key] = self._scalar(value_node, key, hits)
            else:
                header[key] = self.value(value_node, key, 1)
        for key, node, kind in hits:
            if kind == "null":
                header[key] = None
            elif key == "format" and kind == "int":
                try:
                    header[key] = int(node.value)
                except ValueError:
                    self._implicit(node, kind)
            else:
                self._implicit(node, kind)
        return header, card_nodes

    def card(self, node: MappingNode) -> dict[str, YamlData]:
        """One card mapping as a dict, with truefalse answers as bools."""
        # The hot loop of loading: the common case (a plain key, a text value) is inlined.
        if node.tag != MAP_TAG:
            self._bad_tag(node)
        card: dict[str, YamlData] = {}
        hits: list[tuple[str, ScalarNode, str]] = []
        for key_node, value_node in node.value:
            key = key_node.value
            if (
                key_node.__class__ is not ScalarNode
                or key_node.tag != STR_TAG
                or key in card
                or key == "<<"
            ):
                key = self._key(key_node, card, node)
                if key is None:
                    continue
            cls = value_node.__class__
            if cls is ScalarNode and value_node.tag == STR_TAG:
                value = value_node.value
                if not value_node.style:
                    if not value:
                        value = None
                    elif value[0] in _SUSPECT:
                        implicit = implicit_type(value)
                        if implicit is not None:
                            hits.append((key, value_node, implicit))
                card[key] = value
            elif cls is SequenceNode and value_node.tag == SEQ_TAG:
                if key == "range":  # a number card's: its bounds may be written unquoted
                    card[key] = self.numbers(value_node, key)
                else:
                    card[key] = self.sequence(value_node, key, 1)
            else:
                card[key] = self.value(value_node, key, 1)
        if hits:
            kind = card.get("kind")
            for key, value_node, implicit in hits:
                value = value_node.value
                if implicit == "null":
                    card[key] = None
                elif key == "answer" and kind == "truefalse" and implicit == "bool":
                    # yes/no/on/off stay text, and validation asks for true or false
                    if value in _TRUE:
                        card[key] = True
                    elif value in _FALSE:
                        card[key] = False
                elif key == "answer" and kind == "date" and implicit in ("int", "timestamp"):
                    pass  # a date answer may be written unquoted
                elif key in NUMBER_FIELDS and kind == "number" and implicit in ("int", "float"):
                    pass  # so may the numbers of a number card (kept as text, read exactly)
                elif key in ("kind", "precision") or key not in CARD_FIELDS:
                    pass  # a choice of words, or an unknown field: validation reports those
                else:
                    self._implicit(value_node, implicit)
        return card

    # -- values ----------------------------------------------------------------------------

    def value(self, node: Node, field: str, depth: int) -> YamlData:
        """Any value below a field: scalars as str (None for an empty or null one)."""
        # type(node) is, not node.__class__ is as in card(): as quick, and mypy narrows it
        if type(node) is ScalarNode:
            self._check_tag(node, STR_TAG)
            value: str = node.value
            if not node.style:
                if not value:
                    return None
                if value[0] in _SUSPECT:
                    implicit = implicit_type(value)
                    if implicit == "null":
                        return None
                    if implicit is not None:
                        self._implicit(node, implicit)
            return value
        if depth >= MAX_DEPTH:
            self.problem(node, f"'{field}' nests lists or mappings too deeply")
            return None
        if type(node) is SequenceNode:
            self._check_tag(node, SEQ_TAG)
            return self.sequence(node, field, depth)
        self._check_tag(node, MAP_TAG)
        mapping: dict[str, YamlData] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, mapping, node)
            if key is None:
                continue
            if key == "credit" and field == "options" and _unquoted_number(value_node):
                mapping[key] = value_node.value  # an option's credit: kept as text, read exactly
                continue
            mapping[key] = self.value(value_node, field, depth + 1)
        return mapping

    def sequence(self, node: SequenceNode, field: str, depth: int) -> list[YamlData]:
        """A list; text items are taken as they are unless YAML 1.1 would retype them."""
        items: list[YamlData] = []
        for item in node.value:
            if item.__class__ is ScalarNode and item.tag == STR_TAG:
                value = item.value
                if item.style or (value and value[0] not in _SUSPECT):
                    items.append(value)
                    continue
            items.append(self.value(item, field, depth + 1))
        return items

    def numbers(self, node: SequenceNode, field: str) -> list[YamlData]:
        """A list of numbers (a number card's range), unquoted numbers kept as their text.

        A number card's model checks them; any other card reports the field as unknown.
        """
        items: list[YamlData] = []
        for item in node.value:
            if (
                item.__class__ is ScalarNode
                and item.tag == STR_TAG
                and item.value
                and (item.style or implicit_type(item.value) in (None, "int", "float"))
            ):
                items.append(item.value)
                continue
            items.append(self.value(item, field, 2))
        return items

    def _scalar(
        self, node: ScalarNode, key: str, hits: list[tuple[str, ScalarNode, str]]
    ) -> str | None:
        if node.tag != STR_TAG:
            self._bad_tag(node)
        value: str = node.value
        if not node.style:
            if not value:
                return None
            if value[0] in _SUSPECT:
                implicit = implicit_type(value)
                if implicit is not None:
                    hits.append((key, node, implicit))
        return value

    def _key(self, node: Node, mapping: dict[str, YamlData], parent: Node) -> str | None:
        if node.__class__ is not ScalarNode:
            self.problem(node, "a key must be a plain name, not a list or mapping")
            return None
        if node.tag != STR_TAG:
            self._bad_tag(node)
        key: str = node.value
        if key == "<<" and not node.style:
            self.problem(node, "merge keys (<<) are not allowed in a deck: write the fields out")
            return None
        if key in mapping:
            self._duplicate(node, key, parent)
            return None
        return key

    def _duplicate(self, node: Node, key: str, parent: Node) -> None:
        # Duplicates are rare, so the first occurrence is looked up only here.
        first = next(k for k, _ in parent.value if k.__class__ is ScalarNode and k.value == key)
        line, column = pos(first)
        self.problem(
            node,
            f"duplicate key '{key}' (first at line {line}, column {column}); YAML tools would "
            "silently keep only the last one",
        )

    def _implicit(self, node: ScalarNode, implicit: str) -> None:
        severity, message = describe_implicit(node.value, implicit)
        self.problem(node, message, severity)

    def _check_tag(self, node: Node, default: str) -> None:
        if node.tag != default:
            self._bad_tag(node)

    def _bad_tag(self, node: Node) -> None:
        self.problem(node, f"YAML tag {short_tag(node.tag)} is not allowed in a deck: remove it")


def control_problems(path: str, root: Node) -> list[Problem]:
    """Control characters written as escapes (``"\\e"``, ``"\\x9b"``, ``"\\0"``) in quoted text.

    The file's raw bytes are checked for them by :mod:`yamlstrict`; only a double-quoted scalar
    can produce one from an escape, so only those are looked at. Tab and newline are fine.
    """
    problems: list[Problem] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.__class__ is ScalarNode:
            index = first_control(node.value) if node.style == '"' else None
            if index is not None:
                line, column = pos(node)
                what = describe_control(node.value[index])
                message = (
                    f"control character {what} in text: terminals act on it (clipboard, "
                    "title, screen); remove the escape"
                )
                problems.append(Problem(path, line, column, "error", message))
        elif node.__class__ is SequenceNode:
            stack.extend(node.value)
        elif node.__class__ is MappingNode:
            for key, value in node.value:
                stack.extend((key, value))
    return problems
