"""Load ``glossary.yaml``: YAML in, a :class:`~cyberquiz.core.glossary.Glossary` out, every
problem located (file:line:column), as for decks. The format is in docs/glossary-format.md.

A deck folder's ``glossary.yaml`` is found beside its decks; it is read once per change.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cyberquiz.core.glossary import EMPTY, ENTITY_TYPES, Entity, Glossary, Name, Person
from cyberquiz.decks.models import ID_PATTERN, Id, Text
from cyberquiz.decks.problems import Problem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pydantic_core import ErrorDetails
    from yaml.nodes import Node

    from cyberquiz.core.jsonvalue import JSONValue
    from cyberquiz.decks.walk import YamlData

#: The file name a deck folder's glossary has.
GLOSSARY_NAME = "glossary.yaml"

Year = Annotated[int, Field(ge=1000, le=9999, description="A year, like 2019.")]
#: Keys whose plain digits are numbers; every other scalar is text, as written.
_NUMBER_KEYS = frozenset({"format", "since", "until"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class NameModel(_Strict):
    """A name with the years it was official."""

    name: Text
    since: Annotated[Year | None, Field(description="The year the name was first used.")] = None
    until: Annotated[Year | None, Field(description="The last year it was used.")] = None


class EntityModel(_Strict):
    """A body, instrument, person, place, office, event or term of the article's world."""

    id: Id
    type: Annotated[
        Literal["body", "instrument", "person", "place", "office", "event", "term"],
        Field(description="What kind of thing it is."),
    ]
    name: Annotated[Text, Field(description="The canonical name, shown as the answer.")]
    acronyms: Annotated[
        list[Text], Field(description="Acronyms, in English and in the original languages.")
    ] = []
    names: Annotated[
        list[Text | NameModel],
        Field(description="Other names: official names over time (with years), translations."),
    ] = []
    garbled: Annotated[
        list[Text],
        Field(description="The article's own garbled forms, accepted since students learn them."),
    ] = []
    part_of: Annotated[
        str | None,
        StringConstraints(pattern=ID_PATTERN),
        Field(
            description="The entity this one belongs to or lies in (its names may stand beside)."
        ),
    ] = None
    not_: Annotated[
        list[Text],
        Field(alias="not", description="Names it must never be taken for (not accepted)."),
    ] = []
    surname: Annotated[Text | None, Field(description="A person's surname.")] = None
    given: Annotated[list[Text], Field(description="A person's given names.")] = []
    patronymic: Annotated[str, Field(description="A person's patronymic.")] = ""
    note: Annotated[str, Field(description="Anything an author should know.")] = ""


class GlossaryModel(_Strict):
    """A cyberquiz glossary (format 1): the entities cards refer to."""

    model_config = ConfigDict(title="cyberquiz glossary (format 1)")

    format: Annotated[Literal[1], Field(description="The glossary format version: 1.")]
    entities: Annotated[list[EntityModel], Field(description="The entities.")]


@dataclass
class GlossaryLoad:
    """The glossary (EMPTY on any error) and every problem found in its file."""

    glossary: Glossary
    problems: list[Problem]
    path: str = ""
    #: sha256 of the file's bytes ("" when it could not be read).
    digest: str = ""

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def glossary_schema() -> dict[str, JSONValue]:
    """The JSON Schema of a glossary file."""
    from cyberquiz.decks.schema import SCHEMA_DIALECT

    schema = GlossaryModel.model_json_schema(by_alias=True)
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "cyberquiz glossary (format 1)",
        **{k: v for k, v in schema.items() if k != "title"},
    }


_CACHE: dict[str, tuple[tuple[float, int], GlossaryLoad]] = {}


def glossary_beside(path: str | os.PathLike[str]) -> GlossaryLoad | None:
    """The glossary of the folder ``path`` is in (or is), if that folder has one."""
    folder = Path(path)
    if not folder.is_dir():
        folder = folder.parent
    file = folder / GLOSSARY_NAME
    try:
        stat = file.stat()
    except OSError:
        return None
    key = str(file.resolve())
    stamp = (stat.st_mtime, stat.st_size)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    loaded = load_glossary_file(file)
    _CACHE[key] = (stamp, loaded)
    return loaded


def load_glossary_file(path: str | os.PathLike[str]) -> GlossaryLoad:
    """Read and check one glossary file; problems, never exceptions, for a bad file."""
    from cyberquiz.decks.capped import NotReadable, read_capped

    name = str(path)
    try:
        data = read_capped(path)
    except NotReadable as exc:
        why = str(exc)
        if why.startswith("is too large"):
            why = f"file {why}; a glossary may be at most 5 MB"
        return GlossaryLoad(EMPTY, [Problem(name, 1, 1, "error", why)], name)
    loaded = load_glossary_bytes(name, data)
    loaded.digest = hashlib.sha256(data).hexdigest()
    return loaded


def load_glossary_bytes(name: str, data: bytes) -> GlossaryLoad:
    """Check a glossary file's bytes and build the glossary."""
    from pydantic import ValidationError
    from yaml.nodes import MappingNode

    from cyberquiz.decks import yamlstrict

    text, problems = yamlstrict.decode(name, data)
    if text is None:
        return GlossaryLoad(EMPTY, problems, name)
    root, problems = yamlstrict.compose(name, text)
    if root is None:
        return GlossaryLoad(EMPTY, problems, name)
    if root.__class__ is not MappingNode:
        problems.append(Problem(name, 1, 1, "error", "a glossary is a mapping: format, entities"))
        return GlossaryLoad(EMPTY, problems, name)
    raw = _data(root, "", 0)
    try:
        model = GlossaryModel.model_validate(raw)
    except ValidationError as exc:
        problems += _error_problems(name, root, exc.errors())
        return GlossaryLoad(EMPTY, problems, name)
    problems += _check(name, root, model)
    if any(p.is_error for p in problems):
        return GlossaryLoad(EMPTY, problems, name)
    return GlossaryLoad(Glossary({e.id: _entity(e) for e in model.entities}), problems, name)


