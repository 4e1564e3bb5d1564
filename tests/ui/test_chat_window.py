"""Chatting at the desk, through the real window and a loopback server."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from app.api.limits import Limits
from app.domain.history import Status
from app.ui.message_commands import Command
from tests.loopback import LoopbackServer, Reply, capture, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]


def chunk(text: str = "", finish: str | None = None, index: int = 0,
          reasoning: str = "") -> dict[str, object]:
    delta: dict[str, object] = {"content": text or None}
    if reasoning:
        delta["reasoning_content"] = reasoning
    return {"id": "c", "model": "deepseek-ai/DeepSeek-R1",
            "choices": [{"index": index, "delta": delta, "finish_reason": finish}]}


ANSWER = ("Here is code:\n\n```python\nprint('hi')\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
          "- one\n- two\n")


def test_send_shows_the_streamed_answer_and_stores_it(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    body = sse(*[chunk(ANSWER[i:i + 7]) for i in range(0, len(ANSWER), 7)], chunk("", "stop"))
    server.queue(Reply(pieces=[body[i:i + 50] for i in range(0, len(body), 50)], delay=0.002))
    app.send("show me code")
    assert app.window.composer.toPlainText() == ""  # sent and cleared
    app.wait_turn()
    widgets = list(app.window.view.widgets.values())
    assert [w.objectName() for w in widgets] == ["userMessage", "assistantMessage"]
    shown = widgets[1].body.toPlainText()
    assert "print('hi')" in shown and "python" in shown and "one" in shown
    assert widgets[1].body.document().toHtml().count("<table") >= 2  # code block and table
    stored = app.parts.store.messages(app.window.navigator.current)
    assert stored[-1].content == ANSWER and stored[-1].status is Status.COMPLETE
    assert QApplication.focusWidget() is app.window.composer
    assert app.window.pane.send_button.isVisible()


def test_thinking_block_is_live_then_folded(make_app: AppFactory, server: LoopbackServer) -> None:
    app = make_app()
    reasoning = [chunk(reasoning=f"step {i} ") for i in range(5)]
    server.queue(Reply(pieces=[sse(*reasoning, done=False), sse(chunk("Answer", "stop"))],
                       delay=0.4))
    app.send("think")
    app.until(lambda: any(w.thinking.isVisible() for w in app.window.view.widgets.values()))
    answer = list(app.window.view.widgets.values())[-1]
    assert answer.thinking.toggle.text().startswith("Thinking…")
    assert answer.thinking.is_open
    app.wait_turn()
    assert answer.thinking.toggle.text().startswith("Thought for")
    assert not answer.thinking.is_open  # folded when the answer is done
    answer.thinking.toggle.click()
    assert answer.thinking.is_open and "step 4" in answer.thinking.text.toPlainText()


def test_stop_keeps_the_partial_answer_marked(make_app: AppFactory, server: LoopbackServer) -> None:
    app = make_app()
    server.queue(Reply(pieces=[sse(chunk(f"{i} "), done=False) for i in range(200)], delay=0.02))

    async def scenario() -> None:  # one coroutine: the loop runs under the open stream
        app.send("count")
        await app.condition(lambda: app.window.pane.stop_button.isVisible()
                            and any(s.content.startswith("0 1 2")
                                    for s in app.parts.runner.live(app.window.navigator.current)))
        app.qtbot.keyClick(app.window.composer, Qt.Key.Key_Escape)
        await app.parts.chat.wait()

    app.run(scenario())
    answer = list(app.window.view.widgets.values())[-1]
    assert answer.message.status is Status.STOPPED and answer.message.content.startswith("0 ")
    status = answer.findChild(QLabel, "statusText")
    assert status is not None and status.text().startswith("Stopped")
    assert answer.findChild(QPushButton, "status_continue") is not None
    assert app.window.pane.send_button.isVisible()


def _status_buttons(app: App) -> list[str]:
    answer = list(app.window.view.widgets.values())[-1]
    return [b.objectName() for b in answer.status_row.findChildren(QPushButton)]


def test_errors_are_shown_with_the_action_that_fits(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    cases = [
        (Reply.json(400, {"code": 20012, "message": "Model does not exist."}),
         "status_pick_model", "does not know this model"),
        (Reply.json(403, {"code": 30001, "message": "Sorry, your account balance is insufficient"}),
         "status_retry", "balance"),
        (Reply(pieces=[sse(chunk("half an answer"), done=False)], abort=True),
         "status_continue", "connection dropped"),
    ]
    for reply, button, said in cases:
        server.queue(reply)
        app.send("q")
        app.wait_turn()
        answer = list(app.window.view.widgets.values())[-1]
        assert button in _status_buttons(app)
        status = answer.findChild(QLabel, "statusText")
        assert status is not None and said in status.text()


def test_a_401_opens_the_key_dialog_and_keeps_the_message(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    server.queue(Reply.json(401, "Invalid token"))
    app.send("my important question")
    app.wait_turn()
    dialog = app.window.key_flow.dialog
    assert dialog is not None and dialog.isVisible()
    assert "not accepted" in dialog.findChild(QLabel, "keyIntro").text()  # type: ignore[union-attr]
    assert "status_fix_key" in _status_buttons(app)
    user = app.parts.store.messages(app.window.navigator.current)[0]
    assert user.content == "my important question"


def test_retry_countdown_is_visible_and_cancellable(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app(retry_count=3)
    server.queue(Reply.json(429, {"message": "Request was rejected due to rate limiting. "
                                  "Details: TPM limit reached."}, {"Retry-After": "30"}))
    app.send("q")
    banner = app.window.pane.retry_banner
    app.until(banner.isVisible)
    assert "Rate limited (TPM)" in banner.label.text() and "Retrying in" in banner.label.text()
    banner.button.click()
    app.wait_turn()
    assert not banner.isVisible()
    assert len(server.requests) == 1


def test_n_two_shows_a_switcher_and_continues_from_the_shown(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    app.window.navigator.new_chat()
    app.window.params.on_params_edited({"model": "m", "n": 2})
    server.queue(Reply(pieces=[sse(chunk("first", index=0), chunk("second", index=1),
                                   chunk("", "stop", 0), chunk("", "stop", 1))]))
    app.send("two please")
    app.wait_turn()
    answer = list(app.window.view.widgets.values())[-1]
    assert answer.switcher.isVisible()
    assert answer.findChild(QLabel, "siblingPosition").text() == "1 / 2"  # type: ignore[union-attr]
    assert answer.message.content == "first"
    app.window.messages.run(Command.NEXT_SIBLING, answer.message.id)
    shown = list(app.window.view.widgets.values())[-1]
    assert shown.message.content == "second"
    server.queue(Reply(pieces=[sse(chunk("ok", "stop"))]))
    app.send("continue from the second")
    app.wait_turn()
    sent = server.requests[-1].json()["messages"]
    assert [m["content"] for m in sent] == ["two please", "second", "continue from the second"]


def test_fewer_answers_than_n_asked_are_said(make_app: AppFactory,
                                             server: LoopbackServer) -> None:
    app = make_app()
    app.window.navigator.new_chat()
    app.window.params.on_params_edited({"model": "m", "n": 3})
    server.queue(Reply(pieces=[sse(chunk("only one", "stop"))]))  # a server ignoring n
    app.send("three please")
    app.wait_turn()
    assert server.requests[-1].json()["n"] == 3
    said = app.window.statusBar().currentMessage()
    assert "Asked for 3 answers" in said and "sent 1" in said
    assert list(app.window.view.widgets.values())[-1].message.content == "only one"


def test_edit_and_resend_makes_a_branch(make_app: AppFactory, server: LoopbackServer) -> None:
    app = make_app()
    server.queue(Reply(pieces=[sse(chunk("one", "stop"))]),
                 Reply(pieces=[sse(chunk("two", "stop"))]))
    app.send("original")
    app.wait_turn()
    user = next(iter(app.window.view.widgets.values()))
    app.window.messages.run(Command.EDIT, user.message.id)
    assert app.window.composer.toPlainText() == "original"
    app.send("edited")
    app.wait_turn()
    shown = [w.message.content for w in app.window.view.widgets.values()]
    assert shown == ["edited", "two"]
    first = next(iter(app.window.view.widgets.values()))
    assert first.findChild(QLabel, "siblingPosition").text() == "2 / 2"  # type: ignore[union-attr]
    app.window.messages.run(Command.PREVIOUS_SIBLING, first.message.id)
    assert [w.message.content for w in app.window.view.widgets.values()] == ["original", "one"]


def test_reasoning_capture_end_to_end(make_app: AppFactory, server: LoopbackServer) -> None:
    app = make_app()
    server.queue(Reply(pieces=[capture("sf-r1-keepalive-crlf.sse")]))
    app.send("hello")
    app.wait_turn()
    answer = list(app.window.view.widgets.values())[-1]
    assert "Hello! How can I assist you today?" in answer.body.toPlainText()
    footer = answer.footer.text()
    assert "deepseek-ai/DeepSeek-R1" in footer and "294 in / 51 out (38 thinking)" in footer


def streamed_document(app: App, server: LoopbackServer, text: str,
                      step: int = 3) -> QTextDocument:
    """The answer's document after ``text`` streamed in ``step``-character pieces."""
    pieces = [chunk(text[i:i + step]) for i in range(0, len(text), step)]
    server.queue(Reply(pieces=[sse(*pieces, chunk("", "stop"))]))
    app.send("q")
    app.wait_turn()
    return list(app.window.view.widgets.values())[-1].body.document()


