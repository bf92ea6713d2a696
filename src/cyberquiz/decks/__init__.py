"""YAML decks in, core objects out: loading, validation, error locations, JSON Schema.

The public API lives in :mod:`cyberquiz.decks.loader` and is re-exported here. Importing
this package imports neither yaml nor pydantic; the first load does.
"""

from cyberquiz.decks.loader import (
    DeckError,
    DeckLoad,
    LoadReport,
    Problem,
    file_hash,
    load_deck_bytes,
    load_deck_file,
    load_paths,
)

__all__ = [
    "DeckError",
    "DeckLoad",
    "LoadReport",
    "Problem",
    "file_hash",
    "load_deck_bytes",
    "load_deck_file",
    "load_paths",
]
