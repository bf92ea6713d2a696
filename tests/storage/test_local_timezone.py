"""The system's time zone, as the local study day needs it, comes from tzlocal."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

CODE = (
    "from datetime import datetime, UTC\n"
    "from cyberquiz.storage.localzone import local_timezone\n"
    "tz = local_timezone()\n"
    "offset = datetime(2026, 7, 1, tzinfo=UTC).astimezone(tz).utcoffset()\n"
    "print(getattr(tz, 'key', '-'), offset.total_seconds() / 3600)"
)


def _run(tz: str) -> str:
    env = {**os.environ, "TZ": tz}
    command = [sys.executable, "-W", "error", "-c", CODE]
    return subprocess.run(
        command, capture_output=True, text=True, check=True, env=env
    ).stdout.strip()


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("Asia/Tokyo", "Asia/Tokyo 9.0"),
        (":Europe/Vienna", "Europe/Vienna 2.0"),  # summer time: the zone, not an offset
    ],
)
def test_a_named_zone_is_the_zone(tz: str, expected: str) -> None:
    assert _run(tz) == expected


def test_a_zone_tzlocal_cannot_name_falls_back_to_the_c_library_offset() -> None:
    """POSIX rules like ``EST5`` are not IANA names: no traceback, the offset libc applies."""
    assert _run("EST5") == "- -5.0"
