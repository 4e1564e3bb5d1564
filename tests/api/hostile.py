"""Helpers for the hostile-server tests: a client with given limits, and a run that
records what was yielded before the error and how long it took."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from app.api.client import ApiClient, RetryPolicy, Timeouts
from app.api.errors import ApiError
from app.api.limits import Limits
from app.domain.chat import ChatMessage, Role
from app.domain.events import ContentDelta, ReasoningDelta, StreamEvent, ToolCallDelta
from app.domain.params import ChatParams
from tests.loopback import LoopbackServer

MESSAGES = [ChatMessage(Role.USER, "hi")]
STREAM = ChatParams(model="m", stream=True)
WHOLE = ChatParams(model="m", stream=False)


def chunk(delta: dict[str, Any], index: int = 0, finish: str | None = None,
          **extra: Any) -> dict[str, Any]:
    return {"id": "c1", "model": "m", "choices": [
        {"index": index, "delta": delta, "finish_reason": finish}], **extra}


def text(content: str, index: int = 0, finish: str | None = None) -> dict[str, Any]:
    return chunk({"content": content}, index, finish)


@asynccontextmanager
async def limited(server: LoopbackServer, limits: Limits | None = None,
                  key: str = "sk-test-0123456789abcdef", retries: int = 0
                  ) -> AsyncIterator[ApiClient]:
    async with httpx.AsyncClient() as http:
        yield ApiClient(http, server.url, lambda: key, limits=limits,
                        timeouts=Timeouts(connect=2.0, read=5.0),
                        retry=RetryPolicy(max_retries=retries, base_delay=0.01))


@dataclass
class Run:
    events: list[StreamEvent] = field(default_factory=list)
    error: ApiError | None = None
    seconds: float = 0.0

    def content(self, choice: int = 0) -> str:
        return "".join(e.text for e in self.events
                       if isinstance(e, ContentDelta) and e.choice == choice)

    def reasoning(self, choice: int = 0) -> str:
        return "".join(e.text for e in self.events
                       if isinstance(e, ReasoningDelta) and e.choice == choice)

    def arguments(self, choice: int = 0, index: int = 0) -> str:
        return "".join(e.arguments or "" for e in self.events if isinstance(e, ToolCallDelta)
                       and (e.choice, e.index) == (choice, index))

    def of(self, kind: type) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]

    def error_json(self) -> str:
        assert self.error is not None
        return json.dumps(self.error.to_json(), ensure_ascii=False)


async def run(client: ApiClient, params: ChatParams = STREAM) -> Run:
    """Every event up to the end or the error; any other exception fails the test."""
    out = Run()
    started = time.monotonic()
    try:
        async for event in client.stream_chat(params, MESSAGES):
            out.events.append(event)
    except ApiError as err:
        out.error = err
    out.seconds = time.monotonic() - started
    return out


def storable(value: object) -> None:
    """``value`` survives what SQLite and Qt do with it: encoding as UTF-8."""
    json.dumps(value, ensure_ascii=False, default=repr).encode("utf-8")
