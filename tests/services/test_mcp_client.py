"""MCP servers through the official SDK, on the app's qasync loop: the real
``mcp-server-time`` over stdio and the suite's own server over streamable HTTP."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator

import pytest

from app.services.mcp.config import ServerConfig
from app.services.mcp.connection import ServerConnection, ServerFailed, ServerState
from tests.mcp_servers.procs import (
    CRASH_ARGS,
    GARBAGE_ARGS,
    ROOT,
    TIME_ARGS,
    TOOLS_ARGS,
    alive,
    descendants,
    gone,
    http_server,
)

START = 60.0  # a cold start imports the SDK (seconds on a busy machine)


def stdio(name: str, args: tuple[str, ...]) -> ServerConnection:
    config = ServerConfig(name, sys.executable, args, cwd=str(ROOT))
    return ServerConnection(config, env={}, headers={}, on_change=lambda: None)


@pytest.fixture
def run(qloop: asyncio.AbstractEventLoop) -> Iterator[object]:
    yield lambda coro: qloop.run_until_complete(asyncio.wait_for(coro, 120))


def test_the_time_server_lists_its_tools_and_answers(run: object) -> None:
    conn = stdio("time", TIME_ARGS)

    async def scenario() -> None:
        before = descendants()
        await conn.ensure_started(START)
        assert conn.state is ServerState.READY
        assert {t.name for t in conn.tools} == {"get_current_time", "convert_time"}
        children = descendants() - before
        assert children  # the server runs as our child
        outcome = await conn.call("get_current_time", {"timezone": "Asia/Shanghai"}, 30)
        assert not outcome.is_error and '"timezone": "Asia/Shanghai"' in outcome.text
        bad = await conn.call("get_current_time", {"timezone": "Nowhere/Atlantis"}, 30)
        assert bad.is_error and "Nowhere/Atlantis" in bad.text
        await conn.stop()
        assert conn.state is ServerState.STOPPED
        assert await gone(children)

    run(scenario())  # type: ignore[operator]


def test_a_server_that_crashes_at_start_says_what_it_printed(run: object) -> None:
    conn = stdio("crash", CRASH_ARGS)

    async def scenario() -> None:
        with pytest.raises(ServerFailed) as failed:
            await conn.ensure_started(START)
        assert conn.state is ServerState.FAILED
        assert "boom: MY_API_KEY is not set" in str(failed.value)
        assert "boom: MY_API_KEY is not set" in str(conn.error)

    run(scenario())  # type: ignore[operator]


def test_a_server_that_prints_garbage_fails_its_start_within_the_time(run: object) -> None:
    conn = stdio("garbage", GARBAGE_ARGS)

    async def scenario() -> None:
        with pytest.raises(ServerFailed):
            await conn.ensure_started(1.5)
        assert conn.state is ServerState.FAILED

    run(scenario())  # type: ignore[operator]


def test_a_missing_command_is_named(run: object) -> None:
    config = ServerConfig("nothing", "/nonexistent/mcp-server")
    conn = ServerConnection(config, env={}, headers={}, on_change=lambda: None)

    async def scenario() -> None:
        with pytest.raises(ServerFailed) as failed:
            await conn.ensure_started(START)
        assert "/nonexistent/mcp-server" in str(failed.value)

    run(scenario())  # type: ignore[operator]


def test_slow_calls_time_out_or_are_cancelled_and_the_server_lives_on(run: object) -> None:
    conn = stdio("tools", TOOLS_ARGS)

    async def scenario() -> None:
        await conn.ensure_started(START)
        late = await conn.call("slow", {"seconds": 30}, 0.5)
        assert late.is_error and "did not answer within 0.5 s" in late.text
        task = asyncio.ensure_future(conn.call("slow", {"seconds": 30}, 60))
        await asyncio.sleep(0.2)  # the call is on the wire
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        still = await conn.call("echo", {"text": "still here"}, 30)
        assert still.text == "echo: still here"
        picture = await conn.call("picture", {}, 30)
        assert picture.images and picture.images[0].mime_type == "image/png"
        assert picture.images[0].data.startswith(b"\x89PNG")
        failing = await conn.call("fail", {"reason": "x"}, 30)
        assert failing.is_error
        await conn.stop()

    run(scenario())  # type: ignore[operator]


def test_a_server_killed_mid_session_ends_the_call_with_an_error(run: object) -> None:
    conn = stdio("tools", TOOLS_ARGS)

    async def scenario() -> None:
        import os
        import signal

        await conn.ensure_started(START)
        pid = int((await conn.call("pid", {}, 30)).text)
        os.kill(pid, signal.SIGKILL)
        outcome = await conn.call("echo", {"text": "anyone?"}, 10)
        assert outcome.is_error
        await conn.stop()

    run(scenario())  # type: ignore[operator]


def test_streamable_http_with_headers(run: object) -> None:
    with http_server(token="t0ken") as url:
        good = ServerConnection(ServerConfig("web", url=url, headers={"X-Test-Token": "?"}),
                                env={}, headers={"X-Test-Token": "t0ken"},
                                on_change=lambda: None)
        bad = ServerConnection(ServerConfig("web2", url=url), env={}, headers={},
                               on_change=lambda: None)

        async def scenario() -> None:
            await good.ensure_started(START)
            assert "echo" in {t.name for t in good.tools}
            outcome = await good.call("echo", {"text": "over http"}, 30)
            assert outcome.text == "echo: over http"
            with pytest.raises(ServerFailed):
                await bad.ensure_started(START)
            await good.stop()

        run(scenario())  # type: ignore[operator]


def test_stopping_a_server_ends_its_helpers_too(run: object) -> None:
    conn = stdio("tools", TOOLS_ARGS)

    async def scenario() -> None:
        await conn.ensure_started(START)
        server_pid = int((await conn.call("pid", {}, 30)).text)
        helper = int((await conn.call("spawn_helper", {}, 30)).text)
        assert alive(helper)
        await conn.stop()
        assert await gone({server_pid, helper})  # the whole process group, not just the server

    run(scenario())  # type: ignore[operator]


def test_two_turns_starting_one_server_start_one_process(run: object, tmp_path: object) -> None:
    from pathlib import Path

    from app.domain.text import plain
    from app.services.keys import KeyService
    from app.services.mcp.config import parse_server
    from app.services.mcp.service import McpService
    from app.services.settings_service import SettingsService
    from app.storage.secrets import BackendInfo, KeyStore, Safety
    from app.storage.settings import SettingsStore
    from tests.mcp_servers.procs import stdio_entry

    assert isinstance(tmp_path, Path)
    settings = SettingsService(SettingsStore(tmp_path / "settings.json"))
    entry = stdio_entry(TOOLS_ARGS, env={"TOKEN": "<keyring>"})  # its start awaits the keyring
    config = parse_server("tools", entry)
    assert isinstance(config, ServerConfig)
    settings.update(mcpServers={"tools": entry},
                    mcp_trusted=[f"tools:{config.fingerprint()}"])
    keys = KeyService(KeyStore(None, BackendInfo("none", Safety.NONE, plain("none"))))
    mcp = McpService(settings, keys)

    async def scenario() -> None:
        before = descendants()
        one, two = await asyncio.gather(mcp.start("tools", "a"), mcp.start("tools", "b"))
        assert one is two
        started = descendants() - before
        assert len(started) == 1
        await mcp.aclose()
        assert await gone(started)

    run(scenario())  # type: ignore[operator]
