"""The settings in memory, saved on change, with a signal for those who show them."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.storage.settings import Settings, SettingsStore


class SettingsService(QObject):
    changed = Signal()

    def __init__(self, store: SettingsStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.settings = store.load()

    @property
    def damaged_file(self) -> str | None:
        return str(self._store.moved_aside) if self._store.moved_aside else None

    def update(self, **changes: Any) -> None:
        self.settings = dataclasses.replace(self.settings, **changes)
        self._store.save(self.settings)
        self.changed.emit()

    def replace(self, settings: Settings) -> None:
        self.settings = settings
        self._store.save(settings)
        self.changed.emit()
