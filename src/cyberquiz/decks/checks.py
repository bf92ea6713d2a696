"""Rules beyond types (answers among options, cloze gaps, dates, ids) and the core objects.

Runs after the walk: validates the header and cards with the pydantic models, maps their
errors to nodes, checks each valid card, and builds :mod:`cyberquiz.core.cards` objects.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    Deck,
    FlipCard,
    Gap,
    Kind,
    MatchCard,
    MultiCard,
    NumberCard,
    OrderCard,
    Origin,
    PartialDate,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.glossary import EMPTY, Entity, Glossary
from cyberquiz.core.kinds.credit import (
    default_choice_credits,
    default_multi_credits,
    is_full,
    kept_credits,
)
from cyberquiz.decks.messages import error_problems, suggest
from cyberquiz.decks.models import (
    CARD_ADAPTER,
    CARDS_ADAPTER,
    HEADER_ADAPTER,
    ChoiceCardModel,
    ClozeCardModel,
    DateCardModel,
    EntityRef,
    FlipCardModel,
    MatchCardModel,
    MultiCardModel,
    NumberCardModel,
    OrderCardModel,
    TrueFalseCardModel,
    TypedCardModel,
)
from cyberquiz.decks.problems import Problem, Severity
from cyberquiz.decks.walk import pos

if TYPE_CHECKING:
    from cyberquiz.core.kinds.base import Common
    from cyberquiz.decks.models import CardModel, CreditedOption
    from cyberquiz.decks.walk import YamlData

GLOSSARY_NAME = "glossary.yaml"
_TAG_RE = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
_GAP_RE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


class CardCheck:
    """Checks one validated card against its node and builds the core card."""

    def __init__(
        self, path: str, node: MappingNode, problems: list[Problem], glossary: Glossary = EMPTY
    ) -> None:
        self.path = path
        self.node = node
        self.problems = problems
        self.ok = True
        self.glossary = glossary

    def entity(self, node: Node, entity_id: str) -> Entity | None:
        """The glossary entity ``entity_id``, or an error at ``node``."""
        entity = self.glossary.entities.get(entity_id)
        if entity is None:
            if not len(self.glossary):
                self.error(
                    node,
                    f"unknown entity '{entity_id}': no {GLOSSARY_NAME} beside this "
                    "deck (or it has errors: run validate on the folder)",
                )
            else:
                close = suggest(entity_id, list(self.glossary.entities))
                hint = f"; did you mean '{close}'?" if close else ""
                self.error(node, f"unknown entity '{entity_id}' in {GLOSSARY_NAME}{hint}")
        return entity

    def accepts_of_others(self, name: str, entity: Entity | None, accept: Sequence[str]) -> None:
        """Warn about an ``accept`` that is another entity's name (it would be taken for it)."""
        own = set() if entity is None else {entity.id, *self._parents(entity.id)}
        for index, text in enumerate(accept):
            other = self.glossary.entity_named(text)
            if other is not None and other.id not in own:
                self.error(
                    self.item(name, index),
                    f"accept '{text}' is a name of another entity, '{other.id}' ({other.name})",
                    "warning",
                )

    def _parents(self, entity_id: str) -> list[str]:
        ids: list[str] = []
        parent = self.glossary.entities[entity_id].part_of
        while parent is not None and parent not in ids and parent in self.glossary.entities:
            ids.append(parent)
            parent = self.glossary.entities[parent].part_of
        return ids

    def error(self, node: Node, message: str, severity: Severity = "error") -> None:
        line, column = pos(node)
        self.problems.append(Problem(self.path, line, column, severity, message))
        if severity == "error":
            self.ok = False

    def field(self, name: str) -> Node:
        for key, value in self.node.value:
            if key.__class__ is ScalarNode and key.value == name:
                return value  # type: ignore[no-any-return]
        return self.node

    def item(self, name: str, index: int) -> Node:
        node = self.field(name)
        if node.__class__ is SequenceNode and index < len(node.value):
            return node.value[index]  # type: ignore[no-any-return]
        return node

    def unique(self, name: str, values: Sequence[str], what: str) -> None:
        seen: set[str] = set()
        for index, value in enumerate(values):
            if value in seen:
                self.error(self.item(name, index), f"{what} '{value}' is repeated in '{name}'")
            seen.add(value)

    def credit_node(self, index: int) -> Node:
        """The node of option ``index``'s credit (the option itself if it has none)."""
        option = self.item("options", index)
        if option.__class__ is MappingNode:
            for key, value in option.value:
                if key.__class__ is ScalarNode and key.value == "credit":
                    return value  # type: ignore[no-any-return]
        return option

    def among(self, name: str, index: int | None, value: str, options: Sequence[str]) -> int:
        if value in options:
            return options.index(value)
        node = self.field(name) if index is None else self.item(name, index)
        close = suggest(value, options)
        hint = f"; did you mean '{close}'?" if close else ""
        self.error(node, f"answer '{value}' is not one of the options{hint}")
        return -1


