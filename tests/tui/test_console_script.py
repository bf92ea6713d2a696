"""The installed console script in a real terminal (tmux): the first card appears."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from .helpers import FIXTURES

pytestmark = pytest.mark.slow


def _script() -> str | None:
    beside = Path(sys.executable).parent / "cyberquiz"
    return str(beside) if beside.exists() else shutil.which("cyberquiz")


def _capture(session: str) -> str:
    result = subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=False
    )
    return result.stdout


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_console_script_shows_the_first_card(tmp_path: Path) -> None:
    script = _script()
    if script is None:
        pytest.skip("the cyberquiz console script is not installed")
    session = f"cq-test-{uuid.uuid4().hex[:8]}"
    command = " ".join(
        [
            shlex.quote(script),
            "--db",
            shlex.quote(str(tmp_path / "script.db")),
            "--profile",
            "tester",
            "--decks",
            shlex.quote(str(FIXTURES / "kinds.yaml")),
            "study",
        ]
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "32", command],
        check=True,
    )
    try:
        screen = ""
        deadline = time.monotonic() + 60  # a generous bound on a loaded machine, not a timing test
        while time.monotonic() < deadline:
            screen = _capture(session)
            if "What does EC3 stand for?" in screen:
                break
            time.sleep(0.05)
        assert "What does EC3 stand for?" in screen, screen
        assert "Show the answer" in screen
        sent = 0.0
        while time.monotonic() < deadline:
            # again until it shows: a key in the first moments of a card is dropped (key guard)
            if time.monotonic() - sent >= 0.5:
                subprocess.run(["tmux", "send-keys", "-t", session, "space"], check=True)
                sent = time.monotonic()
            time.sleep(0.05)
            screen = _capture(session)
            if "European Cybercrime Centre" in screen:
                break
        assert "European Cybercrime Centre" in screen, screen
        subprocess.run(["tmux", "send-keys", "-t", session, "C-q"], check=True)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)
