"""What the user is asked before a tool runs, as data with a future for the answer.

The service emits an :class:`ApprovalRequest`; the window shows it (a card in the
message) and answers it. A turn stopped while it waits cancels the future, and the card
goes away. Nothing here opens a dialog.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from enum import StrEnum


class Decision(StrEnum):
    ALLOW_ONCE = "allow_once"
    ALWAYS = "always"  # this tool of this server, from now on (its autoApprove)
    DENY = "deny"


class AskKind(StrEnum):
    CALL = "call"  # one call of a tool
    FIRST_RUN = "first_run"  # a server about to be started for the first time


@dataclass(eq=False)
class ApprovalRequest:
    kind: AskKind
    conversation_id: str
    server: str
    message_id: str = ""  # the answer whose call this is ("" for a first run)
    call_id: str = ""
    tool: str = ""
    arguments: str = ""  # formatted JSON, or the text the model sent when it is not JSON
    command_line: str = ""  # first run: what would run, whole
    env_names: tuple[str, ...] = ()  # first run: the names given to its environment
    header_names: tuple[str, ...] = ()
    future: asyncio.Future[Decision] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future())

    def answer(self, decision: Decision) -> None:
        if not self.future.done():
            self.future.set_result(decision)

    @property
    def pending(self) -> bool:
        return not self.future.done()
