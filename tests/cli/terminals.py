"""Run the real `reflect` with no terminal, or with a terminal of its own.

Whether a process can ask its user anything depends on its controlling
terminal, which a child inherits: run from a developer's terminal, a plain
subprocess (or CliRunner, in-process) has one; run under CI, it has none.
Tests must not depend on that. `without_terminal` starts reflect in a new
session, which has no controlling terminal whatever the test run has;
`OnATerminal` gives it a fresh pseudo-terminal as its controlling terminal
and as its standard streams, and types answers when the prompts appear.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import subprocess
import sys
import termios
import time
from types import TracebackType

REFLECT = [sys.executable, "-m", "reflect"]
WAIT = 30.0


def _env(extra: dict[str, str | None] | None) -> dict[str, str]:
    """The test's environment (isolated by the autouse fixture) plus `extra`;
    a None value removes the variable."""
    env = dict(os.environ)
    for name, value in (extra or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def without_terminal(
    *args: str, env: dict[str, str | None] | None = None, input: bytes = b""
) -> subprocess.CompletedProcess[str]:
    """`reflect ARGS` in a new session: no controlling terminal to ask on."""
    done = subprocess.run(
        [*REFLECT, *args],
        input=input,
        capture_output=True,
        env=_env(env),
        timeout=60,
        start_new_session=True,
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


def _take_the_terminal() -> None:
    # Runs in the child after start_new_session's setsid(): the new session
    # has no controlling terminal, so the pty on fd 0 can become it.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class OnATerminal:
    """`reflect ARGS` with a new pseudo-terminal as its controlling terminal.

    Use as a context manager: `expect` waits for text on the screen, `type`
    sends a line as if typed, `finish` waits for the exit status. The child
    is killed on leaving, so a test that fails mid-dialogue cannot hang.
    """

    def __init__(
        self,
        *args: str,
        env: dict[str, str | None] | None = None,
        program: list[str] | None = None,
    ) -> None:
        """`program` (default: reflect) is run with `args` after it."""
        self.master, slave = pty.openpty()
        try:
            self.proc = subprocess.Popen(
                [*(program or REFLECT), *args],
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=_env(env),
                start_new_session=True,
                preexec_fn=_take_the_terminal,
            )
        finally:
            os.close(slave)  # the child's copy is the only one left
        self.screen = ""
        self._seen = 0

    def __enter__(self) -> OnATerminal:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        os.close(self.master)

    def _read(self, deadline: float) -> bool:
        """Add what the child wrote to `screen`; False once it can write no more."""
        ready, _, _ = select.select([self.master], [], [], deadline - time.monotonic())
        if not ready:
            return True
        try:
            data = os.read(self.master, 4096)
        except OSError:  # EIO: every copy of the terminal's other end is closed
            return False
        self.screen += data.decode(errors="replace").replace("\r\n", "\n")
        return bool(data)

    def expect(self, text: str) -> str:
        """Wait until `text` appears after what earlier calls found; the screen."""
        deadline = time.monotonic() + WAIT
        while text not in self.screen[self._seen :]:
            if time.monotonic() > deadline or not self._read(deadline):
                raise AssertionError(f"never saw {text!r}; the screen:\n{self.screen}")
        self._seen = self.screen.index(text, self._seen) + len(text)
        return self.screen

    def type(self, line: str) -> None:
        os.write(self.master, f"{line}\n".encode())

    def finish(self) -> int:
        """Read to the end and return the exit status."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and self._read(deadline):
            pass
        code = self.proc.wait(timeout=max(0.0, deadline - time.monotonic()) or 1)
        assert "Traceback" not in self.screen, self.screen
        return code
