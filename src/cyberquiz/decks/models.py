"""The deck format 1 as pydantic models: the validator's type rules and the JSON Schema's source.

One model per card kind, discriminated on ``kind``. Models validate the plain data that
:mod:`cyberquiz.decks.walk` builds (strict: text must be text, a list a list) and forbid
unknown fields; rules that need positions inside a value (an answer among the options, cloze
gaps, dates) are checked afterwards in :mod:`cyberquiz.decks.checks`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
)

from cyberquiz.core.cards import Kind

if TYPE_CHECKING:
    from pydantic.config import JsonDict

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
NOT_BLANK = r"\S"
NUMBER_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(
        description="Stable id: lowercase letters, digits, '.', '_' and '-', starting with a "
        "letter or digit. A card id is the key to students' progress: never change it.",
        examples=["budapest-opened"],
    ),
]
Text = Annotated[str, StringConstraints(min_length=1, pattern=NOT_BLANK)]
Tag = Annotated[str, Field(description="A tag, e.g. an area (dates) or a body (un, itu).")]
Tags = Annotated[
    list[Tag],
    Field(description="Tags; a card's tags are the deck's tags followed by its own."),
]
Explain = Annotated[str, Field(description="Taught after the student answers.")]
Source = Annotated[str, Field(description="Where the fact comes from: a word-for-word quote.")]
Note = Annotated[str, Field(description="A note, e.g. where the article's wording differs.")]
Prompt = Annotated[Text, Field(description="The question.")]
#: The kinds' names, as a deck file writes them.
KINDS: tuple[str, ...] = tuple(kind.value for kind in Kind)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


#: A credit as a deck writes it, unquoted (0.5, -0.25, 1) or quoted; kept as its text and
#: range-checked (-1 to 1) by the deck checks, which know where it was written.
CreditText = Annotated[
    str,
    StringConstraints(pattern=NUMBER_PATTERN),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": -1, "maximum": 1},
                {"type": "string", "pattern": NUMBER_PATTERN},
            ],
            "description": "The option's share of the marks: 1 fully right, 0 wrong, between "
            "them partial credit (0.5 is half), below 0 a penalty (-0.25 takes a quarter off).",
        }
    ),
]


class CreditedOption(_Strict):
    """An option with the credit it earns."""

    model_config = ConfigDict(title="option with credit")

    text: Annotated[Text, Field(description="The option, as shown.")]
    credit: CreditText


Option = Annotated[
    Text | CreditedOption,
    Field(description="An option: its text, or {text: ..., credit: 0.5} with its credit."),
]
Options = Annotated[
    list[Option],
    Field(
        min_length=2,
        description="The options, as shown (the app shuffles them); each may carry a credit.",
    ),
]


class CardFields(_Strict):
    """Fields every card kind has."""

    id: Id
    tags: Tags = []
    explain: Explain = ""
    source: Source = ""
    note: Note = ""


class FlipCardModel(CardFields):
    """A flashcard: the student recalls the back and grades themself."""

    model_config = ConfigDict(title="flip card")

    kind: Literal["flip"]
    front: Annotated[Text, Field(description="The front: what the student sees first.")]
    back: Annotated[Text, Field(description="The back: what the student should recall.")]


#: pydantic's names for the branches of a text-or-entity answer, in error locations: an error
#: of the branch the value is not shaped for is dropped, and the names never shown.
TEXT_BRANCH, REF_BRANCH, OPTION_BRANCH = "constrained-str", "EntityRef", "CreditedOption"
#: The branches written as a mapping (an entity reference, an option with credit).
MAPPING_BRANCHES = frozenset({REF_BRANCH, OPTION_BRANCH})
UNION_TAGS = frozenset({TEXT_BRANCH, *MAPPING_BRANCHES})


class EntityRef(_Strict):
    """A reference to an entity of the glossary (glossary.yaml beside the deck)."""

    model_config = ConfigDict(title="entity reference")

    entity: Annotated[
        str,
        StringConstraints(pattern=ID_PATTERN),
        Field(description="The id of an entity in glossary.yaml: all its names are accepted."),
    ]


class TypedCardModel(CardFields):
    """The student types the answer; case, spacing, punctuation and small typos are forgiven."""

    model_config = ConfigDict(title="typed card")

    kind: Literal["typed"]
    prompt: Prompt
    answer: Annotated[
        Text | EntityRef,
        Field(
            description="The canonical answer, or {entity: id} for a glossary entity (its name "
            "is shown; all its names are accepted)."
        ),
    ]
    accept: Annotated[list[Text], Field(description="Other answers that count as right.")] = []


class DateCardModel(CardFields):
    """The student types a date (2001, 23 Nov 2001, 23.11.2001, 2001-11-23, ...)."""

    model_config = ConfigDict(title="date card")

    kind: Literal["date"]
    prompt: Prompt
    answer: Annotated[
        str,
        StringConstraints(pattern=DATE_PATTERN),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "string", "pattern": DATE_PATTERN},
                    {"type": "integer", "minimum": 1000, "maximum": 9999},
                ],
                "description": 'A year (2001), year-month ("2001-11") or date (2001-11-23).',
            }
        ),
    ]
    precision: Annotated[
        Literal["year", "month", "day"] | None,
        Field(description="What the card asks for; default: the answer's precision."),
    ] = None


def _optional(schema: JsonDict) -> None:
    """A field that may be left out but not written empty: no empty default in the schema."""
    schema.pop("default", None)


class ChoiceCardModel(CardFields):
    """One option to pick: one is fully right; others may give partial credit or a penalty."""

    model_config = ConfigDict(title="choice card")

    kind: Literal["choice"]
    prompt: Prompt
    options: Options
    answer: Annotated[
        Text,
        Field(
            description="The right option, written exactly as in options (its credit is 1). "
            "May be left out when an option has credit: 1.",
            json_schema_extra=_optional,
        ),
    ] = ""  # left out (a default is not validated; written blank, it is an error)


class MultiCardModel(CardFields):
    """Several right options; partial credit (or each option's credit, summed)."""

    model_config = ConfigDict(title="multi card")

    kind: Literal["multi"]
    prompt: Prompt
    options: Options
    answers: Annotated[
        list[Text],
        Field(
            min_length=1,
            json_schema_extra=_optional,
            description="The right options, written exactly as in options. May be left out "
            "when options carry credits: the options with a credit above 0 are right, and a "
            "student scores the sum of the credits picked (at least 0, at most 1).",
        ),
    ] = []  # left out (a default is not validated; written empty, it is an error)


class TrueFalseCardModel(CardFields):
    """A statement that is true or false."""

    model_config = ConfigDict(title="truefalse card")

    kind: Literal["truefalse"]
    statement: Annotated[Text, Field(description="The statement to judge.")]
    answer: Annotated[bool, Field(description="true or false (unquoted).")]


class ClozeCardModel(CardFields):
    """Text with gaps: {{answer}}, {{answer::hint}}, {{answer|other}}, {{@entity}}, {{~answer}}."""

    model_config = ConfigDict(title="cloze card")

    kind: Literal["cloze"]
    prompt: Annotated[str, Field(description="An optional instruction shown above the text.")] = ""
    text: Annotated[
        Text,
        Field(
            description="The text with {{gap}} markers; each gap is typed by the student. "
            "{{@id}} accepts a glossary entity's names; gaps marked {{~answer}} are "
            "interchangeable among themselves."
        ),
    ]


class OrderCardModel(CardFields):
    """Items to put in order (e.g. earliest first); shown shuffled; partial credit."""

    model_config = ConfigDict(title="order card")

    kind: Literal["order"]
    prompt: Prompt
    items: Annotated[list[Text], Field(min_length=2, description="The items in their right order.")]


Pair = Annotated[list[Text], Field(min_length=2, max_length=2)]


class MatchCardModel(CardFields):
    """Pairs to match (e.g. body and document); shown shuffled; partial credit."""

    model_config = ConfigDict(title="match card")

    kind: Literal["match"]
    prompt: Prompt
    pairs: Annotated[
        list[Pair],
        Field(min_length=2, description="[left, right] pairs that belong together."),
    ]


NON_NEGATIVE_PATTERN = NUMBER_PATTERN.replace("-?", "")
#: A number as a deck writes it, unquoted (67, 1000.5) or quoted; kept as its text.
NumberText = Annotated[
    str,
    StringConstraints(pattern=NUMBER_PATTERN),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_PATTERN}]}),
]
NonNegativeText = Annotated[
    str,
    StringConstraints(pattern=NON_NEGATIVE_PATTERN),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": NON_NEGATIVE_PATTERN},
            ]
        }
    ),
]


