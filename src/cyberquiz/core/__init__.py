"""The domain, pure Python: cards, grading, sessions, scheduling rules.

No textual, sqlmodel or yaml here, and no file access; time and randomness come in as arguments.
"""
