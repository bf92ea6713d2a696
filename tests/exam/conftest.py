"""Fixtures for the exam and practice tests."""

from __future__ import annotations

from datetime import datetime

import pytest
from exam_helpers import NOW


@pytest.fixture
def now() -> datetime:
    return NOW
