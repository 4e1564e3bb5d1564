"""More fields merge into the body exactly; the token estimate follows the server's counts."""

from __future__ import annotations

import re

from app.api.payload import build_body
from app.domain.chat import ChatMessage, Role
from app.domain.extra_fields import parse_extra
from app.domain.params import ChatParams
from app.domain.tokens import calibrated_scale, estimate, prompt_tokens
from app.domain.validation import validate_params


def test_extra_fields_merge_after_the_set_fields() -> None:
    params = ChatParams(model="m", temperature=0.5, seed=42,
                        extra={"repetition_penalty": 1.1, "reasoning_effort": "low"})
    body = build_body(params, [ChatMessage(Role.USER, "hi")])
    assert list(body) == ["model", "messages", "temperature", "seed", "repetition_penalty",
                          "reasoning_effort"]
    assert ChatParams.from_json(params.to_json()) == params  # stored and read back whole


def test_extra_fields_never_set_the_request() -> None:
    params = ChatParams(model="m", extra={"model": "x", "messages": [], "stream": False,
                                          "temperature": 2})
    body = build_body(params, [ChatMessage(Role.USER, "hi")])
    assert body["model"] == "m" and len(body["messages"]) == 1 and "stream" not in body
    fields = {p.field for p in validate_params(params)}
    assert fields == {"extra_body"}
    assert parse_extra("[1]")[1] is not None and parse_extra("{")[1] is not None
    assert parse_extra("  ") == (None, None)


def _server_count(messages: list[ChatMessage]) -> int:
    """A stand-in for a BPE tokenizer that is not the estimator's model: words and
    punctuation, long words split, each CJK character its own token, template tokens."""
    total = 3
    for m in messages:
        total += 5
        for piece in re.findall(r"[\u4e00-\u9fff]|\w+|[^\w\s]", m.content or ""):
            total += 1 + len(piece) // 7 if piece.isascii() else 1
    return total


CONVERSATIONS = [
    [ChatMessage(Role.SYSTEM, "You are a helpful assistant."),
     ChatMessage(Role.USER, "Explain the difference between top_p and top_k sampling, "
                            "with a short example of each, in plain words. " * 6),
     ChatMessage(Role.ASSISTANT, "Top-k keeps the k most likely tokens; top-p keeps the "
                                 "smallest set whose probability adds up to p. " * 12)],
    [ChatMessage(Role.USER, "请用三句话解释什么是温度参数，以及它如何影响回答的多样性。" * 5),
     ChatMessage(Role.ASSISTANT, "温度越高，模型越愿意选择概率较低的词，回答更有变化；"
                                 "温度越低，回答越稳定。" * 10)],
]


def test_the_estimate_after_calibration_is_within_ten_percent() -> None:
    for conversation in CONVERSATIONS:
        scale = None
        earlier = conversation[:-1]  # the first request of the conversation calibrates
        scale = calibrated_scale(scale, prompt_tokens(earlier), _server_count(earlier))
        whole = estimate(prompt_tokens(conversation), scale)
        real = _server_count(conversation)
        assert abs(whole - real) / real < 0.10, (whole, real)


def test_a_server_count_that_makes_no_sense_is_ignored() -> None:
    assert calibrated_scale(None, 100.0, 0) is None
    assert calibrated_scale(1.2, 100.0, 100_000) == 1.2  # 1000× off: not this prompt
    assert calibrated_scale(1.0, 100.0, 200) == 1.5  # moves halfway
