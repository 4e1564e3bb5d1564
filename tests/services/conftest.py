from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.api.client import ApiClient, RetryPolicy, Timeouts
from app.domain.text import plain
from app.services.chat import ChatController
from app.services.endpoints import EndpointService
from app.services.keys import KeyService
from app.services.runner import TurnRunner
from app.services.settings_service import SettingsService
from app.storage.history import HistoryStore
from app.storage.secrets import BackendInfo, KeyStore, Safety
from app.storage.settings import SettingsStore
from tests.loopback import LoopbackServer

KEY = "sk-test-services-0123456789"


class Rig:
    def __init__(self, store: HistoryStore, controller: ChatController,
                 loop: asyncio.AbstractEventLoop, http: httpx.AsyncClient) -> None:
        self.store = store
        self.controller = controller
        self.runner = controller.runner
        self.loop = loop
        self.http = http

    def run(self, timeout: float = 10) -> None:
        self.loop.run_until_complete(asyncio.wait_for(self.controller.wait(), timeout))


@pytest.fixture
def rig(qloop: asyncio.AbstractEventLoop, server: LoopbackServer, tmp_path: Path) -> Iterator[Rig]:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    http = httpx.AsyncClient()

    def make_client(base_url: str, key: object) -> ApiClient:
        return ApiClient(http, base_url, key,  # type: ignore[arg-type]
                         timeouts=Timeouts(connect=2, read=2),
                         retry=RetryPolicy(max_retries=2, base_delay=0.01))

    settings = SettingsService(SettingsStore(tmp_path / "settings.json"))
    keys = KeyService(KeyStore(None, BackendInfo("none", Safety.NONE, plain("none"))),
                      env_key=KEY)
    endpoints = EndpointService(settings, keys, make_client, command_line_url=server.url)
    controller = ChatController(store, endpoints, TurnRunner(store))
    yield Rig(store, controller, qloop, http)
    qloop.run_until_complete(http.aclose())
    store.close()
