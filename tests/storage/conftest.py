from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage.history import HistoryStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    s = HistoryStore.open(tmp_path / "history.sqlite3")
    try:
        yield s
    finally:
        s.close()
