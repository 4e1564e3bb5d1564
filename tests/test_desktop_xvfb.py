"""The real program in a real X window (Xvfb): it appears quickly, and typing reaches it."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import FIRST_PAINT, read_until, start_app, xdotool, xvfb
from tests.loopback import LoopbackServer, Reply, Request, sse


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with xvfb() as name:
        yield name


def window_of(display: str) -> str:
    """The program's window: asked once its first paint is reported, so no polling."""
    found = xdotool(display, "search", "--onlyvisible", "--name", "SiliconDesk").stdout.split()
    assert found, "no SiliconDesk window is visible"
    return found[0]


def end(proc: subprocess.Popen[bytes]) -> None:
    proc.kill()
    proc.wait()
    if proc.stdout:
        proc.stdout.close()


def test_window_appears_and_typed_text_is_sent(
    display: str, server: LoopbackServer, tmp_path: Path
) -> None:
    def reply(request: Request) -> Reply:
        if request.path.endswith("/models"):
            return Reply.json(200, {"object": "list", "data": [{"id": "Qwen/Qwen3-8B"}]})
        return Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": "hi"},
                                               "finish_reason": "stop"}]})])

    def chats() -> list[Request]:
        return [r for r in server.requests if r.path.endswith("/chat/completions")]

    server.default = reply
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "SILICONFLOW_API_KEY": "sk-xvfb-test", "SILICONDESK_TIMING": "1"}
    started = time.monotonic()
    proc = start_app("--data-dir", str(tmp_path), "--base-url", server.url, env=env)
    try:
        assert proc.stdout is not None
        read_until(proc.stdout, FIRST_PAINT, timeout=10)
        appeared = time.monotonic() - started
        window = window_of(display)
        assert appeared < 2.0, f"the window took {appeared:.2f} s"
        focus = xdotool(display, "windowfocus", "--sync", window)  # waits until it has focus
        assert focus.returncode == 0, focus.stderr
        xdotool(display, "type", "--delay", "20", "hello from xdotool")
        xdotool(display, "key", "Return")
        server.wait_until(chats, timeout=10)
        assert chats()[0].json()["messages"][-1] == {"role": "user",
                                                     "content": "hello from xdotool"}
        xdotool(display, "key", "ctrl+q")
        assert proc.wait(timeout=10) == 0
    finally:
        end(proc)


@pytest.mark.parametrize(("lang", "title"), [("zh_CN.UTF-8", "演示"), ("en_US.UTF-8", "Demo")])
def test_the_system_language_chooses_the_window_language(
    display: str, tmp_path: Path, lang: str, title: str
) -> None:
    """Journey 17: on a Chinese system the window is Chinese (no setting needed)."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", LANG=lang, SILICONDESK_TIMING="1")
    proc = start_app("--demo", "--data-dir", str(tmp_path), env=env)
    try:
        assert proc.stdout is not None
        read_until(proc.stdout, FIRST_PAINT, timeout=10)
        name = xdotool(display, "getwindowname", window_of(display)).stdout
        assert title in name, name
        proc.terminate()
        assert proc.wait(timeout=10) == 0
    finally:
        end(proc)


def test_each_run_gets_a_display_of_its_own(display: str) -> None:
    """Xvfb picks a free display (``-displayfd``), so a second server, as a parallel run
    starts, gets another one and nobody drives someone else's screen."""
    with xvfb(640, 480) as other:
        assert other != display
        assert xdotool(other, "getdisplaygeometry").stdout.split() == ["640", "480"]
    assert xdotool(display, "getdisplaygeometry").stdout.split() == ["1280", "800"]
