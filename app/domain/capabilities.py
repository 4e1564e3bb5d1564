"""What a model takes: reasoning, hybrid thinking, vision, tools, JSON mode, seed, context
length and longest answer, each with where it was learned.

Layers, later ones winning field by field: what the endpoint reports (llama.cpp and vLLM
report context and modalities; SiliconFlow only ids), the maintained list of known models
below, what errors taught (a 400/20015 about a parameter switches it off), and what the
user set in the model details view. A field nobody knows stays ``None`` (unknown): the
panel offers it and says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from enum import StrEnum
from typing import Any

FLAGS = ("reasoning", "hybrid_thinking", "vision", "tools", "json_mode", "seed")
NUMBERS = ("context_length", "max_output")
MAX_TOKENS_LIMIT = 1 << 31


class Source(StrEnum):
    ENDPOINT = "endpoint"
    KNOWN = "known"
    LEARNED = "learned"
    USER = "user"


@dataclass(frozen=True)
class Capabilities:
    reasoning: bool | None = None
    hybrid_thinking: bool | None = None  # enable_thinking switches it
    vision: bool | None = None
    tools: bool | None = None
    json_mode: bool | None = None
    seed: bool | None = None  # the endpoint honours ``seed``
    context_length: int | None = None
    max_output: int | None = None

    def over(self, base: Capabilities) -> Capabilities:
        """These values where known, ``base``'s elsewhere."""
        changes = {f.name: getattr(self, f.name) for f in fields(self)
                   if getattr(self, f.name) is not None}
        return replace(base, **changes)

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) is not None}

    @classmethod
    def from_json(cls, data: Any) -> Capabilities:
        """Known fields of the right type only (a hand-edited cache cannot break it)."""
        if not isinstance(data, dict):
            return cls()
        kwargs: dict[str, Any] = {}
        for name in FLAGS:
            if isinstance(data.get(name), bool):
                kwargs[name] = data[name]
        for name in NUMBERS:
            value = data.get(name)
            if isinstance(value, int) and not isinstance(value, bool) \
                    and 0 < value < MAX_TOKENS_LIMIT:
                kwargs[name] = value
        return cls(**kwargs)


@dataclass(frozen=True)
class ModelInfo:
    """One model as the endpoint listed it, with what it reported about it."""

    id: str
    reported: Capabilities = Capabilities()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id}
        if self.reported.to_json():
            out["reported"] = self.reported.to_json()
        return out

    @classmethod
    def from_json(cls, data: Any) -> ModelInfo | None:
        if not isinstance(data, dict) or not isinstance(data.get("id"), str) \
                or not data["id"].strip():
            return None
        return cls(data["id"], Capabilities.from_json(data.get("reported")))


def base_name(model: str) -> str:
    """``Pro/deepseek-ai/DeepSeek-R1`` → ``deepseek-r1``; a GGUF file name loses its
    extension and quantisation (``Qwen3-0.6B-Q8_0.gguf`` → ``qwen3-0.6b``)."""
    name = model.strip().rsplit("/", 1)[-1].lower()
    name = name.removesuffix(".gguf")
    for mark in ("-q2", "-q3", "-q4", "-q5", "-q6", "-q8", "-f16", "-bf16", "-fp8", "-awq",
                 "-gptq", "-iq"):
        cut = name.find(mark)
        if cut > 0:
            name = name[:cut]
    return name


_HYBRID = Capabilities(reasoning=True, hybrid_thinking=True, tools=True, json_mode=True)
_REASONER = Capabilities(reasoning=True, hybrid_thinking=False)
_CHAT = Capabilities(reasoning=False, hybrid_thinking=False)

