"""The real program in a real X window (Xvfb): it appears quickly, and typing reaches it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.loopback import LoopbackServer, Reply, Request, sse

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def display() -> Iterator[str]:
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        pytest.skip("Xvfb and xdotool are not installed (.ci/run installs them)")
    number = 90 + os.getpid() % 50
    xvfb = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten",
                             "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f":{number}"
    finally:
        xvfb.terminate()
        xvfb.wait(5)


def xdotool(display: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=10,
                          env={**os.environ, "DISPLAY": display}, check=False)


def test_window_appears_and_typed_text_is_sent(
    display: str, server: LoopbackServer, tmp_path: Path
) -> None:
    def reply(request: Request) -> Reply:
        if request.path.endswith("/models"):
            return Reply.json(200, {"object": "list", "data": [{"id": "Qwen/Qwen3-8B"}]})
        return Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": "hi"},
                                               "finish_reason": "stop"}]})])

    server.default = reply
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "SILICONFLOW_API_KEY": "sk-xvfb-test"}
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(tmp_path),
                             "--base-url", server.url], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        window = ""
        while time.monotonic() - started < 10 and not window:
            found = xdotool(display, "search", "--onlyvisible", "--name", "SiliconDesk")
            window = found.stdout.split()[0] if found.stdout.split() else ""
            time.sleep(0.05)
        appeared = time.monotonic() - started
        assert window, "no SiliconDesk window appeared"
        assert appeared < 2.0, f"the window took {appeared:.2f} s"
        time.sleep(0.5)  # let it take focus
        xdotool(display, "type", "--delay", "20", "hello from xdotool")
        xdotool(display, "key", "Return")
        deadline = time.monotonic() + 10
        chats = [r for r in server.requests if r.path.endswith("/chat/completions")]
        while not chats and time.monotonic() < deadline:
            time.sleep(0.05)
            chats = [r for r in server.requests if r.path.endswith("/chat/completions")]
        assert chats, "typing did not reach the composer"
        body = chats[0].json()
        assert body["messages"][-1] == {"role": "user", "content": "hello from xdotool"}
        xdotool(display, "key", "ctrl+q")
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()
        proc.communicate()


@pytest.mark.parametrize(("lang", "title"), [("zh_CN.UTF-8", "演示"), ("en_US.UTF-8", "Demo")])
def test_the_system_language_chooses_the_window_language(
    display: str, tmp_path: Path, lang: str, title: str
) -> None:
    """Journey 17: on a Chinese system the window is Chinese (no setting needed)."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", LANG=lang)
    proc = subprocess.Popen([sys.executable, "-m", "app", "--demo", "--data-dir", str(tmp_path)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        name, deadline = "", time.monotonic() + 10
        while time.monotonic() < deadline and not name:
            found = xdotool(display, "search", "--onlyvisible", "--name", "SiliconDesk")
            if found.stdout.split():
                name = xdotool(display, "getwindowname", found.stdout.split()[0]).stdout
            time.sleep(0.05)
        assert title in name, name
        proc.terminate()
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()
        proc.communicate()
