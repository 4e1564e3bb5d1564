from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.redact import redact
from app.logsetup import setup_logging
from app.paths import log_path


def test_redact_masks_keys_and_headers() -> None:
    assert redact("key sk-abcdefghijkl0123 used") == "key sk-*** used"
    assert "secret" not in redact("{'Authorization': 'Bearer secret'}")
    assert "tok123" not in redact("authorization: Bearer tok123")
    assert redact("custom-key-value here", ["custom-key-value"]) == "sk-*** here"


@pytest.fixture
def logfile(tmp_path: Path) -> Iterator[Path]:
    handler = setup_logging(tmp_path, level=logging.DEBUG, secrets=lambda: ["plain-secret-42"])
    try:
        yield log_path(tmp_path)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def test_every_record_is_masked_including_exceptions(logfile: Path) -> None:
    log = logging.getLogger("test")
    log.info("sending with %s", "sk-CANARY-0123456789")
    log.debug("headers %s", {"Authorization": "Bearer sk-CANARY-0123456789"})
    try:
        raise ValueError("bad key plain-secret-42 and sk-CANARY-0123456789")
    except ValueError:
        log.exception("failed")
    text = logfile.read_text(encoding="utf-8")
    assert "CANARY" not in text and "plain-secret-42" not in text
    assert "ValueError" in text and "sk-***" in text
