"""SQLite through SQLModel: tables, migrations, backups and the repository API (core types out)."""
