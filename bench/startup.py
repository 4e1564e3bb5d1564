"""Process start to first paint, the app against a bare PySide6 window, same run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, Row, median, rss_mb

RUNS = 5


def time_to_paint(command: list[str], marker: str) -> tuple[float, float]:
    """(seconds from spawning to the paint line, resident MB one second later)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SILICONDESK_TIMING": "1",
           "SILICONFLOW_API_KEY": "sk-bench"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its bytecode
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        if marker in line:
            break
    elapsed = time.perf_counter() - started
    time.sleep(1.0)
    memory = rss_mb(proc.pid)
    proc.terminate()
    proc.wait(10)
    proc.stdout.close()
    return elapsed, memory


def app_command(data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "app", "--data-dir", str(data_dir), "--base-url",
            "http://127.0.0.1:9/v1"]


def measure(big_store: Path, scratch: Path) -> tuple[list[Row], list[str]]:
    bare_cmd = [sys.executable, str(ROOT / "bench" / "bare_window.py")]
    empty = scratch / "empty"
    large = scratch / "large"
    large.mkdir(parents=True, exist_ok=True)
    shutil.copy(big_store, large / "history.sqlite3")
    # As `pip install .` does: compile the app's bytecode, and warm the OS caches.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "app")], check=True)
    time_to_paint(bare_cmd, "painted")
    time_to_paint(app_command(empty), "first paint")
    bare, app_empty, app_large, memory = [], [], [], []
    for i in range(RUNS):  # interleaved, so drift hits all three alike
        bare.append(time_to_paint(bare_cmd, "painted")[0])
        shutil.rmtree(empty, ignore_errors=True)
        seconds, rss = time_to_paint(app_command(empty), "first paint")
        app_empty.append(seconds)
        memory.append(rss)
        app_large.append(time_to_paint(app_command(large), "first paint")[0])
        del i
    b, e, g = median(bare) * 1000, median(app_empty) * 1000, median(app_large) * 1000
    rows = [
        Row("start-up to first paint, empty store (× bare window)", e / b, 2.0, "×"),
        Row("start-up with 10,000 conversations (× empty store)", g / e, 1.2, "×"),
        Row("resident memory after start-up", median(memory), 120.0, "MB"),
    ]
    notes = [f"start-up medians of {RUNS}: bare PySide6 window {b:.0f} ms, SiliconDesk "
             f"{e:.0f} ms (empty store), {g:.0f} ms (10,000 conversations)"]
    return rows, notes
