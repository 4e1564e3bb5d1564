"""Token probabilities in the window: the switch asks for them, the answer's toggle shows
its tokens shaded, a clicked token's real distribution goes to the panel's chart (reshaped
live by the fields) and its menu continues the answer with another token."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QTextEdit, QToolTip

from app.domain.history import Role
from app.ui.message_commands import Command, MessageCommand
from app.ui.token_view import STEPS, step_colours, step_of
from tests.loopback import LoopbackServer, Reply, capture, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]
CAPTURED = "llamacpp-logprobs.sse"


def cursor_at(text: QTextEdit, position: int) -> QTextCursor:
    cursor = QTextCursor(text.document())
    cursor.setPosition(position)
    return cursor


def answered(make_app: AppFactory, server: LoopbackServer) -> tuple[App, str]:
    app = make_app()
    app.window.navigator.new_chat()
    panel = app.window.panel
    panel.model_box.setEditText("SmolLM2-135M")
    panel.probabilities.switch.setChecked(True)
    server.queue(Reply(pieces=[capture(CAPTURED)]))
    app.send("Name three colours")
    app.wait_turn()
    cid = app.window.navigator.current
    assert cid
    answer = app.parts.conversations.store.messages(cid)[-1]
    return app, answer.id


def test_the_switch_asks_for_probabilities_and_the_answer_shows_them(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app, answer_id = answered(make_app, server)
    body = server.requests[-1].json()
    assert body["logprobs"] is True and body["top_logprobs"] == 5
    widget = app.window.view.widgets[answer_id]
    assert widget.probabilities_button.isVisible()
    assert "perplexity 3.53" in widget.footer.text()
    assert "mean log-probability -1.26" in widget.footer.text()
    widget.probabilities_button.click()
    assert widget.showing_probabilities and widget.body.isHidden()
    text = widget.token_view.text
    assert text.toPlainText() == widget.message.content
    # " Golden" (1.6%) is shaded as unlikely; "." (95%) is not shaded at all.
    golden = text.toPlainText().index("Golden")
    colours = step_colours()
    cursor = text.textCursor()
    cursor.setPosition(golden + 1)
    assert cursor.charFormat().background().color() == colours[step_of(0.0156)]
    cursor.setPosition(2)  # after "1."
    assert cursor.charFormat().background().style() == Qt.BrushStyle.NoBrush
    tip = text.tooltip(2)
    assert "␣Red 17.5%" in tip and "✓ ␣Golden 1.6%" in tip
    # Hovering " Golden" shows the same.
    rect = text.cursorRect(cursor_at(text, golden + 2))
    where = rect.center()
    QApplication.sendEvent(text.viewport(), QHelpEvent(
        QEvent.Type.ToolTip, where, text.viewport().mapToGlobal(where)))
    assert "Golden 1.6%" in QToolTip.text()
    widget.probabilities_button.click()
    assert not widget.showing_probabilities and widget.body.isVisible()


def test_a_clicked_token_feeds_the_chart_live(make_app: AppFactory,
                                               server: LoopbackServer) -> None:
    app, answer_id = answered(make_app, server)
    widget = app.window.view.widgets[answer_id]
    widget.probabilities_button.click()
    panel = app.window.panel
    app.window.messages.run(MessageCommand(Command.PICK_TOKEN, answer_id, 2))
    chart = panel.chart
    assert chart.real and chart.tokens == [" Red", " Blue", " Black", " Golden"]
    assert chart.chosen == 3 and "Golden" in panel.chart_title.text()
    assert abs(sum(chart.probabilities) - 1) < 1e-9
    panel.fields.edits["top_k"].setText("2")  # live: only Red and Blue survive
    assert [p > 0 for p in chart.probabilities] == [True, True, False, False]
    panel.example_button.click()
    assert not chart.real and len(chart.tokens) == 12


def test_continue_with_this_token_from_the_menu(make_app: AppFactory,
                                                server: LoopbackServer) -> None:
    app, answer_id = answered(make_app, server)
    widget = app.window.view.widgets[answer_id]
    widget.probabilities_button.click()
    view = widget.token_view
    view._clicked(2, QPoint(0, 0))
    assert view.menu is not None
    labels = [a.text() for a in view.menu.actions()]
    assert labels[0] == "Continue with “␣Red” (17.5%)" and len(labels) == 3
    view.menu.close()
    server.queue(Reply(pieces=[sse({"choices": [{"index": 0, "delta": {
        "content": " and Blue"}, "finish_reason": "stop"}]})]))
    view.menu.actions()[0].trigger()
    app.wait_turn()
    body = server.requests[-1].json()
    assert body["messages"][-2] == {"role": "assistant", "content": "1. Red"}
    cid = app.window.navigator.current
    assert cid
    messages = app.parts.conversations.store.messages(cid)
    assert [m.role for m in messages] == [Role.USER, Role.ASSISTANT, Role.ASSISTANT]
    assert messages[-1].content == "1. Red and Blue"
    new = app.window.view.widgets[messages[-1].id]
    assert new.switcher.isVisible()  # the sibling switcher shows 2 of 2


def test_a_refusal_gives_a_notice_and_teaches_the_model(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    app.window.navigator.new_chat()
    panel = app.window.panel
    panel.model_box.setEditText("Qwen/Qwen3-8B")
    panel.probabilities.switch.setChecked(True)
    server.queue(Reply.json(400, {"code": 20015,
                                  "message": "The model does not support parameter logprobs."}),
                 Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": "Hi"},
                                                 "finish_reason": "stop"}]})]))
    app.send("Hello")
    app.wait_turn()
    assert "does not send token probabilities" in app.window.pane.notice.label.text()
    catalog = app.parts.account.catalog
    endpoint = app.window.models.endpoint()
    assert catalog.capabilities(endpoint, "Qwen/Qwen3-8B").logprobs is False
    assert "the endpoint said this model does not take it" in panel.model_note.text()
    body = server.requests[-1].json()
    assert "logprobs" not in body


def test_the_steps_are_ordered_and_readable_in_both_themes() -> None:
    assert list(STEPS) == sorted(STEPS, reverse=True)
    assert step_of(1.0) == 0 and step_of(0.0) == len(STEPS) - 1
    json.dumps(STEPS)


def test_a_long_answer_is_shaded_a_part_at_a_time(make_app: AppFactory,
                                                  server: LoopbackServer) -> None:
    from app.domain.logprobs import TokenLogprob
    from app.ui.token_view import TokenView

    make_app()
    view = TokenView()
    tokens = [TokenLogprob(f"w{i} ", -0.1 * (i % 30)) for i in range(25)]
    view.show_tokens(tokens, limit=10)
    assert view.text.toPlainText() == "".join(t.token for t in tokens[:10])
    assert not view.more.isHidden() and "15 of 25" in view.more.text()
    view.more.click()  # the next part (6,000 tokens): all the rest here
    assert view.text.shown == 25 and view.more.isHidden()
    assert view.text.toPlainText() == "".join(t.token for t in tokens)
