"""A real HTTP server on 127.0.0.1 that speaks the chat-completions API from a script.

Tests queue replies (status, headers, body pieces, delays, an abrupt end) and read back
the requests the server received. Bodies are sent with chunked transfer encoding, one
HTTP chunk per scripted piece, so a test controls every byte boundary; ``abort`` closes
the connection without the final chunk, as a dropped connection does.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import selectors
import socket
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
    """Serves one scripted reply per connection, each connection on its own thread.

    Everything is event-driven so that ``stop`` returns at once: the accept loop waits on
    the listening socket and a wake-up socket together, scripted delays wait on the stop
    event, and ``stop`` shuts every open connection down (a reply still streaming ends
    there) and joins every thread it started, so none outlives the server.
    """

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.disconnects = 0  # replies cut short because the client went away
        self._replies: deque[Reply | Handler] = deque()
        self.default: Reply | Handler = Reply.json(404, "404 page not found")
        self._stop = threading.Event()
        self._changed = threading.Condition()  # guards the fields below and the two above
        self._connections: set[socket.socket] = set()
        self._workers: set[threading.Thread] = set()
        self._watchers: list[Callable[[], None]] = []
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self._wake_reader, self._wake_writer = socket.socketpair()
        self.port: int = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept_loop, daemon=True,
                                        name=f"loopback-{self.port}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop now: no new connection, open ones closed, every thread joined."""
        if self._stop.is_set():
            return
        self._stop.set()
        self._wake_writer.send(b"x")
        if self._thread.is_alive():
            self._thread.join()
        self._listener.close()
        with self._changed:
            connections, workers = list(self._connections), list(self._workers)
        for conn in connections:
            with contextlib.suppress(OSError):  # already closed by its worker
                conn.shutdown(socket.SHUT_RDWR)
        for worker in workers:
            worker.join(timeout=5)
        self._wake_reader.close()
        self._wake_writer.close()
        lingering = [w.name for w in workers if w.is_alive()]
        if lingering:
            raise RuntimeError(f"loopback handlers still running after stop: {lingering}")

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def queue(self, *replies: Reply | Handler) -> None:
        self._replies.extend(replies)

    def wait_until(self, predicate: Callable[[], object], timeout: float = 5.0) -> None:
        """Block until ``predicate()`` holds; it is checked whenever a connection opens or
        ends, a request arrives or a client goes away. ``TimeoutError`` after ``timeout``."""
        with self._changed:
            if not self._changed.wait_for(predicate, timeout):
                raise TimeoutError(f"loopback: condition not met within {timeout} s")

    async def until(self, predicate: Callable[[], object], timeout: float = 5.0) -> None:
        """``wait_until`` for a coroutine: the event loop keeps running meanwhile."""
        loop = asyncio.get_running_loop()
        met = asyncio.Event()

        def check() -> None:
            if predicate():
                with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                    loop.call_soon_threadsafe(met.set)

        with self._changed:
            if predicate():
                return
            self._watchers.append(check)
        try:
            await asyncio.wait_for(met.wait(), timeout)
        except TimeoutError:
            raise TimeoutError(f"loopback: condition not met within {timeout} s") from None
        finally:
            with self._changed:
                self._watchers.remove(check)

    def _changed_now(self) -> None:
        """Wake the waiters; called with ``self._changed`` held."""
        self._changed.notify_all()
        for check in self._watchers:
            check()

    def _accept_loop(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(self._wake_reader, selectors.EVENT_READ)
            while not self._stop.is_set():
                for key, _ in selector.select():
                    if key.fileobj is self._wake_reader:
                        return
                    try:
                        conn, _ = self._listener.accept()
                    except OSError:
                        continue  # the client gave up before we accepted
                    worker = threading.Thread(target=self._handle, args=(conn,), daemon=True,
                                              name=f"loopback-{self.port}-{conn.fileno()}")
                    with self._changed:
                        self._connections.add(conn)
                        self._workers.add(worker)
                        self._changed_now()
                    worker.start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            with conn.makefile("rb") as rfile:
                self._serve(rfile, conn)
        except OSError:
            pass  # the client, or stop(), closed the connection while we read the request
        finally:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_WR)  # a clean end of the reply before closing
            conn.close()
            with self._changed:
                self._connections.discard(conn)
                self._workers.discard(threading.current_thread())
                self._changed_now()

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
        with self._changed:
            self.requests.append(request)
            self._changed_now()
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
            if not self._stop.is_set():
                with self._changed:
                    self.disconnects += 1  # the client went away (a cancelled request)
                    self._changed_now()