class NumberCardModel(CardFields):
    """The student types a number: right within the tolerance or the range; a unit is optional."""

    model_config = ConfigDict(title="number card")

    kind: Literal["number"]
    prompt: Prompt
    answer: Annotated[NumberText, Field(description="The right value, e.g. 67 or 1000.5.")]
    tolerance: Annotated[
        NonNegativeText | None,
        Field(description="How far from the answer is still right (absolute; default 0)."),
    ] = None
    range: Annotated[
        list[NumberText] | None,
        Field(
            min_length=2,
            max_length=2,
            description="[low, high]: every value between is right (instead of a tolerance).",
        ),
    ] = None
    unit: Annotated[
        str,
        Field(description='The unit, e.g. "countries": "67" and "67 countries" are both right.'),
    ] = ""


CardModel = Annotated[
    FlipCardModel
    | TypedCardModel
    | DateCardModel
    | ChoiceCardModel
    | MultiCardModel
    | TrueFalseCardModel
    | ClozeCardModel
    | OrderCardModel
    | MatchCardModel
    | NumberCardModel,
    Field(discriminator="kind"),
]

#: The deck model of each kind (a Kind is its name: ``MODEL_BY_KIND["flip"]`` works too).
MODEL_BY_KIND: dict[str, type[CardFields]] = {
    Kind.FLIP: FlipCardModel,
    Kind.TYPED: TypedCardModel,
    Kind.DATE: DateCardModel,
    Kind.CHOICE: ChoiceCardModel,
    Kind.MULTI: MultiCardModel,
    Kind.TRUEFALSE: TrueFalseCardModel,
    Kind.CLOZE: ClozeCardModel,
    Kind.ORDER: OrderCardModel,
    Kind.MATCH: MatchCardModel,
    Kind.NUMBER: NumberCardModel,
}


