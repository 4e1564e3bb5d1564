"""Where the GUI thread is when the event loop stalls: a sampler thread looks at the main
thread's Python stack every 2 ms and keeps the stacks seen while a heartbeat is late.

    python bench/stall_trace.py [RATE] [FORMULAS] [STREAMS]

Streams the benchmark answer (as bench/streaming.py does) and prints, for the longest
stalls, when they came and the stacks seen most often during them.
"""

from __future__ import annotations

import collections
import sys
import threading
import time
import traceback

import streaming
from common import ROOT  # also puts the repository on sys.path


class Sampler:
    def __init__(self, heartbeat: streaming.Heartbeat, late_ms: float = 20.0) -> None:
        self._heartbeat = heartbeat
        self._late = late_ms / 1000
        self._main = threading.main_thread().ident
        self._stop = threading.Event()
        self.stalls: list[tuple[float, list[str]]] = []  # (when, stack) while late
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.002):
            at = self._heartbeat.at
            last = at[-1] if at else None
            now = time.perf_counter()
            if last is None or now - last < self._late:
                continue
            frame = sys._current_frames().get(self._main or 0)
            if frame is not None:
                stack = [f"{s.filename.replace(str(ROOT) + '/', '')}:{s.lineno} {s.name}"
                         for s in traceback.extract_stack(frame)[-12:]]
                self.stalls.append((now, stack))


def main() -> None:
    import asyncio

    from PySide6.QtWidgets import QApplication

    from app.services.event_loop import qt_event_loop

    rate = float(sys.argv[1]) if len(sys.argv) > 1 else 2000.0
    formulas = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    streams = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    samplers: list[Sampler] = []
    original = streaming.Heartbeat.start

    def start(self: streaming.Heartbeat) -> None:
        original(self)
        sampler = Sampler(self)
        samplers.append(sampler)
        sampler.start()

    streaming.Heartbeat.start = start  # type: ignore[method-assign]
    app = QApplication(sys.argv[:1])
    proc, url = streaming.feed(rate, formulas)
    try:
        with qt_event_loop(app) as loop:
            started = time.perf_counter()
            run = (streaming.run_concurrent(app, url, streams) if streams > 1
                   else streaming.run_once(app, url, False))
            result = loop.run_until_complete(run)
            assert isinstance(loop, asyncio.AbstractEventLoop)
    finally:
        proc.terminate()
        proc.wait()
    for sampler in samplers:
        sampler.stop()
    print(f"p99 {result['p99']:.1f} ms, max {result['max']:.1f} ms")
    stalls = samplers[0].stalls if samplers else []
    episodes: list[list[tuple[float, list[str]]]] = []
    for sample in stalls:  # samples closer than 10 ms apart belong to one stall
        if episodes and sample[0] - episodes[-1][-1][0] < 0.01:
            episodes[-1].append(sample)
        else:
            episodes.append([sample])
    episodes.sort(key=len, reverse=True)
    for episode in episodes[:5]:
        counts = collections.Counter(tuple(stack) for _, stack in episode)
        stack, n = counts.most_common(1)[0]
        print(f"\nstall of about {len(episode) * 2 + 20} ms at {episode[0][0] - started:.2f} s; "
              f"{n} of its {len(episode)} samples in:")
        print("\n".join("    " + line for line in stack))


if __name__ == "__main__":
    main()
