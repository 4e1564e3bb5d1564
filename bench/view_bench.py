"""Long conversations in the window: opening them, opening one at a search hit, scrolling
through one, and the memory they take and give back.

    python bench/view_bench.py [SIZE ...]      (default 2000 20000 100000)

The histories are imported through the public import path (``app.storage.importer``), as
a user's would be. Each figure is taken in a process of its own (a fresh window on a copy
of that history), so that one figure's memory is not another's.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import ROOT, Row, median, painted, rss_mb  # common puts the repository on sys.path

SIZES = (2_000, 20_000, 100_000)
HIT_SIZE = 20_000
STEP = 120  # pixels per scrolled frame: a wheel notch
FRAMES = 400



def _title(size: int) -> str:
    return f"{size} messages"


async def _child(app: Any, data: Path, kind: str, size: int) -> dict[str, float]:
    import httpx

    from app.__main__ import scripted_composition
    from app.ui.message_widget import MessageWidget

    async with httpx.AsyncClient() as http:
        parts = scripted_composition(app, data, "http://127.0.0.1:9/v1", http)
        window, view = parts.window, parts.window.view
        window.show()
        await painted(window)
        by_title = {s.title: s.id for s in parts.conversations.summaries()}
        small, target = by_title["small"], by_title[_title(size)]
        window.navigator.open(small)
        await painted(window)
        before = rss_mb()
        out: dict[str, float] = {"rss_before": before}
        spent = (_timed(window.navigator, "show_path", "branch")
                 | _timed(view, "show_branch", "view"))
        if kind == "open":
            times, paints = [], []
            for _ in range(5 if size <= 20_000 else 3):
                window.navigator.open(small)  # each open is a real switch
                await painted(view)
                profile = _profiler()
                started = time.perf_counter()
                window.navigator.open(target)
                before_paint = time.perf_counter()
                await painted(view)
                times.append((time.perf_counter() - started) * 1000)
                paints.append((time.perf_counter() - before_paint) * 1000)
                _report(profile)
                bar = view.verticalScrollBar()
                assert bar.value() == bar.maximum()
            out["open_ms"] = median(times)
            out["branch_ms"] = median(spent["branch"])
            out["view_ms"] = median(spent["view"])
            out["paint_ms"] = median(paints)
            window.navigator.open(target)
            await painted(view)
            out["rss_open"] = rss_mb()
            window.navigator.open(small)  # closing it: what is given back
            await painted(view)
            gc.collect()
            await painted(view)
            out["rss_closed"] = rss_mb()
            out["widgets_closed"] = len(view.findChildren(MessageWidget))
        elif kind == "hit":
            sidebar = window.sidebar
            window.search_action.trigger()  # Ctrl+K
            sidebar.search.setText("zanzibar")
            await sidebar.run_search()
            profile = _profiler()
            started = time.perf_counter()
            sidebar.search.accepted.emit()  # Enter
            await painted(view)
            out["hit_ms"] = (time.perf_counter() - started) * 1000
            _report(profile)
            out["rss_open"] = rss_mb()
            shown = [w for w in view.widgets.values() if w.property("highlight")]
            assert shown and shown[0].message.content.startswith("message 37:"), "not at the hit"
        elif kind == "scroll":
            window.navigator.open(target)
            await painted(view)
            bar = view.verticalScrollBar()
            frames, drags = [], []
            profile = _profiler()
            for frame in range(FRAMES):
                started = time.perf_counter()
                drag = frame % 100 == 99  # now and then a drag of the scroll bar far away
                if drag:
                    bar.setValue(bar.maximum() * (frame // 100) // 4)
                else:
                    bar.setValue(max(0, bar.value() - STEP))
                await painted(view.viewport())
                (drags if drag else frames).append((time.perf_counter() - started) * 1000)
            _report(profile)
            frames.sort()
            out["frame_p99"] = frames[min(len(frames) - 1, int(0.99 * len(frames)))]
            out["frame_max"] = frames[-1]
            out["drag_max"] = max(drags)
            out["widgets"] = len(view.findChildren(MessageWidget))
        window.close()  # first: closing saves the layout, which reads the store
        await parts.aclose()
    return out


def _timed(owner: Any, method: str, key: str) -> dict[str, list[float]]:
    """Record how long each call of ``owner.method`` takes (ms) under ``key``."""
    spent: dict[str, list[float]] = {key: []}
    inner = getattr(owner, method)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[key].append((time.perf_counter() - started) * 1000)

    setattr(owner, method, timed)
    return spent


def _profiler() -> Any:
    """SILICONDESK_PROFILE=cumulative (or tottime): where the time goes, on stderr."""
    if not os.environ.get("SILICONDESK_PROFILE"):
        return None
    import cProfile

    profile = cProfile.Profile()
    profile.enable()
    return profile


def _report(profile: Any) -> None:
    if profile is not None:
        import pstats

        profile.disable()
        stats = pstats.Stats(profile, stream=sys.stderr)
        stats.sort_stats(os.environ["SILICONDESK_PROFILE"]).print_stats(30)


def child_main(data: str, kind: str, size: str) -> None:
    from PySide6.QtWidgets import QApplication

    from app.services.event_loop import qt_event_loop

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # as the app: closing the window ends no loop
    with qt_event_loop(app) as loop:
        result = loop.run_until_complete(_child(app, Path(data), kind, int(size)))
    print(json.dumps(result), flush=True)


def seed(data: Path, sizes: tuple[int, ...]) -> float:
    from app.storage.history import HistoryStore
    from bench.long_seed import import_long

    started = time.perf_counter()
    store = HistoryStore.open(data / "history.sqlite3")
    try:
        import_long(store, {"small": 2, **{_title(n): n for n in sizes}},
                    marked=_title(HIT_SIZE))
        store.checkpoint_wal()
    finally:
        store.close()
    return time.perf_counter() - started


def _run_child(template: Path, scratch: Path, kind: str, size: int) -> dict[str, float]:
    data = scratch / f"{kind}-{size}"
    shutil.copytree(template, data)
    try:
        out = subprocess.run([sys.executable, __file__, "--child", str(data), kind, str(size)],
                             capture_output=True, text=True, check=False, cwd=ROOT)
        if out.returncode:
            raise RuntimeError(f"{kind} {size} failed:\n{out.stderr[-3000:]}")
        if os.environ.get("SILICONDESK_PROFILE"):
            print(out.stderr, file=sys.stderr)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def measure(scratch: Path, sizes: tuple[int, ...] = SIZES) -> tuple[list[Row], list[str]]:
    template = scratch / "view-template"
    template.mkdir()
    seconds = seed(template, sizes)
    notes = [f"imported conversations of {', '.join(f'{n:,}' for n in sizes)} messages "
             f"through app.storage.importer in {seconds:.0f} s"]
    rows: list[Row] = []
    budgets = {2_000: (40.0, 150.0), 100_000: (100.0, 200.0)}
    for size in sizes:
        result = _run_child(template, scratch, "open", size)
        open_budget, rss_budget = budgets.get(size, (100.0, 200.0))
        rows.append(Row(f"view: open a {size:,}-message conversation (click → painted)",
                        result["open_ms"], open_budget, "ms"))
        rows.append(Row(f"view: resident memory after opening the {size:,}-message one",
                        result["rss_open"], rss_budget, "MB"))
        notes.append(f"{size:,} messages, open {result['open_ms']:.0f} ms: the branch "
                     f"{result['branch_ms']:.0f} ms (of which the view "
                     f"{result['view_ms']:.0f} ms, the rest loading it from the store), "
                     f"painting {result['paint_ms']:.0f} ms, the rest "
                     f"{result['open_ms'] - result['branch_ms'] - result['paint_ms']:.0f} ms "
                     f"(the parameter panel, the list and what an open starts: Navigator.open)")
        notes.append(f"{size:,} messages: RSS {result['rss_before']:.0f} MB before, "
                     f"{result['rss_open']:.0f} MB open, {result['rss_closed']:.0f} MB after "
                     f"opening another ({result['widgets_closed']:.0f} message widgets left)")
    if HIT_SIZE in sizes:
        result = _run_child(template, scratch, "hit", HIT_SIZE)
        rows.append(Row(f"view: open the {HIT_SIZE:,}-message one at a hit in message 37",
                        result["hit_ms"], 100.0, "ms"))
        rows.append(Row("view: resident memory after opening it at the hit",
                        result["rss_open"], 200.0, "MB"))
    largest = max(sizes)
    result = _run_child(template, scratch, "scroll", largest)
    rows.append(Row(f"view: scroll through the {largest:,}-message one, frame time p99",
                    result["frame_p99"], 16.0, "ms"))
    notes.append(f"scrolling {FRAMES} frames of {STEP} px through {largest:,} messages: "
                 f"longest frame {result['frame_max']:.1f} ms; 3 drags of the scroll bar "
                 f"far away, longest {result['drag_max']:.1f} ms; "
                 f"{result['widgets']:.0f} message widgets alive")
    return rows, notes


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        child_main(*sys.argv[2:5])
        return 0
    sizes = tuple(int(a) for a in sys.argv[1:]) or SIZES
    with tempfile.TemporaryDirectory(prefix="silicondesk-view-") as tmp:
        rows, notes = measure(Path(tmp), sizes)
    for note in notes:
        print(note)
    for row in rows:
        print(row.line())
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    asyncio.set_event_loop_policy(None)
    sys.exit(main())