_MAX_DEPTH = 6


def _data(node: Node, key: str, depth: int) -> YamlData:
    """Plain data from nodes: text as written, digits as numbers only under ``_NUMBER_KEYS``."""
    from yaml.nodes import MappingNode, ScalarNode

    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, MappingNode):
        return {k.value: _data(v, str(k.value), depth + 1) for k, v in node.value}
    if isinstance(node, ScalarNode):
        value: str = node.value
        if not node.style and key in _NUMBER_KEYS and value.isdigit():
            return int(value)
        if not node.style and value in ("", "~", "null"):
            return None
        return value
    return [_data(item, key, depth + 1) for item in node.value]  # a SequenceNode


def _error_problems(name: str, root: Node, errors: Sequence[ErrorDetails]) -> list[Problem]:
    """One problem per pydantic error, at the node it is about."""
    from cyberquiz.decks.messages import navigate
    from cyberquiz.decks.walk import pos

    problems: list[Problem] = []
    for error in errors:
        loc = [step for step in error["loc"] if not str(step).endswith("]")]  # union branches
        node, key_node, rest = navigate(root, loc)
        where = ".".join(str(step) for step in loc if not isinstance(step, int))
        entity = _entity_label(root, loc)
        if error["type"] == "extra_forbidden":
            message = f"unknown field '{loc[-1]}'{entity}"
            node = key_node or node
        elif error["type"] == "missing":
            message = f"missing field '{rest[-1] if rest else where}'{entity}"
        else:
            message = f"{where}{entity}: {error['msg']}"
        line, column = pos(node)
        problems.append(Problem(name, line, column, "error", message))
    return list(dict.fromkeys(problems))


def _entity_label(root: Node, loc: Sequence[int | str]) -> str:
    from cyberquiz.decks.messages import navigate

    if len(loc) >= 2 and loc[0] == "entities" and isinstance(loc[1], int):
        node, _, _ = navigate(root, ["entities", loc[1], "id"])
        value = getattr(node, "value", None)
        if isinstance(value, str):
            return f" (entity '{value}')"
    return ""


def _entity(model: EntityModel) -> Entity:
    names = tuple(
        Name(n) if isinstance(n, str) else Name(n.name, _year(n.since), _year(n.until))
        for n in model.names
    )
    person = (
        Person(model.surname, tuple(model.given), model.patronymic)
        if model.surname is not None
        else None
    )
    return Entity(
        id=model.id,
        type=model.type,
        name=model.name,
        acronyms=tuple(model.acronyms),
        names=names,
        garbled=tuple(model.garbled),
        part_of=model.part_of,
        not_names=tuple(model.not_),
        person=person,
        note=model.note,
    )


def _year(value: int | None) -> int | None:
    return value


def _check(name: str, root: Node, model: GlossaryModel) -> list[Problem]:
    """Ids unique, ``part_of`` known, no name given to two entities, ``not`` not its own name."""
    from cyberquiz.core.text import normalize
    from cyberquiz.decks.messages import navigate, suggest
    from cyberquiz.decks.walk import pos

    problems: list[Problem] = []

    def at(loc: Sequence[int | str], message: str) -> None:
        node, _, _ = navigate(root, loc)
        line, column = pos(node)
        problems.append(Problem(name, line, column, "error", message))

    ids: dict[str, int] = {}
    for index, entity in enumerate(model.entities):
        if entity.id in ids:
            at(["entities", index, "id"], f"entity id '{entity.id}' is used twice")
        ids.setdefault(entity.id, index)
    owners: dict[str, tuple[str, int]] = {}
    for index, entity in enumerate(model.entities):
        if entity.part_of is not None and entity.part_of not in ids:
            close = suggest(entity.part_of, ids)
            hint = f"; did you mean '{close}'?" if close else ""
            at(["entities", index, "part_of"], f"unknown entity '{entity.part_of}'{hint}")
        if entity.type == "person" and entity.surname is None:
            at(["entities", index, "id"], f"person '{entity.id}' needs a surname")
        own = _entity(entity).forms()
        own_keys = {normalize(f) for f in own}
        for field_name in ("name", "acronyms", "names", "garbled"):
            for offset, form in enumerate(_field_forms(entity, field_name)):
                key = normalize(form)
                owner = owners.get(key)
                loc: list[int | str] = ["entities", index, field_name]
                if field_name != "name":
                    loc.append(offset)
                if owner is not None and owner[0] != entity.id:
                    at(loc, f"'{form}' is already a name of '{owner[0]}'")
                owners.setdefault(key, (entity.id, index))
        for offset, bad in enumerate(entity.not_):
            if normalize(bad) in own_keys:
                at(["entities", index, "not", offset], f"'{bad}' is a name of '{entity.id}' too")
    return problems


def _field_forms(entity: EntityModel, field_name: str) -> list[str]:
    if field_name == "name":
        return [entity.name]
    if field_name == "names":
        return [n if isinstance(n, str) else n.name for n in entity.names]
    values: list[str] = getattr(entity, field_name)
    return values


__all__ = [
    "ENTITY_TYPES",
    "GLOSSARY_NAME",
    "GlossaryLoad",
    "glossary_beside",
    "glossary_schema",
    "load_glossary_bytes",
    "load_glossary_file",
]
