"""The disk fills while answering: the answer stays on screen to retry, the app does not crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from cyberquiz.storage import reviews
from support import notices

from .helpers import SIZE, build_app, open_card, screen_text, settle, wait_home


async def test_full_disk_keeps_the_answer_on_screen_to_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        screen = await open_card(pilot, "k-typed")
        insert = reviews.insert

        def full(*args: Any, **kwargs: Any) -> int:
            raise OperationalError(
                "INSERT", {}, sqlite3.OperationalError("database or disk is full")
            )

        monkeypatch.setattr(reviews, "insert", full)
        await pilot.press(*"Budapest", "enter")
        await settle(pilot)
        assert app.screen is screen and screen.state != "feedback"
        messages = [n.message for n in notices(app)]
        assert any(m.startswith("The disk is full: ") for m in messages), messages
        assert "Budapest" in screen_text(app), "the typed answer is still there"
        assert app.repo is not None and app.repo.reviews(card_id="k-typed") == []
        monkeypatch.setattr(reviews, "insert", insert)
        await pilot.press("enter")  # the same answer, once there is room again
        await settle(pilot)
        assert screen.state == "feedback"
        [review] = app.repo.reviews(card_id="k-typed")
        assert "Budapest" in review.answer
