"""Every snapshot picture belongs to a test: a renamed or deleted test leaves no stale picture.

syrupy fails a run on unused snapshots by itself, but not under pytest-xdist (each worker sees
only its share), so the suite checks it here against what this run collected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).parent


def test_every_snapshot_has_its_test(request: pytest.FixtureRequest) -> None:
    config = request.config
    if getattr(config, "_cq_deselected", 0) or any("::" in str(a) for a in config.args):
        pytest.skip("only some tests were selected: the snapshots of the others look unused")
    collected: dict[Path, set[str]] = {}
    for item in request.session.items:
        collected.setdefault(Path(item.path), set()).add(item.name)
    stale = []
    for picture in sorted(TESTS.rglob("__snapshots__/*/*.svg")):
        module = picture.parent.parent.parent / f"{picture.parent.name}.py"
        if module not in collected:
            continue  # that module is not part of this run
        if picture.stem not in collected[module]:
            stale.append(str(picture.relative_to(TESTS)))
    assert stale == [], "snapshots without a test (delete them or --snapshot-update)"
