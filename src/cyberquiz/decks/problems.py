"""Problems found in deck files, and the exception that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, TypeAlias

Severity: TypeAlias = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a deck file, at a 1-based line and column.

    ``str(problem)`` is ``path:line:column: severity: message``, the form editors and
    compilers use, so a terminal or an editor can jump straight to it.
    """

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_dict(self) -> dict[str, str | int]:
        """A JSON-able dict (``validate --format json``)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
        }


class DeckError(Exception):
    """Deck files that could not be loaded; ``problems`` says exactly where and why."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        errors = [p for p in self.problems if p.is_error] or self.problems
        head = str(errors[0]) if errors else "deck could not be loaded"
        more = len(errors) - 1
        super().__init__(head + (f" (and {more} more)" if more > 0 else ""))


def sort_key(problem: Problem) -> tuple[str, int, int]:
    return (problem.path, problem.line, problem.column)
