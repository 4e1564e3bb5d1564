"""The log file: rotated, in the data folder, 0600, with every secret masked in every record.

``SILICONDESK_LOG_LEVEL`` (DEBUG, INFO, WARNING, ERROR or CRITICAL; INFO when unset)
sets how much is written.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from app.domain.redact import redact
from app.paths import FILE_MODE, ensure_private_dir, log_path

ENV_LOG_LEVEL = "SILICONDESK_LOG_LEVEL"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def level_from_env(environ: Mapping[str, str] | None = None) -> tuple[int, str | None]:
    """The level ``SILICONDESK_LOG_LEVEL`` names, and the value when it names none
    (then INFO is used and the log says so)."""
    env = os.environ if environ is None else environ
    value = env.get(ENV_LOG_LEVEL, "").strip()
    if not value:
        return logging.INFO, None
    if value.upper() in LEVELS:
        return int(getattr(logging, value.upper())), None
    return logging.INFO, value


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file it opens, including each new one after a rotation, is 0600."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        if os.fstat(fd).st_mode & 0o077:
            os.fchmod(fd, FILE_MODE)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


class RedactingFilter(logging.Filter):
    """Masks ``Authorization`` headers, ``sk-…`` strings and known keys in the message,
    its arguments and any exception text, before any handler formats the record."""

    def __init__(self, secrets: Callable[[], Iterable[str]] = tuple) -> None:
        super().__init__()
        self._secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = list(self._secrets())
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = redact(message, secrets)
        record.args = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text, secrets)
            record.exc_info = None  # formatted (and masked) above; do not format again
        if record.stack_info:
            record.stack_info = redact(record.stack_info, secrets)
        return True


def setup_logging(
    data_dir: Path, *, level: int | None = None,
    secrets: Callable[[], Iterable[str]] = tuple,
    environ: Mapping[str, str] | None = None,
) -> logging.Handler:
    """Log to the data folder's file. ``level`` None: what ``SILICONDESK_LOG_LEVEL`` in
    ``environ`` (default ``os.environ``) says. Raises ``OSError`` when the folder cannot
    be written; the caller runs on without a log file then."""
    bad_value: str | None = None
    if level is None:
        level, bad_value = level_from_env(environ)
    path = log_path(data_dir)
    ensure_private_dir(path.parent)
    handler = _PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                          encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    if bad_value is not None:
        logging.getLogger(__name__).warning(
            "%s=%r is not one of %s; logging at INFO", ENV_LOG_LEVEL, bad_value,
            ", ".join(LEVELS))
    return handler


def install_excepthook(show: Callable[[BaseException], object]) -> None:
    """Unexpected errors (slot exceptions land here) are logged and shown, not silent.

    ``show`` puts a sentence in the window without blocking: a modal dialog opened here
    would run a nested event loop inside whatever callback failed (a chat turn's, say),
    and the program could then no longer quit."""
    import sys

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        logging.getLogger("app").error("unexpected error", exc_info=(kind, value, tb))
        try:
            show(value)
        except Exception:  # the window itself is failing: the log has it
            logging.getLogger("app").exception("could not show an unexpected error")

    sys.excepthook = hook
