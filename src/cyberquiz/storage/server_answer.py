"""An answer on a server in two round trips instead of five or six.

The transactional way (``BEGIN``, the card's id the first time, the card's state ``FOR
UPDATE``, the new state, the answer, ``COMMIT``) waits for the server five or six times: over a
network each wait is a round trip of the link, and on a busy server a chance to queue for a
core. Here, on a connection in autocommit:

1. one ``SELECT`` reads the card's database id and this profile's state of it (no lock);
2. the scheduler computes the new state in Python, as before;
3. one statement stores the answer and moves the state, *only if the state is still the one
   read* (every column compared): ``WITH guard AS (UPDATE card_state ... WHERE <unchanged>
   RETURNING card_pk) INSERT INTO review ... SELECT ... FROM guard RETURNING id``. A statement is
   atomic, so both rows are written or neither. When the answer does not move the schedule
   (practice), the guard is ``SELECT ... FOR UPDATE`` of the unchanged state instead.

No id back means another writer (the same student in a second window, an undo) changed the
state in between: nothing was written, and the caller stores the answer the transactional way,
whose lock waits for that writer instead of racing it again (so many windows answering one card
at once all get through, as before). Row-level security applies to both statements as to the
transactional way.

SQLite keeps the transactional way: it has no round trips, and its ``WITH`` cannot hold an
``UPDATE``.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, select

from cyberquiz.storage import columns as t
from cyberquiz.storage.cards import STATE_COLUMNS, state_from_row, state_values
from cyberquiz.storage.errors import UnknownCard

if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.engine import Connection
    from sqlalchemy.sql.dml import ReturningInsert

    from cyberquiz.core.state import CardState

r, c, s = t.review, t.card, t.card_state

#: The review columns an answer writes (the id is the database's; ``card_pk`` comes from the guard).
ANSWER_COLUMNS = tuple(col.name for col in r.c if col.name not in ("id", "card_pk"))


@functools.cache
def _read_stmt() -> Select[*tuple[Any, ...]]:
    mine = and_(s.c.card_pk == c.c.id, s.c.profile_id == bindparam("p"))
    return (
        select(c.c.id.label("pk"), s.c.card_pk.label("stored"), *STATE_COLUMNS)
        .select_from(c.outerjoin(s, mine))
        .where(c.c.card_id == bindparam("c"))
    )


def read_state(conn: Connection, profile_id: int, card_id: str) -> tuple[int, CardState | None]:
    """The card's database id and the profile's stored state of it (``None``: no state row).

    Raises:
        UnknownCard: no such card.
    """
    row = conn.execute(_read_stmt(), {"p": profile_id, "c": card_id}).first()
    if row is None:
        raise UnknownCard(card_id)
    return int(row.pk), None if row.stored is None else state_from_row(card_id, row)


@functools.cache
def _write_stmt(moves_state: bool) -> ReturningInsert[int]:
    unchanged = [s.c.profile_id == bindparam("was_profile"), s.c.card_pk == bindparam("was_pk")]
    unchanged += [
        col.is_not_distinct_from(bindparam(f"was_{col.name}", type_=col.type))
        for col in STATE_COLUMNS
    ]
    if moves_state:
        new = {col.name: bindparam(f"new_{col.name}", type_=col.type) for col in STATE_COLUMNS}
        guard = s.update().where(*unchanged).values(new).returning(s.c.card_pk).cte("guard")
    else:
        guard = select(s.c.card_pk).where(*unchanged).with_for_update().cte("guard")
    # prefixed: an UPDATE also sets any column whose name is a key of the parameters
    answer = select(
        *(bindparam(f"r_{n}", type_=r.c[n].type) for n in ANSWER_COLUMNS), guard.c.card_pk
    )
    return r.insert().from_select([*ANSWER_COLUMNS, "card_pk"], answer).returning(r.c.id)


def store(
    conn: Connection,
    profile_id: int,
    pk: int,
    was: CardState,
    new: CardState | None,
    answer: dict[str, Any],
) -> int | None:
    """Store ``answer`` (the :data:`ANSWER_COLUMNS`) and move the state from ``was`` to ``new``
    (``None``: leave it), in one statement; the answer's id, or ``None`` when the stored state
    is no longer ``was`` (nothing was written)."""
    params = {"was_profile": profile_id, "was_pk": pk}
    params.update({f"r_{k}": v for k, v in answer.items()})
    params.update({f"was_{k}": v for k, v in state_values(was).items()})
    if new is not None:
        params.update({f"new_{k}": v for k, v in state_values(new).items()})
    review_id = conn.execute(_write_stmt(new is not None), params).scalar()
    return None if review_id is None else int(review_id)
