"""Validation of :class:`ChatParams` against the reference page's ranges.

Every problem is returned at once, each naming its field with a sentence a person
understands. Validation never changes a value: it only says what is wrong.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from app.domain.params import RESPONSE_FORMATS, ChatParams

TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_TOOLS = 128
MAX_STOP = 4


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_range(
    problems: list[Problem],
    name: str,
    value: Any,
    low: float | None,
    high: float | None,
    *,
    integer: bool = False,
) -> None:
    if value is None:
        return
    if integer and not _is_int(value):
        problems.append(Problem(name, f"must be a whole number, not {value!r}."))
        return
    if not _is_number(value):
        problems.append(Problem(name, f"must be a number, not {value!r}."))
        return
    if low is not None and high is not None and not low <= value <= high:
        problems.append(Problem(name, f"must be between {low:g} and {high:g}; it is {value:g}."))
    elif low is not None and value < low:
        problems.append(Problem(name, f"must be at least {low:g}; it is {value:g}."))


def validate_params(params: ChatParams) -> list[Problem]:
    """Every problem with ``params``; an empty list means the request can be sent."""
    problems: list[Problem] = []
    if params.model is not None and not (isinstance(params.model, str) and params.model.strip()):
        problems.append(Problem("model", "must name a model."))
    _check_range(problems, "max_tokens", params.max_tokens, 1, 16384, integer=True)
    _check_range(problems, "thinking_budget", params.thinking_budget, 128, 32768, integer=True)
    _check_range(problems, "min_p", params.min_p, 0, 1)
    _check_range(problems, "temperature", params.temperature, 0, 2)
    _check_range(problems, "top_p", params.top_p, 0, 1)
    if params.top_k is not None:
        if not _is_number(params.top_k) or params.top_k != int(params.top_k):
            problems.append(Problem("top_k", f"must be a whole number, not {params.top_k!r}."))
        elif params.top_k < -1:
            problems.append(
                Problem("top_k", f"must be -1 (no limit) or more; it is {params.top_k:g}.")
            )
    _check_range(problems, "frequency_penalty", params.frequency_penalty, -2, 2)
    _check_range(problems, "n", params.n, 1, None, integer=True)
    for name in ("stream", "enable_thinking"):
        value = getattr(params, name)
        if value is not None and not isinstance(value, bool):
            problems.append(Problem(name, f"must be true or false, not {value!r}."))
    if params.response_format is not None and params.response_format not in RESPONSE_FORMATS:
        problems.append(
            Problem(
                "response_format",
                f"must be 'text' or 'json_object', not {params.response_format!r}.",
            )
        )
    problems.extend(_stop_problems(params.stop))
    if params.tools is not None:
        problems.extend(tool_problems(params.tools))
    return problems


def _stop_problems(stop: Any) -> list[Problem]:
    if stop is None or isinstance(stop, str):
        return [Problem("stop", "a stop sequence cannot be empty.")] if stop == "" else []
    if not isinstance(stop, tuple | list):
        return [Problem("stop", "must be text or a list of up to 4 texts.")]
    problems = []
    if len(stop) > MAX_STOP:
        problems.append(Problem("stop", f"at most {MAX_STOP} sequences; there are {len(stop)}."))
    if any(not isinstance(s, str) or s == "" for s in stop):
        problems.append(Problem("stop", "every stop sequence must be non-empty text."))
    return problems


def tool_problems(tools: Any) -> list[Problem]:
    """Shape problems of a ``tools`` list in the API's format (also used by the tools editor)."""
    if not isinstance(tools, list | tuple):
        return [Problem("tools", "must be a list of tools.")]
    problems: list[Problem] = []
    if len(tools) > MAX_TOOLS:
        problems.append(
            Problem(
                "tools",
                f"at most {MAX_TOOLS} functions are supported; there are {len(tools)}.",
            )
        )
    seen: set[str] = set()
    for i, tool in enumerate(tools):
        where = f"tools[{i}]"
        if not isinstance(tool, dict):
            problems.append(Problem(where, "must be an object."))
            continue
        if tool.get("type") != "function":
            problems.append(Problem(f"{where}.type", "must be \"function\"."))
        function = tool.get("function")
        if not isinstance(function, dict):
            problems.append(Problem(f"{where}.function", "must be an object with a name."))
            continue
        name = function.get("name")
        if not isinstance(name, str) or not TOOL_NAME.match(name):
            problems.append(
                Problem(
                    f"{where}.function.name",
                    "must be 1–64 characters of a–z, A–Z, 0–9, underscores or dashes; "
                    f"got {name!r}.",
                )
            )
        elif name in seen:
            problems.append(Problem(f"{where}.function.name", f"{name!r} is used twice."))
        else:
            seen.add(name)
        description = function.get("description")
        if description is not None and not isinstance(description, str):
            problems.append(Problem(f"{where}.function.description", "must be text."))
        parameters = function.get("parameters")
        if parameters is not None and not isinstance(parameters, dict):
            problems.append(
                Problem(f"{where}.function.parameters", "must be a JSON Schema object.")
            )
        elif isinstance(parameters, dict) and parameters.get("type", "object") != "object":
            problems.append(
                Problem(f"{where}.function.parameters", "the schema's type must be \"object\".")
            )
        strict = function.get("strict")
        if strict is not None and not isinstance(strict, bool):
            problems.append(Problem(f"{where}.function.strict", "must be true, false or null."))
    return problems
