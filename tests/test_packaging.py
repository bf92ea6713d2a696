"""An installed cyberquiz (a wheel, outside the repository) still finds the article's decks."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support import QUESTIONS, REPO_ROOT


def test_wheel_ships_decks_and_styles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hatchling.build import build_wheel

    # the PEP 517 hook that pip calls, in this process: pip's isolated build environment cost
    # two seconds and, on a machine without network or cache, could not build at all
    monkeypatch.chdir(REPO_ROOT)
    build_wheel(str(tmp_path))
    (wheel,) = tmp_path.glob("cyberquiz-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for deck in QUESTIONS.glob("*.yaml"):
        assert f"cyberquiz/questions/{deck.name}" in names
    assert any(n.startswith("cyberquiz/tui/styles/") and n.endswith(".tcss") for n in names)

    # Unpacked on its own (no source checkout on the path), the package finds its bundled decks.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "from cyberquiz.paths import bundled_decks_dir; d = bundled_decks_dir(); "
        "print(d, len(list(d.glob('*.yaml'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        check=True,
    ).stdout.split()
    assert Path(out[0]) == site / "cyberquiz" / "questions"
    assert int(out[1]) == len(list(QUESTIONS.glob("*.yaml")))
