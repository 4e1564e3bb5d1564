"""Long conversations for the view benchmarks, written through the public import path
(``app.storage.importer``), as a user's exported or imported history would arrive."""

from __future__ import annotations

import json
import random
from pathlib import Path

from app.domain.chat import Role
from app.domain.history import Conversation, Message, Status, new_id
from app.storage.export import FORMAT_NAME, FORMAT_VERSION, conversation_json
from app.storage.history import HistoryStore
from app.storage.importer import import_into
from bench.seed import WORDS

MARKED = 37  # the message that holds the word searched for


def conversation(messages: int, *, title: str, rng: random.Random, marked: bool = False,
                 base: int = 1_700_000_000_000) -> dict[str, object]:
    """``messages`` alternating user/assistant messages on one branch, exported as JSON."""
    conv = Conversation(id=new_id(), title=title, created_at=base,
                        updated_at=base + messages * 1000)
    batch: list[Message] = []
    parent = None
    for i in range(messages):
        role = Role.USER if i % 2 == 0 else Role.ASSISTANT
        words = 12 if role is Role.USER else 60
        content = f"message {i + 1}: " + " ".join(rng.choice(WORDS) for _ in range(words))
        if marked and i + 1 == MARKED:
            content += " zanzibar"  # the search hit, found nowhere else
        m = Message(id=new_id(), conversation_id=conv.id, parent_id=parent, role=role,
                    content=content, status=Status.COMPLETE, created_at=base + i * 1000,
                    seq=i + 1)
        batch.append(m)
        parent = m.id
    return conversation_json(conv, batch)


def import_long(store: HistoryStore, sizes: dict[str, int], marked: str = "",
                seed: int = 7) -> dict[str, str]:
    """Import one conversation per title (title → message count), the ``marked`` one with
    the search word in message 37; returns title → id."""
    rng = random.Random(seed)
    exported = [conversation(n, title=title, rng=rng, marked=title == marked)
                for title, n in sizes.items()]
    raw = json.dumps({"format": FORMAT_NAME, "version": FORMAT_VERSION,
                      "conversations": exported}, ensure_ascii=False).encode()
    import_into(store, raw)
    return {str(c["title"]): str(c["id"]) for c in exported}


def import_long_file(path: Path, sizes: dict[str, int]) -> dict[str, str]:
    store = HistoryStore.open(path)
    try:
        return import_long(store, sizes)
    finally:
        store.close()
