"""The whole window, wired as the app wires it, talking to a loopback server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from app.__main__ import Composition
from app.config import resolve
from app.paths import settings_path
from app.services.settings_service import SettingsService
from app.storage.secrets import KeyStore
from app.storage.settings import SettingsStore
from tests.loopback import LoopbackServer
from tests.storage.test_secrets import SECURE, MemoryKeyring

KEY = "sk-ui-test-0123456789"


class App:
    def __init__(self, parts: Composition, loop: asyncio.AbstractEventLoop, qtbot: QtBot,
                 backend: MemoryKeyring) -> None:
        self.parts = parts
        self.window = parts.window
        self.loop = loop
        self.qtbot = qtbot
        self.backend = backend

    def run(self, coro: object) -> object:
        return self.loop.run_until_complete(coro)  # type: ignore[arg-type]

    def send(self, text: str) -> None:
        self.window.composer.setPlainText(text)
        self.window.composer.submit()

    def wait_turn(self, timeout: float = 10) -> None:
        self.run(asyncio.wait_for(self.parts.chat.wait(), timeout))
        self.run(asyncio.sleep(0))  # one turn of the loop: what the finish queued runs

    def pump(self, seconds: float = 0.05) -> None:
        self.run(asyncio.sleep(seconds))

    def until(self, predicate: Callable[[], object], timeout: float = 5.0) -> None:
        """Run the event loop until ``predicate()`` holds. (qtbot.waitUntil spins Qt
        without asyncio's running loop, which breaks the streaming tasks.)"""

        async def poll() -> None:
            while not predicate():
                await asyncio.sleep(0.01)

        self.run(asyncio.wait_for(poll(), timeout))


@pytest.fixture
def make_app(qloop: asyncio.AbstractEventLoop, qtbot: QtBot, server: LoopbackServer,
             tmp_path: Path) -> Iterator[Callable[..., App]]:
    clients: list[httpx.AsyncClient] = []
    apps: list[App] = []

    def build(env_key: str | None = KEY, stored_key: str | None = None,
              command_line: bool = True, backend: MemoryKeyring | None = None,
              secure: bool = True, **settings: object) -> App:
        http = httpx.AsyncClient()
        clients.append(http)
        environ = {"SILICONFLOW_API_KEY": env_key} if env_key else {}
        config = resolve(server.url if command_line else None, str(tmp_path), environ)
        service = SettingsService(SettingsStore(settings_path(tmp_path)))
        if settings:
            service.update(**settings)
        backend = backend or MemoryKeyring()
        if stored_key:
            backend.set_password("SiliconDesk", "command-line", stored_key)
        keystore = KeyStore(backend, SECURE) if secure else KeyStore(backend)
        parts = Composition(_app(), config, http, service, keystore)
        qtbot.addWidget(parts.window)
        parts.window.show()
        parts.window.activateWindow()
        qtbot.waitExposed(parts.window)
        app = App(parts, qloop, qtbot, backend)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.parts.chat.stop()
        qloop.run_until_complete(app.parts.chat.wait())
        app.parts.store.close()
    for http in clients:
        qloop.run_until_complete(http.aclose())


def _app() -> object:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()
