"""A ``GET /models`` answer → the models it lists, with whatever each reports about itself.

Shapes seen: OpenAI and SiliconFlow (``data[].id`` only); llama.cpp's server
(``data[].meta.n_ctx_train`` and ``n_ctx``, and a ``models[]`` list whose
``capabilities`` include ``multimodal`` when a projector is loaded); vLLM
(``data[].max_model_len``); OpenRouter-style relays (``context_length``,
``architecture.input_modalities``, ``supported_parameters``,
``top_provider.max_completion_tokens``).
"""

from __future__ import annotations

from typing import Any

from app.domain.capabilities import MAX_TOKENS_LIMIT, Capabilities, ModelInfo
from app.domain.unicode import join_surrogates

# Servers that report their model metadata (llama.cpp, vLLM) honour ``seed``.
_SEEDING_OWNERS = ("llamacpp", "vllm")


def _count(*values: Any) -> int | None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) \
                and 0 < value < MAX_TOKENS_LIMIT:
            return value
    return None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: Any) -> set[str]:
    if not isinstance(value, list):
        return set()
    return {v.lower() for v in value if isinstance(v, str)}


def _reported(item: dict[str, Any], extra: dict[str, Any] | None) -> Capabilities:
    meta = _dict(item.get("meta"))
    top = _dict(item.get("top_provider"))
    arch = _dict(item.get("architecture"))
    context = _count(meta.get("n_ctx"), item.get("max_model_len"), item.get("context_length"),
                     item.get("max_context_length"), top.get("context_length"),
                     meta.get("n_ctx_train"))
    inputs = _strings(arch.get("input_modalities")) | _strings(item.get("input_modalities"))
    modalities = item.get("modalities")
    if isinstance(modalities, dict):
        inputs |= _strings(modalities.get("input"))
    else:
        inputs |= _strings(modalities)
    caps = _strings(item.get("capabilities")) | _strings((extra or {}).get("capabilities"))
    supported = _strings(item.get("supported_parameters"))
    vision: bool | None = None
    if inputs:
        vision = "image" in inputs
    elif "multimodal" in caps or "vision" in caps:
        vision = True
    elif extra is not None and caps:  # llama.cpp lists capabilities; no projector: text only
        vision = False
    owner = str(item.get("owned_by") or "").lower()
    seed = True if owner in _SEEDING_OWNERS or meta else None
    if supported:
        seed = "seed" in supported
    return Capabilities(
        # llama.cpp and vLLM switch thinking through the chat template
        # (``chat_template_kwargs``), not SiliconFlow's ``enable_thinking``.
        hybrid_thinking=False if owner in _SEEDING_OWNERS else None,
        vision=vision,
        tools=("tools" in supported) if supported else (True if "tools" in caps else None),
        json_mode=("response_format" in supported) if supported else None,
        reasoning=True if "reasoning" in supported or "thinking" in caps else None,
        seed=seed,
        context_length=context,
        max_output=_count(top.get("max_completion_tokens"), item.get("max_output_tokens")))


def parse_model_list(data: Any, max_name_chars: int) -> list[ModelInfo] | None:
    """The models of a ``/models`` answer, or ``None`` when it is not in a known shape."""
    items = data.get("data") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    # llama.cpp's Ollama-shaped list beside ``data``, by model name.
    extras: dict[str, dict[str, Any]] = {}
    others = data.get("models") if isinstance(data, dict) else None
    if isinstance(others, list):
        for other in others:
            if isinstance(other, dict):
                for key in ("model", "name"):
                    if isinstance(other.get(key), str):
                        extras[other[key]] = other
    out: list[ModelInfo] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, dict):
            continue
        raw = item.get("id")
        if isinstance(raw, str):
            name = join_surrogates(raw[:max_name_chars])
        elif isinstance(raw, int) and not isinstance(raw, bool):
            name = str(raw)
        else:
            continue
        if not name.strip() or name in seen:
            continue
        seen.add(name)
        out.append(ModelInfo(name, _reported(item, extras.get(raw if isinstance(raw, str)
                                                              else name))))
    return out
