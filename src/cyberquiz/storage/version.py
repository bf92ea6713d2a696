"""The schema version this code writes, apart from ``tables.py``.

Opening a database that is already at this version needs only this number, not the ``*Row``
classes: building those (SQLModel, pydantic, SQLAlchemy's ORM) is ~150 ms of a ~1 s start-up,
so ``migrations.prepare`` imports ``tables`` only when it creates or migrates a database.
"""

from __future__ import annotations

#: The schema version this code writes. Bump it and add a step to ``migrations.MIGRATIONS``
#: (``tables.SCHEMA_VERSION`` is this same number).
SCHEMA_VERSION = 4
