"""Areas and organizations are one list each, shared by cards, exam results and readiness."""

from __future__ import annotations

import pytest

from cyberquiz.core import readiness
from cyberquiz.core.cards import AREAS, ORGANIZATIONS, FlipCard, area_of_tags
from cyberquiz.core.exam import ORGANIZATION_TAGS, ExamResult, ExamSettings, GroupScore


@pytest.mark.parametrize(
    ("tags", "area"),
    [
        ((), None),
        (("un", "bodies", "dates"), "bodies"),
        (("un", "eu"), None),
        (("people",), "people"),
    ],
)
def test_area_is_the_first_area_tag(tags: tuple[str, ...], area: str | None) -> None:
    card = FlipCard(id="c", deck_id="d", tags=tags, front="f", back="b")
    assert area_of_tags(tags) == area == card.area == readiness.area_of(tags)
    assert area is None or area in AREAS


def test_exam_and_readiness_know_the_same_organizations() -> None:
    assert set(ORGANIZATIONS) == ORGANIZATION_TAGS
    assert readiness.ORGANIZATIONS is ORGANIZATIONS
    assert len(set(ORGANIZATIONS)) == len(ORGANIZATIONS)


def test_exam_results_break_down_by_every_organization_of_the_decks() -> None:
    """celac and mercosur (tags of questions/bodies.yaml) were missing from exam results."""
    groups = (GroupScore("celac", 1, 1.0), GroupScore("mercosur", 2, 1.0), GroupScore("x", 1, 0.0))
    result = ExamResult(settings=ExamSettings(count=1, seed=1), items=(), by_tag=groups)
    assert [g.name for g in result.by_organization] == ["celac", "mercosur"]
