"""Subcommands of the CLI, one module per area, imported lazily by ``cyberquiz.cli``."""
