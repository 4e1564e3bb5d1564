"""What the user is told when a turn fails for a reason that is not the endpoint's answer.

Errors from the api layer carry their own sentence (``ApiError.text``); storage errors
carry one too (``TextError``). Everything else that can still go wrong inside a turn —
text that cannot be decoded, input nested too deeply, a bug — gets a sentence of its
own here, so the window never shows a bare exception name.
"""

from __future__ import annotations

import errno
import sqlite3
from typing import Any

from app.api.errors import ApiError
from app.domain.text import Text, TextError, translate


def _disk_full(err: BaseException) -> bool:
    if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return True
    return isinstance(err, sqlite3.OperationalError) and "full" in str(err)


def failure_text(err: BaseException) -> Text:
    """A sentence for ``err`` that a person understands (translatable)."""
    if isinstance(err, ApiError | TextError):
        return err.text
    if _disk_full(err):
        return translate("Failure", "The disk is full: the answer could not be saved "
                                    "completely. What arrived is kept as far as it fits; "
                                    "free some space and retry.")
    if isinstance(err, UnicodeError):
        return translate("Failure", "The endpoint sent text that could not be decoded. "
                                    "What arrived is kept; you can retry.")
    if isinstance(err, RecursionError):
        return translate("Failure", "The answer was nested too deeply to be read. What "
                                    "arrived is kept; you can retry.")
    if isinstance(err, MemoryError):
        return translate("Failure", "The answer was too large to hold in memory. What "
                                    "arrived is kept.")
    if isinstance(err, sqlite3.Error | OSError):
        return translate("Failure", "The history could not be written ({kind}). What "
                                    "arrived is kept on screen; you can retry."
                         ).format(kind=type(err).__name__)
    return translate("Failure", "Something went wrong in SiliconDesk ({kind}). What arrived "
                                "is kept; you can retry.").format(kind=type(err).__name__)


def failure_json(err: BaseException) -> dict[str, Any]:
    """The error as it is stored with an answer (the shape of ``ApiError.to_json``)."""
    if isinstance(err, ApiError):
        return err.to_json()
    to_json = getattr(err, "to_json", None)
    if isinstance(err, TextError) and callable(to_json):  # storage errors say it themselves
        saved = to_json()
        if isinstance(saved, dict):
            return saved
    data = ApiError(failure_text(err)).to_json()
    data["type"] = "StorageFull" if _disk_full(err) else type(err).__name__
    return data
