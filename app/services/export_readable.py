"""Markdown and HTML exports, for reading: the branch each conversation continues from,
code kept as code, the model's reasoning only when asked for.

Headings are ours and follow ``lookup`` (the window passes its translator, so an export
from a Chinese window reads in Chinese); the command line exports in English.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.domain.attachments import Attachment, fence_for
from app.domain.chat import Role
from app.domain.history import Message
from app.domain.text import Lookup, Text, translate
from app.render.markdown_html import MarkdownRenderer, plain_escape
from app.services.turns import path_to
from app.storage.export import iso, selected
from app.storage.history import HistoryStore

if TYPE_CHECKING:
    from app.render.markdown_html import MathHook


def shown_branch(messages: list[Message], leaf_id: str | None) -> list[Message]:
    """The messages from the root to ``leaf_id`` (the newest leaf if unset)."""
    if leaf_id not in {m.id for m in messages}:
        parents = {m.parent_id for m in messages}
        leaves = [m for m in messages if m.id not in parents]
        leaf_id = leaves[-1].id if leaves else None
    return path_to(messages, leaf_id)


ROLE_NAMES = {Role.USER: translate("Export", "You"),
              Role.ASSISTANT: translate("Export", "Assistant"),
              Role.SYSTEM: translate("Export", "System"),
              Role.TOOL: translate("Export", "Tool result")}
UNTITLED = translate("Export", "Untitled")
SYSTEM_PROMPT = translate("Export", "System prompt")
THINKING = translate("Export", "Thinking")
TOOL_CALL = translate("Export", "Tool call")
STATUS_NAMES = {"stopped": translate("Export", "stopped"),
                "interrupted": translate("Export", "interrupted"),
                "error": translate("Export", "failed")}


def export_markdown(
    store: HistoryStore, conversation_id: str | None = None, *, with_reasoning: bool = False,
    lookup: Lookup | None = None,
) -> str:
    def say(text: Text) -> str:
        return text.render(lookup)

    parts: list[str] = []
    for conv in selected(store, conversation_id):
        parts.append(f"# {conv.title or say(UNTITLED)}\n")
        parts.append(f"*{iso(conv.created_at)}*\n")
        if conv.system_prompt:
            parts.append(f"**{say(SYSTEM_PROMPT)}**\n\n" + _quote(conv.system_prompt) + "\n")
        for m in shown_branch(store.messages(conv.id), conv.current_leaf_id):
            parts.append(f"## {_heading(m, say)}\n")
            if with_reasoning and m.reasoning_content:
                parts.append(f"**{say(THINKING)}**\n\n" + _quote(m.reasoning_content) + "\n")
            parts.extend(_markdown_attachments(m))
            if m.content:
                parts.append(m.content.rstrip() + "\n")
            for call in m.tool_calls:
                arguments = _pretty(call.arguments)
                parts.append(f"**{say(TOOL_CALL)}** `{call.name}`\n\n"
                             f"```json\n{arguments}\n```\n")
            if m.status.value in STATUS_NAMES:
                parts.append(f"*({say(STATUS_NAMES[m.status.value])})*\n")
        parts.append("")
    return "\n".join(parts)


def _markdown_attachments(m: Message) -> list[str]:
    """Images embedded as data URLs (the export stands alone), files as fenced text under
    their name (escaped: a name is not Markdown or HTML)."""
    out = [f"![{_md_text(a.name)}]({a.data_url()})\n" for a in m.attachments if a.is_image]
    for a in m.attachments:
        if not a.is_image:
            fence = fence_for(a.text)
            out.append(f"**{_md_text(a.name)}**\n\n{fence}\n{a.text.rstrip()}\n{fence}\n")
    return out


def _md_text(text: str) -> str:
    """``text`` as literal Markdown on one line: every character Markdown or HTML could
    take as syntax is escaped."""
    line = " ".join(text.split())
    return "".join(f"\\{c}" if c in "\\`*_{}[]()#+-.!<>|~&\"'" else c for c in line)


def _html_attachments(m: Message) -> list[str]:
    out = [f'<p><img class="attached" alt="{html.escape(a.name)}" src="{a.data_url()}"'
           f"{_size(a)}></p>" for a in m.attachments if a.is_image]
    out += [f"<details><summary>{html.escape(a.name)}</summary><pre>{html.escape(a.text)}"
            "</pre></details>" for a in m.attachments if not a.is_image]
    return out


def _size(image: Attachment) -> str:
    """Width and height when both are known and sane (else the image's own size rules)."""
    if 0 < image.width <= 16384 and 0 < image.height <= 16384:
        return f' width="{image.width}" height="{image.height}"'
    return ""


def _heading(m: Message, say: Callable[[Text], str]) -> str:
    head = say(ROLE_NAMES[m.role]) if m.role in ROLE_NAMES else str(m.role)
    return f"{head} ({m.model})" if m.role is Role.ASSISTANT and m.model else head


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.rstrip().split("\n"))


