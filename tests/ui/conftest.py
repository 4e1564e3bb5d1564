"""The whole window, wired as the app wires it, talking to a loopback server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from app.__main__ import Composition
from app.api.limits import Limits
from app.config import resolve
from app.paths import settings_path
from app.services.endpoints import key_account
from app.services.settings_service import SettingsService
from app.storage.secrets import KeyStore
from app.storage.settings import SettingsStore
from app.ui.prompter import Prompter
from tests.loopback import LoopbackServer
from tests.storage.test_secrets import SECURE, MemoryKeyring

KEY = "sk-ui-test-0123456789"


class ScriptedPrompter(Prompter):
    """Answers the window's questions from what the test set, and records them."""

    def __init__(self) -> None:
        super().__init__(None)
        self.open_answer = False
        self.restart_answers: list[bool] = []
        self.delete_answer = True
        self.save_path = ""
        self.open_path = ""
        self.folder: str | None = None
        self.printer: Any = None  # a QPrinter the print dialog "returns"
        self.attach_paths: list[str] = []
        self.asked: list[str] = []  # what was asked, in order
        self.opened: list[str] = []  # URLs handed to the system

    def confirm_open(self, url: QUrl, original: str | None = None) -> bool:
        self.asked.append(f"open {url.toString(QUrl.ComponentFormattingOption.FullyEncoded)}")
        return self.open_answer

    def open_url(self, url: QUrl) -> None:
        self.opened.append(url.toString())

    def confirm_restart(self, busy: bool) -> bool:
        self.asked.append("restart")
        return self.restart_answers.pop(0) if self.restart_answers else False

    def confirm_delete_message(self) -> bool:
        self.asked.append("delete message")
        return self.delete_answer

    def ask_save_path(self, suggested: str, pattern: str) -> str:
        self.asked.append(f"save {suggested}")
        return self.save_path

    def ask_printer(self) -> Any:
        self.asked.append("print")
        return self.printer

    def ask_open_path(self) -> str:
        self.asked.append("open file")
        return self.open_path

    def ask_attachments(self) -> list[str]:
        self.asked.append("attach files")
        return self.attach_paths

    def ask_folder(self, folders: list[str], current: str) -> str | None:
        self.asked.append("folder")
        return self.folder

    def show_params(self, params: dict[str, Any]) -> None:
        self.asked.append("params")


class App:
    def __init__(self, parts: Composition, loop: asyncio.AbstractEventLoop, qtbot: QtBot,
                 backend: MemoryKeyring) -> None:
        self.parts = parts
        self.window = parts.window
        prompter = parts.window.prompter
        assert isinstance(prompter, ScriptedPrompter)
        self.prompter = prompter
        self.loop = loop
        self.qtbot = qtbot
        self.backend = backend

    def run(self, coro: object) -> object:
        try:
            return self.loop.run_until_complete(coro)  # type: ignore[arg-type]
        finally:
            self.between_steps()

    def between_steps(self) -> None:
        """Between two runs of the loop the test drives Qt itself (qtbot's clicks and key
        presses process events), and qasync's callbacks run in there: mark the loop as
        running, as it always is in the app, so they find it (httpx needs it)."""
        asyncio.events._set_running_loop(self.loop)

    def send(self, text: str) -> None:
        self.window.composer.setPlainText(text)
        self.window.composer.submit()

    def wait_turn(self, timeout: float = 10) -> None:
        self.run(asyncio.wait_for(self.parts.chat.wait(), timeout))
        self.run(asyncio.sleep(0))  # one turn of the loop: what the finish queued runs

    def pump(self, seconds: float = 0.05) -> None:
        self.run(asyncio.sleep(seconds))

    async def condition(self, predicate: Callable[[], object], timeout: float = 5.0) -> None:
        """Inside a scenario run with :meth:`run`: until ``predicate()`` holds. A scenario
        that keeps streams open across steps runs as one coroutine, so the loop never stops
        under an open stream (qasync runs a callback left pending at a stop outside the
        loop, where httpx finds no running loop)."""

        async def poll() -> None:
            while not predicate():
                await asyncio.sleep(0.01)

        await asyncio.wait_for(poll(), timeout)

    def until(self, predicate: Callable[[], object], timeout: float = 5.0) -> None:
        """Run the event loop until ``predicate()`` holds. (qtbot.waitUntil spins Qt
        without asyncio's running loop, which breaks the streaming tasks.)"""

        async def poll() -> None:
            while not predicate():
                await asyncio.sleep(0.01)

        self.run(asyncio.wait_for(poll(), timeout))


@pytest.fixture(autouse=True)
def english(qapp: Any) -> Iterator[None]:
    """The English catalogue (plural forms), as the app installs it for English; before
    any other fixture, so a test's Chinese catalogue is looked in first."""
    from app.services.i18n import install_translators

    translators = install_translators(qapp, "en")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


@pytest.fixture
def make_app(qloop: asyncio.AbstractEventLoop, qtbot: QtBot, server: LoopbackServer,
             tmp_path: Path) -> Iterator[Callable[..., App]]:
    clients: list[httpx.AsyncClient] = []
    apps: list[App] = []

    def build(env_key: str | None = KEY, stored_key: str | None = None,
              command_line: bool = True, backend: MemoryKeyring | None = None,
              secure: bool = True, limits: Limits | None = None,
              **settings: object) -> App:
        http = httpx.AsyncClient()
        clients.append(http)
        environ = {"SILICONFLOW_API_KEY": env_key} if env_key else {}
        config = resolve(server.url if command_line else None, str(tmp_path), environ)
        service = SettingsService(SettingsStore(settings_path(tmp_path)))
        settings.setdefault("title_mode", "off")  # no title requests in others' scripts
        if settings:
            service.update(**settings)
        backend = backend or MemoryKeyring()
        if stored_key:
            backend.set_password("SiliconDesk", key_account(server.url), stored_key)
        keystore = KeyStore(backend, SECURE) if secure else KeyStore(backend)
        qt_app = _app()
        qt_app.setQuitOnLastWindowClosed(False)  # as the app: its coroutine decides  # type: ignore[attr-defined]
        parts = Composition(qt_app, config, http, service, keystore, ScriptedPrompter(),
                            limits)
        qtbot.addWidget(parts.window)
        # The offscreen screen is 800×800: the window would open fitted to it. Tests see
        # the desktop size the layout is designed for; tests of fitting resize it.
        parts.window.resize(1280, 800)
        parts.window.show()
        parts.window.activateWindow()
        qtbot.waitExposed(parts.window)
        app = App(parts, qloop, qtbot, backend)
        app.between_steps()
        apps.append(app)
        return app

    yield build
    for app in apps:
        qloop.run_until_complete(app.parts.aclose())
    for http in clients:
        qloop.run_until_complete(http.aclose())


def _app() -> object:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()
