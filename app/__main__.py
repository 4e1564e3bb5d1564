"""The composition root: parse the command line, build every service, wire, run.

Nothing else in the package builds objects at import time; there are no globals.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from app.cli import parse_args
from app.config import LaunchConfig, resolve

if TYPE_CHECKING:  # types only: nothing of Qt is imported before the window is needed
    from app.api.client import ApiClient
    from app.api.limits import Limits
    from app.domain.text import Text
    from app.services.settings_service import SettingsService
    from app.services.single_instance import SingleInstance
    from app.storage.secrets import KeyStore
    from app.ui.prompter import Prompter

_STARTED = time.perf_counter()
log = logging.getLogger("app")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = resolve(args.base_url if args.command is None else None, args.data_dir)
    if args.command is not None:
        from app.commands import run_command

        return run_command(args, config)
    if args.demo:
        import dataclasses
        import tempfile
        from pathlib import Path

        data_dir = config.data_dir if args.data_dir else Path(
            tempfile.mkdtemp(prefix="silicondesk-demo-"))
        config = dataclasses.replace(config, demo=True, data_dir=data_dir)
    from app.qt_check import explain, missing_packages

    missing = missing_packages()
    if missing:  # Qt would abort with a message about plugins: say what to install
        print(explain(missing), file=sys.stderr)
        return 1
    return run_gui(config)


def run_gui(config: LaunchConfig) -> int:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app import __version__
    from app.services.event_loop import qt_event_loop
    from app.services.single_instance import SingleInstance, notify_running

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("SiliconDesk")
    app.setOrganizationName("SiliconDesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("io.github.silicondesk.SiliconDesk")
    # Our coroutine decides when to stop, so the HTTP client is closed before exit.
    app.setQuitOnLastWindowClosed(False)
    # One instance per data folder: a second start brings the running window forward.
    instance = SingleInstance()
    if not instance.acquire(config.data_dir):
        if notify_running(config.data_dir):
            return 0
        QMessageBox.critical(None, "SiliconDesk", QCoreApplication.translate(
            "Notices", "SiliconDesk is already running with the data folder {0}, but it "
                       "does not answer.").format(config.data_dir))
        return 1
    try:
        with qt_event_loop(app) as loop:
            return loop.run_until_complete(run_app(app, config, instance))
    finally:
        instance.release()


class SharedHttp:
    """The one httpx.AsyncClient, made at the first request rather than before the first
    paint (importing httpx and building its TLS context cost about 70 ms here)."""

    def __init__(self, settings: object) -> None:
        self._settings = settings
        self._client: object = None

    def __call__(self) -> object:
        if self._client is None:
            import httpx

            from app.storage.settings import Settings

            s = self._settings
            assert isinstance(s, Settings)
            if s.proxy_mode == "url" and s.proxy_url:
                self._client = httpx.AsyncClient(proxy=s.proxy_url, trust_env=False)
            else:
                self._client = httpx.AsyncClient(trust_env=s.proxy_mode == "system")
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()  # type: ignore[attr-defined]


class Composition:
    """Everything the window runs on, built in one place (used by the app, the tests, the
    benchmarks and the screenshot script), and closed in one place (:meth:`aclose`)."""

    def __init__(self, app: object, config: LaunchConfig, http: object,
                 settings: SettingsService, keystore: KeyStore | None = None,
                 prompter: Prompter | None = None, limits: Limits | None = None) -> None:
        """``http`` is the shared httpx.AsyncClient, or a callable that makes it once;
        ``prompter`` answers the window's questions (tests give a scripted one);
        ``limits`` bound what one answer may hold and how long it may go without text."""
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QApplication

        from app.paths import history_path
        from app.render.markdown_html import MarkdownRenderer
        from app.services.account import AccountService
        from app.services.background import Background
        from app.services.chat import ChatController
        from app.services.conversations import ConversationService
        from app.services.endpoints import EndpointService
        from app.services.i18n import lookup
        from app.services.keys import KeyService
        from app.services.lab import LabService
        from app.services.runner import TurnRunner
        from app.storage.errors import StorageError
        from app.storage.history import HistoryStore
        from app.storage.lab_runs import LabRunStore
        from app.storage.secrets import KeyStore, system_backend
        from app.ui.chat_pane import ChatPane
        from app.ui.main_window import MainWindow
        from app.ui.theme import apply_theme

        assert isinstance(app, QApplication)
        self.settings = settings
        self._http = http
        self.keys = keys = KeyService(
            keystore if keystore is not None else (lambda: KeyStore(system_backend())),
            env_key=config.env_api_key)
        # May raise StoreTooNew or StorageError: the caller tells the user.
        self.store = store = HistoryStore.open(history_path(config.data_dir), full_check=False)
        store.manual_wal_checkpoints()
        # What the user is told once the window is up (damage salvaged, a refused disk).
        self.notices: list[Text] = list(store.report.notices())
        if settings.notice is not None:
            self.notices.append(settings.notice)
        try:
            store.recover_interrupted()
            store.purge_deleted()
        except StorageError as err:  # readable, not writable (a full or read-only disk)
            self.notices.append(err.text)
        dark = apply_theme(app, settings.settings.theme)
        shared = http if callable(http) else (lambda: http)

        def make_client(base_url: str, key: Callable[[], str | None]) -> ApiClient:
            from app.api.client import ApiClient, RetryPolicy, Timeouts

            s = settings.settings
            return ApiClient(shared(), base_url, key,  # type: ignore[arg-type]
                             timeouts=Timeouts(s.connect_timeout, s.read_timeout),
                             retry=RetryPolicy(max_retries=s.retry_count), limits=limits)

        label = config.base_url if config.base_url_from_user else "SiliconFlow"
        if config.demo:
            label = QCoreApplication.translate(
                "Notices", "Demo (sample replies from a local endpoint, no network)")
        self.endpoints = EndpointService(
            settings, keys, make_client,
            command_line_url=config.base_url if config.base_url_from_user else None,
            command_line_label=label)
        self.background = Background()
        self.runner = TurnRunner(store, limit=lambda: settings.settings.concurrent_requests)
        self.conversations = ConversationService(store)
        self.conversations.import_defaults = lambda: dict(settings.settings.default_params)
        self.chat = ChatController(store, self.endpoints, self.runner)
        from app.storage.model_cache import ModelCache, model_cache_path

        self.account = AccountService(self.endpoints,
                                      ModelCache(model_cache_path(config.data_dir)))
        from app.services.titles import TitleService

        self.titles = TitleService(store, self.endpoints, settings, self.account.catalog)
        if not config.demo:  # the demo's sample replies would make sample titles
            self.runner.answer_finished.connect(self.titles.on_answer_finished)
        self.titles.titled.connect(lambda _cid: self.conversations.changed.emit())
        from app.services.mcp.offers import ToolOffers
        from app.services.mcp.service import McpService

        # MCP tools; the SDK itself is imported when a server first starts.
        self.mcp = McpService(settings, keys)
        offers = ToolOffers(self.mcp, lambda: self.conversations.store,
                            announce=self.chat.message_added.emit, notify=self.mcp.notice.emit)
        self.chat.tool_loops = offers.loop_for
        self.chat.tool_preview = offers.preview
        self.lab = LabService(store, LabRunStore(store), self.chat, self.runner)
        from app.services.attacher import Attacher, limits_of

        self.chat.images_kept = lambda: settings.settings.images_sent or None
        catalog = self.account.catalog
        self.chat.sees_images = lambda endpoint, model: (
            catalog.capabilities(endpoint, model).vision if model else None)
        self.attacher = Attacher(self.background, lambda: limits_of(settings.settings))
        self.window = MainWindow(
            conversations=self.conversations, chat=self.chat, endpoints=self.endpoints,
            keys=keys, settings=settings, account=self.account, background=self.background,
            chat_pane=ChatPane(MarkdownRenderer(dark=dark, lookup=lookup)),
            endpoint_label=label, prompter=prompter, tools=(self.mcp, offers), lab=self.lab,
            attacher=self.attacher)

    async def quiesce(self) -> None:
        """Every running turn stopped and stored (as interrupted, with what arrived)."""
        from app.domain.history import Status

        self.chat.stop_all(Status.INTERRUPTED)
        await self.chat.wait()

    async def aclose(self) -> None:
        """Stop every turn (each is stored as interrupted, with what arrived), wait for
        background work, close the history; the shared HTTP client is its owner's."""
        from shiboken6 import isValid

        from app.domain.history import Status

        if isValid(self.window):  # nothing the window schedules may run on a closed store
            self.window.stop_timers()
        self.chat.stop_all(Status.INTERRUPTED)
        self.attacher.cancel_all()  # a worker reading a long PDF stops at its next page
        await self.chat.wait()
        await self.titles.wait()
        await self.background.aclose()
        from PySide6.QtCore import QThreadPool

        # Thumbnails being decoded in Qt's pool: done before the widgets and the app go.
        QThreadPool.globalInstance().waitForDone(2000)
        await self.mcp.aclose()  # every MCP server and its process group (after a start
        # begun in the background was cancelled: its process is stopped here too)
        await self.runner.wait()
        self.store.close()


