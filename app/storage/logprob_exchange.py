"""Token log-probabilities in the JSON export and back: an answer's ``"logprobs"`` is the
API's own shape (``[{"token", "logprob", "bytes", "top_logprobs": [...]}]``, as
``choices[i].logprobs.content`` of the chat-completions API). An answer without them has
no ``"logprobs"`` key (older exports read as before)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.domain.history import Message
from app.domain.logprobs import decode, encode, mean_logprob, parse_content, to_api
from app.domain.text import translate
from app.storage.history import HistoryStore
from app.storage.importer import ImportFailed
from app.storage.rows import dump
from app.storage.writer import Writer


def add_logprobs(conversation: dict[str, Any], history: HistoryStore) -> dict[str, Any]:
    """``conversation`` (an exported conversation) with its answers' log-probabilities."""
    stored = history.logprobs_of(conversation["id"])
    if stored:
        for message in conversation["messages"]:
            tokens = decode(stored.get(message["id"]))
            if tokens:
                message["logprobs"] = to_api(tokens)
    return conversation


def parse_logprobs(data: Any) -> dict[str, str]:
    """Message id → stored form, of a SiliconDesk export's answers that carry them."""
    out: dict[str, str] = {}
    conversations = data.get("conversations") if isinstance(data, dict) else None
    for ci, conv in enumerate(conversations if isinstance(conversations, list) else []):
        messages = conv.get("messages") if isinstance(conv, dict) else None
        for mi, message in enumerate(messages if isinstance(messages, list) else []):
            if not isinstance(message, dict) or message.get("logprobs") is None:
                continue
            value = message["logprobs"]
            if not isinstance(value, list):
                where = f"conversations[{ci}].messages[{mi}].logprobs"
                raise ImportFailed(translate("Import", "{where}: {what}").format(
                    where=where, what=translate("Import", "must be a list or null")))
            text = encode(parse_content(value))
            if text is not None:
                out[str(message.get("id"))] = text
    return out


def insert_logprobs(history: HistoryStore, tx: Writer, messages: Sequence[Message],
                    logprobs: dict[str, str]) -> None:
    """Store the imported answers' log-probabilities (and their mean, for the footer)."""
    for m in messages:
        text = logprobs.get(m.id)
        if text is None:
            continue
        history.set_logprobs_in(tx, m.id, text)
        mean = mean_logprob(decode(text))
        if mean is not None and "logprob_mean" not in (m.timings or {}):
            timings = {**(m.timings or {}), "logprob_mean": round(mean, 4)}
            tx.execute("UPDATE messages SET timings = ? WHERE id = ?", (dump(timings), m.id))