def _pretty(arguments: str) -> str:
    try:
        return json.dumps(json.loads(arguments), ensure_ascii=False, indent=2)
    except ValueError:
        return arguments


HTML_STYLE = """
body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; max-width: 860px;
       margin: 2em auto; padding: 0 1em; line-height: 1.55; color: #1f2328; }
h1 { font-size: 1.6em; } .meta { color: #656d76; }
.msg { border-top: 1px solid #d0d7de; padding: 0.6em 0; }
.role { font-weight: 600; color: #656d76; }
pre { overflow-x: auto; padding: 0.6em; }
table { border-collapse: collapse; } th, td { border: 1px solid #d0d7de; padding: 4px 8px; }
details { color: #656d76; }
img.attached { max-width: 100%; height: auto; border-radius: 6px; }
"""


def export_html(
    store: HistoryStore, conversation_id: str | None = None, *, with_reasoning: bool = False,
    lookup: Lookup | None = None, math: MathHook | None = None,
) -> str:
    """``math`` typesets formulas into images the caller registered (the PDF export);
    without it formulas stay as their LaTeX source."""
    def words(text: Text) -> str:
        return text.render(lookup)

    def say(text: Text) -> str:
        return html.escape(words(text))

    renderer = MarkdownRenderer(lookup=lookup)
    body: list[str] = []
    convs = selected(store, conversation_id)
    for conv in convs:
        title = html.escape(conv.title) if conv.title else say(UNTITLED)
        body.append(f"<h1>{title}</h1>")
        body.append(f'<p class="meta">{iso(conv.created_at)}</p>')
        if conv.system_prompt:
            body.append(f"<p><b>{say(SYSTEM_PROMPT)}</b></p>"
                        f"<blockquote>{plain_escape(conv.system_prompt)}</blockquote>")
        for m in shown_branch(store.messages(conv.id), conv.current_leaf_id):
            heading = html.escape(_heading(m, words))
            body.append(f'<div class="msg"><div class="role">{heading}</div>')
            if with_reasoning and m.reasoning_content:
                body.append(f"<details><summary>{say(THINKING)}</summary><p>"
                            f"{plain_escape(m.reasoning_content)}</p></details>")
            body.extend(_html_attachments(m))
            if m.role is Role.ASSISTANT:
                body.append(renderer.document(m.content, math))
            else:
                body.append(f"<p>{plain_escape(m.content)}</p>")
            for call in m.tool_calls:
                body.append(f"<p><b>{say(TOOL_CALL)}</b> <code>{html.escape(call.name)}</code>"
                            f"</p><pre>{html.escape(_pretty(call.arguments))}</pre>")
            if m.status.value in STATUS_NAMES:
                body.append(f"<p><i>({say(STATUS_NAMES[m.status.value])})</i></p>")
            body.append("</div>")
    title = (html.escape(convs[0].title) if len(convs) == 1 and convs[0].title
             else say(translate("Export", "SiliconDesk export")))
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{HTML_STYLE}</style></head><body>\n" + "\n".join(body)
            + "\n</body></html>\n")


def export_text(store: HistoryStore, fmt: str, conversation_id: str | None = None,
                *, with_reasoning: bool = False, lookup: Lookup | None = None) -> str:
    """An export in ``fmt``: json (the documented, lossless format), markdown or html."""
    from app.storage.export import export_json

    if fmt == "json":
        return export_json(store, conversation_id)
    if fmt == "markdown":
        return export_markdown(store, conversation_id, with_reasoning=with_reasoning,
                               lookup=lookup)
    return export_html(store, conversation_id, with_reasoning=with_reasoning, lookup=lookup)
