"""Settings → Tools and the tool picker: an mcp.json imported (its secrets to the
keyring, never to settings.json), the per-server switches, and which servers a
conversation is offered."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QListWidget, QPlainTextEdit, QTabWidget

from app.paths import settings_path
from tests.loopback import LoopbackServer
from tests.mcp_servers.procs import TOOLS_ARGS, stdio_entry
from tests.ui.conftest import App
from tests.ui.test_mcp_tools import SLOW, said, servers

AppFactory = Callable[..., App]
SECRET = "ghp_0123456789abcdef-secret"


def open_tools_tab(app: App) -> tuple[object, object]:
    app.window.settings_flow.open_settings()
    dialog = app.window.settings_flow.dialog
    assert dialog is not None
    tabs = dialog.findChild(QTabWidget)
    assert tabs is not None
    tab = dialog.findChild(object, "toolsTab")
    tabs.setCurrentWidget(tab)  # type: ignore[arg-type]
    return dialog, tab


def test_an_imported_mcp_json_keeps_its_secrets_in_the_keyring(
    make_app: AppFactory, tmp_path: Path
) -> None:  # the window's data folder is tmp_path
    app = make_app()
    mcp_json = tmp_path / "mcp.json"
    mcp_json.write_text(json.dumps({"mcpServers": {
        "github": {"command": "docker", "args": ["run", "-i", "github-mcp"],
                   "env": {"GITHUB_TOKEN": SECRET}},
        "web": {"url": "https://example.com/mcp", "headers": {"Authorization": SECRET}}}}))
    app.prompter.open_path = str(mcp_json)
    dialog, tab = open_tools_tab(app)
    tab.findChild(object, "mcpImport").click()  # type: ignore[attr-defined]
    listed = tab.findChild(QListWidget, "mcpServerList")  # type: ignore[attr-defined]
    assert [listed.item(i).text().split(" — ")[0] for i in range(listed.count())] == \
        ["github", "web"]
    listed.setCurrentRow(0)
    offer = tab.findChild(QCheckBox, "mcpServerOffer")  # type: ignore[attr-defined]
    offer.setChecked(False)
    dialog.accept()  # type: ignore[attr-defined]
    app.run(asyncio.wait_for(app.parts.background.wait(), 10))
    text = settings_path(tmp_path).read_text()
    assert SECRET not in text
    stored = json.loads(text)["mcpServers"]
    assert stored["github"]["env"] == {"GITHUB_TOKEN": "<keyring>"}
    assert stored["github"]["offerByDefault"] is False
    assert stored["web"]["headers"] == {"Authorization": "<keyring>"}
    kept = {account: value for (_service, account), value in app.backend.items.items()}
    assert kept["mcp:github:env:GITHUB_TOKEN"] == SECRET
    assert kept["mcp:web:header:Authorization"] == SECRET
    assert app.parts.mcp.offered_by_default() == ["web"]
    _dialog, again = open_tools_tab(app)  # shown again: placeholders, never the values
    editor = again.findChild(QPlainTextEdit, "mcpServersJson")  # type: ignore[attr-defined]
    assert SECRET not in editor.toPlainText() and "<keyring>" in editor.toPlainText()


def test_a_stored_secret_reaches_the_server_environment(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    entry = stdio_entry(("-c", "import os, sys; sys.stderr.write('token=' + "
                               "os.environ.get('TOOLS_TOKEN', 'none') + '\\n'); sys.exit(1)"),
                        env={"TOOLS_TOKEN": "<keyring>"})
    app = make_app(**servers(leaky=entry))
    app.backend.set_password("SiliconDesk", "mcp:leaky:env:TOOLS_TOKEN", "t-123")
    server.queue(said("Hi."))

    async def scenario() -> None:
        app.send("hello")
        await asyncio.wait_for(app.parts.chat.wait(), SLOW)

    app.run(scenario())
    assert "token=t-123" in app.window.pane.notice.label.text()


def test_the_picker_takes_a_server_out_of_this_conversation(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app(**servers(tools=stdio_entry(TOOLS_ARGS)))
    picker = app.window.tools.picker  # type: ignore[union-attr]
    assert picker.button.isVisibleTo(app.window) and picker.button.text() == "Tools: 1"
    server.queue(said("One."), said("Two."))

    async def scenario() -> None:
        app.send("first")
        await asyncio.wait_for(app.parts.chat.wait(), SLOW)
        picker.fill()
        action = next(a for a in picker.menu.actions() if a.objectName() == "offer_tools")
        assert action.isChecked()
        tool_names = [a.text().strip() for a in picker.menu.actions()]
        assert "echo" in tool_names  # the server ran: its tools are listed
        action.setChecked(False)
        app.send("second")
        await asyncio.wait_for(app.parts.chat.wait(), SLOW)

    app.run(scenario())
    assert "tools" in server.requests[0].json()
    assert "tools" not in server.requests[1].json()
    assert picker.button.text() == "Tools: off"
    app.window.navigator.new_chat()
    assert picker.button.text() == "Tools: 1"  # a new chat is offered it again


def test_start_again_shows_the_state_in_the_list(make_app: AppFactory) -> None:
    app = make_app(**servers(tools=stdio_entry(TOOLS_ARGS)))
    dialog, tab = open_tools_tab(app)
    listed = tab.findChild(QListWidget, "mcpServerList")  # type: ignore[attr-defined]
    assert "not started" in listed.item(0).text()
    listed.setCurrentRow(0)
    tab.findChild(object, "mcpServerRestart").click()  # type: ignore[attr-defined]

    async def scenario() -> None:
        await app.condition(lambda: "ready with" in listed.item(0).text(), SLOW)

    app.run(scenario())
    conn = app.parts.mcp.connection("tools")
    assert conn is not None and "echo" in {t.name for t in conn.tools}
    assert f"ready with {len(conn.tools)} tools" in listed.item(0).text()
    dialog.reject()  # type: ignore[attr-defined]


def test_a_streamable_http_server_with_a_header_from_the_keyring(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    from tests.mcp_servers.procs import http_server
    from tests.ui.test_mcp_tools import call

    with http_server(token="hdr-secret") as url:
        entry = {"url": url, "headers": {"X-Test-Token": "<keyring>"}, "autoApprove": ["echo"]}
        app = make_app(**servers(web=entry))
        app.backend.set_password("SiliconDesk", "mcp:web:header:X-Test-Token", "hdr-secret")
        server.queue(call("web__echo", {"text": "over http"}), said("Done."))

        async def scenario() -> None:
            app.send("echo over http")
            await asyncio.wait_for(app.parts.chat.wait(), SLOW)
            await app.parts.mcp.aclose()

        app.run(scenario())
    assert server.requests[1].json()["messages"][-1]["content"] == "echo: over http"


def test_a_first_start_from_settings_is_asked_there(make_app: AppFactory) -> None:
    from app.services.mcp.approval import Decision
    from app.ui.tool_approval import ApprovalCard

    app = make_app(mcpServers={"tools": stdio_entry(TOOLS_ARGS)})  # never run before
    dialog, tab = open_tools_tab(app)
    listed = tab.findChild(QListWidget, "mcpServerList")  # type: ignore[attr-defined]
    listed.setCurrentRow(0)
    tab.findChild(object, "mcpServerRestart").click()  # type: ignore[attr-defined]

    async def scenario() -> None:
        await app.condition(lambda: bool(tab.findChildren(ApprovalCard)), 10)  # type: ignore
        card = tab.findChildren(ApprovalCard)[0]  # type: ignore[attr-defined]
        assert "tests.mcp_servers.tools_server" in card.request.command_line
        card.buttons[Decision.ALLOW_ONCE].click()
        await app.condition(lambda: "ready with" in listed.item(0).text(), SLOW)

    app.run(scenario())
    dialog.reject()  # type: ignore[attr-defined]


def test_quitting_while_a_server_starts_leaves_no_process(make_app: AppFactory) -> None:
    from tests.mcp_servers.procs import descendants, gone

    app = make_app(**servers(tools=stdio_entry(TOOLS_ARGS)))
    before = descendants()
    _dialog, tab = open_tools_tab(app)
    tab.findChild(QListWidget, "mcpServerList").setCurrentRow(0)  # type: ignore[attr-defined]
    tab.findChild(object, "mcpServerRestart").click()  # type: ignore[attr-defined]

    async def scenario() -> None:
        await app.condition(lambda: bool(descendants() - before), 10)  # it is being started
        started = descendants() - before
        app.window.close()
        await asyncio.wait_for(app.parts.aclose(), 30)
        assert await gone(started)

    app.run(scenario())
