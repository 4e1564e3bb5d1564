"""A history writer for the crash test: writes turns and prints "ack <id> <content>"
after each commit, until it is killed."""

from __future__ import annotations

import sys
from pathlib import Path

from app.domain.chat import Role
from app.domain.history import Status
from app.storage.history import HistoryStore


def main() -> None:
    store = HistoryStore.open(Path(sys.argv[1]))
    store.recover_interrupted()
    turn = 0
    while True:
        conv = store.create_conversation()
        parent = None
        for _ in range(5):
            turn += 1
            text = f"问题 {turn} question"
            user = store.add_message(conv.id, parent, Role.USER, text)
            print(f"ack {user.id} {text}", flush=True)
            answer = store.add_message(conv.id, user.id, Role.ASSISTANT, status=Status.STREAMING)
            content = ""
            for piece in range(5):
                content += f"片段{piece} "
                store.checkpoint(answer.id, content, "thinking")
            store.finish_message(answer.id, status=Status.COMPLETE, content=content,
                                 reasoning_content="thinking")
            print(f"ack {answer.id} {content}", flush=True)
            parent = answer.id


if __name__ == "__main__":
    main()
