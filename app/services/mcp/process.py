"""The SDK's stdio transport as the app runs it: imported out of the way of PySide6's
import hook, the server's stderr in a file, and its whole process group ended on stop."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import AsyncIterator
from typing import Any, TextIO


@contextlib.asynccontextmanager
async def whole_group(transport: Any) -> AsyncIterator[Any]:
    """The SDK's stdio transport, and then the end of the server's whole process group.

    The SDK starts the server as the leader of a new session (``start_new_session``), but
    kills the group only when the server outlives its grace period after stdin closes; a
    server that exits at once leaves the helpers it started running (orphans). The
    process is local to the SDK's generator, so its id is read from that generator's
    frame (CPython); the group id is the leader's pid.
    """
    pid: object = None
    try:
        async with transport as streams:
            frame = getattr(getattr(transport, "gen", None), "ag_frame", None)
            process = frame.f_locals.get("process") if frame is not None else None
            pid = getattr(process, "pid", None)
            yield streams
    finally:  # the SDK's shutdown is over: the server exited or was killed
        if isinstance(pid, int) and hasattr(os, "killpg"):
            _end_group(pid)


def _end_group(pgid: int) -> None:
    import signal

    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)  # what is left of it: the server has had its say


# pydantic's modules whose ``__getattr__`` imports lazily (``getattr_migration``).
_PYDANTIC_LAZY = ("pydantic", "pydantic.errors", "pydantic.main", "pydantic.config",
                  "pydantic.types", "pydantic.networks", "pydantic.dataclasses",
                  "pydantic.json", "pydantic.typing", "pydantic.utils", "pydantic.tools",
                  "pydantic.validators", "pydantic.class_validators", "pydantic.generics",
                  "pydantic.schema", "pydantic.parse", "pydantic.decorator",
                  "pydantic.env_settings", "pydantic.error_wrappers", "pydantic.datetime_parse")


def import_sdk() -> None:
    """Import the SDK (and pydantic) once, out of the way of PySide6's import hook.

    Workaround: PySide6's ``__feature__`` hook (``shibokensupport.feature.feature_imported``)
    runs ``inspect.getsource`` on every newly imported module; ``inspect.unwrap`` asks
    the module for ``__wrapped__``, which pydantic's lazy module ``__getattr__`` answers by
    importing ``pydantic._internal._validators`` — while that very module is half
    imported. The import then fails now and then with "cannot import name
    'import_string' from partially initialized module". Marking pydantic's modules as
    not using PySide (what the hook would conclude) skips the inspection.
    """
    import sys

    if "mcp.client.session" in sys.modules:
        return
    feature = sys.modules.get("PySide6.support.feature")
    seen = getattr(feature, "pyside_feature_dict", None)
    if isinstance(seen, dict):
        for name in _PYDANTIC_LAZY:
            seen.setdefault(name, -1)
    import mcp.client.session  # noqa: F401  (the import is the point)


def stderr_file() -> TextIO:
    """An unlinked file the server's stderr goes to; read back with ``pread`` (the child
    shares its offset)."""
    # Closed by the connection when the server is gone (its last lines kept in the error).
    file = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")  # noqa: SIM115
    return file
