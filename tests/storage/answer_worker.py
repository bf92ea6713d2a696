"""A subprocess that answers cards in a loop and prints each review id once it is committed.

``python answer_worker.py DB_URL PROFILE COUNT CARD_ID...`` (COUNT 0: forever); it prints
``ready``, then starts on a line from stdin. Used by the
durability tests: whatever id this printed must survive a SIGKILL.
"""

from __future__ import annotations

import sys

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.storage.repository import Repository


def main(argv: list[str]) -> int:
    db_url, profile, count, *cards = argv
    repo = Repository.open(db_url, profile=profile)
    ratings = [Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.HARD]
    print("ready", flush=True)
    sys.stdin.readline()  # start together with the other workers
    i = 0
    while int(count) == 0 or i < int(count):
        record = repo.record_answer(
            cards[i % len(cards)],
            now=repo.clock(),
            mode=Mode.STUDY,
            answer='"x"',
            score=1.0,
            proposed=ratings[i % len(ratings)],
            response_ms=100,
        )
        print(record.id, flush=True)  # acknowledged: the commit has returned
        i += 1
    repo.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
