"""The footer's details of an answer with token probabilities: its mean log-probability
and perplexity (stored in its timings as ``logprob_mean``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from app.domain.logprobs import perplexity


def probability_details(timings: dict[str, Any]) -> list[str]:
    mean = timings.get("logprob_mean")
    if not isinstance(mean, int | float) or isinstance(mean, bool):
        return []
    ppl = perplexity(float(mean))
    return [QCoreApplication.translate("MessageWidget", "mean log-probability {0}").format(
        f"{mean:.2f}"),
            QCoreApplication.translate("MessageWidget", "perplexity {0}").format(
        f"{ppl:.2f}")]
