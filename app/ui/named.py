"""A widget with its ``objectName`` set, in one expression (the name tests and
accessibility tools find it by; PySide6's stubs do not type property keywords)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject

T = TypeVar("T", bound=QObject)


def named(obj: T, name: str) -> T:
    obj.setObjectName(name)
    return obj
