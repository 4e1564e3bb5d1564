"""The settings in memory, saved on change, with a signal for those who show them.

A save writes only the keys that changed onto the file's current content (another
window on the same data folder keeps its own changes). A save the disk refuses never
raises: the change holds for this session, :attr:`save_failed` carries the sentence
and the call returns the typed error, so closing the window (which saves its
geometry) always works.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.domain.text import Text
from app.storage.errors import StorageError
from app.storage.settings import Settings, SettingsStore

log = logging.getLogger(__name__)


class SettingsService(QObject):
    changed = Signal()
    save_failed = Signal(object)  # the Text saying why, for the window to show

    def __init__(self, store: SettingsStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.settings = store.load()
        self.last_error: StorageError | None = None

    @property
    def damaged_file(self) -> str | None:
        return str(self._store.moved_aside) if self._store.moved_aside else None

    @property
    def notice(self) -> Text | None:
        """The start-up sentence when the file could not be read (kept aside), or None."""
        return self._store.notice

    def update(self, **changes: Any) -> StorageError | None:
        self.settings = dataclasses.replace(self.settings, **changes)
        error = self._save(changes)
        self.changed.emit()
        return error

    def replace(self, settings: Settings) -> StorageError | None:
        old = self.settings
        changed = {f.name: getattr(settings, f.name) for f in dataclasses.fields(Settings)
                   if getattr(settings, f.name) != getattr(old, f.name)}
        self.settings = settings
        error = self._save(changed)
        self.changed.emit()
        return error

    def _save(self, changes: dict[str, Any]) -> StorageError | None:
        if not changes:
            return None
        try:
            self._store.save_changes(changes)
        except StorageError as err:
            log.error("settings: not saved: %s", err)
            self.last_error = err
            self.save_failed.emit(err.text)
            return err
        self.last_error = None
        return None
