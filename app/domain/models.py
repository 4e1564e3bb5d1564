"""What SiliconDesk knows about models without asking the endpoint.

The list is the reference page's (the fallback when ``/models`` cannot be reached). Which
models reason, and which are hybrid (thinking can be switched with ``enable_thinking``),
is inferred from their names; the endpoint remains the authority (a 400/20015 answer
marks a model as not supporting ``enable_thinking``).
"""

from __future__ import annotations

import re

REFERENCE_MODELS = (
    "baidu/ERNIE-4.5-300B-A47B", "moonshotai/Kimi-K2-Instruct", "ascend-tribe/pangu-pro-moe",
    "tencent/Hunyuan-A13B-Instruct", "MiniMaxAI/MiniMax-M1-80k", "Tongyi-Zhiwen/QwenLong-L1-32B",
    "Qwen/Qwen3-30B-A3B", "Qwen/Qwen3-32B", "Qwen/Qwen3-14B", "Qwen/Qwen3-8B",
    "Qwen/Qwen3-235B-A22B", "THUDM/GLM-Z1-32B-0414", "THUDM/GLM-4-32B-0414",
    "THUDM/GLM-Z1-Rumination-32B-0414", "THUDM/GLM-4-9B-0414", "Qwen/QwQ-32B",
    "Pro/deepseek-ai/DeepSeek-R1", "Pro/deepseek-ai/DeepSeek-V3", "deepseek-ai/DeepSeek-R1",
    "deepseek-ai/DeepSeek-V3", "deepseek-ai/DeepSeek-R1-0528-Qwen3-8B",
    "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B",
    "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "Pro/deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
    "deepseek-ai/DeepSeek-V2.5", "Qwen/Qwen2.5-72B-Instruct-128K", "Qwen/Qwen2.5-72B-Instruct",
    "Qwen/Qwen2.5-32B-Instruct", "Qwen/Qwen2.5-14B-Instruct", "Qwen/Qwen2.5-7B-Instruct",
    "Qwen/Qwen2.5-Coder-32B-Instruct", "Qwen/Qwen2.5-Coder-7B-Instruct", "Qwen/Qwen2-7B-Instruct",
    "TeleAI/TeleChat2", "THUDM/glm-4-9b-chat", "Vendor-A/Qwen/Qwen2.5-72B-Instruct",
    "internlm/internlm2_5-7b-chat", "Pro/Qwen/Qwen2.5-7B-Instruct", "Pro/Qwen/Qwen2-7B-Instruct",
    "Pro/THUDM/glm-4-9b-chat",
)

_REASONING = re.compile(r"(?i)(deepseek-r1|qwq|glm-z1|rumination|minimax-m1|qwenlong-l1|"
                        r"thinking|reason)")
_HYBRID = re.compile(r"(?i)(qwen3-(?!.*instruct)|hunyuan-a13b|glm-4\.5|deepseek-v3\.1)")


def fallback_models() -> list[str]:
    return list(dict.fromkeys(REFERENCE_MODELS))


def vendor(model: str) -> str:
    parts = [p for p in model.split("/") if p != "Pro"]
    return parts[0] if len(parts) > 1 else "Other"


def is_reasoning(model: str) -> bool:
    return bool(_REASONING.search(model))


def is_hybrid(model: str) -> bool:
    """Thinking can be switched on and off (``enable_thinking``)."""
    return bool(_HYBRID.search(model))
