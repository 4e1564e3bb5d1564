"""The demo endpoint: a small OpenAI-compatible server on 127.0.0.1 with sample replies.

``silicondesk --demo`` starts it inside the app so a newcomer can try the whole window
without a key: thinking, code, a table, a tool call and an error, streamed as SSE.
Like a model, it answers in the language it is asked in (Chinese or English).
It answers only on the loopback interface and never touches the network.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from typing import Any

MODEL = "demo/sample-model"

WELCOME = (
    "Hello! This is **demo mode**: answers come from sample replies inside SiliconDesk, "
    "not from a model. Try asking for:\n\n"
    "- **think** — an answer with a thinking block\n"
    "- **code** — a highlighted code block\n"
    "- **table** — a table and a formula\n"
    "- **weather** — a tool call you can answer by hand\n"
    "- **error** — what a rate limit looks like\n"
)
THINKING = ("The user wants to see reasoning. I will think briefly, then answer: "
            "first restate the question, then give the key point.")
REPLIES = {
    "think": "After thinking it over: the shortest path is to **start small** and measure.",
    "code": ("Here is a small function:\n\n```python\ndef fib(n: int) -> int:\n"
             "    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n"
             "    return a\n```\n\nIt runs in $O(n)$ time."),
    "table": ("| model | thinking | context |\n|---|---|---|\n| Qwen3-8B | switchable | 128k |\n"
              "| DeepSeek-R1 | always | 128k |\n\nThe golden ratio is "
              "$\\varphi = \\frac{1 + \\sqrt{5}}{2}$."),
}


WELCOME_ZH = (
    "你好！这里是**演示模式**：回答来自 SiliconDesk 内置的示例回复，而不是模型。可以试试：\n\n"
    "- **思考**：带思考过程的回答\n"
    "- **代码**：高亮的代码块\n"
    "- **表格**：一张表格和一个公式\n"
    "- **天气**：一次需要你手动回复的工具调用\n"
    "- **错误**：触发限流时的样子\n"
)
THINKING_ZH = "用户想看看思考过程。我先简单想一想，再回答：先复述问题，再给出要点。"
REPLIES_ZH = {
    "think": "想清楚之后：最短的路径是**从小处做起**，边做边量。",
    "code": ("这是一个小函数：\n\n```python\ndef fib(n: int) -> int:\n"
             "    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n"
             "    return a\n```\n\n它的时间复杂度是 $O(n)$。"),
    "table": ("| 模型 | 思考 | 上下文 |\n|---|---|---|\n| Qwen3-8B | 可切换 | 128k |\n"
              "| DeepSeek-R1 | 始终开启 | 128k |\n\n黄金分割比是 "
              "$\\varphi = \\frac{1 + \\sqrt{5}}{2}$。"),
}
# Chinese requests name the same samples.
KEYWORDS_ZH = {"思考": "think", "代码": "code", "表格": "table", "天气": "weather",
               "工具": "tool", "错误": "error"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
    data = {"id": "demo", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": MODEL, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def _pieces(text: str, size: int = 6) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]


def _text_of(content: Any) -> str:
    """A message's text: the string, or the text parts of a parts array (images aside)."""
    if isinstance(content, list):
        return "\n".join(str(p.get("text") or "") for p in content
                         if isinstance(p, dict) and p.get("type") == "text")
    return str(content or "")


def _images_in(content: Any) -> int:
    return sum(1 for p in content if isinstance(p, dict) and p.get("type") == "image_url") \
        if isinstance(content, list) else 0


