"""Continue a cut answer: the request that makes the model go on from its own text.

Servers differ in how a partial answer is handed back (found in their documentation):
- SiliconFlow: a top-level ``"prefix": "<the answer so far>"`` (non-reasoning models,
  and Qwen3 with thinking off).
- DeepSeek's own API (on its ``/beta`` base URL): the answer as a last ``assistant``
  message with ``"prefix": true``.
- vLLM: the answer as a last ``assistant`` message, with
  ``"continue_final_message": true, "add_generation_prompt": false``.
- Anywhere else (and where the shapes above are refused): the answer as an
  ``assistant`` message and a user message asking to continue — sent, never stored or
  shown. The continuation is stitched onto the answer in every case.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from app.domain.chat import ChatMessage, Role

INSTRUCTION = "Continue exactly where you stopped, without repeating anything."


class Shape(StrEnum):
    PREFIX_FIELD = "prefix_field"
    ASSISTANT_PREFIX = "assistant_prefix"
    CONTINUE_FINAL = "continue_final_message"
    INSTRUCTION = "instruction"


def shape_for(base_url: str) -> Shape:
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if host.startswith("api.siliconflow."):
        return Shape.PREFIX_FIELD
    if host == "api.deepseek.com" and parts.path.rstrip("/").endswith("/beta"):
        return Shape.ASSISTANT_PREFIX
    return Shape.INSTRUCTION


def continued(shape: Shape, messages: list[ChatMessage],
              partial: str) -> tuple[list[ChatMessage], dict[str, Any]]:
    """``messages`` (up to the question) and the extra body fields that ask the model to
    continue ``partial``."""
    if shape is Shape.PREFIX_FIELD:
        return list(messages), {"prefix": partial}
    if shape is Shape.ASSISTANT_PREFIX:
        return [*messages, ChatMessage(Role.ASSISTANT, partial, prefix=True)], {}
    if shape is Shape.CONTINUE_FINAL:
        return [*messages, ChatMessage(Role.ASSISTANT, partial)], {
            "continue_final_message": True, "add_generation_prompt": False}
    return [*messages, ChatMessage(Role.ASSISTANT, partial),
            ChatMessage(Role.USER, INSTRUCTION)], {}
