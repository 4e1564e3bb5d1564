"""The parameter panel sends exactly what it shows."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from app.api.snippets import as_curl, as_javascript, as_python
from tests.loopback import LoopbackServer, Reply, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]
OK = {"choices": [{"index": 0, "delta": {"content": "ok"}, "finish_reason": "stop"}]}


def fresh(make_app: AppFactory) -> App:
    app = make_app()
    app.window.navigator.new_chat()
    return app


def set_field(app: App, name: str, text: str) -> None:
    app.window.panel.fields.edits[name].setText(text)


def test_every_field_reaches_the_posted_body(make_app: AppFactory, server: LoopbackServer) -> None:
    app = fresh(make_app)
    panel = app.window.panel
    panel.model_box.setEditText("Qwen/Qwen3-8B")
    for name, text in (("temperature", "1.3"), ("top_p", "0.9"), ("top_k", "20"),
                       ("min_p", "0.05"), ("frequency_penalty", "-0.5"),
                       ("max_tokens", "16384"), ("n", "1"), ("thinking_budget", "128")):
        set_field(app, name, text)
    panel.fields.stream.setCurrentIndex(panel.fields.stream.findData("true"))
    panel.fields.enable_thinking.setCurrentIndex(panel.fields.enable_thinking.findData("false"))
    panel.fields.response_format.setCurrentIndex(
        panel.fields.response_format.findData("json_object"))
    panel.fields.stops[0].setText("END")
    panel.fields.stops[1].setText("停")
    panel.fields.templates.activated.emit(1)  # the weather template
    server.queue(Reply(pieces=[sse(OK)]))
    app.send("天气")
    app.wait_turn()
    body = server.requests[-1].json()
    assert body["model"] == "Qwen/Qwen3-8B"
    assert body["messages"] == [{"role": "user", "content": "天气"}]
    expected = {"temperature": 1.3, "top_p": 0.9, "top_k": 20, "min_p": 0.05,
                "frequency_penalty": -0.5, "max_tokens": 16384, "n": 1, "thinking_budget": 128,
                "stream": True, "enable_thinking": False,
                "response_format": {"type": "json_object"}, "stop": ["END", "停"]}
    for key, value in expected.items():
        assert body[key] == value, key
    assert body["tools"][0]["function"]["name"] == "get_weather"
    assert "history_limit" not in body  # a SiliconDesk setting, never a request field


def test_unset_fields_are_absent(make_app: AppFactory, server: LoopbackServer) -> None:
    app = fresh(make_app)
    app.window.panel.reset()
    server.queue(Reply(pieces=[sse(OK)]))
    app.send("hi")
    app.wait_turn()
    assert set(server.requests[-1].json()) == {"model", "messages"}


def test_bad_values_are_reported_and_block_sending(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = fresh(make_app)
    set_field(app, "temperature", "3")
    set_field(app, "max_tokens", "lots")
    errors = app.window.panel.fields.errors
    assert errors["temperature"].text() == "must be between 0 and 2; it is 3."
    assert "whole number" in errors["max_tokens"].text()
    assert not app.window.pane.send_button.isEnabled()
    reason = app.window.pane.send_reason.text()
    assert "temperature" in reason and "max_tokens" in reason
    assert app.window.panel.fields.edits["temperature"].text() == "3"  # never clamped
    app.send("blocked")
    app.pump(0.1)
    assert server.requests == []
    assert app.window.composer.toPlainText() == "blocked"  # what was typed stays
    set_field(app, "temperature", "")
    set_field(app, "max_tokens", "")
    assert app.window.pane.send_button.isEnabled()
    app.window.panel.fields.tools.setPlainText('[{"type": "function", "function": '
                                               '{"name": "bad name"}}]')
    assert "bad name" in app.window.panel.fields.tools_error.text()
    assert not app.window.pane.send_button.isEnabled()


def test_preview_equals_the_posted_body_and_snippets(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = fresh(make_app)
    set_field(app, "temperature", "0.2")
    app.window.composer.setPlainText("预览这个请求")
    app.run(app.window.params.refresh_preview())
    preview = app.window.panel.body
    assert app.window.panel.preview.toPlainText() == preview.decode()
    server.queue(Reply(pieces=[sse(OK)]))
    app.window.composer.submit()
    app.wait_turn()
    assert server.requests[-1].body == preview  # byte for byte
    assert "sk-" not in preview.decode()
    url = app.window.panel.url
    assert url == f"{server.url}/chat/completions"
    curl = as_curl(url, preview)
    assert "Bearer <token>" in curl and "预览这个请求" in curl
    namespace: dict[str, object] = {}
    python = as_python(url, preview)
    exec(python.split("headers =")[0].replace("import requests", ""), namespace)
    assert namespace["payload"] == json.loads(preview)
    js = as_javascript(url, preview)
    body_literal = js.split("body: ", 1)[1].split("\n", 1)[0]
    assert json.loads(json.loads(body_literal)) == json.loads(preview)
    app.window.panel.buttons["curl"].click()  # the preview now shows the next request
    assert QApplication.clipboard().text() == as_curl(url, app.window.panel.body)
    assert '{"role":"assistant","content":"ok"}' in QApplication.clipboard().text()


def test_presets_and_defaults(make_app: AppFactory) -> None:
    app = fresh(make_app)
    panel = app.window.panel
    set_field(app, "temperature", "0.1")
    panel.save_preset("precise")
    set_field(app, "temperature", "1.5")
    panel.save_preset("creative")
    assert app.parts.settings.settings.presets["precise"]["temperature"] == 0.1
    panel.preset_box.setCurrentText("precise")
    panel.load_preset()
    assert panel.fields.edits["temperature"].text() == "0.1"
    assert app.window.navigator.draft_params["temperature"] == 0.1  # the chat's, to be sent
    panel.rename_preset("exact")
    assert set(app.parts.settings.settings.presets) == {"exact", "creative"}
    panel.preset_box.setCurrentText("creative")
    panel.delete_preset()
    assert set(app.parts.settings.settings.presets) == {"exact"}
    panel.buttons["default"].click()
    assert app.parts.settings.settings.default_params["temperature"] == 0.1
    app.send("x")  # the chat is stored with its first message, with its parameters
    app.wait_turn()
    conv = app.parts.store.conversation(app.window.navigator.current)
    assert conv.params["temperature"] == 0.1
    app.window.navigator.new_chat()
    assert panel.fields.edits["temperature"].text() == "0.1"  # a new chat starts from them
    panel.reset()
    assert panel.fields.edits["temperature"].text() == ""


def test_history_limit_and_chart(make_app: AppFactory, server: LoopbackServer) -> None:
    app = fresh(make_app)
    for text in ("one", "two"):
        server.queue(Reply(pieces=[sse(OK)]))
        app.send(text)
        app.wait_turn()
    app.window.panel.fields.history.setText("1")
    server.queue(Reply(pieces=[sse(OK)]))
    app.send("three")
    app.wait_turn()
    assert server.requests[-1].json()["messages"] == [{"role": "user", "content": "three"}]
    chart = app.window.panel.chart
    before = list(chart.probabilities)
    set_field(app, "top_k", "2")
    assert sum(1 for p in chart.probabilities if p > 0) == 2 and chart.probabilities != before
    set_field(app, "top_k", "")
    set_field(app, "temperature", "0")
    assert max(chart.probabilities) == 1.0


def test_json_answers_are_formatted_and_marked(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = fresh(make_app)
    panel = app.window.panel
    panel.fields.response_format.setCurrentIndex(
        panel.fields.response_format.findData("json_object"))
    for content, mark in (('{"city":"北京","temp":25}', "✓ valid JSON"),
                          ('{"city": "北京",', "✗ invalid JSON")):
        server.queue(Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": content},
                                                     "finish_reason": "stop"}]})]))
        app.send("json please")
        app.wait_turn()
        answer = list(app.window.view.widgets.values())[-1]
        assert mark in answer.footer.text()
    valid = list(app.window.view.widgets.values())[-3]
    assert '"city": "北京"' in valid.body.toPlainText()  # formatted with indentation
    assert "```" not in valid.body.toPlainText()  # no stray fence after the block
    assert "```" not in valid.code_block(0) and '"temp": 25' in valid.code_block(0)


def test_tool_result_continues_with_the_call_id(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = fresh(make_app)
    call = {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "call_7",
            "type": "function", "function": {"name": "get_weather",
                                             "arguments": '{"city":"北京"}'}}]},
            "finish_reason": "tool_calls"}]}
    server.queue(Reply(pieces=[sse(call)]), Reply(pieces=[sse(OK)]))
    app.send("weather?")
    app.wait_turn()
    answer = list(app.window.view.widgets.values())[-1]
    assert answer.tool_results.isVisible()
    answer.result_fields["call_7"].setText("晴，25°C")
    answer.findChild(object, "sendToolResults").click()  # type: ignore[union-attr]
    app.wait_turn()
    sent = server.requests[-1].json()["messages"]
    assert sent[-1] == {"role": "tool", "content": "晴，25°C", "tool_call_id": "call_7"}
    assert sent[-2]["tool_calls"][0]["id"] == "call_7"


def test_choices_made_before_the_first_message_are_what_it_posts(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    other = LoopbackServer().start()
    try:
        app = make_app(command_line=False, env_key=None,
                       endpoints=[{"id": "local", "name": "Local", "base_url": other.url}])
        app.run(app.parts.endpoints.save_key("local", "sk-local", session_only=True))
        panel = app.window.panel
        assert app.window.navigator.current == ""  # the empty state: nothing stored yet
        box = panel.endpoint_box
        box.setCurrentIndex(box.findData("local"))
        box.activated.emit(box.currentIndex())
        panel.model_box.setEditText("local-model")
        set_field(app, "temperature", "0.3")
        panel.system_prompt.setPlainText("Answer in French.")
        panel.flush()
        app.run(app.window.params.refresh_preview())
        preview = json.loads(panel.preview.toPlainText())
        other.queue(Reply.json(200, {"object": "list", "data": []}), Reply(pieces=[sse(OK)]))
        app.send("bonjour")
        app.wait_turn()
        chat = [r for r in other.requests if r.path.endswith("/chat/completions")]
        assert len(chat) == 1 and not any(
            r.path.endswith("/chat/completions") for r in server.requests)
        body = chat[0].json()
        assert body["model"] == "local-model" and body["temperature"] == 0.3
        assert body["messages"][0] == {"role": "system", "content": "Answer in French."}
        assert {k: v for k, v in body.items() if k != "messages"} == {
            k: v for k, v in preview.items() if k != "messages"}  # the preview said so
        conv = app.parts.store.conversation(app.window.navigator.current)
        assert conv.endpoint == "local" and conv.system_prompt == "Answer in French."
        assert panel.fields.edits["temperature"].text() == "0.3"  # no snapping back
    finally:
        other.stop()


def test_the_wheel_scrolls_past_fields_without_changing_them(make_app: AppFactory) -> None:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QComboBox

    app = fresh(make_app)
    panel = app.window.panel
    combos = [c for c in panel.findChildren(QComboBox) if c.isVisible() and c.count() > 1]
    assert combos
    before = [c.currentIndex() for c in combos]
    app.window.composer.setFocus()
    for combo in combos:
        centre = QPointF(combo.rect().center())
        wheel = QWheelEvent(centre, QPointF(combo.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                            QPoint(0, -120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(combo, wheel)
    assert [c.currentIndex() for c in combos] == before  # nothing changed under the wheel
    focused = next(c for c in combos if not c.isEditable())
    focused.setFocus()
    app.qtbot.waitUntil(focused.hasFocus)
    centre = QPointF(focused.rect().center())
    QApplication.sendEvent(focused, QWheelEvent(
        centre, QPointF(focused.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False))
    assert focused.currentIndex() != before[combos.index(focused)]  # with focus it does
