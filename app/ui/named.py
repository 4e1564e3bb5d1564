"""A widget with its ``objectName`` set, in one expression (the name tests and
accessibility tools find it by; PySide6's stubs do not type property keywords), and the
plain-text label every part uses."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

T = TypeVar("T", bound=QObject)


def named(obj: T, name: str) -> T:
    obj.setObjectName(name)
    return obj


def plain_label(text: str = "", name: str = "") -> QLabel:
    """A wrapping label that shows ``text`` as plain text (never as markup)."""
    label = named(QLabel(), name) if name else QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(text)
    return label


def field_grid(widget: QWidget) -> QGridLayout:
    """The panel's two-column grid of labels and fields, on ``widget``."""
    grid = QGridLayout(widget)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setVerticalSpacing(4)
    grid.setColumnStretch(1, 1)
    return grid
