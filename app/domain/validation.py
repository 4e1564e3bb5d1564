"""Validation of :class:`ChatParams` against the reference page's ranges.

Every problem is returned at once, each naming its field with a sentence a person
understands. Validation never changes a value: it only says what is wrong.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from app.domain.extra_fields import extra_problem
from app.domain.params import EXTRA_BODY, RESPONSE_FORMATS, ChatParams
from app.domain.text import Text, translate

TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_TOOLS = 128
MAX_STOP = 4


@dataclass(frozen=True)
class Problem:
    field: str
    message: Text

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
        text = translate("Validation", "must be a whole number, not {value}.")
        problems.append(Problem(name, text.format(value=repr(value))))
        return
    if not _is_number(value):
        text = translate("Validation", "must be a number, not {value}.")
        problems.append(Problem(name, text.format(value=repr(value))))
        return
    if low is not None and high is not None and not low <= value <= high:
        text = translate("Validation", "must be between {low} and {high}; it is {value}.")
        problems.append(
            Problem(name, text.format(low=f"{low:g}", high=f"{high:g}", value=f"{value:g}")))
    elif low is not None and value < low:
        text = translate("Validation", "must be at least {low}; it is {value}.")
        problems.append(Problem(name, text.format(low=f"{low:g}", value=f"{value:g}")))


def validate_params(params: ChatParams) -> list[Problem]:
    """Every problem with ``params``; an empty list means the request can be sent."""
    problems: list[Problem] = []
    if params.model is not None and not (isinstance(params.model, str) and params.model.strip()):
        problems.append(Problem("model", translate("Validation", "must name a model.")))
    _check_range(problems, "max_tokens", params.max_tokens, 1, 16384, integer=True)
    _check_range(problems, "thinking_budget", params.thinking_budget, 128, 32768, integer=True)
    _check_range(problems, "min_p", params.min_p, 0, 1)
    _check_range(problems, "temperature", params.temperature, 0, 2)
    _check_range(problems, "top_p", params.top_p, 0, 1)
    if params.top_k is not None:
        if not _is_number(params.top_k) or params.top_k != int(params.top_k):
            text = translate("Validation", "must be a whole number, not {value}.")
            problems.append(Problem("top_k", text.format(value=repr(params.top_k))))
        elif params.top_k < -1:
            text = translate("Validation", "must be -1 (no limit) or more; it is {value}.")
            problems.append(Problem("top_k", text.format(value=f"{params.top_k:g}")))
    _check_range(problems, "frequency_penalty", params.frequency_penalty, -2, 2)
    _check_range(problems, "n", params.n, 1, None, integer=True)
    _check_range(problems, "top_logprobs", params.top_logprobs, 0, 20, integer=True)
    for name in ("stream", "enable_thinking", "logprobs"):
        value = getattr(params, name)
        if value is not None and not isinstance(value, bool):
            text = translate("Validation", "must be true or false, not {value}.")
            problems.append(Problem(name, text.format(value=repr(value))))
    if params.response_format is not None and params.response_format not in RESPONSE_FORMATS:
        text = translate("Validation", "must be 'text' or 'json_object', not {value}.")
        problems.append(
            Problem("response_format", text.format(value=repr(params.response_format))))
    problems.extend(_stop_problems(params.stop))
    if params.seed is not None and not _is_int(params.seed):
        text = translate("Validation", "must be a whole number, not {value}.")
        problems.append(Problem("seed", text.format(value=repr(params.seed))))
    extra = extra_problem(params.extra)
    if extra is not None:
        problems.append(Problem(EXTRA_BODY, extra))
    if params.tools is not None:
        problems.extend(tool_problems(params.tools))
    return problems


def _stop_problems(stop: Any) -> list[Problem]:
    if stop is None or isinstance(stop, str):
        if stop == "":
            return [Problem("stop", translate("Validation", "a stop sequence cannot be empty."))]
        return []
    if not isinstance(stop, tuple | list):
        text = translate("Validation", "must be text or a list of up to 4 texts.")
        return [Problem("stop", text)]
    problems = []
    if len(stop) > MAX_STOP:
        text = translate("Validation", "at most {limit} sequences; there are {count}.")
        problems.append(Problem("stop", text.format(limit=MAX_STOP, count=len(stop))))
    if any(not isinstance(s, str) or s == "" for s in stop):
        text = translate("Validation", "every stop sequence must be non-empty text.")
        problems.append(Problem("stop", text))
    return problems


def tool_problems(tools: Any) -> list[Problem]:
    """Shape problems of a ``tools`` list in the API's format (also used by the tools editor)."""
    if not isinstance(tools, list | tuple):
        return [Problem("tools", translate("Validation", "must be a list of tools."))]
    problems: list[Problem] = []
    if len(tools) > MAX_TOOLS:
        text = translate("Validation",
                         "at most {limit} functions are supported; there are {count}.")
        problems.append(Problem("tools", text.format(limit=MAX_TOOLS, count=len(tools))))
    seen: set[str] = set()
    for i, tool in enumerate(tools):
        where = f"tools[{i}]"
        if not isinstance(tool, dict):
            problems.append(Problem(where, translate("Validation", "must be an object.")))
            continue
        if tool.get("type") != "function":
            text = translate("Validation", "must be \"function\".")
            problems.append(Problem(f"{where}.type", text))
        function = tool.get("function")
        if not isinstance(function, dict):
            text = translate("Validation", "must be an object with a name.")
            problems.append(Problem(f"{where}.function", text))
            continue
        name = function.get("name")
        if not isinstance(name, str) or not TOOL_NAME.match(name):
            text = translate("Validation", "must be 1–64 characters of a–z, A–Z, 0–9, "
                                           "underscores or dashes; got {name}.")
            problems.append(Problem(f"{where}.function.name", text.format(name=repr(name))))
        elif name in seen:
            text = translate("Validation", "{name} is used twice.")
            problems.append(Problem(f"{where}.function.name", text.format(name=repr(name))))
        else:
            seen.add(name)
        description = function.get("description")
        if description is not None and not isinstance(description, str):
            text = translate("Validation", "must be text.")
            problems.append(Problem(f"{where}.function.description", text))
        parameters = function.get("parameters")
        if parameters is not None and not isinstance(parameters, dict):
            text = translate("Validation", "must be a JSON Schema object.")
            problems.append(Problem(f"{where}.function.parameters", text))
        elif isinstance(parameters, dict) and parameters.get("type", "object") != "object":
            text = translate("Validation", "the schema's type must be \"object\".")
            problems.append(Problem(f"{where}.function.parameters", text))
        strict = function.get("strict")
        if strict is not None and not isinstance(strict, bool):
            text = translate("Validation", "must be true, false or null.")
            problems.append(Problem(f"{where}.function.strict", text))
    return problems
