"""An installed cyberquiz (a wheel, outside the repository) still finds the article's decks."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
QUESTIONS_DIR = REPO_ROOT / "questions"


@pytest.mark.slow
def test_wheel_ships_decks_and_styles(tmp_path: Path) -> None:
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(REPO_ROOT),
        ],
        capture_output=True,
        text=True,
    )
    if build.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {build.stderr.strip()[-300:]}")
    (wheel,) = tmp_path.glob("cyberquiz-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for deck in QUESTIONS_DIR.glob("*.yaml"):
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
    assert int(out[1]) == len(list(QUESTIONS_DIR.glob("*.yaml")))
