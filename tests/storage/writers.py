"""Writer processes for the durability tests, forked from a process that imported storage once.

Each writer was a new Python that first imported SQLAlchemy and the storage layer (about 0.3 s
of CPU, most of what these tests cost). They are forked now by multiprocessing's fork server,
which imported those modules once. Each writer is still a process of its own: it opens its own
connections after the fork, has its own stdin, stdout and stderr (pipes, as with ``Popen``),
and dies of a SIGKILL like any other process. The fork server itself holds no connection.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any

#: What every writer imports before its first line; the fork server imports it once.
PRELOAD = ["cyberquiz.storage.repository", "cyberquiz.storage.exams", "cyberquiz.services.sync"]

_context: Any = None


def _fork_server() -> Any:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def forget_fork_server() -> None:
    """Remove the folder of the fork server's socket, which a test process that ends with
    ``os._exit`` (an xdist worker, tests/conftest.py) leaves behind; the server ends with the
    process. A process that exits as usual leaves it to multiprocessing's own clean-up."""
    if _context is not None and os.environ.get("PYTEST_XDIST_WORKER") is not None:
        import shutil
        from multiprocessing import util

        shutil.rmtree(util.get_temp_dir(), ignore_errors=True)


def _run(script: str, argv: list[str], code: str, streams: list[Connection]) -> None:
    """(In the writer.) Take the pipes as fds 0-2, then run the script as ``__main__``."""
    import runpy

    for fd, pipe in enumerate(streams):
        os.dup2(pipe.fileno(), fd)
        pipe.close()
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - the process's own
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.argv = [script, *argv]
    if code:
        exec(compile(code, "<string>", "exec"), {"__name__": "__main__"})
    else:
        runpy.run_path(script, run_name="__main__")


class Writer:
    """The parts of ``subprocess.Popen`` the durability tests use, for a forked writer."""

    def __init__(self, script: Path | None, *args: str, code: str = "") -> None:
        ends = [os.pipe() for _ in range(3)]
        # the writer reads fd 0 and writes 1 and 2 (a Connection is how a fd reaches it)
        theirs = [Connection(fd) for fd in (ends[0][0], ends[1][1], ends[2][1])]
        self._process = _fork_server().Process(
            target=_run, args=(str(script or "-c"), list(args), code, theirs)
        )
        self._process.start()
        for pipe in theirs:  # the writer has its copies now
            pipe.close()
        self.stdin: IO[str] = open(ends[0][1], "w", encoding="utf-8")  # noqa: SIM115
        self.stdout: IO[str] = open(ends[1][0], encoding="utf-8")  # noqa: SIM115
        self.stderr: IO[str] = open(ends[2][0], encoding="utf-8")  # noqa: SIM115
        self.args = [script, *args]

    @property
    def pid(self) -> int:
        return int(self._process.pid)

    @property
    def returncode(self) -> int | None:
        code = self._process.exitcode
        return None if code is None else int(code)

    def send_signal(self, signal: int) -> None:
        """Signal the writer unless it has ended (as ``Popen.send_signal``): it may end between
        the check and the signal, and the fork server, its parent, reaps it at once."""
        if self._process.exitcode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal)

    def wait(self, timeout: float | None = None) -> int:
        self._process.join(timeout)
        if self.returncode is None:
            raise subprocess.TimeoutExpired(str(self.args), timeout or 0)
        return self.returncode

    def communicate(self, timeout: float | None = None) -> tuple[str, str]:
        """Close stdin, read both outputs to their end (in threads, so neither pipe fills)."""
        if not self.stdin.closed:
            self.stdin.close()
        read: dict[str, str] = {}
        readers = [
            threading.Thread(target=lambda n=name, s=stream: read.__setitem__(n, s.read()))
            for name, stream in (("out", self.stdout), ("err", self.stderr))
        ]
        for reader in readers:
            reader.start()
        self.wait(timeout)
        for reader in readers:
            reader.join(timeout)
        self.close()
        return read.get("out", ""), read.get("err", "")

    def close(self) -> None:
        for stream in (self.stdin, self.stdout, self.stderr):
            if not stream.closed:
                stream.close()


def run(
    script: Path | None, *args: str, code: str = "", timeout: float = 60
) -> tuple[int, str, str]:
    """Run a writer to its end: (exit status, stdout, stderr)."""
    writer = Writer(script, *args, code=code)
    out, err = writer.communicate(timeout)
    assert writer.returncode is not None
    return writer.returncode, out, err
