"""YAML decks in, core objects out: loading, validation, error locations, JSON Schema."""
