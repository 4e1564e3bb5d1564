"""MCP server entries as Claude Desktop, Cursor, LM Studio and Cline write them, the
names the model sees, and the SDK staying unimported until a server starts."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from app.domain.text import Text
from app.services.mcp.config import (
    NAME_LIMIT,
    ServerConfig,
    api_tool_name,
    parse_mcp_json,
    parse_server,
)
from app.services.mcp.outcome import outcome_of
from tests.mcp_servers.procs import ROOT

CLAUDE_DESKTOP = {"mcpServers": {
    "filesystem": {"command": "npx",
                   "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/me/Desktop"]},
    "github": {"command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp"],
               "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_x"}, "cwd": "/tmp"},
    "remote": {"url": "https://example.com/mcp", "headers": {"Authorization": "Bearer x"},
               "disabled": True, "autoApprove": ["search"]},
    "quiet": {"command": "uvx", "args": ["mcp-server-time"], "offerByDefault": False},
    "broken": {"args": ["no command"]},
}}


def test_an_mcp_json_pasted_from_claude_desktop() -> None:
    servers, problems = parse_mcp_json(json.dumps(CLAUDE_DESKTOP))
    by_name = {s.name: s for s in servers}
    assert set(by_name) == {"filesystem", "github", "remote", "quiet"}
    assert by_name["github"].env == {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_x"}
    assert by_name["github"].cwd == "/tmp"
    assert by_name["remote"].is_http and by_name["remote"].disabled
    assert by_name["remote"].auto_approve == ("search",)
    assert not by_name["quiet"].offer_by_default and by_name["filesystem"].offer_by_default
    assert len(problems) == 1 and "broken" in str(problems[0])
    for server in servers:  # what we store reads back the same
        assert parse_server(server.name, server.to_json()) == server
    assert by_name["quiet"].to_json()["offerByDefault"] is False


def test_the_inner_object_and_bad_json_are_taken_or_named() -> None:
    servers, _ = parse_mcp_json(json.dumps(CLAUDE_DESKTOP["mcpServers"]))
    assert len(servers) == 4
    servers, problems = parse_mcp_json("{not json")
    assert not servers and isinstance(problems[0], Text)
    assert isinstance(parse_server("x", {"url": "file:///etc/passwd"}), Text)


def test_tool_names_keep_to_the_api_rule_and_never_collide() -> None:
    rule = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
    assert api_tool_name("time", "get_current_time") == "time__get_current_time"
    long = api_tool_name("a-very-long-server-name-indeed", "and_an_even_longer_tool_name_" * 2)
    dotted = api_tool_name("my.server", "read file")
    assert rule.match(long) and len(long) <= NAME_LIMIT
    assert rule.match(dotted)
    taken = {api_tool_name("s", "x.y")}
    other = api_tool_name("s", "x_y", taken)
    assert other not in taken and rule.match(other)


def test_the_fingerprint_changes_with_what_would_run_not_with_secrets() -> None:
    base = ServerConfig("s", "python", ("-m", "x"), env={"TOKEN": "a"})
    assert base.fingerprint() == ServerConfig("s", "python", ("-m", "x"),
                                              env={"TOKEN": "b"}).fingerprint()
    assert base.fingerprint() != ServerConfig("s", "python", ("-m", "y"),
                                              env={"TOKEN": "a"}).fingerprint()
    assert base.fingerprint() != ServerConfig("s", "python", ("-m", "x"),
                                              env={"OTHER": "a"}).fingerprint()
    assert ServerConfig("s", "my tool", ("a b",)).command_line() == '"my tool" "a b"'


def test_tool_output_is_text_and_images_are_kept_as_bytes() -> None:
    from mcp_types import CallToolResult, ImageContent, TextContent

    result = CallToolResult(content=[
        TextContent(type="text", text="<img src=http://x/y.png>"),
        ImageContent(type="image", data="iVBORw0KGgo=", mime_type="image/png")],
        is_error=True)
    outcome = outcome_of(result)
    assert outcome.is_error and outcome.text.startswith("<img src=http://x/y.png>")
    assert outcome.images[0].data == b"\x89PNG\r\n\x1a\n"


def test_start_up_does_not_import_the_sdk() -> None:
    code = ("import sys; import app.__main__, app.services.mcp.service, app.ui.tool_parts, "
            "app.ui.settings_tools; print(sorted(m for m in sys.modules "
            "if m == 'mcp' or m.startswith(('mcp.', 'mcp_types'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={"QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]"
