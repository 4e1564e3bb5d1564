from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import __version__
from app.config import resolve
from tests.helpers import run_app

ROOT = Path(__file__).resolve().parents[1]


def test_version_and_help() -> None:
    out = run_app("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"SiliconDesk {__version__}"
    out = run_app("--help")
    assert out.returncode == 0
    for option in ("--base-url", "--data-dir", "SILICONFLOW_API_KEY"):
        assert option in out.stdout


def test_bad_option_is_a_clear_error() -> None:
    out = run_app("--no-such-option")
    assert out.returncode == 2 and "unrecognized arguments" in out.stderr


def test_environment_and_command_line() -> None:
    env = {"SILICONFLOW_BASE_URL": "http://127.0.0.1:9/v1/", "SILICONFLOW_API_KEY": "sk-env"}
    config = resolve(None, "/tmp/x", env)
    assert config.base_url == "http://127.0.0.1:9/v1" and config.base_url_from_user
    assert config.env_api_key == "sk-env" and "sk-env" not in repr(config)
    assert resolve("http://other/v1", None, env).base_url == "http://other/v1"
    default = resolve(None, None, {})
    assert default.base_url == "https://api.siliconflow.cn/v1" and not default.base_url_from_user
    assert default.data_dir.name == "SiliconDesk"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_window_opens_and_quits_cleanly_on_signal(tmp_path: Path, signum: int) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SILICONDESK_TIMING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path), "--base-url",
         "http://127.0.0.1:9/v1"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # printed at the window's first paint
        assert "first paint" in line
        proc.send_signal(signum)
        started = time.monotonic()
        assert proc.wait(timeout=10) == 0
        assert time.monotonic() - started < 3
    finally:
        proc.kill()
        proc.communicate()
