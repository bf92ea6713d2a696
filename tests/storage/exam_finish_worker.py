"""A subprocess that finishes one stored exam, SIGKILLing itself after the n-th stored review.

``python exam_finish_worker.py DB_URL EXAM_ID NOW KILL_AFTER`` (KILL_AFTER -1: never; the durability
test also kills it from outside at a random moment). Prints ``done`` once ``finish`` has returned.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import datetime
from typing import Any

from cyberquiz.storage import reviews
from cyberquiz.storage.exams import ExamStore
from cyberquiz.storage.repository import Repository


def main(argv: list[str]) -> int:
    db_url, exam_id, now, kill_after = argv
    stored = 0
    insert = reviews.insert

    def insert_then_maybe_die(*args: Any, **kwargs: Any) -> int:
        nonlocal stored
        review_id = insert(*args, **kwargs)
        stored += 1
        if stored == int(kill_after):
            os.kill(os.getpid(), signal.SIGKILL)  # mid-finish, as a power cut would
        return review_id

    reviews.insert = insert_then_maybe_die  # type: ignore[assignment]
    repo = Repository.open(db_url, profile="ana", fuzz=False)
    store = ExamStore(repo)
    session = store.load(int(exam_id))
    print("ready", flush=True)
    sys.stdin.readline()
    store.finish(session, datetime.fromisoformat(now))
    print("done", flush=True)
    repo.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
