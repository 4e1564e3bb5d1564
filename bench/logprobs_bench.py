"""Token probabilities (issue 17): streaming with ``top_logprobs`` 5 at 2,000 tokens/s,
a 20,000-token answer with probabilities opened and shown shaded, and the stored size.

    python bench/logprobs_bench.py

- Streaming is the real path of ``streaming.py`` (a feed server in another process →
  ApiClient → ChatController → MessageView); every token carries its log-probability and
  5 alternatives, decoded, accumulated and stored with the answer at its end.
- Opening: a conversation whose answer has 20,000 tokens (80,000 characters) with 5
  alternatives each, clicked in the list → the view painted (median of 5). The
  probabilities are not read to open it (they are a column the view does not load).
- Shaded view: the answer's Probabilities button → read and decoded from the store,
  laid out shaded, painted (median of 5).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row, median
from feed_server import TOKEN_CHARS, answer, token_logprobs
from PySide6.QtWidgets import QApplication

from app.domain.history import Role
from app.domain.logprobs import encode, mean_logprob, parse_content, to_api
from app.storage.history import HistoryStore

TOKENS = 20_000
TOP = 5


def long_answer() -> tuple[str, list[object]]:
    text = answer(TOKENS * TOKEN_CHARS)
    tokens = parse_content([token_logprobs(text[i:i + TOKEN_CHARS], i, TOP)
                            for i in range(0, len(text), TOKEN_CHARS)])
    return text, list(tokens)


def seed(data: Path) -> tuple[str, str, float, float]:
    """A small conversation and one with the long answer; (its id, the answer's id,
    stored bytes per token, the API shape's bytes per token)."""
    text, tokens = long_answer()
    stored = encode(tokens)  # type: ignore[arg-type]
    assert stored is not None
    store = HistoryStore.open(data / "history.sqlite3")
    try:
        small = store.create_conversation(title="small")
        question = store.add_message(small.id, None, Role.USER, "hello")
        store.add_message(small.id, question.id, Role.ASSISTANT, "hi")
        conv = store.create_conversation(title="long answer")
        question = store.add_message(conv.id, None, Role.USER, "write a lot")
        reply = store.add_message(conv.id, question.id, Role.ASSISTANT, "", model="bench")
        mean = mean_logprob(tokens)  # type: ignore[arg-type]
        store.finish_message(reply.id, status=reply.status, content=text,
                             reasoning_content="", timings={"logprob_mean": mean},
                             logprobs=stored)
        plain = store.create_conversation(title="long answer, no probabilities")
        question = store.add_message(plain.id, None, Role.USER, "write a lot")
        store.add_message(plain.id, question.id, Role.ASSISTANT, text, model="bench")
        store.checkpoint_wal()
    finally:
        store.close()
    api = json.dumps(to_api(tokens), ensure_ascii=False,  # type: ignore[arg-type]
                     separators=(",", ":"))
    return conv.id, reply.id, len(stored.encode()) / len(tokens), len(api.encode()) / len(tokens)


async def _painted(app: QApplication, widget: object) -> None:
    """Posted events run (layout), then a real paint of the widget, offscreen. (Not
    ``processEvents()`` inside a task: the window's own tasks would be entered from it.)"""
    for _ in range(3):
        await asyncio.sleep(0)
    widget.grab()  # type: ignore[attr-defined]


async def open_and_shade(app: QApplication, data: Path, cid: str,
                         answer_id: str) -> dict[str, float]:
    import httpx

    from app.__main__ import scripted_composition
    from app.ui.message_commands import Command, MessageCommand

    async with httpx.AsyncClient() as http:
        parts = scripted_composition(app, data, "http://127.0.0.1:9/v1", http)
        window, view = parts.window, parts.window.view
        window.show()
        await _painted(app, window)
        titles = {s.title: s.id for s in parts.conversations.summaries()}
        small, plain = titles["small"], titles["long answer, no probabilities"]
        opens, shades, plains = [], [], []
        for _ in range(5):
            window.navigator.open(small)
            await _painted(app, view)
            started = time.perf_counter()
            window.navigator.open(plain)
            await _painted(app, view)
            plains.append((time.perf_counter() - started) * 1000)
            window.navigator.open(small)
            await _painted(app, view)
            started = time.perf_counter()
            window.navigator.open(cid)
            await _painted(app, view)
            opens.append((time.perf_counter() - started) * 1000)
            widget = view.widgets[answer_id]
            started = time.perf_counter()
            window.messages.run(MessageCommand(Command.PROBABILITIES, answer_id))
            await _painted(app, view)
            shades.append((time.perf_counter() - started) * 1000)
            assert widget.showing_probabilities
            assert len(widget.token_view.text.tokens) == TOKENS
        window.close()
        await parts.aclose()
    return {"open_ms": median(opens), "shade_ms": median(shades),
            "plain_ms": median(plains)}


def measure() -> tuple[list[Row], list[str]]:
    from streaming import feed, run_once

    from app.services.event_loop import qt_event_loop

    rows: list[Row] = []
    notes: list[str] = []
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # the window of one step closes before the next
    with qt_event_loop(app) as loop:
        results = {}
        for top in (0, TOP):  # the same feed without probabilities, in the same run
            proc, url = feed(2000.0, 0, top)
            try:
                results[top] = loop.run_until_complete(run_once(app, url, False))
            finally:
                proc.terminate()
                proc.wait()
                if proc.stdout is not None:
                    proc.stdout.close()
        result, plain = results[TOP], results[0]
        notes.append(f"the same stream without probabilities, in this run: lateness p99 "
                     f"{plain['p99']:.1f} ms, max {plain['max']:.1f} ms")
        notes.append(f"streaming 25,000 tokens with top_logprobs {TOP} at 2,000 tokens/s: "
                     f"{result['seconds']:.1f} s, lateness p99 {result['p99']:.1f} ms, "
                     f"max {result['max']:.1f} ms")
        rows.append(Row(f"streaming top_logprobs {TOP}, 2,000 tok/s: lateness p99",
                        result["p99"], 16.0, "ms"))
        with tempfile.TemporaryDirectory(prefix="silicondesk-bench-") as tmp:
            data = Path(tmp)
            cid, answer_id, per_token, api_per_token = seed(data)
            timed = loop.run_until_complete(open_and_shade(app, data, cid, answer_id))
        rows.append(Row("20,000-token answer with probabilities: open", timed["open_ms"],
                        150.0, "ms"))
        rows.append(Row("20,000-token answer: shaded view shown", timed["shade_ms"],
                        300.0, "ms"))
        notes.append(f"the same 80,000-character answer without probabilities opens in "
                     f"{timed['plain_ms']:.1f} ms (its text is laid out to "
                     f"50,000 characters, then \"Show more\"); the shaded view lays out "
                     f"the first 6,000 tokens, then \"Show more\"")
        notes.append(f"stored: {per_token:.1f} bytes per token with {TOP} alternatives "
                     f"(the API's JSON of the same: {api_per_token:.1f} bytes per token)")
    return rows, notes


def main() -> int:
    rows, notes = measure()
    if "--json" in sys.argv:  # for bench/run.py
        print(json.dumps({"rows": [row.__dict__ for row in rows], "notes": notes}), flush=True)
        return 0
    for note in notes:
        print(note)
    for row in rows:
        print(row.line())
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
