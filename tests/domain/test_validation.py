from __future__ import annotations

from app.domain.params import ChatParams
from app.domain.validation import validate_params


def fields(params: ChatParams) -> list[str]:
    return [p.field for p in validate_params(params)]


def test_unset_params_are_valid() -> None:
    assert validate_params(ChatParams()) == []


def test_reference_ranges_at_their_edges() -> None:
    ok = ChatParams(max_tokens=1, thinking_budget=128, min_p=0, temperature=2, top_p=1, top_k=-1,
                    frequency_penalty=-2, n=1)
    assert validate_params(ok) == []
    ok = ChatParams(max_tokens=16384, thinking_budget=32768, min_p=1)
    assert validate_params(ok) == []


def test_every_problem_is_reported_at_once() -> None:
    bad = ChatParams(max_tokens=0, thinking_budget=100, min_p=1.5, temperature=-1, top_p=2,
                     top_k=2.5, frequency_penalty=3, n=0, stop=("a", "b", "c", "d", "e"),
                     response_format="yaml")
    assert fields(bad) == ["max_tokens", "thinking_budget", "min_p", "temperature", "top_p",
                           "top_k", "frequency_penalty", "n", "response_format", "stop"]
    messages = {p.field: str(p.message) for p in validate_params(bad)}
    assert messages["max_tokens"] == "must be between 1 and 16384; it is 0."
    assert messages["stop"] == "at most 4 sequences; there are 5."


def test_wrong_types_are_named() -> None:
    bad = ChatParams(max_tokens=1.5, enable_thinking="yes", temperature=float("nan"))  # type: ignore[arg-type]
    assert fields(bad) == ["max_tokens", "temperature", "enable_thinking"]


def test_tools_shape_limit_and_names() -> None:
    good = {"type": "function", "function": {"name": "get_weather", "parameters": {
        "type": "object", "properties": {}}}}
    assert validate_params(ChatParams(tools=(good,))) == []
    too_many = tuple({"type": "function", "function": {"name": f"f{i}"}} for i in range(129))
    assert "at most 128" in str(validate_params(ChatParams(tools=too_many))[0].message)
    bad = (
        {"type": "function", "function": {"name": "has space"}},
        {"type": "retrieval", "function": {"name": "x" * 65}},
        {"type": "function", "function": {"name": "ok", "parameters": []}},
        {"type": "function"},
    )
    assert fields(ChatParams(tools=bad)) == [
        "tools[0].function.name", "tools[1].type", "tools[1].function.name",
        "tools[2].function.parameters", "tools[3].function"]


def test_values_are_never_changed() -> None:
    params = ChatParams(temperature=5.0)
    validate_params(params)
    assert params.temperature == 5.0