# The maintained list: base names (see base_name) of models whose behaviour is documented
# by their makers or by SiliconFlow's model pages. Context lengths are the served ones.
KNOWN: dict[str, Capabilities] = {
    "qwen3-8b": replace(_HYBRID, context_length=131072, max_output=8192),
    "qwen3-14b": replace(_HYBRID, context_length=131072, max_output=8192),
    "qwen3-32b": replace(_HYBRID, context_length=131072, max_output=8192),
    "qwen3-30b-a3b": replace(_HYBRID, context_length=131072, max_output=8192),
    "qwen3-235b-a22b": replace(_HYBRID, context_length=131072, max_output=8192),
    "qwen3-0.6b": replace(_HYBRID, context_length=40960),
    "qwen3-1.7b": replace(_HYBRID, context_length=40960),
    "qwen3-4b": replace(_HYBRID, context_length=40960),
    "hunyuan-a13b-instruct": replace(_HYBRID, context_length=131072),
    "qwq-32b": replace(_REASONER, tools=True, context_length=131072),
    "deepseek-r1": replace(_REASONER, tools=True, json_mode=True, context_length=65536,
                           max_output=16384),
    "deepseek-r1-0528-qwen3-8b": replace(_REASONER, context_length=131072),
    "deepseek-r1-distill-qwen-32b": replace(_REASONER, context_length=131072),
    "deepseek-r1-distill-qwen-14b": replace(_REASONER, context_length=131072),
    "deepseek-r1-distill-qwen-7b": replace(_REASONER, context_length=131072),
    "glm-z1-32b-0414": replace(_REASONER, context_length=32768),
    "glm-z1-rumination-32b-0414": replace(_REASONER, context_length=32768),
    "minimax-m1-80k": replace(_REASONER, context_length=131072),
    "qwenlong-l1-32b": replace(_REASONER, context_length=131072),
    "deepseek-v3": replace(_CHAT, tools=True, json_mode=True, context_length=65536,
                           max_output=8192),
    "deepseek-v2.5": replace(_CHAT, tools=True, context_length=32768),
    "kimi-k2-instruct": replace(_CHAT, tools=True, json_mode=True, context_length=131072),
    "ernie-4.5-300b-a47b": replace(_CHAT, context_length=131072),
    "pangu-pro-moe": replace(_CHAT, context_length=32768),
    "glm-4-32b-0414": replace(_CHAT, tools=True, context_length=32768),
    "glm-4-9b-0414": replace(_CHAT, tools=True, context_length=32768),
    "glm-4-9b-chat": replace(_CHAT, tools=True, context_length=131072),
    "qwen2.5-72b-instruct": replace(_CHAT, tools=True, json_mode=True, context_length=32768),
    "qwen2.5-72b-instruct-128k": replace(_CHAT, tools=True, json_mode=True,
                                         context_length=131072),
    "qwen2.5-32b-instruct": replace(_CHAT, tools=True, json_mode=True, context_length=32768),
    "qwen2.5-14b-instruct": replace(_CHAT, tools=True, json_mode=True, context_length=32768),
    "qwen2.5-7b-instruct": replace(_CHAT, tools=True, json_mode=True, context_length=32768),
    "qwen2.5-coder-32b-instruct": replace(_CHAT, tools=True, context_length=32768),
    "qwen2.5-coder-7b-instruct": replace(_CHAT, tools=True, context_length=32768),
    "qwen2-7b-instruct": replace(_CHAT, context_length=32768),
    "telechat2": replace(_CHAT, context_length=8192),
    "internlm2_5-7b-chat": replace(_CHAT, context_length=32768),
    "qwen2.5-vl-72b-instruct": replace(_CHAT, vision=True, context_length=131072),
    "qwen2.5-vl-32b-instruct": replace(_CHAT, vision=True, context_length=131072),
    "qwen2.5-vl-7b-instruct": replace(_CHAT, vision=True, context_length=32768),
}


# Families that take images, by a part of their name (the maintained name list; the
# endpoint's report and the user's edit in Details… win over it).
VISION_NAMES = (
    "-vl", "vl-", "qvq", "vision", "glm-4v", "glm-4.1v", "glm-4.5v", "glm-4.6v", "deepseek-vl",
    "llava", "pixtral", "internvl", "minicpm-v", "kimi-vl", "step-1v", "step-1o", "gpt-4o",
    "gpt-4.1", "gpt-5", "claude-3", "claude-sonnet-4", "claude-opus-4", "gemini",
    "gemma-3-4b", "gemma-3-12b", "gemma-3-27b", "llama-4", "moondream", "omni", "mimo-vl",
)


def known(model: str) -> Capabilities:
    name = base_name(model)
    caps = KNOWN.get(name, Capabilities())
    if caps.vision is None and any(part in name for part in VISION_NAMES):
        caps = replace(caps, vision=True)
    return caps


def learned_from_rejection(field: str) -> Capabilities:
    """What a 400 "does not support parameter X" teaches about the model."""
    return {
        "enable_thinking": Capabilities(hybrid_thinking=False),
        "thinking_budget": Capabilities(reasoning=False),
        "tools": Capabilities(tools=False),
        "response_format": Capabilities(json_mode=False),
        "seed": Capabilities(seed=False),
        "images": Capabilities(vision=False),
    }.get(field, Capabilities())


# Which request fields a capability governs (the panel warns about set ones, with why).
FIELDS_OF: dict[str, str] = {
    "enable_thinking": "hybrid_thinking",
    "thinking_budget": "reasoning",
    "tools": "tools",
    "response_format": "json_mode",
    "seed": "seed",
}
