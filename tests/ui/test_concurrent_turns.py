"""Turns side by side: two conversations stream at once, each stops on its own, quitting
keeps both, and the per-endpoint limit queues what is over it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from app.domain.history import Status
from tests.loopback import LoopbackServer, Reply, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]


def chunk(text: str, finish: str | None = None) -> dict[str, object]:
    return {"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": finish}]}


def slow(words: list[str], delay: float = 0.03, finish: bool = True) -> Reply:
    pieces = [sse(chunk(w + " "), done=False) for w in words]
    if finish:
        pieces.append(sse(chunk("", "stop")))
    return Reply(pieces=pieces, delay=delay)


def answers(app: App, conversation_id: str) -> list[tuple[Status, str]]:
    return [(m.status, m.content) for m in app.parts.store.messages(conversation_id)
            if m.role.value == "assistant"]


async def start_two(app: App, server: LoopbackServer, first: Reply,
                    second: Reply) -> tuple[str, str]:
    """Ask in one conversation, open another while it streams, ask there too."""
    server.queue(first, second)
    app.send("first question")
    a = app.window.navigator.current
    await app.condition(lambda: bool(app.parts.runner.live(a)))
    app.window.navigator.new_chat()
    assert app.window.pane.send_button.isVisible()  # the new chat is free to send
    app.send("second question")
    b = app.window.navigator.current
    assert a and b and a != b
    await app.condition(lambda: len(server.requests) == 2)
    return a, b


def test_two_conversations_stream_at_once_and_both_are_stored(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    one = [f"a{i}" for i in range(25)]
    two = [f"b{i}" for i in range(10)]

    async def scenario() -> None:
        a, b = await start_two(app, server, slow(one), slow(two))
        assert app.parts.chat.busy(a) and app.parts.chat.busy(b)  # both on the wire at once
        await app.parts.chat.wait()
        assert answers(app, a) == [(Status.COMPLETE, " ".join(one) + " ")]
        assert answers(app, b) == [(Status.COMPLETE, " ".join(two) + " ")]
        shown = list(app.window.view.widgets.values())[-1]
        assert shown.body.toPlainText().startswith("b0 b1")  # the view shows b, not a

    app.run(scenario())


def test_coming_back_shows_the_answer_live(make_app: AppFactory,
                                           server: LoopbackServer) -> None:
    app = make_app()
    one = [f"w{i}" for i in range(40)]

    async def scenario() -> None:
        a, _b = await start_two(app, server, slow(one, 0.04), slow(["x"]))
        app.window.navigator.open(a)
        assert app.window.pane.stop_button.isVisible()  # a is still answering
        widget = list(app.window.view.widgets.values())[-1]
        seen = widget.body.toPlainText()
        await app.condition(lambda: len(widget.body.toPlainText()) > len(seen) + 6)
        await app.parts.chat.wait()
        assert answers(app, a)[0][0] is Status.COMPLETE
        assert widget.body.toPlainText().strip().endswith("w39")

    app.run(scenario())


def test_stopping_one_leaves_the_other_running(make_app: AppFactory,
                                               server: LoopbackServer) -> None:
    app = make_app()

    async def scenario() -> None:
        a, b = await start_two(app, server,
                               slow([f"a{i}" for i in range(100)], 0.03, finish=False),
                               slow([f"b{i}" for i in range(30)]))
        app.window.stop_action.trigger()  # Esc stops the conversation in view: b
        await app.condition(lambda: not app.parts.chat.busy(b))
        assert app.parts.chat.busy(a)
        assert answers(app, b)[0][0] is Status.STOPPED
        app.window.navigator.open(a)
        app.window.pane.stop_button.click()
        await app.parts.chat.wait()
        status, text = answers(app, a)[0]
        assert status is Status.STOPPED and text.startswith("a0 a1")

    app.run(scenario())


def test_quitting_mid_stream_keeps_both_as_interrupted(make_app: AppFactory,
                                                       server: LoopbackServer) -> None:
    app = make_app()

    async def scenario() -> None:
        a, b = await start_two(app, server,
                               slow([f"a{i}" for i in range(200)], 0.02, finish=False),
                               slow([f"b{i}" for i in range(200)], 0.02, finish=False))

        def both_have_text() -> bool:
            live = [app.parts.runner.live(c) for c in (a, b)]
            return all(snaps and snaps[0].content for snaps in live)

        await app.condition(both_have_text)
        app.window.quit_action.trigger()
        await app.parts.chat.wait()
        for conversation in (a, b):
            (status, text), = answers(app, conversation)
            assert status is Status.INTERRUPTED and text  # what arrived is kept

    app.run(scenario())


def test_the_endpoint_limit_queues_what_is_over_it(make_app: AppFactory,
                                                   server: LoopbackServer) -> None:
    app = make_app(concurrent_requests=1)

    async def scenario() -> None:
        server.queue(slow([f"a{i}" for i in range(200)], 0.02, finish=False), slow(["b"]))
        app.send("first")
        a = app.window.navigator.current
        await app.condition(lambda: bool(app.parts.runner.live(a)))
        app.window.navigator.new_chat()
        app.send("second")
        b = app.window.navigator.current
        assert app.parts.chat.busy(b)  # queued: Stop is offered, nothing posted yet
        assert app.window.pane.stop_button.isVisible()
        await asyncio.sleep(0.2)  # the server's side: no second request comes meanwhile
        assert len(server.requests) == 1
        app.parts.chat.stop(a)  # a slot frees up: b goes out
        await app.condition(lambda: len(server.requests) == 2)
        await app.parts.chat.wait()
        assert answers(app, b) == [(Status.COMPLETE, "b ")]

    app.run(scenario())
