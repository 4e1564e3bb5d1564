"""The key never reaches the disk, the logs, an export or the output."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import parse_args
from app.commands import run_command
from app.config import resolve
from app.logsetup import setup_logging
from tests.loopback import LoopbackServer, Reply, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]
CANARY = "sk-CANARY-7f3a9c2e41b8d6051e"


def test_canary_key_appears_nowhere(
    make_app: AppFactory, server: LoopbackServer, tmp_path: Path,
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(env_key=CANARY)
    monkeypatch.setenv("SILICONDESK_LOG_LEVEL", "DEBUG")  # as a user asks for it
    handler = setup_logging(tmp_path, secrets=app.parts.keys.known_secrets)
    try:
        ok = sse({"choices": [{"index": 0, "delta": {"content": "fine"}, "finish_reason": "stop"}]})
        server.queue(Reply(pieces=[ok]), Reply.json(401, "Invalid token"),
                     Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": "x"}}]},
                                       done=False)], abort=True))
        for text in ("a chat", "a 401", "a dropped connection"):
            app.send(text)
            app.wait_turn()
        logging.getLogger("test").debug("the key was %s", CANARY)  # a careless log line
        assert all(r.headers["authorization"] == f"Bearer {CANARY}" for r in server.requests)
        app.window.close()
        app.parts.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        exports = []
        for fmt in ("json", "markdown", "html"):
            out = tmp_path / f"export.{fmt}"
            args = parse_args(["export", "--data-dir", str(tmp_path), "--format", fmt,
                               "--with-reasoning", "-o", str(out)])
            assert run_command(args, resolve(None, str(tmp_path), {})) == 0
            exports.append(out)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    captured = capfd.readouterr()
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    log_text = (tmp_path / "logs" / "silicondesk.log").read_text(encoding="utf-8")
    assert " DEBUG " in log_text and "httpcore" in log_text  # it really logged at DEBUG
    assert any(p.name == "history.sqlite3" for p in files)
    assert "fine" in (tmp_path / "export.markdown").read_text()
    hits = [p for p in files if CANARY.encode() in p.read_bytes()]
    hits += [p for p in files if b"CANARY" in p.read_bytes()]
    assert hits == []
    assert "CANARY" not in captured.out + captured.err
