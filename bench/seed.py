"""Build a large history for the benchmarks: 10,000 conversations, 500,000 messages."""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain.chat import Role
from app.domain.history import Conversation, Message, Status, new_id
from app.storage.history import HistoryStore

WORDS = [
    "docker",
    "compose",
    "kubernetes",
    "python",
    "asyncio",
    "latency",
    "streaming",
    "token",
    "model",
    "prompt",
    "北京",
    "上海",
    "天气",
    "旅行",
    "学习",
    "深度",
    "模型",
    "推理",
    "代码",
    "数据库",
    "搜索",
    "历史",
    "长城",
    "火车",
]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def seed(
    path: Path, conversations: int = 10_000, messages: int = 500_000, largest: int = 2_000
) -> str:
    """Returns the id of the largest conversation (``largest`` messages)."""
    rng = random.Random(1)
    store = HistoryStore.open(path)
    per = (messages - largest) // (conversations - 1)
    base = 1_700_000_000_000
    largest_id = ""
    with store.transaction() as tx:
        for c in range(conversations):
            count = largest if c == conversations - 1 else per
            conv = Conversation(
                id=new_id(),
                title=sentence(rng, 4),
                created_at=base + c * 60_000,
                updated_at=base + c * 60_000 + count * 1000,
            )
            batch: list[Message] = []
            parent = None
            for i in range(count):
                role = Role.USER if i % 2 == 0 else Role.ASSISTANT
                m = Message(
                    id=new_id(),
                    conversation_id=conv.id,
                    parent_id=parent,
                    role=role,
                    content=sentence(rng, 12 if role is Role.USER else 60),
                    status=Status.COMPLETE,
                    created_at=conv.created_at + i * 1000,
                    seq=i + 1,
                )
                batch.append(m)
                parent = m.id
            conv.current_leaf_id = parent
            store.insert_in(tx, conv, batch)
            if c == conversations - 1:
                largest_id = conv.id
    store.close()
    return largest_id


if __name__ == "__main__":
    started = time.perf_counter()
    print(seed(Path(sys.argv[1])), f"{time.perf_counter() - started:.1f}s")
