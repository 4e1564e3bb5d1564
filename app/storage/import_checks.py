"""Checks of the imported fields the window reads later without checking again.

Each returns the problem as a sentence (with the place below the field, when there is
one), or None: a ``params.stop`` of 5 would make the conversation unopenable, a
``timings.ttft`` of "soon" would drop its message, a saved error's template
``{a:>2000000000}`` would take gigabytes to show.
"""

from __future__ import annotations

import math
from typing import Any

from app.domain.params import ChatParams
from app.domain.text import Text, fill, translate
from app.domain.validation import validate_params

MAX_FILE_BYTES = 256 << 20  # a whole import file
MAX_TEXT_CHARS = 8 << 20  # one message's text (content or reasoning)
MAX_SHORT_CHARS = 65536  # an id, a title, a model name, a folder
MAX_EPOCH_MS = 253402300799999  # the end of the year 9999
NUMBER_TIMINGS = ("ttft", "thinking_seconds", "total_seconds", "tokens_per_second")
COUNT_USAGE = ("prompt_tokens", "completion_tokens", "reasoning_tokens", "total_tokens")
ERROR_TEXTS = ("type", "message", "action", "detail")

Problem = tuple[str, Text]  # a place below the field ("" for the field itself), what


def _number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def params_problem(value: Any) -> Problem | None:
    if not isinstance(value, dict):
        return "", translate("Import", "must be an object")
    problems = validate_params(ChatParams.from_json(value))
    if problems:
        return f".{problems[0].field}", problems[0].message
    return None


def timings_problem(value: Any) -> Problem | None:
    for key in NUMBER_TIMINGS:
        if key in value and value[key] is not None and not _number(value[key]):
            return f".{key}", translate("Import", "must be a number of seconds, found {value}")\
                .format(value=f"{value[key]!r:.60}")
    return None


def usage_problem(value: Any) -> Problem | None:
    for key in COUNT_USAGE:
        item = value.get(key)
        if item is not None and not (isinstance(item, int) and not isinstance(item, bool)
                                     and 0 <= item < 1 << 53):
            return f".{key}", translate("Import", "must be a count of tokens, found {value}")\
                .format(value=f"{item!r:.60}")
    return None


def text_problem(value: Any) -> Problem | None:
    """A saved sentence (``Text.to_json``): its templates may hold plain ``{name}``
    fields only, each with a value."""
    text = Text.from_json(value)
    if text is None:
        return "", translate("Import", "is not a saved sentence")
    return _template_problem(text)


def _template_problem(text: Text) -> Problem | None:
    values = dict(text.args)
    if len(text.source) > MAX_SHORT_CHARS or fill(text.source, values) is None:
        return ".source", translate(
            "Import", "may only contain text and {{name}} fields that have a value")
    for key, arg in text.args:
        if isinstance(arg, Text):
            nested = _template_problem(arg)
            if nested is not None:
                return f".args.{key}{nested[0]}", nested[1]
    return None


def error_problem(value: Any) -> Problem | None:
    for key in ERROR_TEXTS:
        item = value.get(key)
        if item is not None and not (isinstance(item, str) and len(item) <= MAX_TEXT_CHARS):
            return f".{key}", translate("Import", "must be text or null")
    for key in ("status", "code"):
        item = value.get(key)
        if item is not None and not (isinstance(item, str | int) and not isinstance(item, bool)
                                     and len(str(item)) <= MAX_SHORT_CHARS):
            return f".{key}", translate("Import", "must be a number, text or null")
    if value.get("text") is not None:
        nested = text_problem(value["text"])
        if nested is not None:
            return f".text{nested[0]}", nested[1]
    return None


def epoch_ms(value: object) -> int:
    """ChatGPT's seconds since the epoch as milliseconds; 0 for anything that is not a
    time SQLite and ``datetime`` can hold."""
    if not isinstance(value, int | float) or not _number(value):
        return 0
    ms = round(value * 1000)
    return ms if 0 <= ms <= MAX_EPOCH_MS else 0
