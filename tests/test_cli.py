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
    for option in ("--base-url", "--data-dir", "SILICONFLOW_API_KEY", "SILICONDESK_LOG_LEVEL"):
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


def _run(*argv: str, data_dir: Path) -> int:
    from app.cli import parse_args
    from app.commands import run_command

    args = parse_args([*argv, "--data-dir", str(data_dir)])
    return run_command(args, resolve(None, str(data_dir), {}))


def _damaged_history(data_dir: Path) -> bytes:
    from app.domain.chat import Role
    from app.storage.history import HistoryStore

    path = data_dir / "history.sqlite3"
    store = HistoryStore.open(path)
    for i in range(20):
        conv = store.create_conversation(title=f"c{i}")
        store.add_message(conv.id, None, Role.USER, "text " * 200)
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    with path.open("r+b") as f:
        f.seek(8192)
        f.write(b"\xa5" * 8192)
    return path.read_bytes()


def test_export_of_a_damaged_history_fails_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _damaged_history(tmp_path)
    assert _run("export", "-o", str(tmp_path / "out.json"), data_dir=tmp_path) == 1
    err = capsys.readouterr().err
    assert err.startswith("silicondesk: nothing was exported: The history file ")
    assert "is damaged, so it was left as it is" in err
    assert (tmp_path / "history.sqlite3").read_bytes() == before
    assert not (tmp_path / "out.json").exists()
    # Importing (a write) recovers what is readable, and says how much.
    (tmp_path / "empty.json").write_text('{"format": "silicondesk", "version": 1, '
                                         '"conversations": []}')
    assert _run("import", str(tmp_path / "empty.json"), data_dir=tmp_path) == 0
    err = capsys.readouterr().err
    assert "The history file was damaged. It is kept at " in err
    assert " conversations (" in err and "could be read from it" in err
    assert "(s)" not in err


@pytest.mark.parametrize("content, said", [
    ("[" * 100_000, "the file is nested too deeply"),
    ('[{"mapping": {"a": {"parent": "b"}, "b": {"parent": "a"}}}]', "form a cycle"),
])
def test_a_malformed_import_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, said: str
) -> None:
    source = tmp_path / "in.json"
    source.write_text(content)
    assert _run("import", str(source), data_dir=tmp_path / "data") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"silicondesk: {source} was not imported, nothing was changed: ")
    assert said in err and "Traceback" not in err and err.count("\n") == 1


def test_the_data_folder_may_be_given_before_or_after_the_subcommand() -> None:
    from app.cli import parse_args

    assert parse_args(["--data-dir", "/a", "export"]).data_dir == "/a"
    assert parse_args(["export", "--data-dir", "/b"]).data_dir == "/b"
    assert parse_args(["--data-dir", "/c", "import", "f.json"]).data_dir == "/c"
    assert parse_args(["export"]).data_dir is None
