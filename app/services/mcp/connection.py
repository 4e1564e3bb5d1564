"""One MCP server, connected through the official SDK, on the app's asyncio loop.

The SDK's transports and session are anyio context managers whose cancel scopes must be
entered and left by one task, so each connection runs in a task of its own (the
"actor"): it starts the server, lists its tools, then waits to be told to stop. Calls
from turns go through its session. A stdio server is started in a process group of its
own (the SDK's ``start_new_session``) and its whole group is ended on stop; its stderr is
kept in an unlinked temporary file, whose last lines say why a server failed.

Whatever the server does — crash, hang, print garbage — ends a call with a
:class:`ToolOutcome` that says so, never with an exception into the turn (except
cancellation, which is the user pressing Stop).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TextIO

from app.domain.text import Text, translate
from app.services.mcp.config import ServerConfig
from app.services.mcp.outcome import ToolImage, ToolOutcome, outcome_of
from app.services.mcp.process import import_sdk, stderr_file, whole_group

__all__ = ["ServerConnection", "ServerFailed", "ServerState", "ToolImage", "ToolOutcome",
           "ToolSpec", "outcome_of"]

log = logging.getLogger(__name__)

STDERR_LINES = 8
STDERR_READ = 16384  # bytes read back from the end of the stderr file


class ServerState(StrEnum):
    STOPPED = "stopped"
    STARTING = "starting"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True)
class ToolSpec:
    server: str
    name: str
    description: str
    schema: dict[str, Any]


class ServerFailed(Exception):
    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


class ServerConnection:
    def __init__(self, config: ServerConfig, *, env: dict[str, str],
                 headers: dict[str, str], on_change: Callable[[], None]) -> None:
        """``env`` and ``headers``: the entry's, with secrets filled in from the keyring."""
        self.config = config
        self._env = env
        self._headers = headers
        self._on_change = on_change
        self.state = ServerState.STOPPED
        self.tools: list[ToolSpec] = []
        self.error: Text | None = None
        self._session: Any = None
        self._task: asyncio.Task[None] | None = None
        self._ready: asyncio.Future[None] | None = None
        self._stop: asyncio.Event | None = None
        self._stderr: TextIO | None = None
        self.running_calls = 0  # calls on the wire now

    # Starting and stopping

    async def ensure_started(self, timeout: float) -> None:
        """Start the server unless it runs; until it listed its tools. Raises
        :class:`ServerFailed` (and the state says ``failed``) when it cannot."""
        if self.state is ServerState.READY and self._task is not None \
                and not self._task.done():
            return
        if self._task is None or self._task.done():
            self._begin()
        assert self._ready is not None
        try:
            await asyncio.wait_for(asyncio.shield(self._ready), timeout)
        except TimeoutError:
            self._fail(translate("Tools", "The server did not answer within {seconds} s.")
                       .format(seconds=f"{timeout:g}"))
            await self.stop(keep_state=True)
        if self.state is not ServerState.READY:
            raise ServerFailed(self.error or translate("Tools", "The server stopped."))

    def _begin(self) -> None:
        self.state, self.error, self.tools = ServerState.STARTING, None, []
        self._close_stderr()
        loop = asyncio.get_running_loop()
        self._ready = loop.create_future()
        self._stop = asyncio.Event()
        self._task = asyncio.ensure_future(self._serve(self._ready, self._stop))
        self._on_change()

    async def stop(self, *, keep_state: bool = False) -> None:
        """Stop the server (its whole process group) and wait until it is gone."""
        task = self._task
        if task is not None and not task.done():
            assert self._stop is not None
            self._stop.set()
            if self.state is not ServerState.READY:
                task.cancel()  # still starting: nothing to finish politely
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(asyncio.shield(task), 10)
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self._session = None
        if not keep_state and self.state is not ServerState.FAILED:
            self.state = ServerState.STOPPED
            self._on_change()

    async def _serve(self, ready: asyncio.Future[None], stop: asyncio.Event) -> None:
        try:
            import_sdk()
            from mcp.client.session import ClientSession

            async with AsyncExitStack() as stack:
                read, write = await stack.enter_async_context(self._transport())
                session = await stack.enter_async_context(ClientSession(read, write))
                await session.initialize()
                self.tools = await self._list_tools(session)
                self._session = session
                self.state = ServerState.READY
                self._on_change()
                if not ready.done():
                    ready.set_result(None)
                await stop.wait()
                self._session = None
        except asyncio.CancelledError:
            if self.state is not ServerState.FAILED and not stop.is_set():
                self._fail(translate("Tools", "The server was stopped while starting."))
        except Exception as err:  # a server's crash or garbage is the server's failure
            log.info("MCP server %s failed: %r", self.config.name, err)
            self._fail(_failure_text(err))
        finally:
            self._session = None
            self._close_stderr()  # its last lines are in the error already
            if not ready.done():
                ready.set_result(None)
            if self.state is ServerState.READY:
                self.state = ServerState.STOPPED
                self._on_change()

    def _transport(self) -> AbstractAsyncContextManager[Any]:
        if self.config.is_http:
            return self._http_transport()
        from mcp.client.stdio import StdioServerParameters, stdio_client

        params = StdioServerParameters(command=self.config.command, args=list(self.config.args),
                                       env=self._env or None, cwd=self.config.cwd or None,
                                       encoding_error_handler="replace")
        self._stderr = stderr_file()
        return whole_group(stdio_client(params, errlog=self._stderr))

    @contextlib.asynccontextmanager
    async def _http_transport(self) -> AsyncIterator[Any]:
        from mcp.client.streamable_http import streamable_http_client
        from mcp.shared._httpx_utils import create_mcp_http_client

        async with create_mcp_http_client(headers=self._headers or None) as http, \
                streamable_http_client(self.config.url, http_client=http) as streams:
            yield streams

    @staticmethod
    async def _list_tools(session: Any) -> list[ToolSpec]:
        out: list[ToolSpec] = []
        cursor: str | None = None
        for _page in range(100):  # a server that pages forever is cut off
            if cursor is None:
                listing = await session.list_tools()
            else:
                from mcp_types import PaginatedRequestParams

                listing = await session.list_tools(params=PaginatedRequestParams(cursor=cursor))
            for tool in listing.tools:
                schema = tool.input_schema if isinstance(tool.input_schema, dict) else {}
                out.append(ToolSpec("", tool.name, tool.description or "",
                                    schema or {"type": "object", "properties": {}}))
            cursor = listing.next_cursor
            if not cursor:
                break
        return out

    def _fail(self, text: Text) -> None:
        tail = self.stderr_tail()
        if tail:
            text = translate("Tools", "{reason}\nWhat it printed last:\n{stderr}").format(
                reason=text, stderr=tail)
        self.state, self.error = ServerState.FAILED, text
        self._on_change()

    # Calls

    async def call(self, tool: str, arguments: dict[str, Any], timeout: float) -> ToolOutcome:
        session = self._session
        if session is None or self.state is not ServerState.READY:
            reason = self.error or translate("Tools", "The server is not running.")
            return ToolOutcome(str(reason), is_error=True)
        self.running_calls += 1
        try:
            result = await asyncio.wait_for(session.call_tool(tool, arguments), timeout)
        except TimeoutError:
            return ToolOutcome(str(translate(
                "Tools", "The tool did not answer within {seconds} s; the call was cancelled.")
                .format(seconds=f"{timeout:g}")), is_error=True)
        except asyncio.CancelledError:
            raise
        except Exception as err:
            log.info("MCP call %s/%s failed: %r", self.config.name, tool, err)
            reason = _failure_text(err)
            if self._task is None or self._task.done() or _is_broken(err):
                self._fail(reason)
                assert self._stop is not None
                self._stop.set()
            return ToolOutcome(str(reason), is_error=True)
        finally:
            self.running_calls -= 1
        return outcome_of(result)

    # Stderr

    def stderr_tail(self) -> str:
        file = self._stderr
        if file is None or file.closed:
            return ""
        try:
            fd = file.fileno()
            size = os.fstat(fd).st_size
            start = max(0, size - STDERR_READ)
            data = os.pread(fd, size - start, start)
        except OSError:
            return ""
        lines = data.decode("utf-8", "replace").splitlines()
        return "\n".join(line for line in lines[-STDERR_LINES:]).strip()

    def _close_stderr(self) -> None:
        if self._stderr is not None:
            with contextlib.suppress(OSError):
                self._stderr.close()
            self._stderr = None


def _is_broken(err: BaseException) -> bool:
    import anyio

    if isinstance(err, BaseExceptionGroup):
        return any(_is_broken(e) for e in err.exceptions)
    return isinstance(err, anyio.ClosedResourceError | anyio.BrokenResourceError
                      | anyio.EndOfStream | ConnectionError | OSError) \
        or "closed" in str(err).lower()


def _failure_text(err: BaseException) -> Text:
    while isinstance(err, BaseExceptionGroup) and len(err.exceptions) == 1:
        err = err.exceptions[0]
    if isinstance(err, FileNotFoundError):
        return translate("Tools", "The command was not found: {name}").format(
            name=err.filename or str(err))
    if isinstance(err, PermissionError):
        return translate("Tools", "The command may not be run: {name}").format(
            name=err.filename or str(err))
    detail = str(err).strip() or type(err).__name__
    return translate("Tools", "The server failed: {detail}").format(detail=detail[:500])
