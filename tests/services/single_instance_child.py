"""A second SiliconDesk process for tests/services/test_single_instance.py.

``hold DIR``: take the folder, print ``acquired`` (or ``refused`` and exit 3), print
``activated TOKEN`` for every activation, and exit when stdin closes.
``notify DIR [TOKEN]``: ask the holder of DIR to come forward; exit 0 if it answered.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSocketNotifier

from app.services.single_instance import SingleInstance, notify_running


def hold(data_dir: Path) -> int:
    app = QCoreApplication(sys.argv[:1])
    instance = SingleInstance()
    if not instance.acquire(data_dir):
        print("refused", flush=True)
        return 3
    instance.activation_requested.connect(lambda token: print(f"activated {token}",
                                                              flush=True))
    stdin = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def on_stdin() -> None:
        if not sys.stdin.buffer.read1(64):  # closed: the test is done with us
            app.quit()

    stdin.activated.connect(on_stdin)
    print("acquired", flush=True)
    return app.exec()


def main() -> int:
    mode, data_dir = sys.argv[1], Path(sys.argv[2])
    if mode == "hold":
        return hold(data_dir)
    token = sys.argv[3] if len(sys.argv) > 3 else ""
    return 0 if notify_running(data_dir, 5000, token=token) else 1


if __name__ == "__main__":
    sys.exit(main())
