"""Titles written by a model after the first answer: reasoning stripped, a user's rename
wins, a failure leaves the first words (and says nothing)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

from tests.loopback import LoopbackServer, Reply, Request, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]
ANSWER = Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": "Bonjour !"},
                                         "finish_reason": "stop"}]})])


def title_reply(content: str) -> Reply:
    return Reply.json(200, {"choices": [{"index": 0, "message": {
        "role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 60, "completion_tokens": 9, "total_tokens": 69}})


def titled_app(make_app: AppFactory) -> App:
    return make_app(title_mode="conversation")


def test_the_title_arrives_without_its_thinking(make_app: AppFactory,
                                                server: LoopbackServer) -> None:
    app = titled_app(make_app)
    release = threading.Event()

    def held(_request: Request) -> Reply:  # the title answers when the test says so
        release.wait(5)
        return title_reply("<think>The user greets in French.</think>\n"
                           "Titre : « Salutations en français »")

    server.queue(ANSWER, held)

    async def scenario() -> str:
        app.send("Bonjour, comment vas-tu aujourd'hui ?")
        await app.parts.chat.wait()
        cid = app.window.navigator.current
        await server.until(lambda: len(server.requests) == 2)  # the title is being asked
        assert app.parts.store.conversation(cid).title.startswith("Bonjour")  # first words
        release.set()
        await app.parts.titles.wait()
        return cid

    cid = app.run(scenario())
    assert isinstance(cid, str)
    assert app.parts.store.conversation(cid).title == "Salutations en français"
    asked = server.requests[-1].json()
    assert asked["max_tokens"] == 48 and asked["stream"] is False
    assert "Bonjour, comment vas-tu" in json.dumps(asked["messages"], ensure_ascii=False)
    app.until(lambda: "Salutations en français" in [
        app.window.sidebar.list.model().index(r, 0).data()
        for r in range(app.window.sidebar.list.model().rowCount())])
    server.queue(ANSWER)
    app.send("encore")
    app.wait_turn()
    app.run(app.parts.titles.wait())
    assert not any(r.json().get("max_tokens") == 48 for r in server.requests[3:])  # once


def test_a_rename_wins_over_a_title_still_on_its_way(make_app: AppFactory,
                                                     server: LoopbackServer) -> None:
    app = titled_app(make_app)
    release = threading.Event()

    def held(_request: Request) -> Reply:
        release.wait(5)
        return title_reply("Generated title")

    server.queue(ANSWER, held)

    async def scenario() -> str:
        app.send("hello there")
        await app.parts.chat.wait()
        cid = app.window.navigator.current
        await server.until(lambda: len(server.requests) == 2)  # the title is being asked
        app.parts.conversations.rename(cid, "My own name")
        release.set()
        await app.parts.titles.wait()
        return cid

    cid = app.run(scenario())
    assert isinstance(cid, str)
    assert app.parts.store.conversation(cid).title == "My own name"


def test_a_failed_title_keeps_the_first_words_silently(make_app: AppFactory,
                                                       server: LoopbackServer) -> None:
    app = titled_app(make_app)
    server.queue(ANSWER, Reply.json(500, {"message": "boom"}))
    app.send("what is the capital of France")
    app.wait_turn()
    app.run(app.parts.titles.wait())
    cid = app.window.navigator.current
    assert app.parts.store.conversation(cid).title == "what is the capital of France"
    assert not app.window.pane.notice.isVisible()


def test_titles_can_be_off(make_app: AppFactory, server: LoopbackServer) -> None:
    app = make_app(title_mode="off")
    server.queue(ANSWER)
    app.send("no title please")
    app.wait_turn()
    app.run(app.parts.titles.wait())
    assert len(server.requests) == 1