def scripted_composition(app: object, data_dir: object, base_url: str, http: object, *,
                         api_key: str = "sk-scripted", **settings: object) -> Composition:
    """A window for scripts (screenshots, benchmarks): this endpoint and key for this
    process only, no system keyring, settings and history in ``data_dir``."""
    from pathlib import Path

    from app.config import ENV_API_KEY
    from app.domain.text import translate
    from app.paths import settings_path
    from app.services.settings_service import SettingsService
    from app.storage.secrets import BackendInfo, KeyStore, Safety
    from app.storage.settings import SettingsStore

    assert isinstance(data_dir, Path)
    service = SettingsService(SettingsStore(settings_path(data_dir)))
    if settings:
        service.update(**settings)
    config = resolve(base_url, str(data_dir), {ENV_API_KEY: api_key})
    keystore = KeyStore(None, BackendInfo("none", Safety.NONE, translate(
        "Keyring", "A scripted run keeps no key.")))
    parts = Composition(app, config, http, service, keystore)
    parts.window.resize(1280, 800)
    return parts


async def run_app(app: object, config: LaunchConfig,
                  instance: SingleInstance | None = None) -> int:
    """``instance``: the SingleInstance that holds this data folder (a second start asks
    it to bring the window forward)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.logsetup import install_excepthook, setup_logging
    from app.paths import settings_path
    from app.services import quit_signals
    from app.services.failures import failure_text
    from app.services.i18n import choose_language, install_translators, tr_text
    from app.services.main_thread_gc import MainThreadGC
    from app.services.settings_service import SettingsService
    from app.storage.database import StoreTooNew
    from app.storage.errors import StorageError
    from app.storage.settings import SettingsStore

    demo = None
    if config.demo:
        import dataclasses

        from app.api.demo_server import DemoServer

        demo = await DemoServer().start()
        config = dataclasses.replace(config, base_url=demo.url, base_url_from_user=True,
                                     env_api_key="demo-key-not-a-secret")
    settings = SettingsService(SettingsStore(settings_path(config.data_dir)))
    assert isinstance(app, QApplication)
    translators = install_translators(app, choose_language(settings.settings.language))
    http = SharedHttp(settings.settings)
    restart_requested = False
    try:
        try:
            parts = Composition(app, config, http, settings)
        except (StoreTooNew, StorageError) as err:
            QMessageBox.critical(None, "SiliconDesk", tr_text(err.text))
            return 1
        try:  # SILICONDESK_LOG_LEVEL sets the level; a folder that refuses it logs nowhere
            setup_logging(config.data_dir, secrets=parts.keys.known_secrets)
        except OSError as err:
            log.warning("no log file: %s", err)
        window = parts.window
        collector = MainThreadGC(parent=window)
        install_excepthook(lambda err: window.notices.notice_text(failure_text(err)))
        closed = asyncio.Event()
        window.closed.connect(closed.set)

        def restart() -> None:
            nonlocal restart_requested
            restart_requested = True
            window.close()

        window.settings_flow.restart = restart

        def bring_forward(token: str) -> None:
            if token:  # Wayland's activation token from the second start
                os.environ["XDG_ACTIVATION_TOKEN"] = token
            if window.isMinimized():
                window.showNormal()
            window.show()
            window.raise_()
            window.activateWindow()

        if instance is not None:
            instance.activation_requested.connect(bring_forward)
        if os.environ.get("SILICONDESK_TIMING") == "1":
            window.first_painted.connect(_print_startup_time)
        # What start-up built lives as long as the app: keep it out of every later
        # collection, so collections stay short while answers stream.
        window.first_painted.connect(gc.freeze)
        window.first_painted.connect(window.set_app_icon)
        # What the first answer needs (network backend, parser, lexers), loaded in a worker
        # now rather than on the GUI thread ~0.3 s into the first stream.
        window.first_painted.connect(window.presenter.warm_up)
        signals = quit_signals.QuitOnSignals(window.close) if quit_signals.supported() else None
        window.restore_layout()
        window.show()
        window.raise_()
        window.activateWindow()  # without a window manager nothing else activates it
        if config.demo:
            window.pane.notice.show_text(QCoreApplication.translate(
                "Notices", "Demo mode: answers are sample replies from a local endpoint inside "
                           "SiliconDesk, not from a model. Try “think”, “code”, “table”, "
                           "“weather” or “error”."))
        for text in parts.notices:
            window.notices.notice_text(text)
        painted = asyncio.Event()
        window.first_painted.connect(painted.set)

        async def after_first_paint(work: Callable[[], Awaitable[object]]) -> None:
            await painted.wait()  # the window first; the keyring and the check after
            await work()

        async def reopen() -> None:
            window.navigator.open_latest()

        # In this order: the key check asks about the endpoint of the conversation shown.
        parts.background.spawn(after_first_paint(reopen), "reopen the last conversation")
        parts.background.spawn(after_first_paint(window.key_flow.ensure_key), "key check")
        parts.background.spawn(after_first_paint(
            lambda: parts.conversations.verify_history(parts.quiesce)), "history check")

        await closed.wait()
        if signals is not None:
            signals.restore()
        collector.stop()
        await parts.aclose()
    finally:
        await http.aclose()
        for translator in translators:
            app.removeTranslator(translator)
        if demo is not None:
            await demo.close()
    if restart_requested:  # after everything is closed, so the new process starts clean
        from PySide6.QtCore import QProcess

        if instance is not None:
            instance.release()  # the new process takes the data folder over
        QProcess.startDetached(*restart_command(config))
    return 0


def restart_command(config: LaunchConfig,
                    argv: list[str] | None = None) -> tuple[str, list[str]]:
    """This process's own command line (``argv``: ``sys.orig_argv``): the interpreter, or
    the frozen app, and its arguments as given — ``python -m app``, ``silicondesk``.
    A demo keeps its data folder (its settings hold the new language)."""
    args = list((argv if argv is not None else sys.orig_argv)[1:])
    given = any(a == "--data-dir" or a.startswith("--data-dir=") for a in args)
    if config.demo and not given:
        args += ["--data-dir", str(config.data_dir)]
    return sys.executable, args


def _seconds_since_process_start() -> float:
    """Since the process began (Linux: from /proc, so interpreter start-up counts too)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as uptime:
            now = float(uptime.read().split()[0])
        return now - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _STARTED


def _print_startup_time() -> None:
    elapsed = _seconds_since_process_start()
    print(f"SiliconDesk: first paint {elapsed * 1000:.0f} ms after start", flush=True)


if __name__ == "__main__":
    sys.exit(main())
