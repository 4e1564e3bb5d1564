"""MCP tools through the window: the loopback chat server is scripted to call tools of
real MCP servers (the official ``mcp-server-time``, and the suite's own SDK server), and
the next request shows what the user allowed to happen."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel

from app.domain.chat import Role
from app.services.mcp.approval import AskKind, Decision
from app.services.mcp.config import parse_server
from app.services.mcp.tool_loop import DECLINED, STOPPED
from app.ui.tool_approval import ApprovalCard
from tests.loopback import LoopbackServer, Reply, sse
from tests.mcp_servers.procs import (
    CRASH_ARGS,
    TIME_ARGS,
    TOOLS_ARGS,
    descendants,
    gone,
    stdio_entry,
)
from tests.ui.conftest import App

AppFactory = Callable[..., App]
SLOW = 90.0  # a cold server start imports the SDK: seconds on a busy machine


def call(name: str, arguments: dict[str, Any], call_id: str = "call_1") -> Reply:
    chunk = {"choices": [{"index": 0, "delta": {"tool_calls": [{
        "index": 0, "id": call_id, "type": "function",
        "function": {"name": name, "arguments": json.dumps(arguments)}}]},
        "finish_reason": "tool_calls"}]}
    return Reply(pieces=[sse(chunk)])


def said(text: str) -> Reply:
    return Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": text},
                                           "finish_reason": "stop"}]})])


def servers(**entries: dict[str, Any]) -> dict[str, Any]:
    """Settings with these servers, each already trusted to run."""
    trusted = []
    for name, entry in entries.items():
        config = parse_server(name, entry)
        assert not isinstance(config, type(None))
        trusted.append(f"{name}:{config.fingerprint()}")  # type: ignore[union-attr]
    return {"mcpServers": entries, "mcp_trusted": trusted}


def cards(app: App) -> list[ApprovalCard]:
    return [c for c in app.window.view.findChildren(ApprovalCard) if c.isVisible()]


def tool_messages(app: App) -> list[Any]:
    cid = app.window.navigator.current
    return [m for m in app.parts.store.messages(cid) if m.role is Role.TOOL]


def test_an_auto_approved_call_of_the_time_server_reaches_the_next_request(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app(**servers(time=stdio_entry(TIME_ARGS, autoApprove=["get_current_time"])))
    server.queue(call("time__get_current_time", {"timezone": "Asia/Shanghai"}),
                 said("It is late in Shanghai."))

    async def scenario() -> None:
        app.send("What time is it in Shanghai?")
        await app.condition(lambda: len(server.requests) == 2, SLOW)
        await asyncio.wait_for(app.parts.chat.wait(), SLOW)

    app.run(scenario())
    first, second = server.requests[0].json(), server.requests[1].json()
    assert "time__get_current_time" in [t["function"]["name"] for t in first["tools"]]
    result = second["messages"][-1]
    assert result["role"] == "tool" and result["tool_call_id"] == "call_1"
    assert json.loads(result["content"])["timezone"] == "Asia/Shanghai"
    assert second["messages"][-2]["tool_calls"][0]["function"]["name"] == \
        "time__get_current_time"
    assert not cards(app)  # nothing was asked
    cid = app.window.navigator.current
    roles = [m.role for m in app.parts.store.messages(cid)]
    assert roles == [Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT]
    last = list(app.window.view.widgets.values())[-1]
    assert "late in Shanghai" in last.body.toPlainText()
    folded = list(app.window.view.widgets.values())[-2]
    assert not folded.body.isVisible()  # the result is shown folded
    # the next send offers the running server's tools
    app.run(app.window.params.refresh_preview())
    assert "time__get_current_time" in app.window.panel.preview.toPlainText()


def test_a_call_runs_only_after_allow(make_app: AppFactory, server: LoopbackServer) -> None:
    app = make_app(**servers(tools=stdio_entry(TOOLS_ARGS)))
    server.queue(call("tools__echo", {"text": "<b>hi</b>"}), said("Done."))

    async def scenario() -> None:
        app.send("echo something")
        await app.condition(lambda: bool(cards(app)), SLOW)
        card = cards(app)[0]
        assert card.request.kind is AskKind.CALL
        assert card.buttons[Decision.DENY].isDefault()
        assert not card.buttons[Decision.ALLOW_ONCE].isDefault()
        assert not card.buttons[Decision.ALLOW_ONCE].autoDefault()
        shown = card.findChild(object, "approvalArguments")
        assert '"text": "<b>hi</b>"' in shown.toPlainText()  # type: ignore[union-attr]
        assert len(server.requests) == 1 and not tool_messages(app)
        card.buttons[Decision.ALLOW_ONCE].click()
        await asyncio.wait_for(app.parts.chat.wait(), SLOW)

    app.run(scenario())
    assert server.requests[1].json()["messages"][-1]["content"] == "echo: <b>hi</b>"
    assert not cards(app)
    assert "echo" not in app.parts.mcp.config("tools").auto_approve  # type: ignore[union-attr]


def test_always_allow_is_remembered(make_app: AppFactory, server: LoopbackServer) -> None:
    app = make_app(**servers(tools=stdio_entry(TOOLS_ARGS)))
    server.queue(call("tools__echo", {"text": "one"}), call("tools__echo", {"text": "two"}, "c2"),
                 said("Done."))

    async def scenario() -> None:
        app.send("echo twice")
        await app.condition(lambda: bool(cards(app)), SLOW)
        cards(app)[0].buttons[Decision.ALWAYS].click()
        await asyncio.wait_for(app.parts.chat.wait(), SLOW)

    app.run(scenario())
    assert [m.content for m in tool_messages(app)] == ["echo: one", "echo: two"]
    assert app.parts.settings.settings.mcpServers["tools"]["autoApprove"] == ["echo"]


def test_deny_tells_the_model_the_user_declined(make_app: AppFactory,
                                                 server: LoopbackServer) -> None:
    app = make_app(**servers(tools=stdio_entry(TOOLS_ARGS)))
    server.queue(call("tools__pid", {}), said("Fine, I will not."))

    async def scenario() -> None:
        app.send("what is your pid?")
        await app.condition(lambda: bool(cards(app)), SLOW)
        cards(app)[0].buttons[Decision.DENY].click()
        await asyncio.wait_for(app.parts.chat.wait(), SLOW)

    app.run(scenario())
    sent = server.requests[1].json()["messages"][-1]
    assert sent == {"role": "tool", "content": DECLINED, "tool_call_id": "call_1"}


def test_stop_during_a_slow_tool_cancels_it(make_app: AppFactory,
                                            server: LoopbackServer) -> None:
    app = make_app(**servers(tools=stdio_entry(TOOLS_ARGS, autoApprove=["slow"])))
    server.queue(call("tools__slow", {"seconds": 60}))

    async def scenario() -> None:
        app.send("take your time")

        def running() -> bool:
            conn = app.parts.mcp.connection("tools")
            return conn is not None and conn.running_calls == 1

        await app.condition(running, SLOW)
        assert app.window.pane.stop_button.isVisible()  # the turn is still on
        loop = asyncio.get_running_loop()
        began = loop.time()
        app.window.pane.stop_button.click()
        await asyncio.wait_for(app.parts.chat.wait(), 10)
        assert loop.time() - began < 10
        conn = app.parts.mcp.connection("tools")
        assert conn is not None and conn.running_calls == 0

    app.run(scenario())
    assert len(server.requests) == 1
    assert [m.content for m in tool_messages(app)] == [STOPPED]
    assert app.window.pane.send_button.isVisible()


def test_a_server_that_crashes_at_start_shows_its_stderr(make_app: AppFactory,
                                                         server: LoopbackServer) -> None:
    app = make_app(**servers(broken=stdio_entry(CRASH_ARGS)))
    server.queue(said("No tools today."))

    async def scenario() -> None:
        app.send("hello")
        await asyncio.wait_for(app.parts.chat.wait(), SLOW)

    app.run(scenario())
    assert "tools" not in server.requests[0].json()  # asked without the broken server
    notice = app.window.pane.notice.label.text()
    assert "broken" in notice and "boom: MY_API_KEY is not set" in notice
    app.window.settings_flow.open_settings()
    dialog = app.window.settings_flow.dialog
    assert dialog is not None
    servers_list = dialog.findChild(object, "mcpServerList")
    assert "broken — failed" in servers_list.item(0).text()  # type: ignore[union-attr]
    servers_list.setCurrentRow(0)  # type: ignore[union-attr]
    details = dialog.findChild(QLabel, "mcpServerDetails")
    assert details is not None and "boom: MY_API_KEY is not set" in details.text()
    dialog.reject()


def test_a_first_run_is_asked_with_the_command_line(make_app: AppFactory,
                                                    server: LoopbackServer) -> None:
    entry = stdio_entry(TOOLS_ARGS, env={"TOOLS_TOKEN": "s3cr3t-value"})
    app = make_app(mcpServers={"tools": entry})
    server.queue(said("Hello."))

    async def scenario() -> None:
        app.send("hello")
        await app.condition(lambda: bool(cards(app)), SLOW)
        card = cards(app)[0]
        assert card.request.kind is AskKind.FIRST_RUN
        command = card.findChild(object, "approvalCommand").toPlainText()  # type: ignore
        assert "tests.mcp_servers.tools_server" in command
        env = card.findChild(QLabel, "approvalEnv")
        assert env is not None and "TOOLS_TOKEN" in env.text()
        assert "s3cr3t-value" not in env.text()
        assert card.buttons[Decision.DENY].isDefault()
        assert not server.requests
        card.buttons[Decision.ALLOW_ONCE].click()
        await asyncio.wait_for(app.parts.chat.wait(), SLOW)

    app.run(scenario())
    names = [t["function"]["name"] for t in server.requests[0].json()["tools"]]
    assert "tools__echo" in names
    assert any(t.startswith("tools:") for t in app.parts.settings.settings.mcp_trusted)


def test_no_server_process_survives_quit(make_app: AppFactory,
                                         server: LoopbackServer) -> None:
    app = make_app(**servers(time=stdio_entry(TIME_ARGS),
                             tools=stdio_entry(TOOLS_ARGS, autoApprove=["pid", "spawn_helper"])))
    server.queue(call("tools__pid", {}), call("tools__spawn_helper", {}, "c2"), said("Got it."))
    before = descendants()

    async def scenario() -> None:
        app.send("your pid?")
        await asyncio.wait_for(app.parts.chat.wait(), SLOW)

    app.run(scenario())
    pid, helper = (int(m.content) for m in tool_messages(app))
    children = descendants() - before
    assert {pid, helper} <= children and len(children) >= 3  # both servers, and a helper
    app.window.close()
    app.run(asyncio.wait_for(app.parts.aclose(), 30))
    assert app.run(gone(children))


def thinking_call(name: str, arguments: dict[str, Any], thought: str) -> Reply:
    think = {"choices": [{"index": 0, "delta": {"reasoning_content": thought}}]}
    chunk = {"choices": [{"index": 0, "delta": {"tool_calls": [{
        "index": 0, "id": "call_r", "type": "function",
        "function": {"name": name, "arguments": json.dumps(arguments)}}]},
        "finish_reason": "tool_calls"}]}
    return Reply(pieces=[sse(think, chunk)])


def test_reasoning_is_sent_back_in_the_tool_loop_once_the_model_asks(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app(**servers(tools=stdio_entry(TOOLS_ARGS, autoApprove=["echo"])))
    refusal = Reply.json(400, {"error": {
        "message": "The `reasoning_content` in the thinking mode must be passed back to the "
                   "API.", "type": "invalid_request_error"}})
    server.queue(thinking_call("tools__echo", {"text": "a"}, "I should echo a."), refusal,
                 said("Echoed a."),
                 thinking_call("tools__echo", {"text": "b"}, "Now b."), said("Echoed b."))

    async def scenario() -> None:
        app.send("echo a")
        await asyncio.wait_for(app.parts.chat.wait(), SLOW)
        app.send("echo b")
        await asyncio.wait_for(app.parts.chat.wait(), SLOW)

    app.run(scenario())
    bodies = [r.json()["messages"] for r in server.requests]
    assert len(bodies) == 5
    assert "reasoning_content" not in bodies[1][-2]  # not sent until the model asked
    assert bodies[2][-2]["reasoning_content"] == "I should echo a."  # the same round again
    assert bodies[2][-1]["content"] == "echo: a"
    later = bodies[4]
    assert later[-2]["reasoning_content"] == "Now b."  # learned: sent at once this time
    earlier = [m for m in later[:-2] if m["role"] == "assistant"]
    assert earlier and not any("reasoning_content" in m for m in earlier)  # never earlier turns
    answers = [m for m in app.parts.store.messages(app.window.navigator.current)
               if m.role is Role.ASSISTANT]
    assert [a.status.value for a in answers] == ["complete"] * 4
    model = server.requests[0].json()["model"]
    assert model in app.parts.settings.settings.reasoning_back  # kept for the next start


def test_stop_while_a_call_waits_for_approval(make_app: AppFactory,
                                              server: LoopbackServer) -> None:
    app = make_app(**servers(tools=stdio_entry(TOOLS_ARGS)))
    server.queue(call("tools__echo", {"text": "never"}))

    async def scenario() -> None:
        app.send("echo")
        await app.condition(lambda: bool(cards(app)), SLOW)
        app.window.stop_action.trigger()  # Esc
        await asyncio.wait_for(app.parts.chat.wait(), 10)

    app.run(scenario())
    assert not cards(app)
    assert [m.content for m in tool_messages(app)] == [STOPPED]
    assert len(server.requests) == 1


def test_the_rounds_stop_at_the_cap(make_app: AppFactory, server: LoopbackServer) -> None:
    app = make_app(tool_rounds=2, **servers(tools=stdio_entry(TOOLS_ARGS, autoApprove=["echo"])))
    server.queue(*(call("tools__echo", {"text": str(i)}, f"c{i}") for i in range(3)))

    async def scenario() -> None:
        app.send("loop forever")
        await asyncio.wait_for(app.parts.chat.wait(), SLOW)

    app.run(scenario())
    assert len(server.requests) == 3  # the first answer and two rounds of results
    assert [m.content for m in tool_messages(app)] == ["echo: 0", "echo: 1"]
    assert "2 rounds in a row" in app.window.pane.notice.label.text()
    last = list(app.window.view.widgets.values())[-1]
    assert last.tool_results.isVisible()  # the manual loop is offered for the last calls


def test_a_tools_image_is_kept_with_its_result_and_shown_to_a_vision_model(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app(default_params={"model": "Qwen/Qwen2.5-VL-72B-Instruct", "stream": True},
                   **servers(tools=stdio_entry(TOOLS_ARGS, autoApprove=["picture"])))
    server.queue(call("tools__picture", {}), said("A single pixel."))

    async def scenario() -> None:
        app.send("draw something")
        await app.condition(lambda: len(server.requests) == 2, SLOW)
        await asyncio.wait_for(app.parts.chat.wait(), SLOW)

    app.run(scenario())
    messages = server.requests[1].json()["messages"]
    assert [m["role"] for m in messages[-3:]] == ["assistant", "tool", "user"]
    assert isinstance(messages[-2]["content"], str)  # a tool message carries text only
    assert "[image: image/png" in messages[-2]["content"]
    parts = messages[-1]["content"]
    assert [p["type"] for p in parts] == ["image_url", "text"]
    assert parts[0]["image_url"]["url"].startswith("data:image/png;base64,")
    result = tool_messages(app)[0]
    assert [a.name for a in result.attachments] == ["picture 1.png"]