def test_blocks_keep_their_kind_after_lists_and_tables(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    text = "intro\n\n| a |\n|---|\n| 1 |\n\n- one\n- two\n\nafter the list\n"
    doc = streamed_document(make_app(), server, text)
    blocks = []
    block = doc.begin()
    while block.isValid():
        if block.text() or block.textList() is not None:  # an empty list item is a stray bullet
            blocks.append((block.text(), block.textList() is not None))
        block = block.next()
    assert ("after the list", False) in blocks  # not swallowed by the list
    assert [b for b in blocks if b[1]] == [("one", True), ("two", True)]


def test_no_blank_line_after_a_table_or_code(make_app: AppFactory, server: LoopbackServer) -> None:
    text = "intro\n\n| a |\n|---|\n| 1 |\n\n```py\nx = 1\n```\n\nafter\n"
    doc = streamed_document(make_app(), server, text, step=4)
    top_level = []  # the document's own paragraphs (not those inside tables)
    block = doc.begin()
    while block.isValid():
        if block.layout() is not None and doc.rootFrame() is \
                QTextCursor(block).currentFrame():
            top_level.append(block.text())
        block = block.next()
    assert top_level == ["intro", "", "after"]  # the one paragraph a frame needs between


def test_a_stream_that_sends_no_text_says_so_and_can_be_stopped(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app(limits=Limits(idle_notice=0.3, idle_deadline=30))
    keepalives = [b": keep-alive\n\n"] * 200
    server.queue(Reply(pieces=[sse(chunk("Begun "), done=False), *keepalives], delay=0.05))
    app.send("slow")
    banner = app.window.pane.retry_banner
    app.until(lambda: banner.isVisible() and "No text for" in banner.label.text())
    assert app.window.pane.stop_button.isVisible()
    banner.button.click()  # Stop, from the notice
    app.wait_turn()
    answer = app.parts.store.messages(app.window.navigator.current)[-1]
    assert answer.status is Status.STOPPED and answer.content == "Begun "
    assert not banner.isVisible()


def test_an_answer_ending_in_a_fence_without_a_newline_closes_its_code_block(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    text = "Run this:\n\n```python\nprint('hi')\n```"  # how models end: no newline
    server.queue(Reply(pieces=[sse(chunk(text[:20]), chunk(text[20:], "stop"))]))
    app.send("code please")
    app.wait_turn()
    answer = list(app.window.view.widgets.values())[-1]
    assert "```" not in answer.body.toPlainText()
    assert list(answer.rich.code_blocks.values()) == ["print('hi')"]  # what Copy gives


def test_continue_extends_the_cut_answer_in_place(make_app: AppFactory,
                                                  server: LoopbackServer) -> None:
    app = make_app()
    server.queue(Reply(pieces=[sse(chunk("The first half", "length"))]))
    app.send("tell me")
    app.wait_turn()
    cut = list(app.window.view.widgets.values())[-1]
    continue_button = cut.findChild(QPushButton, "status_continue")
    assert continue_button is not None
    server.queue(Reply(pieces=[sse(chunk(" and the second.", "stop"))]))
    continue_button.click()
    app.wait_turn()
    shown = list(app.window.view.widgets.values())
    assert [w.message.role.value for w in shown] == ["user", "assistant"]  # no extra turn
    assert shown[-1].body.toPlainText().strip() == "The first half and the second."
    assert shown[-1].findChild(QLabel, "siblingPosition").text() == "2 / 2"  # the cut one kept


def test_regenerate_with_current_parameters_is_in_regenerates_menu(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QToolButton

    app = make_app()
    server.queue(Reply(pieces=[sse(chunk("first", "stop"))]),
                 Reply(pieces=[sse(chunk("second", "stop"))]))
    app.send("hi")
    app.wait_turn()
    answer = list(app.window.view.widgets.values())[-1]
    button = answer.findChild(QToolButton, "action_regenerate")
    assert button is not None and button.menu() is not None
    assert answer.findChild(QToolButton, "action_regenerate_current") is None  # no button
    action = button.menu().findChild(QAction, "action_regenerate_current")
    assert action is not None and action.text() == "With current parameters"
    action.trigger()
    app.wait_turn()
    assert len(server.requests) == 2
    answers = [m for m in app.parts.store.messages(app.window.navigator.current)
               if m.role.value == "assistant"]
    assert [a.content for a in answers] == ["first", "second"]
