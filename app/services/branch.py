"""The branch a message view shows, as the view reads it: the ids from the root to the
leaf, and, a part at a time, the outlines (sizes, for estimated heights), the messages
themselves and their sibling counts (issue 21: a long conversation's cost is what is on
screen, not its length).

:class:`StoredBranch` reads them from the history as they are needed; :class:`ListedBranch`
is a branch already at hand (a new chat, the parameter lab's columns, tests).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from app.domain.history import Message, MessageOutline, outline_of
from app.storage.history import HistoryStore


class Branch(Protocol):
    @property
    def key(self) -> str:
        """Whose branch this is (the conversation): measured heights are kept per key."""
        ...

    @property
    def ids(self) -> list[str]:
        """Root first: the whole branch, or only its end (see ``above``)."""
        ...

    @property
    def above(self) -> int:
        """About how many messages come before ``ids`` and are not read yet (0: ``ids``
        is the whole branch)."""
        ...

    @property
    def head(self) -> list[str]:
        """With ``above``: the first messages of the branch, read already (from the root
        to a message to open at), before those not read yet."""
        ...

    def outlines(self, ids: Sequence[str]) -> list[MessageOutline]: ...

    def messages(self, ids: Sequence[str]) -> dict[str, Message]: ...

    def siblings(self, ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        """Each message's place among its siblings (from 1) and their number."""
        ...


class StoredBranch:
    def __init__(self, store: HistoryStore, conversation_id: str, ids: list[str], *,
                 leaf_id: str | None = None, above: int = 0,
                 head: list[str] | None = None) -> None:
        self._store = store
        self.key = conversation_id
        self.ids = ids
        self.leaf_id = leaf_id
        self.above = above
        self.head = head or []

    def outlines(self, ids: Sequence[str]) -> list[MessageOutline]:
        return self._store.outlines(ids)

    def messages(self, ids: Sequence[str]) -> dict[str, Message]:
        return self._store.messages_by_id(ids)

    def siblings(self, ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        return self._store.sibling_positions(ids)


class ListedBranch:
    def __init__(self, messages: Sequence[Message],
                 siblings: dict[str, tuple[int, int]] | None = None) -> None:
        self._messages = {m.id: m for m in messages}
        self._siblings = dict(siblings or {})
        self.key = messages[0].conversation_id if messages else ""
        self.ids = [m.id for m in messages]
        self.above = 0
        self.head: list[str] = []

    def outlines(self, ids: Sequence[str]) -> list[MessageOutline]:
        return [outline_of(self._messages[i]) for i in ids if i in self._messages]

    def messages(self, ids: Sequence[str]) -> dict[str, Message]:
        return {i: self._messages[i] for i in ids if i in self._messages}

    def siblings(self, ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        return {i: self._siblings.get(i, (1, 1)) for i in ids}
