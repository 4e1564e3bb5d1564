"""A writer killed with SIGKILL at random moments: no damaged file, no lost acknowledged message."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

from app.domain.history import Status
from app.storage.history import HistoryStore

ROOT = Path(__file__).resolve().parents[2]


def test_sigkill_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    rng = random.Random(20261125)
    acked: dict[str, str] = {}
    for _ in range(24):
        proc = subprocess.Popen([sys.executable, "-m", "tests.storage.crash_writer", str(path)],
                                cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        # Killed once it has acknowledged a random number of writes: it writes on while we
        # read and kill, so the kill lands anywhere in a turn (seven writes between acks).
        kill_after = rng.randint(1, 100)
        watchdog = threading.Timer(10, proc.kill)  # a stuck writer fails the test, not hangs it
        watchdog.start()
        lines: list[str] = []
        for line in proc.stdout:
            lines.append(line)
            if len(lines) >= kill_after:
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        watchdog.cancel()
        assert len(lines) == kill_after, "the writer stopped before it was killed"
        lines.extend(proc.stdout)  # what it printed before the kill reached it
        proc.stdout.close()
        for line in lines:
            if line.startswith("ack ") and line.endswith("\n"):
                _, mid, content = line.rstrip("\n").split(" ", 2)
                acked[mid] = content

        store = HistoryStore.open(path)
        assert store.report.moved_aside is None  # never damaged
        store.recover_interrupted()
        for mid, content in acked.items():
            message = store.message(mid)
            assert message.content.rstrip() == content.rstrip()
        streaming = [m for c in store.list_conversations() for m in store.messages(c.id)
                     if m.status is Status.STREAMING]
        assert streaming == []
        store.close()
    assert len(acked) > 24
