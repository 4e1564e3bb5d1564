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


@pytest.mark.parametrize("value, level, written", [
    ("DEBUG", logging.DEBUG, ["DEBUG", "INFO", "WARNING"]),
    ("debug", logging.DEBUG, ["DEBUG", "INFO", "WARNING"]),
    ("WARNING", logging.WARNING, ["WARNING"]),
    ("", logging.INFO, ["INFO", "WARNING"]),
    ("loud", logging.INFO, ["INFO", "WARNING"]),
])
def test_the_level_comes_from_silicondesk_log_level(
    tmp_path: Path, value: str, level: int, written: list[str]
) -> None:
    handler = setup_logging(tmp_path, environ={"SILICONDESK_LOG_LEVEL": value})
    try:
        assert logging.getLogger().level == level
        log = logging.getLogger("test.level")
        log.debug("a debug line")
        log.info("an info line")
        log.warning("a warning line")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
        logging.getLogger().setLevel(logging.WARNING)
    lines = log_path(tmp_path).read_text(encoding="utf-8").splitlines()
    assert [line.split()[2] for line in lines if "test.level" in line] == written
    if value == "loud":
        assert any("SILICONDESK_LOG_LEVEL='loud' is not one of" in line for line in lines)


def test_log_files_are_private_also_after_rotation(tmp_path: Path) -> None:
    handler = setup_logging(tmp_path, level=logging.INFO)
    try:
        log = logging.getLogger("test.rotate")
        for _ in range(3000):
            log.info("x" * 500)  # about 1.5 MB: one rotation
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    files = sorted(log_path(tmp_path).parent.iterdir())
    assert len(files) >= 2
    assert {oct(p.stat().st_mode & 0o777) for p in files} == {"0o600"}
    assert oct(log_path(tmp_path).parent.stat().st_mode & 0o777) == "0o700"
