"""The command line's own contract: help, version, global options, python -m, the console script."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from cyberquiz import __version__
from cyberquiz.cli import COMMANDS, cli
from cyberquiz.services.config import Config, db_url_for


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
    for option in ("--db", "--profile", "--decks"):
        assert option in result.output


def test_every_command_imports_and_has_help() -> None:
    runner = CliRunner()
    for name in COMMANDS:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command" in result.output


def test_db_url_for_paths_and_urls(tmp_path: Path) -> None:
    assert db_url_for("sqlite:///x.db") == "sqlite:///x.db"
    assert db_url_for("postgresql://u@h/db") == "postgresql://u@h/db"
    assert db_url_for(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"


def test_config_defaults_use_user_data_dir(tmp_path: Path) -> None:
    config = Config()
    assert config.db_url.endswith("cyberquiz.db")
    assert config.db_url.startswith("sqlite:///")
    assert config.profile_name
    assert config.deck_dirs and config.deck_dirs[0].name == "questions"


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cyberquiz", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "cyberquiz"
    exe = str(script) if script.exists() else shutil.which("cyberquiz")
    assert exe, "the cyberquiz console script is not installed"
    result = subprocess.run([exe, "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "study" in result.stdout
