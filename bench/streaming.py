"""Streaming a 100,000-character answer through the real path into the message view.

Loopback server (another process) → ApiClient → ChatController → MessageView, offscreen.
A 5 ms heartbeat timer measures how late the event loop runs it. The same feed is also
rendered the naive way (the whole answer re-rendered per update) for comparison.
"""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
from common import ROOT, Row
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.__main__ import scripted_composition
from app.services.main_thread_gc import MainThreadGC

START_GAP_S = 0.25  # between starting one conversation's stream and the next


class Heartbeat:
    """A 5 ms timer; how late each tick fires is the event loop's lateness."""

    def __init__(self) -> None:
        self.late: list[float] = []
        self.at: list[float] = []
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.late.append(max(0.0, (now - self._last) * 1000 - 5))
        self.at.append(now)
        self._last = now

    def stop(self) -> None:
        self._timer.stop()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


async def run_once(app: QApplication, url: str, naive: bool) -> dict[str, float]:
    data = Path(tempfile.mkdtemp(prefix="silicondesk-bench-"))
    async with httpx.AsyncClient() as http:
        parts = scripted_composition(app, data, url, http)
        window = parts.window
        window.show()
        samples: list[tuple[int, float]] = []
        view = window.view
        if naive:
            parts.runner._frame.setInterval(0)

            def naive_update(live: object) -> None:
                widget = view.widgets.get(live.message_id)  # type: ignore[attr-defined]
                if widget is not None:
                    widget.body.setHtml(view.renderer.document(live.content))  # type: ignore[attr-defined]

            view.update_live = naive_update  # type: ignore[method-assign]

        def on_update(live: object) -> None:
            samples.append((len(live.content), time.process_time()))  # type: ignore[attr-defined]

        parts.runner.answer_updated.connect(on_update)
        heartbeat = Heartbeat()
        collector = MainThreadGC(parent=window)  # as the app runs
        gc.freeze()
        # As the app does once the window has painted (MainWindow.first_painted): the
        # first turn finds what it needs loaded. A user takes longer than this to type.
        window.presenter.warm_up()
        await parts.background.wait()
        await asyncio.sleep(0.2)
        heartbeat.start()
        started = time.perf_counter()
        window.composer.setPlainText("stream please")
        window.composer.submit()
        await parts.chat.wait()
        elapsed = time.perf_counter() - started
        heartbeat.stop()
        collector.stop()
        window.close()  # first: closing saves the layout, which reads the store
        await parts.aclose()
    total = samples[-1][0] if samples else 0

    def cpu_between(lo: float, hi: float) -> float:
        inside = [(n, t) for n, t in samples if lo * total <= n <= hi * total]
        return inside[-1][1] - inside[0][1] if len(inside) > 1 else 0.0

    first, last = cpu_between(0.0, 0.1), cpu_between(0.9, 1.0)
    tokens_tenth = total / 4 / 10
    return {
        "seconds": elapsed,
        "p99": percentile(heartbeat.late, 0.99),
        "max": max(heartbeat.late or [0.0]),
        "cpu_first_ms_per_1k": first / tokens_tenth * 1000 * 1000,
        "cpu_last_ms_per_1k": last / tokens_tenth * 1000 * 1000,
        "ratio": last / first if first else float("inf"),
        "chars": float(total),
        "max_at": (heartbeat.at[heartbeat.late.index(max(heartbeat.late))] - started
                   if heartbeat.late else 0.0),
    }


async def run_concurrent(app: QApplication, url: str, streams: int) -> dict[str, float]:
    """``streams`` conversations answering at once; the last one in view, the others
    running unseen (as a user who started them one after another)."""
    data = Path(tempfile.mkdtemp(prefix="silicondesk-bench-"))
    async with httpx.AsyncClient() as http:
        parts = scripted_composition(app, data, url, http, concurrent_requests=streams)
        window = parts.window
        window.show()
        heartbeat = Heartbeat()
        collector = MainThreadGC(parent=window)
        gc.freeze()
        window.presenter.warm_up()  # as at first paint
        await parts.background.wait()
        await asyncio.sleep(0.2)
        heartbeat.start()
        started = time.perf_counter()
        for i in range(streams):
            if i:
                # A person starts the next chat a moment later; four new chats and sends
                # in one turn of the event loop are not something anyone can do.
                await asyncio.sleep(START_GAP_S)
                window.new_action.trigger()
            window.composer.setPlainText(f"stream {i + 1} please")
            window.composer.submit()
        await parts.chat.wait()
        elapsed = time.perf_counter() - started
        heartbeat.stop()
        collector.stop()
        window.close()  # first: closing saves the layout, which reads the store
        await parts.aclose()
    return {"seconds": elapsed, "p99": percentile(heartbeat.late, 0.99),
            "max": max(heartbeat.late or [0.0])}


