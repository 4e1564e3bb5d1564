"""Made-up token probabilities for the demo endpoint, when a request asks for them
(``logprobs``, ``top_logprobs``): the demo's text cut into word-sized tokens, each with a
deterministic distribution over a few plausible alternatives — the OpenAI shape llama.cpp's
server streams, so the probability view can be tried without a key."""

from __future__ import annotations

import hashlib
import math
import re
from typing import Any

_WORDS = re.compile(r"\s*[A-Za-z]+|\s*\d+|\s*[\u4e00-\u9fff]|\s*[^\w\s]|\s+")
_OTHERS = (" the", " a", " and", " to", " of", " it", " is", ",", ".", "\n", " this")
_OTHERS_ZH = ("的", "是", "，", "。", "一", "在", "了", "有", "我", "这", "\n")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def tokens_of(text: str) -> list[str]:
    """The demo's tokens: a word with its leading space, a CJK character, a punctuation
    mark or a run of spaces."""
    return _WORDS.findall(text) or [text]


def _unit(seed: str, salt: int) -> float:
    digest = hashlib.blake2b(f"{salt}:{seed}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def _entry(token: str) -> dict[str, Any]:
    return {"token": token, "logprob": 0.0,
            "bytes": list(token.encode("utf-8"))}


def token_logprobs(token: str, position: int, top: int) -> dict[str, Any]:
    """One ``logprobs.content`` entry: ``token`` chosen, with ``top`` alternatives."""
    seed = f"{position}:{token}"
    confident = _unit(seed, 0)
    # Most tokens are near-certain; some are a toss-up, a few were unlikely picks.
    chosen_p = 0.97 if confident < 0.55 else 0.35 + 0.55 * _unit(seed, 1) \
        if confident < 0.9 else 0.04 + 0.2 * _unit(seed, 2)
    others = [w for w in (_OTHERS_ZH if _CJK.search(token) else _OTHERS) if w != token]
    start = int(_unit(seed, 3) * len(others))
    picked = [others[(start + i * 3) % len(others)] for i in range(max(0, top - 1))]
    rest = 1.0 - chosen_p
    weights = [0.5 ** i for i in range(len(picked))]
    total = sum(weights) * 1.25 or 1.0  # a quarter of the rest is outside the top
    alts = [(w, rest * weights[i] / total) for i, w in enumerate(picked)]
    entries = [(token, chosen_p), *alts]
    entries.sort(key=lambda e: -e[1])
    out = _entry(token)
    out["logprob"] = math.log(chosen_p)
    out["top_logprobs"] = [{**_entry(t), "logprob": math.log(max(p, 1e-9))}
                           for t, p in entries[:top]] if top else []
    return out


def asked_top(body: dict[str, Any]) -> int | None:
    """How many alternatives a request asks for; ``None``: no probabilities."""
    if body.get("logprobs") is not True:
        return None
    top = body.get("top_logprobs")
    return top if isinstance(top, int) and not isinstance(top, bool) and 0 <= top <= 20 \
        else 0
