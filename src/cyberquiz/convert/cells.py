"""Spreadsheet cells that are never formulas (OWASP "CSV injection"), and read back exactly.

A cell that a spreadsheet would evaluate (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is written with a ``'`` in front, which spreadsheets show as text. To make the
round trip exact, a cell that already begins with quotes followed by one of those characters
gets one more quote too, and import removes one quote exactly from such cells: ``-5`` →
``'-5`` → ``-5``; ``'-5`` → ``''-5`` → ``'-5``; ``'quoted'`` is written and read as it is.
"""

from __future__ import annotations

import re

#: What a spreadsheet takes as the start of a formula (OWASP), after any quotes.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def neutralise_formula(cell: str) -> str:
    """The cell as it is written to CSV/TSV: ``'`` in front of anything formula-like."""
    return "'" + cell if _FORMULA.match(cell) else cell


def restore_formula(cell: str) -> str:
    """The inverse of :func:`neutralise_formula`, applied to every cell read from CSV/TSV."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell
