"""Endpoints are edited, not only added and removed: name, base URL, their own headers and
"no key needed"; the list says which have a key."""

from __future__ import annotations

from collections.abc import Callable

from tests.loopback import LoopbackServer, Reply, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]
OK = Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": "ok"},
                                     "finish_reason": "stop"}]})])


def test_an_edited_endpoint_sends_its_headers_and_no_key(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app(command_line=False, env_key=None,
                   endpoints=[{"id": "relay", "name": "Relay", "base_url": "http://old:1/v1"}],
                   active_endpoint="relay")
    app.window.settings_action.trigger()
    dialog = app.window.settings_flow.dialog
    texts = [dialog.endpoint_list.item(i).text() for i in range(dialog.endpoint_list.count())]
    assert any("Relay" in t and "(no key)" in t for t in texts)
    dialog.endpoint_list.setCurrentRow(1)
    editor = dialog.edit_endpoint()
    assert editor is not None and editor.url.text() == "http://old:1/v1"
    editor.url.setText(server.url)
    editor.headers.setPlainText("Authorization: Bearer stolen")
    editor.save()
    assert editor.error.isVisible() and "Authorization" in editor.error.text()
    editor.headers.setPlainText("X-Trace-Id: desk-42\nX-Relay-Team: blue")
    editor.no_key.setChecked(True)
    editor.name.setText("Local relay")
    editor.save()
    assert "(no key needed)" in dialog.endpoint_list.item(1).text()
    dialog.accept()
    saved = app.parts.settings.settings.endpoints
    assert saved == [{"id": "relay", "name": "Local relay", "base_url": server.url,
                      "headers": {"X-Trace-Id": "desk-42", "X-Relay-Team": "blue"},
                      "no_key": True}]
    server.queue(Reply.json(200, {"object": "list", "data": [{"id": "m"}]}), OK)
    app.run(app.window.key_flow.ensure_key())  # no key is asked for: the list is fetched
    app.until(lambda: app.parts.account.catalog.fetched_at("relay") is not None)
    assert app.window.key_flow.dialog is None
    app.send("hi")
    app.wait_turn()
    chat = [r for r in server.requests if r.path.endswith("/chat/completions")][-1]
    assert chat.headers["x-trace-id"] == "desk-42" and chat.headers["x-relay-team"] == "blue"
    assert "authorization" not in chat.headers
    assert chat.json()["model"] == "m"  # the endpoint's own model
    assert app.window.panel.endpoint_box.currentText() == "Local relay"


def test_who_writes_titles_is_a_setting(make_app: AppFactory) -> None:
    app = make_app()
    app.window.settings_action.trigger()
    dialog = app.window.settings_flow.dialog
    assert not dialog.titles.model.isEnabled()
    dialog.titles.mode.setCurrentIndex(dialog.titles.mode.findData("model"))
    assert dialog.titles.model.isEnabled()
    dialog.titles.model.setText("Qwen/Qwen2.5-7B-Instruct")
    dialog.accept()
    saved = app.parts.settings.settings
    assert (saved.title_mode, saved.title_model) == ("model", "Qwen/Qwen2.5-7B-Instruct")


def test_a_401_from_a_no_key_endpoint_says_where_to_fix_it(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app(command_line=False, env_key=None,
                   endpoints=[{"id": "box", "name": "Box", "base_url": server.url,
                               "no_key": True}], active_endpoint="box")
    server.queue(Reply.json(401, "Invalid token"))
    app.send("hi")
    app.wait_turn()
    assert app.window.key_flow.dialog is None  # a key typed there would never be sent
    assert "No key needed" in app.window.pane.notice.label.text()
