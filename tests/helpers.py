"""Helpers the tests share: stream chunks, the program as a subprocess, output waits, a
private X server, a clock the test moves.

Everything here waits on something happening (a line of output, a file descriptor, a
server event), never for time to pass.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

ROOT = Path(__file__).resolve().parents[1]


def chunk(text: str = "", finish: str | None = None, index: int = 0, reasoning: str = "",
          usage: dict[str, int] | None = None, model: str = "Qwen/Qwen3-8B") -> dict[str, object]:
    """One streamed chat-completions chunk, as the server sends it (an empty text is
    ``"content": null``, as SiliconFlow sends it with reasoning)."""
    delta: dict[str, object] = {"content": text or None}
    if reasoning:
        delta["reasoning_content"] = reasoning
    out: dict[str, object] = {"id": "c1", "model": model, "choices": [
        {"index": index, "delta": delta, "finish_reason": finish}]}
    if usage is not None:
        out["usage"] = usage
    return out


def run_app(*args: str, env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m app ARGS`` from the project root, to completion."""
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def start_app(*args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """``python -m app ARGS`` running, its stdout a pipe to read with ``read_until``.
    ``SILICONDESK_TIMING=1`` makes it print ``FIRST_PAINT`` once its window is painted."""
    return subprocess.Popen([sys.executable, "-m", "app", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


FIRST_PAINT = b"SiliconDesk: first paint"


def read_until(stream: IO[bytes] | int, marker: bytes, timeout: float) -> bytes:
    """Read a pipe until ``marker`` has arrived; returns everything read. Raises
    ``TimeoutError`` if it does not arrive in time, ``EOFError`` if the writer closes the
    pipe first (the process ended)."""
    fd = stream if isinstance(stream, int) else stream.fileno()
    deadline = time.monotonic() + timeout
    seen = b""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while marker not in seen:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                raise TimeoutError(f"{marker!r} did not arrive in {timeout} s; got {seen!r}")
            data = os.read(fd, 65536)
            if not data:
                raise EOFError(f"the pipe closed before {marker!r}; got {seen!r}")
            seen += data
    return seen


def xdotool(display: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=10,
                          env={**os.environ, "DISPLAY": display}, check=False)


@contextlib.contextmanager
def xvfb(width: int = 1280, height: int = 800) -> Iterator[str]:
    """A private Xvfb; yields its display (``":N"``).

    ``-displayfd`` lets Xvfb pick a free display and say which once it accepts
    connections, so we never guess a number that another run's server holds.
    ``-noreset`` keeps it from resetting when its last client disconnects: a program
    started during that reset fails with "could not connect to display".
    """
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        pytest.skip("Xvfb and xdotool are not installed (.ci/run installs them)")
    read_fd, write_fd = os.pipe()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-noreset", "-nolisten", "tcp",
             "-screen", "0", f"{width}x{height}x24"],
            pass_fds=(write_fd,), stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        os.close(write_fd)
        try:
            try:
                number = read_until(read_fd, b"\n", timeout=10).strip().decode()
            except (TimeoutError, EOFError) as exc:
                log.seek(0)
                raise RuntimeError(f"Xvfb did not start: {exc}\n{log.read().decode()}") from exc
            display = f":{number}"
            geometry = xdotool(display, "getdisplaygeometry")
            assert geometry.stdout.split() == [str(width), str(height)], (
                f"{display} is not our Xvfb: {geometry.stdout!r} {geometry.stderr!r}")
            yield display
        finally:
            os.close(read_fd)
            proc.terminate()
            proc.wait(5)


def wait_for_bus_name(address: str, name: str, timeout: float) -> None:
    """Return once ``name`` has an owner on the D-Bus at ``address`` (a daemon is ready
    when it has claimed its name): waits for the bus's NameOwnerChanged signal.
    jeepney comes with keyring on Linux (its Secret Service backend talks through it)."""
    from jeepney import MatchRule, message_bus
    from jeepney.io.blocking import Proxy, open_dbus_connection

    conn = open_dbus_connection(address)
    try:
        bus = Proxy(message_bus, conn)
        rule = MatchRule(type="signal", sender="org.freedesktop.DBus", member="NameOwnerChanged",
                         interface="org.freedesktop.DBus", path="/org/freedesktop/DBus")
        rule.add_arg_condition(0, name)
        bus.AddMatch(rule)
        with conn.filter(rule) as owner_changes:  # subscribed before asking: no gap
            while not bus.NameHasOwner(name)[0]:
                conn.recv_until_filtered(owner_changes, timeout=timeout)
    finally:
        conn.close()


@dataclass
class StepClock:
    """A clock that moves only when read: each reading is ``step_ms`` later than the last.

    It has ``time_ns``, so it can stand in for the ``time`` module of code that reads the
    wall clock: ``monkeypatch.setattr("app.domain.history.time", StepClock())``. Then
    "a moment later" needs no sleep, and two readings are never equal.
    """

    now_ms: int = 1_700_000_000_000
    step_ms: int = 1

    def time_ns(self) -> int:
        self.now_ms += self.step_ms
        return self.now_ms * 1_000_000
