"""Request parameters of the chat-completions API, with the ranges the reference page gives.

Every field is optional: ``None`` means "not set", and an unset field is never sent.
What the user set is sent exactly as set; nothing here clamps or rewrites a value.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

DEFAULT_MODEL = "Qwen/QwQ-32B"

# Field order follows the reference page's example body, so a built body reads the same.
PARAM_FIELDS: tuple[str, ...] = (
    "model",
    "stream",
    "max_tokens",
    "enable_thinking",
    "thinking_budget",
    "min_p",
    "stop",
    "temperature",
    "top_p",
    "top_k",
    "frequency_penalty",
    "n",
    "response_format",
    "seed",
    "tools",
    # Not on SiliconFlow's page; OpenAI, vLLM and llama.cpp's server take them (issue 17).
    "logprobs",
    "top_logprobs",
)
# The key of the "More fields" object in stored parameters: fields the reference page
# does not list (``repetition_penalty``, ``chat_template_kwargs``…), merged into the body.
EXTRA_BODY = "extra_body"
# What extra fields may never set: the request itself.
RESERVED_FIELDS = ("model", "messages", "stream")

# The server's defaults as documented on the reference page (shown to the user beside
# each control; never sent on the user's behalf).
SERVER_DEFAULTS: dict[str, Any] = {
    "model": DEFAULT_MODEL,
    "stream": True,
    "max_tokens": 512,
    "enable_thinking": True,
    "thinking_budget": 4096,
    "min_p": 0.05,
    "stop": None,
    "temperature": 0.7,
    "top_p": 0.7,
    "top_k": 50,
    "frequency_penalty": 0.5,
    "n": 1,
    "response_format": "text",
    "tools": None,
}

RESPONSE_FORMATS = ("text", "json_object")


@dataclass(frozen=True)
class ChatParams:
    """The sampling and request fields of one request. ``None`` everywhere means unset."""

    model: str | None = None
    stream: bool | None = None
    max_tokens: int | None = None
    enable_thinking: bool | None = None
    thinking_budget: int | None = None
    min_p: float | None = None
    stop: str | tuple[str, ...] | None = None
    temperature: float | None = None
    top_p: float | None = None
    top_k: float | None = None
    frequency_penalty: float | None = None
    n: int | None = None
    response_format: str | None = None
    seed: int | None = None  # honoured by llama.cpp, vLLM, OpenAI; SiliconFlow does not say
    # Tools in the API's own shape: [{"type": "function", "function": {...}}, ...].
    tools: tuple[dict[str, Any], ...] | None = field(default=None)
    # More fields (a JSON object), merged into the body after the fields above.
    extra: dict[str, Any] | None = field(default=None)
    logprobs: bool | None = None  # stream each token's log-probability
    top_logprobs: int | None = None  # 0–20 alternatives per token (needs logprobs)

    def replace(self, **changes: Any) -> ChatParams:
        return dataclasses.replace(self, **changes)

    def set_fields(self) -> dict[str, Any]:
        """The fields the user set, in the reference page's order, as JSON-ready values."""
        out: dict[str, Any] = {}
        for name in PARAM_FIELDS:
            value = getattr(self, name)
            if value is None:
                continue
            if name == "stop" and isinstance(value, tuple):
                value = list(value)
            elif name == "response_format":
                value = {"type": value}
            elif name == "tools":
                value = [dict(tool) for tool in value]
            out[name] = value
        return out

    def posted_fields(self) -> dict[str, Any]:
        """The request's fields exactly as posted: those set above, then the extra ones
        (never ``model``, ``messages`` or ``stream``; a field set above keeps its value)."""
        out = self.set_fields()
        for name, value in (self.extra or {}).items():
            if name not in RESERVED_FIELDS and name not in out and value is not None:
                out[name] = value
        return out

    def to_json(self) -> dict[str, Any]:
        """A plain dict for storage: set fields only, ``response_format`` as its type."""
        out = self.set_fields()
        if "response_format" in out:
            out["response_format"] = self.response_format
        if self.extra:
            out[EXTRA_BODY] = dict(self.extra)
        return out

    @classmethod
    def from_json(cls, data: Any) -> ChatParams:
        """Rebuild from :meth:`to_json` output (or a request body, or a lab arm): keys of
        no field above join :attr:`extra` (``messages`` of a body is not a parameter)."""
        if not isinstance(data, dict):
            return cls()
        kwargs: dict[str, Any] = {}
        for name in PARAM_FIELDS:
            if name not in data or data[name] is None:
                continue
            value = data[name]
            if name == "stop" and isinstance(value, list):
                value = tuple(value)
            elif name == "response_format" and isinstance(value, dict):
                value = value.get("type")
            elif name == "tools" and isinstance(value, list):
                value = tuple(value)
            kwargs[name] = value
        extra = dict(data[EXTRA_BODY]) if isinstance(data.get(EXTRA_BODY), dict) else {}
        for name, value in data.items():
            if name not in PARAM_FIELDS and name not in (EXTRA_BODY, "messages") and \
                    value is not None:
                extra.setdefault(name, value)
        if extra:
            kwargs["extra"] = extra
        return cls(**kwargs)
