"""The log file: rotated, in the data folder, with every secret masked in every record."""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Callable, Iterable
from pathlib import Path

from app.domain.redact import redact
from app.paths import log_path


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
    data_dir: Path, *, level: int = logging.INFO,
    secrets: Callable[[], Iterable[str]] = tuple,
) -> logging.Handler:
    path = log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    return handler


def install_excepthook(parent: object) -> None:
    """Unexpected errors (slot exceptions land here) are logged and shown, not silent."""
    import sys

    from PySide6.QtWidgets import QMessageBox, QWidget

    def hook(kind: type[BaseException], value: BaseException, tb: object) -> None:
        logging.getLogger("app").error("unexpected error", exc_info=(kind, value, tb))  # type: ignore[arg-type]
        if isinstance(parent, QWidget) and parent.isVisible():
            QMessageBox.warning(parent, "SiliconDesk",
                                f"Something went wrong: {type(value).__name__}. "
                                "Details are in the log file; your conversations are safe.")

    sys.excepthook = hook
