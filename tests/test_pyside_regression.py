"""DESIGN.md "Dependency traps": PySide6 6.12.0 on CPython 3.11 drops a reference to None
on every void Qt call and aborts a streaming app (none_dealloc). Keep the pin honest."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_void_qt_calls_do_not_leak_none_references() -> None:
    obj = QObject()
    before = sys.getrefcount(None)
    for i in range(20_000):
        obj.setObjectName(f"n{i % 7}")  # void-returning
    after = sys.getrefcount(None)
    assert after >= before - 100  # a leak of one per call would lose ~20,000
