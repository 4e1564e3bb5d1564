"""The "More fields" object: request fields the reference page does not list
(``repetition_penalty``, ``chat_template_kwargs``, ``reasoning_effort``…), sent as typed.

It may not set the request itself (``model``, ``messages``, ``stream``), nor a field
that has its own control (the value would be ambiguous): both are reported, never
dropped silently.
"""

from __future__ import annotations

import json
from typing import Any

from app.domain.params import PARAM_FIELDS, RESERVED_FIELDS
from app.domain.text import Text, translate

MAX_EXTRA_CHARS = 100_000


def parse_extra(text: str) -> tuple[dict[str, Any] | None, Text | None]:
    """The object typed in the editor (``None`` when empty), or why it is not one."""
    if not text.strip():
        return None, None
    if len(text) > MAX_EXTRA_CHARS:
        return None, translate("ExtraFields", "is longer than {limit} characters.").format(
            limit=MAX_EXTRA_CHARS)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as err:
        where = getattr(err, "lineno", None)
        if where is None:
            return None, translate("ExtraFields", "is not valid JSON.")
        return None, translate("ExtraFields", "is not valid JSON (line {line}).").format(
            line=where)
    if not isinstance(data, dict):
        return None, translate("ExtraFields", "must be a JSON object, like {example}.").format(
            example='{"repetition_penalty": 1.05}')
    return (data or None), None


def extra_problem(extra: Any) -> Text | None:
    """Why ``extra`` cannot be merged into a body, or ``None``."""
    if extra is None:
        return None
    if not isinstance(extra, dict):
        return translate("ExtraFields", "must be a JSON object, like {example}.").format(
            example='{"repetition_penalty": 1.05}')
    reserved = [name for name in extra if name in RESERVED_FIELDS]
    if reserved:
        return translate("ExtraFields", "cannot set {fields}: the request sets them itself."
                         ).format(fields=", ".join(f"“{n}”" for n in reserved))
    own = [name for name in extra if name in PARAM_FIELDS]
    if own:
        return translate("ExtraFields", "sets {fields}, which has its own field above; set "
                                        "it there.").format(
            fields=", ".join(f"“{n}”" for n in own))
    return None
