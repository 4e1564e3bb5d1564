"""Every benchmark, with its budget: ``python bench/run.py``. Exits 1 if a budget is missed.

Builds a history of 10,000 conversations and 500,000 messages once (about 30 s), then
measures the store, start-up, the window with that history, memory, and streaming; then
long conversations (2,000, 20,000 and 100,000 messages, imported as a user's would be)
in the window: opening them, at a search hit, scrolling, memory (bench/view_bench.py).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import attach_bench
import history_bench
import history_ui
import render_worst
import startup
import view_bench
from common import Row
from PySide6.QtWidgets import QApplication
from seed import seed

from app.services.event_loop import qt_event_loop


def main() -> int:
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}")
    rows: list[Row] = []
    notes: list[str] = []
    # Streaming first, in a fresh process (as the app runs), before the benchmarks below
    # write gigabytes of history copies that the disk is still flushing afterwards.
    out = subprocess.run([sys.executable, str(Path(__file__).parent / "streaming.py")],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    streaming_rows = [Row(**row) for row in result["rows"]]
    notes += result["notes"]
    for bench, flags in (("logprobs_bench.py", ["--json"]), ("lab_streaming.py", [])):
        out = subprocess.run([sys.executable, str(Path(__file__).parent / bench), *flags],
                             capture_output=True, text=True, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        streaming_rows += [Row(**row) for row in result["rows"]]
        notes += result["notes"]
    with tempfile.TemporaryDirectory(prefix="silicondesk-bench-") as tmp:
        scratch = Path(tmp)
        big = scratch / "big" / "history.sqlite3"
        big.parent.mkdir()
        started = time.perf_counter()
        largest = seed(big)
        notes.append(f"seeded 10,000 conversations / 500,000 messages in "
                     f"{time.perf_counter() - started:.0f} s ({big.stat().st_size / 1e6:.0f} MB)")
        for name, value, budget in history_bench.measure(big, largest):
            rows.append(Row(f"store: {name}", value, budget, "ms"))
        more, extra = startup.measure(big, scratch)
        rows += more
        notes += extra
        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        with qt_event_loop(app) as loop:
            more, extra = history_ui.measure(app, loop, big, scratch, largest)
            rows += more
        more, extra = view_bench.measure(scratch)  # processes of their own
        rows += more
        notes += extra
    rows += streaming_rows
    rows += render_worst.rows()
    more, extra = attach_bench.rows()
    rows += more
    notes += extra
    for note in notes:
        print(note)
    print()
    print(f"{'figure':58} {'value':>9}       {'budget':>7}")
    for row in rows:
        print(row.line())
    failed = [row for row in rows if not row.ok]
    print(f"\n{len(rows) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
