"""Pydantic validation errors as problems at the YAML node they are about."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cyberquiz.decks.models import (
    DATE_PATTERN,
    HEADER_FIELDS,
    ID_PATTERN,
    KINDS,
    MAPPING_BRANCHES,
    MODEL_BY_KIND,
    NON_NEGATIVE_PATTERN,
    NOT_BLANK,
    NUMBER_PATTERN,
    TEXT_BRANCH,
    UNION_TAGS,
)
from cyberquiz.decks.problems import Problem
from cyberquiz.decks.walk import pos

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

KIND_LIST = ", ".join(KINDS)


def navigate(node: Node, loc: Iterable[int | str]) -> tuple[Node, Node | None, list[int | str]]:
    """Follow a pydantic error location through the nodes.

    Returns:
        The deepest node reached, the key node of the last mapping step (or None), and the
        location elements that remain (a missing field, for example).
    """
    key_node: Node | None = None
    rest = list(loc)
    while rest:
        step = rest[0]
        if node.__class__ is MappingNode and isinstance(step, str):
            pair = next(
                (p for p in node.value if p[0].__class__ is ScalarNode and p[0].value == step),
                None,
            )
            if pair is not None:
                key_node, node = pair
            elif step not in KINDS:  # a discriminator tag in the location is not a key
                break
        elif node.__class__ is SequenceNode and isinstance(step, int) and step < len(node.value):
            key_node, node = None, node.value[step]
        else:
            break
        rest.pop(0)
    return node, key_node, rest


def found(node: Node | None, value: object) -> str:
    """How a wrong value is described: ``text 'abc'``, ``a list``, ``nothing``."""
    if isinstance(node, ScalarNode):
        if not node.value and not node.style:
            return "nothing"
        text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        quoted = " (in quotes)" if node.style in ("'", '"') else ""
        return f"text '{text}'{quoted}"
    if isinstance(node, SequenceNode) or isinstance(value, list):
        return "a list"
    if isinstance(node, MappingNode) or isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return f"'{value}'"


def label(loc: Sequence[int | str]) -> str:
    """``'tags'``, ``'options' item 2``, ``'pairs' item 1 entry 2``."""
    names = [s for s in loc if isinstance(s, str) and s not in KINDS]
    indices = [s for s in loc if isinstance(s, int)]
    text = f"'{names[-1]}'" if names else "value"
    if indices:
        text += f" item {indices[0] + 1}"
    if len(indices) > 1:
        text += f" entry {indices[1] + 1}"
    return text


def suggest(word: str, choices: Iterable[str]) -> str | None:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def _unknown_field(field: str, kind: str | None) -> str:
    if kind is None:
        where, known = "the deck header", list(HEADER_FIELDS)
    else:
        where, known = f"a {kind} card", list(MODEL_BY_KIND[kind].model_fields)
    message = f"unknown field '{field}' in {where}"
    close = suggest(field, known)
    if close:
        return message + f"; did you mean '{close}'?"
    owners = [k for k, m in MODEL_BY_KIND.items() if field in m.model_fields]
    if kind is not None and owners:
        return message + f" ('{field}' is a field of {' and '.join(owners)} cards)"
    return message + f"; the fields are: {', '.join(known)}"


def error_problems(
    path: str, base: Node, errors: Sequence[ErrorDetails], *, card_kind: str | None = None
) -> list[Problem]:
    """Problems for pydantic errors whose locations start at ``base``.

    Args:
        path: the file, for the problems.
        base: the node the locations are relative to (the root, or the cards list).
        errors: ``ValidationError.errors()``.
        card_kind: None for header errors; "" when ``base`` is the cards list.
    """
    problems: list[Problem] = []
    for error in errors:
        if _other_branch(error):
            continue
        loc = [step for step in error["loc"] if step not in UNION_TAGS]
        node, key_node, rest = navigate(base, loc)
        kind = next((s for s in loc if isinstance(s, str) and s in KINDS), None)
        if card_kind is None:
            kind = None
        # A card's index is in its position already; labels name the field within the card.
        field_loc = loc[1:] if card_kind is not None else loc
        message = _message(error, node, rest, field_loc, kind, card_kind is not None)
        at = key_node if error["type"] == "extra_forbidden" and key_node is not None else node
        line, column = pos(at)
        problems.append(Problem(path, line, column, "error", message))
    return problems


def _other_branch(error: ErrorDetails) -> bool:
    """An error of the text-or-mapping branch (an entity, an option with credit) the value was
    not written for."""
    loc = error["loc"]
    branch = next((step for step in loc if step in MAPPING_BRANCHES), None)
    if branch is not None:
        index = loc.index(branch)
        # errors inside the mapping ({entity: ...}, {text: ..., credit: ...}) are further in
        return len(loc) == index + 1 and not isinstance(error.get("input"), dict)
    if TEXT_BRANCH in loc:
        return isinstance(error.get("input"), dict)
    return False


def _message(
    error: ErrorDetails,
    node: Node,
    rest: Sequence[int | str],
    loc: Sequence[int | str],
    kind: str | None,
    in_cards: bool,
) -> str:
    kind_name = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    what = label(loc)
    option = _option_message(kind_name, node, value, rest, loc)
    if option is not None:
        return option
    if kind_name == "missing":
        field = rest[-1] if rest else loc[-1]
        where = f"a {kind} card" if kind else "the deck header"
        return f"missing required field '{field}' in {where}"
    if kind_name == "extra_forbidden":
        return _unknown_field(str(loc[-1]), kind)
    if kind_name == "union_tag_not_found":
        return f"missing required field 'kind' in a card (one of: {KIND_LIST})"
    if kind_name == "union_tag_invalid":
        tag = str(ctx.get("tag", ""))
        close = suggest(tag, KINDS)
        hint = f"; did you mean '{close}'?" if close else ""
        return f"unknown card kind '{tag}'{hint} (kinds: {KIND_LIST})"
    if kind_name in ("model_attributes_type", "model_type", "dict_type"):
        if not in_cards:
            return f"the deck must be a mapping of fields, found {found(node, value)}"
        return f"a card must be a mapping of fields (id:, kind:, ...), found {found(node, value)}"
    if kind_name == "string_type":
        if value is None:
            return f"{what} is empty; " + _fix_empty(loc, kind)
        if loc and loc[-1] != "options" and "options" in loc:
            return f"{what} must be text or {{text: ..., credit: ...}}, found {found(node, value)}"
        return f"{what} must be text, found {found(node, value)}"
    if kind_name in ("string_too_short",) or ctx.get("pattern") == NOT_BLANK:
        return f"{what} is blank; " + _fix_empty(loc, kind)
    if kind_name == "list_type":
        if value is None:
            return f"{what} is empty; write a list like [a, b] or remove the line"
        if isinstance(value, str):
            return f"{what} must be a list, found {found(node, value)}; write [{value}]"
        return f"{what} must be a list, found {found(node, value)}"
    if kind_name == "bool_type":
        return f"{what} must be true or false (without quotes), found {found(node, value)}"
    if kind_name == "literal_error":
        if loc and loc[-1] == "format":
            return f"format must be 1 (deck format version 1), found {found(node, value)}"
        return f"{what} must be one of {ctx.get('expected', '')}, found {found(node, value)}"
    if kind_name == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        if pattern == ID_PATTERN:
            return (
                f"'{value}' is not a valid id: use lowercase letters, digits, '.', '_' "
                "and '-', starting with a letter or digit"
            )
        if pattern == DATE_PATTERN:
            return (
                f"date answer '{value}' must be a year (2001), a year and month (2001-11) "
                "or a full date (2001-11-23)"
            )
        if pattern == NUMBER_PATTERN:
            return f"{what} must be a number like 67 or 1000.5, found '{value}'"
        if pattern == NON_NEGATIVE_PATTERN:
            return f"{what} must be a number of 0 or more, like 2 or 0.5, found '{value}'"
    if kind_name in ("too_short", "too_long"):
        actual = ctx.get("actual_length")
        if loc and loc[-1] != "pairs" and "pairs" in loc:
            return f"{what} must be a pair [left, right], found {actual} item(s)"
        if kind_name == "too_short":
            least = ctx.get("min_length")
            return f"{what} needs at least {least} item{'' if least == 1 else 's'}, found {actual}"
        return f"{what} may have at most {ctx.get('max_length')} items, found {actual}"
    return f"{what}: {error.get('msg', 'invalid value')}"


def _option_message(
    kind_name: str, node: Node, value: object, rest: Sequence[int | str], loc: Sequence[int | str]
) -> str | None:
    """The message for an error inside an option with credit ({text: ..., credit: ...})."""
    names = [s for s in loc if isinstance(s, str) and s not in KINDS]
    if len(names) < 2 or names[0] != "options" or not any(isinstance(s, int) for s in loc):
        return None
    number = next(s for s in loc if isinstance(s, int)) + 1
    field = names[-1]
    shape = "write {text: ..., credit: 0.5}, or the option's text alone"
    if kind_name == "missing":
        missing = rest[-1] if rest else field
        return f"option {number} has no '{missing}': {shape}"
    if kind_name == "extra_forbidden":
        return f"unknown field '{field}' in option {number}: {shape}"
    if field == "text":
        return f"the text of option {number} must not be blank, found {found(node, value)}"
    if field == "credit":
        return (
            f"the credit of option {number} must be a number from -1 to 1, like 0.5 or -0.25, "
            f"found {found(node, value)}"
        )
    return None


def _fix_empty(loc: Sequence[int | str], kind: str | None) -> str:
    from cyberquiz.decks.models import DeckModel

    model = MODEL_BY_KIND[kind] if kind else DeckModel
    names = [s for s in loc if isinstance(s, str) and s not in KINDS]
    info = model.model_fields.get(names[-1]) if names else None
    if info is not None and not info.is_required() and len(names) == 1:
        return "write a value or remove the line"
    return "write a value"
