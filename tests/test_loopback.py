"""The loopback server the network tests rely on: it stops at once, even mid-reply, and
leaves no thread behind."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from tests.loopback import LoopbackServer, Reply, sse


def _loopback_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("loopback-")]


def test_stop_is_immediate_with_a_reply_still_streaming() -> None:
    before = _loopback_threads()
    server = LoopbackServer().start()
    server.queue(Reply(pieces=[sse({"n": i}, done=False) for i in range(100)], delay=1.0))
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
        conn.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n\r\n")
        assert conn.recv(100).startswith(b"HTTP/1.1 200")  # the reply has begun
        started = time.monotonic()
        server.stop()
        took = time.monotonic() - started
        conn.settimeout(5)
        rest = b""
        while chunk := conn.recv(65536):
            rest += chunk
    assert took < 0.1, f"stop took {took:.3f} s"
    assert b"0\r\n\r\n" not in rest  # cut off, not finished
    assert _loopback_threads() == before


def test_stop_wakes_a_connection_that_never_sent_its_request() -> None:
    server = LoopbackServer().start()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
        server.wait_until(lambda: server._connections, timeout=2)  # its worker reads
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 0.1
        assert conn.recv(10) == b""


def test_a_stopped_server_refuses_connections() -> None:
    with LoopbackServer() as server:
        port = server.port
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


def test_wait_until_times_out_on_a_condition_never_met() -> None:
    with LoopbackServer() as server, pytest.raises(TimeoutError):
        server.wait_until(lambda: server.requests, timeout=0.05)


@pytest.mark.asyncio
async def test_until_sees_a_cancelled_client_go_away() -> None:
    with LoopbackServer() as server:
        server.queue(Reply(pieces=[sse({"n": i}, done=False) for i in range(100)], delay=0.05))
        async with httpx.AsyncClient() as http:
            async with http.stream("POST", f"{server.url}/chat/completions") as response:
                await response.aiter_bytes().__anext__()
            # Leaving the block closed the response mid-stream; the server notices on its
            # next write.
            await server.until(lambda: server.disconnects == 1, timeout=2)
            assert len(server.requests) == 1


@pytest.mark.asyncio
async def test_until_times_out() -> None:
    with LoopbackServer() as server, pytest.raises(TimeoutError):
        await server.until(lambda: server.requests, timeout=0.05)
