from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.api.client import ApiClient, RetryPolicy, Timeouts
from app.services.chat import ChatController
from app.storage.history import HistoryStore
from tests.loopback import LoopbackServer

KEY = "sk-test-services-0123456789"


class Rig:
    def __init__(self, store: HistoryStore, controller: ChatController,
                 loop: asyncio.AbstractEventLoop, http: httpx.AsyncClient) -> None:
        self.store = store
        self.controller = controller
        self.loop = loop
        self.http = http

    def run(self, timeout: float = 10) -> None:
        self.loop.run_until_complete(asyncio.wait_for(self.controller.wait(), timeout))


@pytest.fixture
def rig(qloop: asyncio.AbstractEventLoop, server: LoopbackServer, tmp_path: Path) -> Iterator[Rig]:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    http = httpx.AsyncClient()
    client = ApiClient(http, server.url, lambda: KEY, timeouts=Timeouts(connect=2, read=2),
                       retry=RetryPolicy(max_retries=2, base_delay=0.01))
    controller = ChatController(store, lambda endpoint: client)
    yield Rig(store, controller, qloop, http)
    qloop.run_until_complete(http.aclose())
    store.close()
