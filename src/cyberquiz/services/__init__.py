"""Use cases: what screens and commands call; they never build stores themselves."""
