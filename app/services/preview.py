"""The request preview: what the next send would post, made in a worker thread.

Gathering what a send depends on (parameters, tools, endpoint) is cheap and happens on
the GUI thread; reading the branch and encoding the body is what costs on a long
conversation (1.6 s for 100,000 messages), so :meth:`Preview.shown` and
:meth:`Preview.exact` take the store they read from: a worker's own connection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.api.payload import abbreviated, build_body, elided, encode_body
from app.domain.params import ChatParams
from app.services.turns import MessagePlan
from app.storage.history import HistoryStore


@dataclass(frozen=True)
class Preview:
    url: str
    params: ChatParams
    plan: MessagePlan

    def exact(self, store: HistoryStore) -> bytes:
        """The body a send would post, byte for byte."""
        return encode_body(build_body(self.params, self.plan.messages(store)))

    def shown(self, store: HistoryStore, note: Callable[[int], Any]) -> bytes:
        """The body for reading: a long history's middle left out (``note(n)`` stands
        for the ``n`` messages not shown) and inlined images cut short."""
        body = build_body(self.params, self.plan.messages(store))
        return encode_body(abbreviated(elided(body, note)))