class DeckHeader(_Strict):
    """The deck's own fields."""

    format: Annotated[Literal[1], Field(description="The deck format version: 1.")]
    id: Id
    title: Annotated[Text, Field(description="The deck's title, as shown in the app.")]
    description: Annotated[str, Field(description="What the deck covers.")] = ""
    source: Annotated[str, Field(description="The citation of the source the deck is from.")] = ""
    tags: Annotated[list[Tag], Field(description="Tags added before every card's own tags.")] = []


class DeckModel(DeckHeader):
    """A cyberquiz deck file (format 1)."""

    model_config = ConfigDict(title="cyberquiz deck (format 1)")

    cards: Annotated[list[CardModel], Field(description="The cards, in order.")]


class _HeaderCheck(DeckHeader):
    cards: list[Any]  # only a list here: each card is validated on its own (CARDS_ADAPTER)


HEADER_FIELDS: tuple[str, ...] = tuple(DeckModel.model_fields)

HEADER_ADAPTER: TypeAdapter[_HeaderCheck] = TypeAdapter(_HeaderCheck)
CARDS_ADAPTER: TypeAdapter[list[CardModel]] = TypeAdapter(list[CardModel])
CARD_ADAPTER: TypeAdapter[CardModel] = TypeAdapter(CardModel)