def reply_for(body: dict[str, Any]) -> tuple[int, list[bytes]]:
    """(HTTP status, SSE events) for a chat request."""
    messages = body.get("messages") or []
    last = messages[-1] if messages else {}
    asked = next((_text_of(m.get("content")) for m in reversed(messages)
                  if m.get("role") == "user"), "")
    chinese = bool(CJK.search(asked))
    if last.get("role") == "tool":
        said = last.get("content", "")
        text = (f"谢谢——工具返回了“{said}”。这样就清楚了。" if chinese
                else f"Thanks — the tool said “{said}”. That settles it.")
        return 200, [_chunk({"role": "assistant"}), *(_chunk({"content": p})
                                                        for p in _pieces(text)),
                     _chunk({}, "stop")]
    prompt = _text_of(last.get("content")).lower()
    for word, sample in KEYWORDS_ZH.items():
        prompt = prompt.replace(word, f" {sample} ")
    if "error" in prompt:
        message = {"message": "Request was rejected due to rate limiting. Details: TPM limit "
                              "reached. (This is the demo endpoint showing an error.)",
                   "data": None}
        return 429, [json.dumps(message).encode()]
    if "weather" in prompt or "tool" in prompt:
        call = {"tool_calls": [{"index": 0, "id": "call_demo_1", "type": "function",
                                "function": {"name": "get_weather", "arguments": ""}}]}
        args = [{"tool_calls": [{"index": 0, "function": {"arguments": p}}]}
                for p in _pieces('{"city": "北京", "unit": "celsius"}', 5)]
        return 200, [_chunk({"role": "assistant", "content": None}), _chunk(call),
                     *(_chunk(a) for a in args), _chunk({}, "tool_calls")]
    events = [_chunk({"role": "assistant", "content": None})]
    key = next((k for k in REPLIES if k in prompt), None)
    if key == "think" or "thinking" in prompt:
        thinking = THINKING_ZH if chinese else THINKING
        events += [_chunk({"reasoning_content": p, "content": None}) for p in _pieces(thinking)]
    text = (REPLIES_ZH.get(key or "", WELCOME_ZH) if chinese
            else REPLIES.get(key or "", WELCOME))
    images = _images_in(last.get("content"))
    if images:  # the demo cannot see them, but says what arrived (as a vision model would)
        text = (f"（示例回复：收到 {images} 张图片。真实的视觉模型会在这里描述它们。）\n\n"
                if chinese else f"(Sample reply: {images} image(s) arrived. A real vision "
                                "model would describe them here.)\n\n") + text
    events += [_chunk({"content": p}) for p in _pieces(text)]
    events.append(_chunk({}, "stop"))
    return 200, events


class DemoServer:
    def __init__(self, delay: float = 0.02) -> None:
        self.delay = delay
        self._server: asyncio.base_events.Server | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def start(self) -> DemoServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, _, v in
                       (line.partition(":") for line in lines[1:] if line)}
            length = int(headers.get("content-length") or 0)
            raw = await reader.readexactly(length) if length else b""
            await self._respond(writer, method, target, raw)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    async def _respond(self, writer: asyncio.StreamWriter, method: str, target: str,
                       raw: bytes) -> None:
        if method == "GET" and target.split("?")[0].endswith("/models"):
            body = json.dumps({"object": "list", "data": [
                {"id": MODEL, "object": "model", "created": 0, "owned_by": "demo",
                 "input_modalities": ["text", "image"]}]}).encode()
            writer.write(_head(200, "application/json", len(body)) + body)
            return
        if method != "POST" or not target.endswith("/chat/completions"):
            writer.write(_head(404, "text/plain", 18) + b"404 page not found")
            return
        try:
            request = json.loads(raw or b"{}")
        except ValueError:
            request = {}
        status, events = reply_for(request if isinstance(request, dict) else {})
        if status != 200:
            writer.write(_head(status, "application/json", len(events[0])) + events[0])
            return
        writer.write(_head(200, "text/event-stream", None))
        for event in [*events, b"data: [DONE]\n\n"]:
            writer.write(event)
            await writer.drain()
            await asyncio.sleep(self.delay)


def _head(status: int, content_type: str, length: int | None) -> bytes:
    reason = {200: "OK", 404: "Not Found", 429: "Too Many Requests"}.get(status, "Error")
    lines = [f"HTTP/1.1 {status} {reason}", f"Content-Type: {content_type}",
             "Connection: close"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
