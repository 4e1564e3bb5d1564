"""The composer's token estimate on a 50k-token conversation: the cost of one keystroke on
the GUI thread (the typed text estimated, the history's count cached), and of counting
the history again (in a worker thread, after a turn or a branch change).

    python bench/token_estimate.py
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
from common import Row, median
from PySide6.QtWidgets import QApplication

from app.__main__ import scripted_composition
from app.domain.chat import Role
from app.domain.tokens import prompt_tokens


async def run(app: QApplication, data: Path) -> list[Row]:
    async with httpx.AsyncClient() as http:
        parts = scripted_composition(app, data, "http://127.0.0.1:9/v1", http,
                                     title_mode="off")
        store, flow = parts.store, parts.window.models
        conv = store.create_conversation(params={"model": "Qwen/Qwen3-8B"})
        parent = None
        for i in range(200):  # 100 questions and answers, English and Chinese
            text = (f"Question {i}: how does top_p sampling differ from top_k? " * 12
                    if i % 2 == 0 else "温度越高，回答越多样；温度越低，回答越稳定。" * 25)
            parent = store.add_message(conv.id, parent and parent.id,
                                       Role.USER if i % 2 == 0 else Role.ASSISTANT, text)
        parts.window.show()
        parts.window.navigator.open(conv.id)
        from app.services.turns import path_to, request_messages

        raw = prompt_tokens(request_messages(path_to(store.messages(conv.id), parent.id), ""))
        composer = parts.window.composer
        label = parts.window.pane.token_estimate
        flow.update_estimate()
        while not label.isVisible():  # the history is counted in a worker thread
            await asyncio.sleep(0.005)
        keystrokes, counts = [], []
        text = ""
        for i in range(300):
            text += "abcdefgh 北"[i % 10]
            composer.blockSignals(True)
            composer.setPlainText(text)
            composer.blockSignals(False)
            started = time.perf_counter()
            flow.update_estimate()
            keystrokes.append((time.perf_counter() - started) * 1000)
        from app.services.context import history_tokens

        for _ in range(20):
            started = time.perf_counter()
            await parts.conversations.read_in_background(
                lambda store: history_tokens(store, conv.id, parent.id, "", None))
            counts.append((time.perf_counter() - started) * 1000)
        print(f"conversation: {round(raw):,} estimated tokens; label: "
              f"{parts.window.pane.token_estimate.text()}")
        parts.window.close()
        await parts.aclose()
    return [Row("token estimate per keystroke (50k-token conversation)", median(keystrokes),
                5.0, "ms"),
            Row("history counted again, in a worker thread", median(counts), 100.0, "ms")]


def main() -> None:
    from app.services.event_loop import qt_event_loop

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp, qt_event_loop(app) as loop:  # type: ignore[arg-type]
        for row in loop.run_until_complete(run(app, Path(tmp))):  # type: ignore[arg-type]
            print(row.line())


if __name__ == "__main__":
    main()
