"""Shared helpers for the benchmarks: medians, resident memory, a result row."""

from __future__ import annotations

import asyncio
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass
class Row:
    name: str
    value: float
    budget: float
    unit: str

    @property
    def ok(self) -> bool:
        return self.value <= self.budget

    def line(self) -> str:
        verdict = "pass" if self.ok else "FAIL"
        return f"{self.name:58} {self.value:9.1f} {self.unit:3}  ≤ {self.budget:7.1f}  {verdict}"


def median(values: list[float]) -> float:
    return statistics.median(values)


def rss_mb(pid: int | str = "self") -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def painted(widget: Any) -> None:
    """Back to the event loop, as between two frames (Qt's pending events run there:
    layouts, deleteLater), then a real paint of ``widget``, offscreen.
    (``app.processEvents()`` inside a task would run other tasks' steps re-entrantly:
    "Cannot enter into task … while another task is being executed", which stopped the
    loop and hung bench/run.py.)"""
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    widget.grab()
