"""Reading a file the user names, with a size cap checked before anything is read.

Decks, glossaries and import files are read through :func:`read_capped`: the size comes from
``fstat`` of the opened file, no more than the cap is ever read (the file may grow after the
check), and a FIFO or device is refused without blocking on it. A 500 MB file costs nothing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: The size cap of a deck, glossary or import file. The article's decks are a few hundred kB.
MAX_BYTES = 5 * 1024 * 1024


class NotReadable(Exception):
    """A file was not read; the message says why in words (no path: the caller adds it)."""


def megabytes(size: int) -> str:
    """``"60.0 MB"``: a size as people read it in messages."""
    return f"{size / (1024 * 1024):.1f} MB"


def read_capped(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Raises:
        NotReadable: not a regular file, larger than ``limit`` (the message gives the size), or
            an error from the system (its words).
    """
    try:
        # O_NONBLOCK: a FIFO swapped in after any earlier check must not hang the open
        fd = os.open(Path(path), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise NotReadable("is not a regular file")
            if info.st_size > limit:
                raise NotReadable(f"is too large ({megabytes(info.st_size)})")
            data = handle.read(limit + 1)
    except OSError as exc:
        raise NotReadable(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise NotReadable(f"is too large ({megabytes(len(data))})")
    return data
