"""The CLI on a pseudo-terminal, forked from a Python that has imported it (the hostile tests).

Each run was a new Python that imported Textual, SQLAlchemy and the app before doing anything:
about two thirds of its CPU, and the four tests that run the app on a terminal were the largest
CPU cost of the suite's top-level tests. A server per test process imports them once, with the
terminal's environment (Textual reads some of it at import), and forks a child per run. The
child is what ``python -m cyberquiz`` would be from there on: a new session whose controlling
terminal is the pseudo-terminal, the terminal as its standard streams, the run's environment,
``cyberquiz`` run as ``__main__`` with the arguments, its exit status reported back.

The server is shared by the test process's runs: what differs between tests in the environment
(each test's home folders, pytest's name for the test) is read by nothing at import, and each
child takes its run's whole environment. Keyed by all of it, every test had started its own
server and paid for the imports again.
"""

from __future__ import annotations

import json
import os
import signal
from dataclasses import dataclass
from typing import Any

from support import python_server

#: The server: imports what the app and the commands import, then forks a child per request.
SERVER = r"""
import io, json, os, runpy, sys
import cyberquiz.cli, cyberquiz.storage.repository, cyberquiz.tui.app
import textual.app, textual.drivers.linux_driver, textual.widgets
requests = sys.stdin
answers = sys.stdout
for line in requests:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        os.setsid()
        terminal = os.open(request["tty"], os.O_RDWR)  # a session leader's first: controlling
        answers.write(json.dumps({"opened": os.getpid()}) + "\n")
        answers.flush()
        for fd in (0, 1, 2):
            os.dup2(terminal, fd)
        os.close(terminal)
        sys.stdin = sys.__stdin__ = io.TextIOWrapper(
            io.FileIO(0, "r", closefd=False), encoding="utf-8", line_buffering=True
        )
        sys.stdout = sys.__stdout__ = io.TextIOWrapper(
            io.FileIO(1, "w", closefd=False), encoding="utf-8", line_buffering=True
        )
        sys.stderr = sys.__stderr__ = io.TextIOWrapper(
            io.FileIO(2, "w", closefd=False),
            encoding="utf-8",
            errors="backslashreplace",
            line_buffering=True,
        )
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["cyberquiz", *request["args"]]
        code = 0
        try:
            runpy.run_module("cyberquiz", run_name="__main__", alter_sys=True)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            import traceback
            traceback.print_exc()
            code = 1
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    answers.write(json.dumps({"status": os.waitstatus_to_exitcode(status)}) + "\n")
    answers.flush()
"""


#: What changes from test to test in the environment and nothing reads at import time.
PER_TEST = frozenset(
    {
        "PYTEST_CURRENT_TEST",
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "CYBERQUIZ_DB",
        "CYBERQUIZ_PROFILE",
        "CYBERQUIZ_DECKS",
    }
)


@dataclass
class Run:
    """One ``cyberquiz`` run on a terminal: its process id, and the server that forked it."""

    server: Any
    pid: int

    def wait(self) -> int:
        """Its exit status, once it has ended."""
        return int(json.loads(self.server.stdout.readline())["status"])

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)


def start(args: list[str], tty: str, env: dict[str, str]) -> Run:
    """Run ``cyberquiz *args`` on the terminal at ``tty``: returns once it has opened it, so
    the caller may then close its own end of that terminal."""
    server = python_server(SERVER, {k: v for k, v in env.items() if k not in PER_TEST})
    server.stdin.write(json.dumps({"args": args, "tty": tty, "env": env}) + "\n")
    server.stdin.flush()
    answer = json.loads(server.stdout.readline())
    return Run(server, int(answer["opened"]))
