"""History figures with 10,000 conversations and 500,000 messages (issue budgets in ms)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.storage.history import HistoryStore
from bench.seed import seed


def median_ms(fn: Callable[[], object], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(path: Path, largest: str) -> list[tuple[str, float, float]]:
    store = HistoryStore.open(path)
    rows = [
        ("load the 200 most recent conversations", median_ms(
            lambda: store.list_conversations(200)), 50.0),
        ("load all 10,000 conversation summaries", median_ms(
            lambda: store.list_conversations()), 50.0),
        ("load a 2,000-message conversation", median_ms(lambda: store.messages(largest)), 100.0),
        ("search 'docker'", median_ms(lambda: store.search("docker")), 100.0),
        ("search '北京'", median_ms(lambda: store.search("北京")), 100.0),
        ("search '长城 火车'", median_ms(lambda: store.search("长城 火车")), 100.0),
    ]
    store.close()
    return rows


def rows(path: Path, largest: str) -> list[tuple[str, float, float]]:
    return measure(path, largest)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "history.sqlite3"
        started = time.perf_counter()
        largest = seed(path)
        print(f"seeded 10,000 conversations / 500,000 messages in "
              f"{time.perf_counter() - started:.0f} s ({path.stat().st_size / 1e6:.0f} MB)")
        failed = False
        for name, value, budget in measure(path, largest):
            ok = value <= budget
            failed |= not ok
            print(f"{name:45} {value:8.1f} ms  budget {budget:5.0f} ms  {'pass' if ok else 'FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
