"""First run, the key dialog, keyring trouble, settings and endpoints."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import keyring.errors
from PySide6.QtWidgets import QDialog

from app.config import resolve
from app.services.endpoints import key_account
from tests.loopback import LoopbackServer, Reply, sse
from tests.storage.test_secrets import MemoryKeyring
from tests.ui.conftest import App

AppFactory = Callable[..., App]
MODELS = {"object": "list", "data": [{"id": "Qwen/Qwen3-8B", "object": "model"}]}


def test_first_run_asks_tests_and_stores_the_key(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app(env_key=None)
    app.run(app.window.key_flow.ensure_key())
    dialog = app.window.key_flow.dialog
    assert dialog is not None and dialog.isVisible()
    intro = dialog.findChild(object, "keyIntro").text()  # type: ignore[union-attr]
    assert server.url in intro  # names the endpoint the key is for, by its address
    assert "cloud.siliconflow.cn" not in intro  # not SiliconFlow: no SiliconFlow key page
    dialog.field.setText("sk-wrong")
    server.queue(Reply.json(401, "Invalid token"))
    assert app.run(dialog.submit()) is False
    assert "not accepted" in dialog.status.text()
    assert app.backend.items == {}
    dialog.field.setText("  sk-good-key  ")
    server.queue(Reply.json(200, MODELS))
    assert app.run(dialog.submit()) is True
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert app.backend.items == {("SiliconDesk", key_account(server.url)): "sk-good-key"}
    assert server.requests[-1].path == "/v1/models"
    assert server.requests[-1].headers["authorization"] == "Bearer sk-good-key"
    assert app.window.panel.model_box.findText("Qwen/Qwen3-8B") >= 0
    server.queue(Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": "hi"},
                                                 "finish_reason": "stop"}]})]))
    app.send("hello")
    app.wait_turn()
    assert server.requests[-1].headers["authorization"] == "Bearer sk-good-key"


def test_the_siliconflow_key_dialog_says_where_keys_are_made(make_app: AppFactory) -> None:
    app = make_app(env_key=None, command_line=False)
    dialog = app.window.key_flow.ask_for_key()
    intro = dialog.findChild(object, "keyIntro").text()  # type: ignore[union-attr]
    assert "SiliconFlow" in intro and "cloud.siliconflow.cn" in intro
    dialog.reject()


def test_stored_key_is_used_without_asking(make_app: AppFactory,
                                           server: LoopbackServer) -> None:
    app = make_app(env_key=None, stored_key="sk-stored")
    app.run(app.window.key_flow.ensure_key())
    assert app.window.key_flow.dialog is None
    assert app.parts.keys.key_for(key_account(server.url)) == "sk-stored"


def test_without_a_keyring_the_key_is_for_this_session_only(make_app: AppFactory,
                                                            server: LoopbackServer) -> None:
    class PlainText(MemoryKeyring):
        pass

    PlainText.__module__ = "keyrings.alt.file"
    backend = PlainText()
    app = make_app(env_key=None, backend=backend, secure=False)
    app.run(app.window.key_flow.ensure_key())
    dialog = app.window.key_flow.dialog
    assert dialog is not None
    assert dialog.session_only.isChecked() and not dialog.session_only.isEnabled()
    assert "plain" in dialog.keyring_note.text().lower() or "file" in dialog.keyring_note.text()
    dialog.field.setText("sk-session")
    server.queue(Reply.json(200, MODELS))
    assert app.run(dialog.submit()) is True
    assert backend.items == {}  # never stored in the plain-text backend
    assert app.parts.keys.key_for(key_account(server.url)) == "sk-session"


def test_a_locked_keyring_gets_a_message_and_a_retry(make_app: AppFactory,
                                                     server: LoopbackServer) -> None:
    backend = MemoryKeyring(keyring.errors.KeyringLocked("locked"))
    app = make_app(env_key=None, backend=backend)
    app.run(app.window.key_flow.ensure_key())  # reading fails: said, and the dialog still asks
    assert "locked" in app.window.pane.notice.label.text()
    dialog = app.window.key_flow.dialog
    assert dialog is not None
    dialog.field.setText("sk-x")
    server.queue(Reply.json(200, MODELS), Reply.json(200, MODELS))
    assert app.run(dialog.submit()) is False
    assert "locked" in dialog.status.text() and "Try again" in dialog.status.text()
    backend.error = None  # the user unlocked it
    assert app.run(dialog.submit()) is True
    assert backend.items == {("SiliconDesk", key_account(server.url)): "sk-x"}


def test_settings_dialog_saves_and_applies(make_app: AppFactory) -> None:
    app = make_app()
    app.window.settings_action.trigger()
    dialog = app.window.settings_flow.dialog
    dialog.ctrl_enter.setChecked(True)
    dialog.retries.setValue(5)
    dialog.name.setText("Ollama")
    dialog.url.setText("ftp://nope")
    assert dialog.add_endpoint() is False and "http" in dialog.endpoint_error.text()
    dialog.url.setText("http://localhost:11434/v1/")
    assert dialog.add_endpoint() is True
    dialog.accept()
    saved = app.parts.settings.settings
    assert saved.send_key == "ctrl_enter" and saved.retry_count == 5
    assert saved.endpoints == [{"id": "ollama", "name": "Ollama",
                                "base_url": "http://localhost:11434/v1"}]
    assert app.window.composer.ctrl_enter_sends


def test_a_new_language_is_saved_and_offers_a_restart(make_app: AppFactory,
                                                      tmp_path: Path) -> None:
    app = make_app()
    window = app.window
    restarts: list[bool] = []
    window.settings_flow.restart = lambda: restarts.append(True)
    app.prompter.restart_answers = [False, True]
    for language in ("zh_CN", "en"):
        window.settings_action.trigger()
        dialog = window.settings_flow.dialog
        box = dialog.language
        box.setCurrentIndex(box.findData(language))
        dialog.accept()
        saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
        assert saved["language"] == language  # kept before any restart
    assert restarts == [True]  # declined first, accepted second
    notice = window.pane.notice
    assert "next starts" in notice.label.text()


def test_a_restart_runs_the_same_command_and_keeps_a_demo_s_data(tmp_path: Path) -> None:
    import sys

    from app.__main__ import restart_command

    demo = dataclasses.replace(resolve(None, str(tmp_path), {}), demo=True)
    assert restart_command(demo, ["python", "-m", "app", "--demo"]) == (
        sys.executable, ["-m", "app", "--demo", "--data-dir", str(tmp_path)])
    plain = resolve(None, str(tmp_path), {})
    assert restart_command(plain, ["/opt/silicondesk/silicondesk", "--base-url", "http://x/v1"]) \
        == (sys.executable, ["--base-url", "http://x/v1"])


def test_each_conversation_uses_its_endpoint_and_key(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    other = LoopbackServer().start()
    try:
        backend = MemoryKeyring()
        backend.set_password("SiliconDesk", "local-a", "sk-key-a")
        backend.set_password("SiliconDesk", "local-b", "sk-key-b")
        app = make_app(env_key=None, command_line=False, backend=backend,
                       endpoints=[{"id": "local-a", "name": "Local A", "base_url": server.url},
                                  {"id": "local-b", "name": "Local B", "base_url": other.url}],
                       active_endpoint="local-a")
        ok = Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": "ok"},
                                             "finish_reason": "stop"}]})])
        server.queue(Reply.json(200, MODELS), ok)
        app.run(app.window.key_flow.ensure_key())
        app.window.navigator.new_chat()
        app.send("to A")
        app.wait_turn()
        assert server.requests[-1].headers["authorization"] == "Bearer sk-key-a"
        box = app.window.panel.endpoint_box
        assert box.isEnabled() and box.count() == 3  # SiliconFlow, Local A, Local B
        box.setCurrentIndex(box.findData("local-b"))
        box.activated.emit(box.currentIndex())
        other.queue(Reply.json(200, MODELS), ok)
        app.until(lambda: any(r.path.endswith("/models") for r in other.requests))
        app.send("to B")
        app.wait_turn()
        chat = [r for r in other.requests if r.path.endswith("/chat/completions")]
        assert chat and chat[-1].headers["authorization"] == "Bearer sk-key-b"
        assert app.parts.store.conversation(app.window.navigator.current).endpoint == "local-b"
    finally:
        other.stop()