#: Marks a gap that may be filled in any order with the card's other marked gaps: {{~cyber}}.
INTERCHANGEABLE_MARK = "~"
#: Marks a gap whose answers are a glossary entity's names: {{@un}}.
ENTITY_MARK = "@"


def parse_cloze(text: str) -> tuple[tuple[str | Gap, ...] | None, str | None]:
    """The parts of a cloze text, or None and what is wrong with it.

    A gap ``{{@id}}`` comes back with the single answer ``@id`` (the loader resolves it
    against the glossary); ``{{~answer}}`` sets ``interchangeable``.
    """
    parts: list[str | Gap] = []
    last = 0
    for match in _GAP_RE.finditer(text):
        before = text[last : match.start()]
        if "{{" in before:
            return None, _unclosed(before)
        body, _, hint = match.group(1).partition("::")
        body = body.strip()
        interchangeable = body.startswith(INTERCHANGEABLE_MARK)
        if interchangeable:
            body = body[len(INTERCHANGEABLE_MARK) :].strip()
        answers = tuple(a.strip() for a in body.split("|"))
        if not all(answers):
            return None, f"gap '{match.group()}' has an empty answer"
        if any(a.startswith(ENTITY_MARK) for a in answers) and len(answers) > 1:
            return None, f"gap '{match.group()}': an entity gap {{{{@id}}}} takes no alternatives"
        parts += [before, Gap(answers, hint.strip() or None, interchangeable=interchangeable)]
        last = match.end()
    tail = text[last:]
    if "{{" in tail:
        return None, _unclosed(tail)
    if not parts:
        return None, "cloze text has no gap: mark each gap as {{answer}} or {{answer::hint}}"
    if sum(1 for p in parts if isinstance(p, Gap) and p.interchangeable) == 1:
        return None, (
            "only one gap is marked interchangeable ({{~...}}): mark every gap of the set, or none"
        )
    parts.append(tail)
    return tuple(parts), None


def _unclosed(segment: str) -> str:
    start = segment.index("{{")
    snippet = segment[start : start + 24]
    return f"unclosed gap: '{snippet}' has no closing '}}}}'"


def parse_answer_date(text: str) -> PartialDate | None:
    """``2001``, ``2001-11`` or ``2001-11-23`` (already matched by the model's pattern)."""
    pieces = [int(p) for p in text.split("-")]
    year = pieces[0]
    month = pieces[1] if len(pieces) > 1 else None
    day = pieces[2] if len(pieces) > 2 else None
    if year < 1 or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None and month is not None and day > calendar.monthrange(year, month)[1]:
        return None
    if day is not None and day < 1:
        return None
    return PartialDate(year, month, day)


def _merge_tags(deck_tags: tuple[str, ...], own: list[str]) -> tuple[str, ...]:
    if not own:
        return deck_tags
    if not deck_tags:
        return tuple(dict.fromkeys(own))
    return tuple(dict.fromkeys((*deck_tags, *own)))


