"""The JSON Schema of deck format 1, generated from the pydantic models (for editors)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def deck_schema() -> dict[str, JSONValue]:
    """The JSON Schema of a deck file, with a description on every field."""
    from cyberquiz.decks.models import DeckModel  # deferred: pydantic

    schema = DeckModel.model_json_schema()
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "cyberquiz deck (format 1)",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    """The schema as it is committed in ``docs/deck.schema.json`` (ends with a newline)."""
    return json.dumps(deck_schema(), indent=2, ensure_ascii=False) + "\n"
