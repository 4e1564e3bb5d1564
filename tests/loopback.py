"""A real HTTP server on 127.0.0.1 that speaks the chat-completions API from a script.

Tests queue replies (status, headers, body pieces, delays, an abrupt end) and read back
the requests the server received. Bodies are sent with chunked transfer encoding, one
HTTP chunk per scripted piece, so a test controls every byte boundary; ``abort`` closes
the connection without the final chunk, as a dropped connection does.
"""

from __future__ import annotations

import itertools
import json
import socket
import socketserver
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

# Real captured responses (copied from the team's shared/captures, with its README).
CAPTURES = Path(__file__).resolve().parent / "captures"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/event-stream"})
    pieces: list[bytes] = field(default_factory=list)
    delay: float = 0.0  # seconds between pieces
    first_delay: float = 0.0  # seconds before the first piece (after the headers)
    abort: bool = False  # drop the connection without finishing the body
    chunked: bool = True

    @classmethod
    def json(cls, status: int, body: Any, headers: dict[str, str] | None = None) -> Reply:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        return cls(status, {"Content-Type": "application/json", **(headers or {})}, [data])

    @classmethod
    def text(cls, status: int, body: str, content_type: str = "text/plain") -> Reply:
        return cls(status, {"Content-Type": content_type}, [body.encode()])


def sse(*chunks: Any, done: bool = True) -> bytes:
    """An SSE body: one ``data:`` event per chunk (dicts become JSON), then ``[DONE]``."""
    out = []
    for chunk in chunks:
        data = chunk if isinstance(chunk, str) else json.dumps(chunk, ensure_ascii=False)
        out.append(f"data: {data}\n\n")
    if done:
        out.append("data: [DONE]\n\n")
    return "".join(out).encode()


def split_at(data: bytes, cuts: Iterable[int]) -> list[bytes]:
    points = sorted({c for c in cuts if 0 < c < len(data)})
    bounds = [0, *points, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(bounds)]


def capture(name: str) -> bytes:
    return (CAPTURES / name).read_bytes()


Handler = Callable[[Request], Reply]


class LoopbackServer:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.disconnects = 0  # replies cut short because the client went away
        self._replies: deque[Reply | Handler] = deque()
        self.default: Reply | Handler = Reply.json(404, "404 page not found")
        self._stop = threading.Event()
        outer = self

        class _Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                outer._serve(self.rfile, self.connection)

        class _Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = _Server(("127.0.0.1", 0), _Handler)
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def queue(self, *replies: Reply | Handler) -> None:
        self._replies.extend(replies)

    def _next(self, request: Request) -> Reply:
        item = self._replies.popleft() if self._replies else self.default
        return item(request) if callable(item) else item

    def _serve(self, rfile: Any, conn: socket.socket) -> None:
        request_line = rfile.readline(65536).decode("latin-1").strip()
        if not request_line:
            return
        method, target, _ = request_line.split(" ", 2)
        headers: dict[str, str] = {}
        while True:
            line = rfile.readline(65536).decode("latin-1")
            if line in ("\r\n", "\n", ""):
                break
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or 0)
        body = rfile.read(length) if length else b""
        parts = urlsplit(target)
        request = Request(method, parts.path, parse_qs(parts.query), headers, body)
        self.requests.append(request)
        reply = self._next(request)
        self._send(conn, reply)

    def _send(self, conn: socket.socket, reply: Reply) -> None:
        head = [f"HTTP/1.1 {reply.status} Scripted", "Connection: close"]
        head += [f"{k}: {v}" for k, v in reply.headers.items()]
        if reply.chunked:
            head.append("Transfer-Encoding: chunked")
        try:
            conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
            if reply.first_delay and self._stop.wait(reply.first_delay):
                return
            for i, piece in enumerate(reply.pieces):
                if i and reply.delay and self._stop.wait(reply.delay):
                    return
                if not piece:
                    continue
                if reply.chunked:
                    conn.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                else:
                    conn.sendall(piece)
            if reply.abort:
                conn.shutdown(socket.SHUT_RDWR)
                return
            if reply.chunked:
                conn.sendall(b"0\r\n\r\n")
        except OSError:
            self.disconnects += 1  # the client went away (a cancelled request)