def _flip(c: CardCheck, m: FlipCardModel, base: Common) -> Card:
    return FlipCard(front=m.front, back=m.back, **base)


def _typed(c: CardCheck, m: TypedCardModel, base: Common) -> Card | None:
    if isinstance(m.answer, EntityRef):
        entity = c.entity(c.field("answer"), m.answer.entity)
        if entity is None:
            return None
        answer = entity.name
        c.accepts_of_others("accept", entity, m.accept)
    else:
        answer = m.answer
        # a plain answer that names an entity links to it, unless the card also accepts another
        # entity (a card that asks for "one of the two authors" is about both)
        entity = c.glossary.entity_named(answer)
        if entity is not None and _names_another(c, entity, m.accept):
            entity = None
    if entity is None:
        return TypedCard(prompt=m.prompt, answer=answer, accept=tuple(m.accept), **base)
    context = c.glossary.context(entity.id)
    if isinstance(m.answer, EntityRef):
        accept = tuple(dict.fromkeys(a for a in (*entity.forms(), *m.accept) if a != answer))
    else:
        # a linked card keeps its author's names (a card asking for the acronym, or today's
        # name, accepts no other); the entity's other names may stand beside the answer
        accept = tuple(m.accept)
        context = (*entity.forms(), *context)
    return TypedCard(
        prompt=m.prompt,
        answer=answer,
        accept=accept,
        reject=c.glossary.reject(entity.id, (answer, *accept)),
        context=context,
        **base,
    )


def _names_another(c: CardCheck, entity: Entity, accept: Sequence[str]) -> bool:
    own = {entity.id, *c._parents(entity.id)}
    return any((o := c.glossary.entity_named(a)) is not None and o.id not in own for a in accept)


def _resolve_gap(c: CardCheck, gap: Gap) -> Gap | None:
    """A gap with its entity's names, rejects and context (``{{@id}}`` or a linked answer)."""
    first = gap.answers[0]
    if first.startswith(ENTITY_MARK):
        entity = c.entity(c.field("text"), first[len(ENTITY_MARK) :].strip())
        if entity is None:
            return None
        answers = entity.forms()
        context = c.glossary.context(entity.id)
    else:  # a linked gap keeps its author's answers; the glossary adds what to refuse
        entity = c.glossary.entity_named(first)
        if entity is None:
            return gap
        answers = gap.answers
        context = (*entity.forms(), *c.glossary.context(entity.id))
    return Gap(
        answers,
        gap.hint,
        reject=c.glossary.reject(entity.id, answers),
        context=context,
        interchangeable=gap.interchangeable,
    )


def _date(c: CardCheck, m: DateCardModel, base: Common) -> Card | None:
    answer = parse_answer_date(m.answer)
    if answer is None:
        c.error(c.field("answer"), f"date answer '{m.answer}' is not a valid date")
        return None
    precision = m.precision or answer.precision
    if _PRECISION_RANK[precision] > _PRECISION_RANK[answer.precision]:
        c.error(
            c.field("precision"),
            f"precision '{precision}' is finer than the answer '{m.answer}' "
            f"(which gives only the {answer.precision})",
        )
        return None
    return DateCard(prompt=m.prompt, answer=answer, precision=precision, **base)


def _option_credits(
    c: CardCheck, options: Sequence[str | CreditedOption]
) -> tuple[list[str], dict[int, float]]:
    """The options' texts, and the credits written on them by index (each within -1 to 1)."""
    texts: list[str] = []
    credits: dict[int, float] = {}
    for index, option in enumerate(options):
        if isinstance(option, str):
            texts.append(option)
            continue
        texts.append(option.text)
        value = Decimal(option.credit)
        if not -1 <= value <= 1:
            c.error(
                c.credit_node(index),
                f"credit {option.credit} of option '{option.text}' is out of range: write a "
                "number from -1 (a full penalty) to 1 (fully right), like 0.5",
            )
        credits[index] = float(value)
    c.unique("options", texts, "option")
    return texts, credits


