"""FsrsModel.days_per_stability: the one formula for "R falls to θ after S * k days"."""

from __future__ import annotations

import pytest

from cyberquiz.core.readiness import FsrsModel


@pytest.mark.parametrize("retention", [0.8, 0.9, 0.95])
@pytest.mark.parametrize("stability", [0.5, 3.0, 40.0])
def test_recall_reaches_the_retention_after_s_times_k_days(
    retention: float, stability: float
) -> None:
    model = FsrsModel.default()
    days = stability * model.days_per_stability(retention)
    recall = (1 + model.factor * days / stability) ** model.decay
    assert recall == pytest.approx(retention)


def test_desired_retention_gives_one_day_per_unit_of_stability() -> None:
    assert FsrsModel.default().days_per_stability(0.9) == pytest.approx(1.0)
