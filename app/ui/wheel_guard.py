"""A scroll wheel passing over a combo box or a spin box scrolls the panel it is in; it
changes the field only when the field has focus (clicked or tabbed to)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    def guard(self, root: QWidget) -> None:
        """Guard every combo box and spin box under ``root`` (call after building it)."""
        for kind in GUARDED:
            for widget in root.findChildren(kind):
                widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget) or \
                watched.hasFocus():
            return False
        area = watched.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            QApplication.sendEvent(area.viewport(), event)
        return True  # the field keeps its value
