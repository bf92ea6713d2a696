"""A subprocess that answers under a file-size limit until the disk is "full".

``python disk_full_worker.py DB_URL LIMIT_BYTES CARD_ID...``: sets ``RLIMIT_FSIZE`` to LIMIT_BYTES
(SIGXFSZ ignored, as Python does anyway), prints each committed review id, then the
class and message of the error that stopped it. Used by tests/storage/test_disk_full.py.
"""

from __future__ import annotations

import resource
import signal
import sys

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.storage.errors import StorageError
from cyberquiz.storage.repository import Repository


def main(argv: list[str]) -> int:
    db_url, limit, *cards = argv
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    repo = Repository.open(db_url, profile="ana")
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), resource.RLIM_INFINITY))
    try:
        for i in range(100_000):
            record = repo.record_answer(
                cards[i % len(cards)],
                now=repo.clock(),
                mode=Mode.STUDY,
                answer='"' + "x" * 2000 + '"',
                score=1.0,
                proposed=Rating.GOOD,
                response_ms=100,
            )
            print(record.id, flush=True)
    except StorageError as error:
        print(f"{type(error).__name__}: {error}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
