"""An MCP server for the tests, written with the official SDK: ``echo``, ``slow`` (waits
until cancelled or done), ``picture`` (an image), ``fail`` (a tool error), ``pid``.

``python -m tests.mcp_servers.tools_server --stdio`` speaks stdio;
``--http`` serves streamable HTTP on 127.0.0.1 at a free port, printed on stdout
once it listens, and checks the ``X-Test-Token`` header when
``MCP_TEST_TOKEN`` is set.
"""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import sys

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.utilities.types import Image

# A 1×1 PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==")

server = MCPServer("test-tools")


@server.tool()
def echo(text: str) -> str:
    """Say the text back, marked."""
    return f"echo: {text}"


@server.tool()
async def slow(seconds: float) -> str:
    """Wait, then say so."""
    await asyncio.sleep(seconds)
    return f"waited {seconds} s"


@server.tool()
def picture() -> Image:
    """A tiny picture."""
    return Image(data=PIXEL, format="png")


@server.tool()
def fail(reason: str) -> str:
    """Always fails."""
    raise ValueError(f"failed on purpose: {reason}")


@server.tool()
def pid() -> str:
    """The server's process id."""
    return str(os.getpid())


_helpers: list[object] = []


@server.tool()
def spawn_helper() -> str:
    """Start a long-lived child process of the server (as servers that run helpers do);
    its process id."""
    import subprocess

    helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    _helpers.append(helper)
    return str(helper.pid)


def serve_http() -> None:
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    app = server.streamable_http_app()
    token = os.environ.get("MCP_TEST_TOKEN")
    if token:
        inner = app

        async def checked(scope, receive, send):  # type: ignore[no-untyped-def]
            if scope["type"] == "http":
                headers = dict(scope.get("headers") or [])
                if headers.get(b"x-test-token", b"").decode() != token:
                    await send({"type": "http.response.start", "status": 401, "headers": []})
                    await send({"type": "http.response.body", "body": b"no token"})
                    return
            await inner(scope, receive, send)

        app = checked  # type: ignore[assignment]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)

    async def run() -> None:
        task = asyncio.ensure_future(uv.serve(sockets=[sock]))
        while not uv.started:
            await asyncio.sleep(0.01)
        print(sock.getsockname()[1], flush=True)
        await task

    asyncio.run(run())


if __name__ == "__main__":
    if sys.argv[1:2] == ["--http"]:
        serve_http()
    else:
        server.run("stdio")