def feed(rate: float, formulas: int = 0, top: int = 0) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, str(ROOT / "bench" / "feed_server.py"), str(rate),
                             str(formulas), str(top)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def measure(app: QApplication, loop: asyncio.AbstractEventLoop, *,
            compare_naive: bool = False) -> tuple[list[Row], list[str]]:
    """The rows; ``compare_naive`` also streams the naive way (three minutes more)."""
    rows: list[Row] = []
    notes: list[str] = []
    for rate, label in ((2000.0, "2,000 tokens/s"), (0.0, "full speed")):
        proc, url = feed(rate)
        try:
            for naive in (False, True) if compare_naive else (False,):
                if naive and rate == 0.0:
                    continue  # the naive path at full speed takes minutes; 2,000/s shows it
                result = loop.run_until_complete(run_once(app, url, naive))
                kind = "naive full re-render" if naive else "incremental"
                notes.append(
                    f"{label:15} {kind:21} {result['seconds']:6.1f} s  "
                    f"lateness p99 {result['p99']:6.1f} ms  max {result['max']:7.1f} ms  "
                    f"CPU/1k tokens first {result['cpu_first_ms_per_1k']:6.1f} ms, "
                    f"last {result['cpu_last_ms_per_1k']:6.1f} ms "
                    f"(×{result['ratio']:.2f}); the longest stall came "
                    f"{result['max_at']:.1f} s into the stream")
                if not naive and rate:
                    rows.append(Row("streaming 2,000 tok/s: loop lateness p99", result["p99"],
                                    16.0, "ms"))
                    rows.append(Row("streaming 2,000 tok/s: loop lateness max", result["max"],
                                    50.0, "ms"))
                    rows.append(Row("streaming: CPU per 1k tokens, last tenth / first tenth",
                                    result["ratio"], 1.5, "×"))
        finally:
            proc.terminate()
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
    proc, url = feed(2000.0)
    try:
        result = loop.run_until_complete(run_concurrent(app, url, 4))
    finally:
        proc.terminate()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    notes.append(f"4 conversations streaming at once, 2,000 tokens/s each: "
                 f"{result['seconds']:.1f} s, lateness p99 {result['p99']:.1f} ms, "
                 f"max {result['max']:.1f} ms")
    rows.append(Row("4 streams at once, 2,000 tok/s each: loop lateness p99", result["p99"],
                    16.0, "ms"))
    rows.append(Row("4 streams at once, 2,000 tok/s each: loop lateness max", result["max"],
                    50.0, "ms"))
    proc, url = feed(2000.0, formulas=50)
    try:
        result = loop.run_until_complete(run_once(app, url, False))
    finally:
        proc.terminate()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    notes.append(f"2,000 tokens/s with 50 formulas: lateness p99 {result['p99']:.1f} ms, "
                 f"max {result['max']:.1f} ms")
    rows.append(Row("streaming 50 formulas: loop lateness p99", result["p99"], 16.0, "ms"))
    rows.append(Row("streaming 50 formulas: loop lateness max", result["max"], 50.0, "ms"))
    return rows, notes


def main() -> None:
    """Run in a process of its own (as the app is), print rows and notes as JSON.
    ``--naive`` adds the comparison with re-rendering the whole answer per update."""
    import json

    from app.services.event_loop import qt_event_loop

    app = QApplication(sys.argv[:1])
    with qt_event_loop(app) as loop:
        rows, notes = measure(app, loop, compare_naive="--naive" in sys.argv)
    print(json.dumps({"rows": [row.__dict__ for row in rows], "notes": notes}), flush=True)


if __name__ == "__main__":
    main()
