"""History in the window with 10,000 conversations and 500,000 messages: the list shown,
the largest conversation opened to its last message painted, a search."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
from common import Row, median, painted, rss_mb
from PySide6.QtWidgets import QApplication

from app.__main__ import scripted_composition


async def run(app: QApplication, data: Path, largest: str) -> tuple[list[Row], list[str]]:
    async with httpx.AsyncClient() as http:
        parts = scripted_composition(app, data, "http://127.0.0.1:9/v1", http)
        window = parts.window
        window.show()
        await painted(window)
        lists, opens, searches = [], [], []
        for _ in range(5):
            started = time.perf_counter()
            window.sidebar.refresh()
            await painted(window.sidebar.list)
            lists.append((time.perf_counter() - started) * 1000)
        other = next(s.id for s in parts.conversations.summaries() if s.id != largest)
        for _ in range(5):
            window.navigator.open(other)  # so that each open is a real switch
            await painted(window.view)
            started = time.perf_counter()
            window.navigator.open(largest)
            await painted(window.view)
            bar = window.view.verticalScrollBar()
            opens.append((time.perf_counter() - started) * 1000)
            assert bar.value() == bar.maximum()
        for query in ("docker", "北京", "长城 火车", "kubernetes", "推理"):
            window.sidebar.search.setText(query)
            started = time.perf_counter()
            await window.sidebar.run_search()  # in a worker thread, as the app searches
            await painted(window.sidebar.results)
            searches.append((time.perf_counter() - started) * 1000)
        memory = rss_mb()
        window.close()  # first: closing saves the layout, which reads the store
        await parts.aclose()
    rows = [
        Row("conversation list shown (10,000 conversations)", median(lists), 50.0, "ms"),
        Row("2,000-message conversation opened, last message painted", median(opens),
            150.0, "ms"),
        Row("search shown (median of 5 queries)", median(searches), 100.0, "ms"),
        Row("resident memory after opening the largest conversation", memory, 300.0, "MB"),
    ]
    return rows, []


def measure(app: QApplication, loop: asyncio.AbstractEventLoop, big_store: Path,
            scratch: Path, largest: str) -> tuple[list[Row], list[str]]:
    data = scratch / "ui"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy(big_store, data / "history.sqlite3")
    return loop.run_until_complete(run(app, data, largest))
