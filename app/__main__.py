"""The composition root: parse the command line, build every service, wire, run.

Nothing else in the package builds objects at import time; there are no globals.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time

from app.cli import parse_args
from app.config import LaunchConfig, resolve

_STARTED = time.perf_counter()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = resolve(args.base_url if args.command is None else None, args.data_dir)
    if args.command is not None:
        from app.commands import run_command

        return run_command(args, config)
    return run_gui(config)


def run_gui(config: LaunchConfig) -> int:
    from PySide6.QtWidgets import QApplication

    from app import __version__
    from app.services.event_loop import close_event_loop, new_event_loop

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("SiliconDesk")
    app.setOrganizationName("SiliconDesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("silicondesk")
    # Our coroutine decides when to stop, so the HTTP client is closed before exit.
    app.setQuitOnLastWindowClosed(False)
    loop = new_event_loop(app)
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(run_app(app, config))
    finally:
        close_event_loop(loop)


async def run_app(app: object, config: LaunchConfig) -> int:
    import httpx

    from app.services import quit_signals
    from app.ui.main_window import MainWindow

    closed = asyncio.Event()
    async with httpx.AsyncClient(http2=False) as http:
        _ = http  # the shared client; the chat services receive it
        window = MainWindow(config.base_url)
        window.closed.connect(closed.set)
        if os.environ.get("SILICONDESK_TIMING") == "1":
            window.first_painted.connect(_print_startup_time)
        signals = quit_signals.QuitOnSignals(window.close) if quit_signals.supported() else None
        window.show()
        await closed.wait()
        if signals is not None:
            signals.restore()
    return 0


def _print_startup_time() -> None:
    elapsed = time.perf_counter() - _STARTED
    print(f"SiliconDesk: first paint {elapsed * 1000:.0f} ms after start", flush=True)


if __name__ == "__main__":
    sys.exit(main())
