"""Text that can be stored and shown: lone UTF-16 surrogates become U+FFFD.

JSON lets a server send ``"\\ud83d"`` alone (or the two halves of a pair in two events);
Python decodes it to a ``str`` that cannot be encoded as UTF-8, so SQLite, Qt and file
writes fail on it. Every text that arrives from outside goes through :func:`scrub` once.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def scrub(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (a no-op for valid text)."""
    if text.isascii():
        return text
    return _SURROGATE.sub(REPLACEMENT, text)


def join_surrogates(text: str) -> str:
    """``text`` with surrogate *pairs* combined into the characters they encode, then
    any lone half replaced: for pieces that were concatenated before scrubbing."""
    if text.isascii():
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
