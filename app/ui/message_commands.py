"""What the buttons on a message ask for, as values: a command and the message it is for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Command(StrEnum):
    COPY = "copy"
    COPY_CODE = "copy_code"  # ``index``: which code block
    EDIT = "edit"
    REGENERATE = "regenerate"
    REGENERATE_CURRENT = "regenerate_current"
    SHOW_PARAMS = "show_params"
    DELETE = "delete"
    PREVIOUS_SIBLING = "previous_sibling"
    NEXT_SIBLING = "next_sibling"
    RETRY = "retry"
    CONTINUE = "continue"
    FIX_KEY = "fix_key"
    PICK_MODEL = "pick_model"
    FIX_PARAMS = "fix_params"
    SETTINGS = "settings"
    TOOL_RESULTS = "tool_results"
    COMPARE = "compare"  # open the parameter lab on this user message
    SEND_FEWER = "send_fewer"
    PROBABILITIES = "probabilities"  # show or hide the answer's shaded tokens
    PICK_TOKEN = "pick_token"  # ``index``: the token clicked (the chart shows it)
    CONTINUE_WITH_TOKEN = "continue_with_token"  # ``index`` token, ``alternative``


@dataclass(frozen=True)
class MessageCommand:
    command: Command
    message_id: str
    index: int = 0
    alternative: int = 0
