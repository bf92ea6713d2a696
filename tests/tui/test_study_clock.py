"""The study screen says so when the clock is behind a card's last answer (issue 14, item 6)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from cyberquiz.core.answers import Mode, Rating
from support import notices

from .helpers import NOW, SIZE, build_app, open_card, settle, wait_home


async def test_a_clock_set_back_is_noticed_in_one_line(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        assert app.repo is not None
        app.repo.record_answer(
            "k-truefalse", now=NOW + timedelta(days=2), mode=Mode.STUDY, answer="true",
            score=1, proposed=Rating.GOOD,
        )  # fmt: skip
        await open_card(pilot, "k-truefalse")
        await pilot.press("t", "enter")
        await settle(pilot)
        [notice] = [n for n in notices(app) if "clock" in n.message]
        assert notice.message == (
            "Your clock is 2 days behind this card's last answer, so this answer is dated at "
            "that one."
        )
        assert "\n" not in notice.message