def _choice(c: CardCheck, m: ChoiceCardModel, base: Common) -> Card | None:
    texts, written = _option_credits(c, m.options)
    if m.answer:
        index = c.among("answer", None, m.answer, texts)
        if index in written and not is_full(written[index]):
            c.error(
                c.credit_node(index),
                f"the answer '{m.answer}' has credit {written[index]:g}: the answer is the "
                "fully right option (credit 1); give it credit 1 or name another answer",
            )
    elif not written:
        c.error(c.node, "missing required field 'answer' in a choice card")
        index = -1
    else:
        index = next((i for i, credit in written.items() if is_full(credit)), -1)
        if index < 0:
            c.error(
                c.field("options"),
                "no option has full credit (credit: 1): a choice card needs one fully right "
                "option (or write answer: with the right option)",
            )
    if not c.ok:
        return None
    credits = [written.get(i, 1.0 if i == index else 0.0) for i in range(len(texts))]
    return ChoiceCard(
        prompt=m.prompt,
        options=tuple(texts),
        answer=index,
        credits=kept_credits(credits, default_choice_credits(len(texts), index)),
        **base,
    )


def _multi(c: CardCheck, m: MultiCardModel, base: Common) -> Card | None:
    texts, written = _option_credits(c, m.options)
    indices: list[int] = []
    if m.answers:
        c.unique("answers", m.answers, "answer")
        indices = [c.among("answers", i, a, texts) for i, a in enumerate(m.answers)]
    credits: tuple[float, ...] = ()
    if written:
        all_credits = [written.get(i, 0.0) for i in range(len(texts))]
        right = {i for i, credit in enumerate(all_credits) if credit > 0}
        total = sum(credit for credit in all_credits if credit > 0)
        if m.answers and c.ok and set(indices) != right:
            c.error(
                c.field("answers"),
                "answers must name exactly the options with a credit above 0 (or leave "
                "answers out: the credits say which options are right)",
            )
        if round(total, 2) < 1:
            c.error(
                c.field("options"),
                f"the credits above 0 add up to {total:g}: picking every right option must "
                "give full credit, so they must add up to 1",
            )
        indices = sorted(right)
        credits = kept_credits(all_credits, default_multi_credits(len(texts), right))
    elif not m.answers:
        c.error(c.node, "missing required field 'answers' in a multi card")
    if not c.ok:
        return None
    return MultiCard(
        prompt=m.prompt,
        options=tuple(texts),
        answers=frozenset(indices),
        credits=credits,
        **base,
    )


def _truefalse(c: CardCheck, m: TrueFalseCardModel, base: Common) -> Card:
    return TrueFalseCard(statement=m.statement, answer=m.answer, **base)


def _cloze(c: CardCheck, m: ClozeCardModel, base: Common) -> Card | None:
    parts, problem = parse_cloze(m.text)
    if parts is None:
        c.error(c.field("text"), problem or "invalid cloze text")
        return None
    resolved: list[str | Gap] = []
    for part in parts:
        if isinstance(part, Gap):
            gap = _resolve_gap(c, part)
            if gap is None:
                return None
            part = gap
        resolved.append(part)
    return ClozeCard(text=m.text, parts=tuple(resolved), prompt=m.prompt, **base)


def _order(c: CardCheck, m: OrderCardModel, base: Common) -> Card | None:
    c.unique("items", m.items, "item")
    if not c.ok:
        return None
    return OrderCard(prompt=m.prompt, items=tuple(m.items), **base)


def _match(c: CardCheck, m: MatchCardModel, base: Common) -> Card | None:
    lefts = [p[0] for p in m.pairs]
    rights = [p[1] for p in m.pairs]
    c.unique("pairs", lefts, "left side")
    c.unique("pairs", rights, "right side")
    if not c.ok:
        return None
    pairs = tuple((left, right) for left, right in m.pairs)
    return MatchCard(prompt=m.prompt, pairs=pairs, **base)


