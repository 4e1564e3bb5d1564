"""``QT_TRANSLATE_NOOP`` typed as it behaves: it returns its source text, a ``str``
(PySide6's stub says ``object``). ``lupdate`` finds the calls by this name."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    return source
