"""The files SiliconDesk keeps in its data folder."""

from __future__ import annotations

from pathlib import Path


def history_path(data_dir: Path) -> Path:
    return data_dir / "history.sqlite3"


def settings_path(data_dir: Path) -> Path:
    return data_dir / "settings.json"


def log_path(data_dir: Path) -> Path:
    return data_dir / "logs" / "silicondesk.log"
