"""The lab as data: arms and sweeps as written on the command line, the plan of requests,
the badge of an arm, the run's summary figures, and the word diff."""

from __future__ import annotations

import pytest

from app.domain.lab import (
    AnswerFigures,
    LabSpecError,
    Sweep,
    differences,
    distinct_2,
    make_plan,
    parse_arm,
    parse_sweep,
    summarise,
    word_diff,
)
from app.domain.params import ChatParams


def test_an_arm_reads_fields_by_api_name_with_json_values() -> None:
    arm = parse_arm('model=Qwen/Qwen3-8B, temperature=0.5,top_k=20,stop=["a,b","c"],'
                    'logprobs=true,seed=3,response_format=json_object,note=plain text')
    assert arm == {"model": "Qwen/Qwen3-8B", "temperature": 0.5, "top_k": 20,
                   "stop": ["a,b", "c"], "logprobs": True, "seed": 3,
                   "response_format": "json_object", "note": "plain text"}
    assert parse_arm("model=1") == {"model": "1"}  # a model name is always text
    assert parse_arm("") == {}
    with pytest.raises(LabSpecError):
        parse_arm("temperature")


def test_extra_fields_are_posted_after_the_known_ones_and_read_back() -> None:
    params = ChatParams.from_json({"model": "m", "seed": 3, "temperature": 1, "logprobs": True})
    assert params.posted_fields() == {"model": "m", "temperature": 1, "seed": 3, "logprobs": True}
    assert ChatParams.from_json(params.to_json()) == params
    assert ChatParams.from_json({"messages": [], "model": "m"}).extra is None


def test_a_sweep_reads_its_values_exactly() -> None:
    assert parse_sweep("temperature=0,0.5,1.0") == Sweep("temperature", (0, 0.5, 1.0))
    assert parse_sweep("stop=[\"x\"],[\"y\",\"z\"]").values == (["x"], ["y", "z"])
    for bad in ("temperature", "temperature=", "=1,2"):
        with pytest.raises(LabSpecError):
            parse_sweep(bad)


def test_the_plan_crosses_arms_values_and_samples() -> None:
    arms = [(ChatParams(model="a"), None), (ChatParams(model="b", top_p=0.9), "ep")]
    plan = make_plan(arms, Sweep("temperature", (0, 1.5)), samples=3)
    assert plan.requests == 12 and plan.needs_confirmation
    assert [a.number for a in plan.arms] == list(range(1, 13))
    assert [(a.base, a.sweep_value, a.sample) for a in plan.arms[:4]] == [
        (1, 0, 1), (1, 0, 2), (1, 0, 3), (1, 1.5, 1)]
    assert plan.arms[-1].params == ChatParams(model="b", top_p=0.9, temperature=1.5)
    assert plan.arms[-1].endpoint_id == "ep"
    with_n = make_plan(arms, Sweep("temperature", (0, 1.5)), samples=3, use_n=True)
    assert with_n.requests == 4 and not with_n.needs_confirmation
    assert [a.params.n for a in with_n.arms] == [3, 3, 3, 3]
    assert make_plan(arms[:1], None, 1).requests == 1


def test_the_badge_says_what_an_arm_changes_from_arm_one() -> None:
    first = ChatParams(model="m", temperature=0.7, top_k=50)
    other = ChatParams(model="m", temperature=1.0, extra={"seed": 3})
    assert differences(first, other) == ["temperature 0.7→1.0", "−top_k", "+seed 3"]
    assert differences(first, first, "a", "b") == ["endpoint b"]
    assert differences(first, first) == []


def test_distinct_2_counts_repeated_word_pairs_across_samples() -> None:
    assert distinct_2(["a b c", "a b c"]) == 0.5  # 4 pairs, 2 distinct
    assert distinct_2(["a b", "c d"]) == 1.0
    assert distinct_2(["你好你好"]) == 2 / 3  # CJK: each character is a word
    assert distinct_2(["one", ""]) is None


def test_the_summary_groups_by_label_with_json_and_finish_mix() -> None:
    asked = ChatParams(response_format="json_object")

    def f(text: str, finish: str | None = "stop", status: str = "complete",
          tokens: int | None = None) -> AnswerFigures:
        usage = {"completion_tokens": tokens} if tokens is not None else None
        return AnswerFigures(text, finish, status, usage)

    rows = summarise([
        ("t=0", asked, f('{"a": 1}', tokens=4)), ("t=0", asked, f("not json", "length", tokens=8)),
        ("t=1", asked, f("```json\n[1]\n```")), ("t=1", asked, f("", None, "error")),
    ])
    assert [r.label for r in rows] == ["t=0", "t=1"]
    zero, one = rows
    assert zero.json_ok == (1, 2) and zero.finish_reasons == {"stop": 1, "length": 1}
    assert zero.mean_completion_tokens == 6 and zero.mean_chars == (8 + 8) / 2
    assert one.json_ok == (1, 1) and one.failed == 1
    assert one.finish_reasons == {"stop": 1, "error": 1}
    plain = summarise([("arm 1", ChatParams(), f("x"))])[0]
    assert plain.json_ok is None


def test_the_word_diff_keeps_both_texts() -> None:
    pieces = word_diff("the cat sat on the mat", "the dog sat on a mat")
    assert [(p.kind, p.text) for p in pieces] == [
        ("same", "the "), ("removed", "cat"), ("added", "dog"),
        ("same", " sat on "), ("removed", "the"), ("added", "a"), ("same", " mat")]
    a, b = "今天天气很好", "今天天气不好"
    pieces = word_diff(a, b)
    assert "".join(p.text for p in pieces if p.kind != "added") == a
    assert "".join(p.text for p in pieces if p.kind != "removed") == b