def _number(c: CardCheck, m: NumberCardModel, base: Common) -> Card | None:
    answer = Decimal(m.answer)
    span: tuple[Decimal, Decimal] | None = None
    if m.range is not None:
        low, high = m.range
        span = (Decimal(low), Decimal(high))
        if m.tolerance is not None:
            c.error(c.field("range"), "give a tolerance or a range, not both")
        elif span[0] > span[1]:
            c.error(c.field("range"), f"range [{low}, {high}] goes down: write [low, high]")
        elif not span[0] <= answer <= span[1]:
            c.error(c.field("answer"), f"answer {m.answer} is outside the range [{low}, {high}]")
    if not c.ok:
        return None
    tolerance = Decimal(m.tolerance) if m.tolerance is not None else Decimal(0)
    return NumberCard(
        prompt=m.prompt, answer=answer, tolerance=tolerance, range=span, unit=m.unit.strip(), **base
    )


#: How each kind's validated model becomes a core card (None after reporting a problem). Each
#: function takes its own kind's model, which a dict's value type cannot say: hence Any.
BUILDERS: dict[Kind, Callable[[CardCheck, Any, Common], Card | None]] = {
    Kind.FLIP: _flip,
    Kind.TYPED: _typed,
    Kind.DATE: _date,
    Kind.CHOICE: _choice,
    Kind.MULTI: _multi,
    Kind.TRUEFALSE: _truefalse,
    Kind.CLOZE: _cloze,
    Kind.ORDER: _order,
    Kind.MATCH: _match,
    Kind.NUMBER: _number,
}


def card_hash(data: Mapping[str, object], tags: tuple[str, ...]) -> str:
    """sha256 of a card's fields as written (key order aside), with its effective tags.

    The fields are text, lists of text (options with credit: mappings, sorted here) and bools,
    whose ``repr`` is stable and several times quicker than JSON; a comment, a reflow or
    reordered keys leave the hash unchanged.
    """
    canonical = dict(data)
    canonical["tags"] = tags
    options = canonical.get("options")
    if isinstance(options, list) and any(isinstance(o, dict) for o in options):
        # an option with credit is a mapping: its key order is not part of the card either
        canonical["options"] = [sorted(o.items()) if isinstance(o, dict) else o for o in options]
    text = repr(sorted(canonical.items()))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _with_resolved(data: dict[str, YamlData], card: Card) -> Mapping[str, object]:
    """The card's data plus what the glossary added, so a glossary edit changes the hash."""
    if isinstance(card, TypedCard) and (card.reject or card.context or card.accept):
        return {**data, "_resolved": (card.answer, card.accept, card.reject, card.context)}
    if isinstance(card, ClozeCard) and any(g.reject or g.context for g in card.gaps):
        return {**data, "_resolved": card.parts}
    return data


_GOOD_TAGS: set[str] = set()


def _tags_ok(tags: list[str]) -> bool:
    for tag in tags:
        if tag not in _GOOD_TAGS:
            if not _TAG_RE.match(tag):
                return False
            if len(_GOOD_TAGS) < 10_000:
                _GOOD_TAGS.add(tag)
    return True


def _tag_warnings(path: str, node: Node, tags: list[str], problems: list[Problem]) -> None:
    for index, tag in enumerate(tags):
        if not _TAG_RE.match(tag):
            at = node.value[index] if node.__class__ is SequenceNode else node
            line, column = pos(at)
            problems.append(
                Problem(
                    path,
                    line,
                    column,
                    "warning",
                    f"tag '{tag}' should be lowercase words joined by '-' (like council-of-europe)",
                )
            )


