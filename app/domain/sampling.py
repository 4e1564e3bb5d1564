"""How temperature, top_k, top_p and min_p reshape a next-token distribution (for the
panel's chart). The order follows common servers (vLLM): temperature, then top-k, top-p
and min-p filtering, then renormalisation."""

from __future__ import annotations

import math

from app.domain.text import translate

EXAMPLE_LOGITS = (4.0, 3.2, 2.9, 2.1, 1.6, 1.2, 0.8, 0.5, 0.1, -0.4, -0.9, -1.5)
# The example's candidate tokens, most likely first, one per logit, separated by spaces
# (a translation gives the same number of words in its own language).
EXAMPLE_TOKENS = translate("Sampling", "the a this our one my that some any each no every")


def example_tokens(shown: str) -> list[str]:
    """The tokens of ``shown`` (EXAMPLE_TOKENS, maybe translated); English if the count is off."""
    words = shown.split()
    return words if len(words) == len(EXAMPLE_LOGITS) else EXAMPLE_TOKENS.source.split()


def reshape(
    logits: tuple[float, ...] = EXAMPLE_LOGITS,
    temperature: float | None = None,
    top_k: float | None = None,
    top_p: float | None = None,
    min_p: float | None = None,
) -> list[float]:
    """Probabilities after sampling parameters (unset ones do nothing)."""
    t = temperature if temperature is not None else 1.0
    if t <= 0:  # greedy
        best = max(range(len(logits)), key=lambda i: logits[i])
        return [1.0 if i == best else 0.0 for i in range(len(logits))]
    scaled = [x / t for x in logits]
    peak = max(scaled)
    weights = [math.exp(x - peak) for x in scaled]
    total = sum(weights)
    probs = [w / total for w in weights]
    order = sorted(range(len(probs)), key=lambda i: -probs[i])
    keep = set(order)
    if top_k is not None and top_k > 0:
        keep &= set(order[: int(top_k)])
    if top_p is not None and 0 < top_p < 1:
        running, kept = 0.0, set()
        for i in order:
            kept.add(i)
            running += probs[i]
            if running >= top_p:
                break
        keep &= kept
    if min_p is not None and min_p > 0:
        floor = min_p * probs[order[0]]
        keep &= {i for i in order if probs[i] >= floor}
    kept_total = sum(probs[i] for i in keep) or 1.0
    return [probs[i] / kept_total if i in keep else 0.0 for i in range(len(probs))]
