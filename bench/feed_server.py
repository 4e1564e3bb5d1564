"""A paced SSE endpoint in its own process, so its CPU is not the client's.

    python bench/feed_server.py RATE [FORMULAS [TOP]]
    (tokens per second, 0 = as fast as possible; TOP > 0: every token carries its
    log-probability and TOP alternatives, as llama.cpp's server streams them)

Prints its base URL, then serves the benchmark answer for every chat request.
"""

from __future__ import annotations

import json
import sys
import time

from common import ROOT  # noqa: F401 - puts the repository on sys.path

from tests.loopback import LoopbackServer, Reply

TOKEN_CHARS = 4


def answer(target: int = 100_000, formulas: int = 0) -> str:
    """About ``target`` characters of Markdown: prose, lists, code blocks and a table
    (and, when asked, ``formulas`` distinct LaTeX formulas spread through it)."""
    parts: list[str] = []
    n = 0
    while sum(len(p) for p in parts) < target:
        n += 1
        if formulas and n % 5 == 0 and n // 5 <= formulas:  # spread through the answer
            parts.append(f"Formula {n}: $\\frac{{a_{{{n}}}}}{{b + {n}}} + \\sqrt{{x^{n}}}$ "
                         f"and $$\\sum_{{k=1}}^{{{n}}} k^2$$\n\n")
        parts.append(
            f"## Section {n}\n\nStreaming text arrives token by token; the view must stay "
            f"smooth while it grows. 中文段落也在这里，第 {n} 节。\n\n"
            f"- point one of section {n}\n- point two with `inline code`\n- point three\n\n"
            f"```python\ndef section_{n}(x: int) -> int:\n    total = 0\n"
            f"    for i in range(x):\n        total += i * {n}\n    return total\n```\n\n"
            f"| key | value |\n|---|---|\n| n | {n} |\n| squared | {n * n} |\n\n")
    return "".join(parts)[:target]


def token_logprobs(token: str, i: int, top: int) -> dict[str, object]:
    """A made-up but varied ``logprobs.content`` entry for ``token``."""
    chosen = -((i * 7919) % 1000) / 250  # 0 … -4
    alts = [{"token": token if k == 0 else f"{token[:2]}{k}", "bytes": None,
             "logprob": chosen - k * 0.7} for k in range(top)]
    return {"token": token, "logprob": chosen, "bytes": None, "top_logprobs": alts}


def stream_body(text: str, top: int = 0) -> list[bytes]:
    """One SSE event per token."""
    events = []
    for i in range(0, len(text), TOKEN_CHARS):
        token = text[i:i + TOKEN_CHARS]
        choice: dict[str, object] = {"index": 0, "delta": {"content": token},
                                     "finish_reason": None}
        if top:
            choice["logprobs"] = {"content": [token_logprobs(token, i, top)]}
        chunk = {"id": "bench", "model": "bench-model", "choices": [choice]}
        events.append(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
    done = {"id": "bench", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": len(events),
                      "total_tokens": len(events) + 10}}
    events.append(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())
    return events


def main() -> None:
    rate = float(sys.argv[1])
    formulas = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    events = stream_body(answer(formulas=formulas), top)
    per_piece = 20  # tokens per write: at 2,000 tokens/s, one write every 10 ms
    pieces = [b"".join(events[i:i + per_piece]) for i in range(0, len(events), per_piece)]
    delay = per_piece / rate if rate else 0.0
    server = LoopbackServer().start()
    server.default = lambda request: Reply(pieces=pieces, delay=delay)
    print(server.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
