"""Demo mode (a local endpoint with sample replies) and the F1 shortcuts sheet."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from app.__main__ import Composition
from app.api.demo_server import DemoServer, reply_for
from app.config import resolve
from app.domain.history import Status
from app.domain.text import plain
from app.paths import settings_path
from app.services.settings_service import SettingsService
from app.storage.secrets import BackendInfo, KeyStore, Safety
from app.storage.settings import SettingsStore
from app.ui.message_commands import Command
from tests.ui.conftest import App, ScriptedPrompter

ROOT = Path(__file__).resolve().parents[2]


def test_sample_replies_cover_the_whole_ui() -> None:
    assert reply_for({"messages": [{"role": "user", "content": "error please"}]})[0] == 429
    status, events = reply_for({"messages": [{"role": "user", "content": "weather?"}]})
    assert status == 200 and b"get_weather" in b"".join(events)
    status, events = reply_for({"messages": [{"role": "user", "content": "think"}]})
    assert b"reasoning_content" in b"".join(events)


def test_asked_in_chinese_the_demo_answers_in_chinese() -> None:
    def said(prompt: str) -> str:
        status, events = reply_for({"messages": [{"role": "user", "content": prompt}]})
        assert status == 200
        text = ""
        for event in events:
            delta = json.loads(event.decode()[len("data: "):])["choices"][0]["delta"]
            text += delta.get("content") or delta.get("reasoning_content") or ""
        return text

    assert "从小处做起" in said("思考一下") and "先复述问题" in said("思考一下")
    assert "def fib" in said("写点代码") and "时间复杂度" in said("写点代码")
    assert "黄金分割" in said("给我一个表格")
    assert "演示模式" in said("你好") and "demo mode" in said("hello")
    assert reply_for({"messages": [{"role": "user", "content": "来个错误"}]})[0] == 429
    status, events = reply_for({"messages": [{"role": "user", "content": "北京天气"}]})
    assert status == 200 and b"get_weather" in b"".join(events)


@pytest.fixture
def demo_app(qloop: asyncio.AbstractEventLoop, qtbot: QtBot, tmp_path: Path) -> Iterator[App]:
    demo = qloop.run_until_complete(DemoServer(delay=0.001).start())
    http = httpx.AsyncClient()
    config = resolve(demo.url, str(tmp_path), {"SILICONFLOW_API_KEY": "demo"})
    settings = SettingsService(SettingsStore(settings_path(tmp_path)))
    keystore = KeyStore(None, BackendInfo("none", Safety.NONE, plain("none")))
    from PySide6.QtWidgets import QApplication

    parts = Composition(QApplication.instance(), config, http, settings, keystore,
                        ScriptedPrompter())
    qtbot.addWidget(parts.window)
    parts.window.show()
    app = App(parts, qloop, qtbot, None)  # type: ignore[arg-type]
    yield app
    qloop.run_until_complete(parts.aclose())
    qloop.run_until_complete(http.aclose())
    qloop.run_until_complete(demo.close())


def last_answer(app: App) -> object:
    return list(app.window.view.widgets.values())[-1]


def test_demo_endpoint_through_the_window(demo_app: App) -> None:
    app = demo_app
    app.send("show me code")
    app.wait_turn()
    answer = last_answer(app)
    assert "def fib" in answer.body.toPlainText()  # type: ignore[attr-defined]
    app.send("think about it")
    app.wait_turn()
    assert last_answer(app).thinking.isVisible()  # type: ignore[attr-defined]
    app.send("weather in Beijing")
    app.wait_turn()
    card = last_answer(app)
    assert card.message.tool_calls[0].name == "get_weather"  # type: ignore[attr-defined]
    card.result_fields["call_demo_1"].setText("sunny, 25°C")  # type: ignore[attr-defined]
    app.window.messages.run(Command.TOOL_RESULTS, card.message.id)  # type: ignore[attr-defined]
    app.wait_turn()
    assert "sunny, 25°C" in last_answer(app).body.toPlainText()  # type: ignore[attr-defined]
    app.send("show an error")
    app.wait_turn(timeout=30)
    failed = last_answer(app)
    assert failed.message.status is Status.ERROR  # type: ignore[attr-defined]
    assert "Rate limited (TPM)" in failed.message.error["message"]  # type: ignore[attr-defined]


def test_f1_lists_every_shortcut(make_app: Callable[..., App]) -> None:
    app = make_app()
    app.window.help_action.trigger()
    sheet = app.window.shortcuts_sheet
    keys = dict(sheet.rows)
    for name, shortcut in (("New chat", "Ctrl+N"), ("Search", "Ctrl+K"), ("Stop", "Esc"),
                           ("Regenerate", "Ctrl+R"), ("Copy last answer", "Ctrl+Shift+C"),
                           ("Toggle parameters", "Ctrl+\\"), ("Settings", "Ctrl+,"),
                           ("Keyboard shortcuts", "F1"), ("Quit", "Ctrl+Q")):
        assert keys[name] == shortcut, name


def test_demo_flag_starts_and_quits(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SILICONDESK_TIMING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "app", "--demo", "--data-dir",
                             str(tmp_path)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        assert "first paint" in proc.stdout.readline()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()
        proc.communicate()


def test_the_demo_says_what_images_arrived_and_reads_the_text_beside_them() -> None:
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
    content = [image, image, {"type": "text", "text": "写点代码"}]
    status, events = reply_for({"messages": [{"role": "user", "content": content}]})
    text = "".join(json.loads(e.decode()[len("data: "):])["choices"][0]["delta"].get("content")
                   or "" for e in events)
    assert status == 200 and "收到 2 张图片" in text and "def fib" in text