def build_deck(
    path: str,
    root: Node,
    header: dict[str, YamlData],
    card_nodes: list[Node],
    problems: list[Problem],
    content_hash: str,
    glossary: Glossary = EMPTY,
) -> tuple[Deck | None, dict[str, tuple[int, int]]]:
    """Validate the walked data, check every card, and build the deck.

    Returns:
        The deck (None if any error was found in the file, including earlier ones in
        ``problems``) and the line and column of each card id, for checks across decks.
    """
    try:
        head = HEADER_ADAPTER.validate_python(header)
    except ValidationError as exc:
        problems.extend(error_problems(path, root, exc.errors()))
        head = None
    cards_data = header.get("cards")
    if not isinstance(cards_data, list):
        return None, {}
    cards_node = next(v for k, v in root.value if k.value == "cards")

    try:
        models: Sequence[CardModel | None] = CARDS_ADAPTER.validate_python(cards_data)
    except ValidationError as exc:
        errors = exc.errors()
        problems.extend(error_problems(path, cards_node, errors, card_kind=""))
        bad = {e["loc"][0] for e in errors}
        models = [
            None if i in bad else CARD_ADAPTER.validate_python(d) for i, d in enumerate(cards_data)
        ]

    deck_id = head.id if head is not None else ""
    deck_tags = tuple(dict.fromkeys(head.tags)) if head is not None else ()
    if head is not None and head.tags and not _tags_ok(head.tags):
        _tag_warnings(
            path, next(v for k, v in root.value if k.value == "tags"), head.tags, problems
        )
    cards: list[Card] = []
    hashes: dict[str, str] = {}
    first_seen: dict[str, Node] = {}
    locations: dict[str, tuple[int, int]] = {}
    failed = False
    for model, data, node in zip(models, cards_data, card_nodes, strict=True):
        card_id = data.get("id") if isinstance(data, dict) else None
        if isinstance(card_id, str) and node.__class__ is MappingNode:
            first_key, id_node = node.value[0]
            if first_key.value != "id":  # id usually comes first
                id_node = next(v for k, v in node.value if k.value == "id")
            if card_id in first_seen:
                _duplicate_id(path, card_id, first_seen[card_id], id_node, problems)
                failed = True
            else:
                first_seen[card_id] = id_node
                locations[card_id] = pos(id_node)
        if model is None:
            failed = True
            continue
        # a card that validated was a mapping, in the nodes and in the walked data
        assert isinstance(node, MappingNode) and isinstance(data, dict)
        check = CardCheck(path, node, problems, glossary)
        tags = _merge_tags(deck_tags, model.tags)
        if model.tags and not _tags_ok(model.tags):
            _tag_warnings(path, check.field("tags"), model.tags, problems)
        base: Common = {
            "id": model.id,
            "deck_id": deck_id,
            "tags": tags,
            "explain": model.explain,
            "source": model.source,
            "note": model.note,
            "origin": Origin(path, node.start_mark.line + 1),
        }
        card = BUILDERS[Kind(model.kind)](check, model, base)
        if card is None:
            failed = True
            continue
        cards.append(card)
        hashes[model.id] = card_hash(_with_resolved(data, card), tags)
    if not cards_data:
        line, column = pos(cards_node)
        problems.append(Problem(path, line, column, "warning", "the deck has no cards"))
    if failed or head is None or any(p.is_error for p in problems):
        return None, locations
    deck = Deck(
        id=head.id,
        title=head.title,
        cards=tuple(cards),
        description=head.description,
        source=head.source,
        tags=deck_tags,
        origin=Origin(path, root.start_mark.line + 1),
        content_hash=content_hash,
        card_hashes=hashes,
    )
    return deck, locations


def _duplicate_id(
    path: str, card_id: str, first: Node, again: Node, problems: list[Problem]
) -> None:
    (line1, col1), (line2, col2) = pos(first), pos(again)
    problems.append(
        Problem(
            path,
            line2,
            col2,
            "error",
            f"duplicate card id '{card_id}' (first used at line {line1}, column {col1})",
        )
    )
    problems.append(
        Problem(path, line1, col1, "warning", f"card id '{card_id}' is used again at line {line2}")
    )
