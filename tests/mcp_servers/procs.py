"""Processes for the MCP tests: the test server's command lines, the streamable-HTTP
server started as a child, and the children of this process (to check none survive)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS_ARGS = ("-m", "tests.mcp_servers.tools_server")
TIME_ARGS = ("-m", "mcp_server_time", "--local-timezone", "UTC")
CRASH_ARGS = ("-c", "import sys; sys.stderr.write('boom: MY_API_KEY is not set\\n'); "
                    "sys.exit(3)")
GARBAGE_ARGS = ("-c", "import sys\nfor line in sys.stdin: print('this is not json', flush=True)")


def stdio_entry(args: tuple[str, ...], **more: object) -> dict[str, object]:
    return {"command": sys.executable, "args": list(args), "cwd": str(ROOT), **more}


def descendants(pid: int | None = None) -> set[int]:
    """Every live process under ``pid`` (this one by default), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            parents[int(entry.name)] = int(fields[1])
    root = pid or os.getpid()
    out: set[int] = set()
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in out:
                out.add(child)
                frontier.append(child)
    return out


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


async def gone(pids: set[int], timeout: float = 5.0) -> bool:
    """Until every one of ``pids`` has died (a killed process takes a moment to go)."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while any(alive(p) for p in pids):
        if loop.time() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True


@contextmanager
def http_server(token: str = "") -> Iterator[str]:
    """The SDK-written test server over streamable HTTP; yields its URL."""
    env = {**os.environ, "MCP_TEST_TOKEN": token}
    proc = subprocess.Popen([sys.executable, *TOOLS_ARGS, "--http"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        port = proc.stdout.readline().strip()  # printed once it listens
        if not port.isdigit():
            raise RuntimeError(f"the test server did not start (exit {proc.poll()})")
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout:
            proc.stdout.close()
