"""The type of a value written as JSON (a stored answer or card body, an exported report).

Sequence and Mapping rather than list and dict, because those are read-only and so covariant: a
``list[int]`` or a ``dict[str, str]`` is a :data:`JSONValue` as it is. What this code builds is
lists, tuples and dicts, which ``json.dumps`` and PyYAML's safe dumper both write. A value read
back from JSON is not one of these until it is checked: code that reads one takes ``object``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeAlias

JSONValue: TypeAlias = (
    str | int | float | bool | Sequence["JSONValue"] | Mapping[str, "JSONValue"] | None
)
