"""Four lab arms streaming at 2,000 tokens/s each into the lab window's columns.

Paced feed server (another process; one paced stream per request) → four keyed turns of
the runner → LabRun → four MessageViews, offscreen. A 5 ms heartbeat timer measures how
late the event loop runs; CPU per token is compared between the first and the last tenth
of everything the four arms streamed.

    python bench/lab_streaming.py
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
from common import Row
from PySide6.QtWidgets import QApplication
from streaming import Heartbeat, feed, percentile

from app.__main__ import scripted_composition
from app.services.main_thread_gc import MainThreadGC

ARMS = int(os.environ.get("LAB_BENCH_ARMS", "4"))


async def run_once(app: QApplication, url: str) -> dict[str, float]:
    data = Path(tempfile.mkdtemp(prefix="silicondesk-lab-bench-"))
    async with httpx.AsyncClient() as http:
        parts = scripted_composition(app, data, url, http)
        window = parts.window
        window.show()
        assert window.lab is not None
        window.composer.setPlainText("stream please")
        lab = window.lab.open_lab()
        assert lab is not None
        while len(lab.arms.rows) < ARMS:
            lab.arms.add_arm()
        for i, row in enumerate(lab.arms.rows):
            row.fields.setText(f"model=bench-model,stream=true,temperature={0.2 + i * 0.4:.1f}")
        lab.show()
        lengths: dict[str, int] = {}
        samples: list[tuple[int, float]] = []

        def on_update(_arm: int, snapshot: object) -> None:
            lengths[snapshot.message_id] = len(snapshot.content)  # type: ignore[attr-defined]
            samples.append((sum(lengths.values()), time.process_time()))

        heartbeat = Heartbeat()
        collector = MainThreadGC(parent=window)
        gc.freeze()
        window.presenter.warm_up()  # as at first paint (the window does it after it)
        await parts.background.wait()
        await asyncio.sleep(0.2)
        heartbeat.start()
        started, cpu_started = time.perf_counter(), time.process_time()
        lab.send_button.click()
        run = lab.run
        assert run is not None
        run.answer_updated.connect(on_update)
        await run.wait()
        while not lab.pacer.idle:  # until the columns show everything
            await asyncio.sleep(0.01)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        heartbeat.stop()
        collector.stop()
        failed = len(run.failed)
        lab.close()
        window.close()
        await parts.aclose()
    total = samples[-1][0] if samples else 0

    def cpu_between(lo: float, hi: float) -> float:
        inside = [(n, t) for n, t in samples if lo * total <= n <= hi * total]
        return inside[-1][1] - inside[0][1] if len(inside) > 1 else 0.0

    first, last = cpu_between(0.0, 0.1), cpu_between(0.9, 1.0)
    if os.environ.get("LAB_BENCH_TRACE"):
        for at, late in zip(heartbeat.at, heartbeat.late, strict=True):
            if late > 30:
                print(f"stall {late:7.1f} ms at {at - started:6.2f} s", file=sys.stderr)
    return {"seconds": elapsed, "p99": percentile(heartbeat.late, 0.99),
            "max": max(heartbeat.late or [0.0]), "ratio": last / first if first else float("inf"),
            "chars": float(total), "failed": float(failed), "cpu": cpu}


def measure(app: QApplication, loop: asyncio.AbstractEventLoop) -> tuple[list[Row], list[str]]:
    proc, url = feed(2000.0)
    try:
        result = loop.run_until_complete(run_once(app, url))
    finally:
        proc.terminate()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    notes = [f"lab, {ARMS} arms × 2,000 tokens/s: {result['seconds']:.1f} s "
             f"(this process used {result['cpu']:.1f} s of CPU; load average "
             f"{os.getloadavg()[0]:.1f}), "
             f"{result['chars']:.0f} characters, {result['failed']:.0f} failed; lateness p99 "
             f"{result['p99']:.1f} ms, max {result['max']:.1f} ms; CPU per token last tenth / "
             f"first tenth ×{result['ratio']:.2f}"]
    rows = [Row(f"lab {ARMS} arms at 2,000 tok/s: loop lateness p99", result["p99"], 16.0, "ms"),
            Row(f"lab {ARMS} arms at 2,000 tok/s: loop lateness max", result["max"], 50.0, "ms"),
            Row("lab: CPU per token, last tenth / first tenth", result["ratio"], 1.5, "×")]
    return rows, notes


def main() -> None:
    from app.services.event_loop import qt_event_loop

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # as the app: the coroutine decides
    with qt_event_loop(app) as loop:
        rows, notes = measure(app, loop)
    for row in rows:
        print(row.line())
    print("\n".join(notes))
    print(json.dumps({"rows": [row.__dict__ for row in rows], "notes": notes}), flush=True)


if __name__ == "__main__":
    main()
