"""The article's world: bodies, instruments, people, places and offices, each with every name a
student may rightly give it, and the names it must never be taken for.

Cards refer to entities (``answer: {entity: ec3}``, a cloze gap ``{{@ec3}}``), so a typed card,
its cloze twin and the exam accept the same names. The decks layer reads ``glossary.yaml`` into
a :class:`Glossary`; this module only holds and answers questions about it (no files, no yaml).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# core.teacher and core.text load rapidfuzz: imported where a glossary is built or asked, so
# that importing the decks layer at start-up stays cheap.

#: The kinds of entity a glossary holds.
ENTITY_TYPES: tuple[str, ...] = (
    "body",
    "instrument",
    "person",
    "place",
    "office",
    "event",
    "term",
)


@dataclass(frozen=True, slots=True)
class Name:
    """One name of an entity; ``since``/``until`` are the years it was official, if known."""

    text: str
    since: int | None = None
    until: int | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """The parts of a person's name, from which initials and surname-first forms are made."""

    surname: str
    given: tuple[str, ...] = ()
    patronymic: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """One thing of the article's world.

    Attributes:
        id: the key cards use.
        type: one of :data:`ENTITY_TYPES`.
        name: the canonical name, shown as the answer.
        acronyms: in English and the original languages.
        names: other names, official ones over time with their years.
        garbled: the article's own garbled forms: recorded, and refused where a card asks the
            real name (a card may still accept one on its own).
        part_of: the entity this one belongs to or lies in (a body's organization, a city's
            country): its names may stand beside this one's ("The Hague, Netherlands").
        not_names: names it must never be taken for ("Organization of African States").
        person: for people, the parts of the name.
    """

    id: str
    type: str
    name: str
    acronyms: tuple[str, ...] = ()
    names: tuple[Name, ...] = ()
    garbled: tuple[str, ...] = ()
    part_of: str | None = None
    not_names: tuple[str, ...] = ()
    person: Person | None = None
    note: str = ""

    def forms(self) -> tuple[str, ...]:
        """Every accepted name, the canonical one first, without repeats (not the garbled)."""
        forms = [self.name, *self.acronyms, *(n.text for n in self.names)]
        if self.person is not None:
            forms += person_forms(self.person)
        return tuple(dict.fromkeys(forms))


def person_forms(person: Person) -> list[str]:
    """``Gorelik``, ``Ilya Gorelik``, ``I. Gorelik``, ``I. B. Gorelik``, ``Ilya Borisovich
    Gorelik``; surname-first orders need no form of their own (the grader reads names in any
    order)."""
    forms = [person.surname]
    for given in person.given:
        initial = given[0] + "."
        forms += [f"{given} {person.surname}", f"{initial} {person.surname}"]
        if person.patronymic:
            forms += [
                f"{given} {person.patronymic} {person.surname}",
                f"{initial} {person.patronymic[0]}. {person.surname}",
            ]
    return forms


@dataclass(frozen=True)
class Glossary:
    """The entities by id, and the questions the loader and the grader ask of them."""

    entities: Mapping[str, Entity] = field(default_factory=dict)

    @functools.cached_property
    def _index(self) -> dict[str, str]:
        """Every name, normalised, to its entity's id (built on first use)."""
        from cyberquiz.core.text import normalize

        index: dict[str, str] = {}
        for entity in self.entities.values():
            for form in (*entity.forms(), *entity.garbled):
                index.setdefault(normalize(form), entity.id)
        return index

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities

    def __len__(self) -> int:
        return len(self.entities)

    def entity_named(self, text: str) -> Entity | None:
        """The entity one of whose names ``text`` is (case, accents and spacing aside)."""
        from cyberquiz.core.text import normalize

        entity_id = self._index.get(normalize(text))
        return None if entity_id is None else self.entities[entity_id]

    def context(self, entity_id: str) -> tuple[str, ...]:
        """The names of what ``entity_id`` belongs to, up the ``part_of`` chain."""
        names: list[str] = []
        seen = {entity_id}
        parent = self.entities[entity_id].part_of
        while parent is not None and parent not in seen and parent in self.entities:
            seen.add(parent)
            names += self.entities[parent].forms()
            parent = self.entities[parent].part_of
        return tuple(names)

    def reject(self, entity_id: str, accepted: Iterable[str] = ()) -> tuple[str, ...]:
        """Names an answer for ``entity_id`` must never be: its ``not_names``, the article's
        garbled forms of it, and the other entities' names a typo of one of its names could
        land on.

        Args:
            entity_id: the entity asked for.
            accepted: names the card accepts besides the entity's own (never rejected).
        """
        from cyberquiz.core.teacher import near_names
        from cyberquiz.core.text import normalize

        entity = self.entities[entity_id]
        own = {normalize(n) for n in (*entity.forms(), *accepted, *self.context(entity_id))}
        others = [
            form
            for other in self.entities.values()
            if other.id != entity_id
            for form in other.forms()
            if normalize(form) not in own
        ]
        found = [
            *entity.not_names,
            *entity.garbled,
            *near_names(entity.forms(), others),
            *_longer_names(entity.forms(), others),
        ]
        return tuple(dict.fromkeys(n for n in found if normalize(n) not in own))


EMPTY = Glossary()


def _longer_names(names: Iterable[str], others: Iterable[str]) -> list[str]:
    """The ``others`` that hold all the words of one of ``names`` and more: "Collective Security
    Treaty Organization" is another thing than the "Collective Security Treaty", and the prompt's
    own words must not turn one into the other."""
    from cyberquiz.core.teacher import content_words

    own = [set(content_words(n)) for n in names]
    longer: list[str] = []
    for other in others:
        words = set(content_words(other))
        if any(mine and mine < words for mine in own):
            longer.append(other)
    return longer
