"""Write a deck file (format 1) from core cards, with the schema comment for editors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cyberquiz.convert.deckdict import card_to_deck_dict
from cyberquiz.core.cards import Card, Deck

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue

#: The JSON Schema of deck files (``docs/deck.schema.json``), for yaml-language-server.
SCHEMA_URL = "https://raw.githubusercontent.com/cyberquiz/cyberquiz/main/docs/deck.schema.json"
SCHEMA_COMMENT = f"# yaml-language-server: $schema={SCHEMA_URL}"


def schema_comment(reference: str = SCHEMA_URL) -> str:
    """The first line of a deck file: where the editor finds the schema."""
    return f"# yaml-language-server: $schema={reference}"


def schema_reference(deck_path: Path) -> str:
    """The schema for a deck written to ``deck_path``: a relative path when a checkout's
    ``docs/deck.schema.json`` (or a ``deck.schema.json``) is in a folder above it, else the URL.
    """
    import os

    folder = deck_path.resolve().parent
    for parent in (folder, *folder.parents):
        for candidate in (parent / "docs" / "deck.schema.json", parent / "deck.schema.json"):
            if candidate.is_file():
                return Path(os.path.relpath(candidate, folder)).as_posix()
    return SCHEMA_URL


def deck_header(
    deck_id: str,
    title: str,
    *,
    description: str = "",
    source: str = "",
    tags: Sequence[str] = (),
) -> dict[str, JSONValue]:
    """The deck-level keys of a deck file, in the documented order."""
    header: dict[str, JSONValue] = {"format": 1, "id": deck_id, "title": title}
    if description:
        header["description"] = description
    if source:
        header["source"] = source
    if tags:
        header["tags"] = list(tags)
    return header


def dump_yaml(data: Mapping[str, JSONValue], comment: str = SCHEMA_COMMENT) -> str:
    """YAML text for a deck mapping: keys in insertion order, multi-line text as ``|`` blocks."""
    import yaml  # deferred: yaml is only needed when a file is written

    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    class _Option(dict[str, object]):
        """An option with credit, written on one line: ``- {text: ..., credit: 0.5}``."""

    def _list(dumper: yaml.SafeDumper, value: list[JSONValue]) -> yaml.Node:
        # Short lists of one-line scalars (tags, accept, options, pairs) read best on one line.
        flat = all(isinstance(v, str | int | float | bool) and "\n" not in str(v) for v in value)
        flow = flat and sum(len(str(v)) + 2 for v in value) <= 60
        items = [_Option(v) if isinstance(v, dict) and "credit" in v else v for v in value]
        return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)

    def _option(dumper: yaml.SafeDumper, value: _Option) -> yaml.Node:
        flow = "\n" not in str(value["text"])
        return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)

    _Dumper.add_representer(str, _str)
    _Dumper.add_representer(list, _list)
    _Dumper.add_representer(_Option, _option)
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    # A blank line between cards; card text is indented, so only card starts are at column 0.
    body = body.replace("\n- id: ", "\n\n- id: ")
    return f"{comment}\n{body}"


def deck_to_yaml(deck: Deck) -> str:
    """The text of a deck file holding ``deck`` and its cards."""
    return cards_to_yaml(
        deck.cards,
        deck_id=deck.id,
        title=deck.title,
        description=deck.description,
        source=deck.source,
        tags=deck.tags,
    )


def cards_to_yaml(
    cards: Sequence[Card],
    *,
    deck_id: str,
    title: str,
    description: str = "",
    source: str = "",
    tags: Sequence[str] = (),
    schema: str = SCHEMA_URL,
) -> str:
    """The text of a deck file with this header and ``cards`` (their ``deck_id`` is ignored).

    ``schema`` is the path or URL of the JSON Schema named in the first-line comment.
    """
    data = deck_header(deck_id, title, description=description, source=source, tags=tags)
    data["cards"] = [card_to_deck_dict(card, tuple(tags)) for card in cards]
    return dump_yaml(data, schema_comment(schema))


def write_deck(path: Path, text: str) -> None:
    """Write deck text to ``path`` (UTF-8, creating parent folders)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
