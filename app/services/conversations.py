"""Conversation housekeeping for the UI: list, create, rename, pin, folders, delete/undo, search.

The UI calls these and listens to ``changed``; the store does the work.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from app.domain.history import Conversation, ConversationSummary, Message, SearchHit
from app.services.branch import StoredBranch
from app.services.export_readable import export_text
from app.services.i18n import lookup
from app.storage.atomic import write_text_atomic
from app.storage.database import verify_file
from app.storage.history import HistoryStore
from app.storage.importer import ImportReport, import_into, read_file

if TYPE_CHECKING:
    from app.services.export_pdf import Printable

T = TypeVar("T")


class ConversationService(QObject):
    changed = Signal()  # the list (titles, order, pins, folders) changed
    conversation_changed = Signal(str)  # one conversation's messages or branch changed
    history_damaged = Signal(str)  # where the damaged file was kept

    def __init__(self, store: HistoryStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        # The parameters an imported conversation without any takes (set by the
        # composition: the new-chat defaults).
        self.import_defaults: Callable[[], dict[str, Any]] = dict

    async def verify_history(
            self, quiesce: Callable[[], Awaitable[object]] | None = None) -> bool:
        """The full integrity check, off the UI thread, after the window is up. A damaged
        file is kept aside and a new store started in its place, after ``quiesce`` (every
        running turn stopped and stored), so no answer is written into a closed file."""
        if self.store.path is None:
            return True
        healthy = await asyncio.to_thread(verify_file, self.store.path)
        if not healthy:
            if quiesce is not None:
                await quiesce()
            moved = self.store.start_fresh_after_damage()
            self.history_damaged.emit(str(moved))
            self.changed.emit()
        return healthy

    def summaries(self, limit: int | None = None, offset: int = 0,
                  folder: str | None = None) -> list[ConversationSummary]:
        return self.store.list_conversations(limit, offset, folder)

    def folders(self) -> list[str]:
        return self.store.folders()

    def get(self, conversation_id: str) -> Conversation:
        return self.store.conversation(conversation_id)

    def create(self, params: dict[str, Any], endpoint: str | None = None,
               system_prompt: str = "") -> Conversation:
        conv = self.store.create_conversation(params=params, endpoint=endpoint,
                                              system_prompt=system_prompt)
        self.changed.emit()
        return conv

    def rename(self, conversation_id: str, title: str) -> None:
        title = " ".join(title.split())
        if title:
            self.store.rename(conversation_id, title)
            self.changed.emit()

    def set_pinned(self, conversation_id: str, pinned: bool) -> None:
        self.store.set_pinned(conversation_id, pinned)
        self.changed.emit()

    def set_folder(self, conversation_id: str, folder: str) -> None:
        self.store.set_folder(conversation_id, folder)
        self.changed.emit()

    def delete(self, conversation_id: str) -> None:
        self.store.delete_conversation(conversation_id)
        self.changed.emit()

    def undo_delete(self, conversation_id: str) -> None:
        self.store.restore_conversation(conversation_id)
        self.changed.emit()

    def export_text(self, fmt: str, conversation_id: str | None = None,
                    with_reasoning: bool = False) -> str:
        """``fmt``: json (the documented format), markdown or html — the readable ones
        with headings in the window's language."""
        return export_text(self.store, fmt, conversation_id, with_reasoning=with_reasoning,
                           lookup=lookup)

    def export_to(self, path: Path, fmt: str, conversation_id: str | None = None,
                  with_reasoning: bool = False) -> None:
        write_text_atomic(path, self.export_text(fmt, conversation_id, with_reasoning))

    async def export_in_background(self, path: Path, fmt: str,
                                   conversation_id: str | None = None) -> None:
        """:meth:`export_to` in a worker thread on a connection of its own (raises
        OSError)."""
        if fmt == "pdf":
            from app.services.export_pdf import export_pdf

            await asyncio.to_thread(self.store.on_own_connection, lambda store: export_pdf(
                store, path, conversation_id, lookup=lookup))
            return
        await asyncio.to_thread(self.store.on_own_connection, lambda store: write_text_atomic(
            path, export_text(store, fmt, conversation_id, lookup=lookup)))

    async def printable_in_background(self, conversation_id: str) -> Printable:
        """What printing the conversation puts on paper (its HTML export with formulas
        typeset), made in a worker thread; the pages are laid out where it is printed."""
        from app.services.export_pdf import printable

        return await asyncio.to_thread(self.store.on_own_connection, lambda store: printable(
            store, conversation_id, lookup=lookup))

    def import_file(self, path: Path) -> ImportReport:
        """Raises ImportFailed (nothing imported) or OSError."""
        report = import_into(self.store, read_file(path), defaults=self.import_defaults())
        self.changed.emit()
        return report

    async def import_in_background(
            self, path: Path,
            progress: Callable[[int, int], None] | None = None) -> ImportReport:
        """:meth:`import_file` in a worker thread on a connection of its own;
        ``progress(done, total)`` is called from that thread (what it raises undoes the
        import)."""
        defaults = self.import_defaults()
        report = await asyncio.to_thread(
            self.store.on_own_connection,
            lambda store: import_into(store, read_file(path), progress, defaults=defaults))
        self.changed.emit()
        return report

    def search(self, query: str) -> list[SearchHit]:
        return self.store.search(query)

    async def search_in_background(self, query: str) -> list[SearchHit]:
        """:meth:`search` in a worker thread on a connection of its own."""
        return await self.read_in_background(lambda store: store.search(query))

    async def read_in_background(self, work: Callable[[HistoryStore], T]) -> T:
        """``work`` in a worker thread on a connection of its own (reads only)."""
        return await asyncio.to_thread(self.store.on_own_connection, work)

    def set_params(self, conversation_id: str, params: dict[str, Any]) -> None:
        """The parameter panel's edits; the conversation's choice of tools stays."""
        from app.services.turns import TOOLS_OFFERED

        offered = self.store.conversation(conversation_id).params.get(TOOLS_OFFERED)
        if offered is not None and TOOLS_OFFERED not in params:
            params = {**params, TOOLS_OFFERED: offered}
        self.store.set_params(conversation_id, params)

    def set_system_prompt(self, conversation_id: str, text: str) -> None:
        self.store.set_system_prompt(conversation_id, text)

    def set_endpoint(self, conversation_id: str, endpoint: str | None) -> None:
        self.store.set_endpoint(conversation_id, endpoint)

    # Messages and branches

    def all_messages(self, conversation_id: str) -> list[Message]:
        return self.store.messages(conversation_id)

    def shown_path(self, conversation_id: str) -> list[Message]:
        """The shown branch in full (every text: for what sends or exports it)."""
        return self.store.branch(self.store.conversation(conversation_id).current_leaf_id)

    def shown_branch(self, conversation_id: str, tail: int | None = None,
                     at: str = "") -> StoredBranch:
        """The shown branch as a view reads it: its ids now (only the last ``tail`` when
        given: :meth:`branch_ids_in_background` reads the rest), the rest when needed.
        ``at``: a message to open at; when it is not in the end read, the ids from the
        root to it are read too (its ``head``), taken to be the branch's first ones until
        the whole branch is read."""
        leaf = self.store.conversation(conversation_id).current_leaf_id
        if tail is None or self.store.path is None:  # (one connection: read it all now)
            return StoredBranch(self.store, conversation_id, self.store.branch_ids(leaf),
                                leaf_id=leaf)
        ids = self.store.branch_ids(leaf, tail + 1)
        if len(ids) <= tail:
            return StoredBranch(self.store, conversation_id, ids, leaf_id=leaf)
        ids = ids[1:]
        head = self.store.branch_ids(at) if at and at not in ids else []
        if not set(ids).isdisjoint(head):  # it forks off within the end: not on it
            head = []
        # Every branch's messages bound the rest of this one (exact with one branch).
        above = max(1, self.store.count_messages(conversation_id) - len(ids) - len(head))
        return StoredBranch(self.store, conversation_id, ids, leaf_id=leaf, above=above,
                            head=head)

    async def branch_ids_in_background(self, leaf_id: str | None) -> list[str]:
        """The whole branch's ids up to ``leaf_id``, walked in a worker thread (inside
        SQLite, which lets go of the GIL while it walks)."""
        return await self.read_in_background(lambda store: store.branch_ids(leaf_id))

    def sibling_ids(self, message_id: str) -> list[str]:
        """The message and its siblings (same parent and role), in creation order."""
        return self.store.sibling_ids(message_id)

    def message(self, message_id: str) -> Message:
        return self.store.message(message_id)

    def leaf_under(self, message_id: str) -> str | None:
        """The newest leaf under ``message_id`` (the branch a sibling switch would show)."""
        return self.store.newest_leaf_under(message_id)

    async def leaf_under_in_background(self, message_id: str) -> str | None:
        return await self.read_in_background(lambda store: store.newest_leaf_under(message_id))

    def follow(self, conversation_id: str, leaf_id: str | None) -> None:
        """Make the branch ending at ``leaf_id`` the shown one; the caller shows it."""
        self.store.set_current_leaf(conversation_id, leaf_id)

    def show_branch(self, message_id: str) -> None:
        """Continue the conversation from ``message_id`` (its newest reply chain)."""
        message = self.store.message(message_id)
        leaf = self.store.newest_leaf_under(message_id)
        self.store.set_current_leaf(message.conversation_id, leaf)
        self.conversation_changed.emit(message.conversation_id)

    def delete_message(self, message_id: str) -> None:
        message = self.store.message(message_id)
        self.store.delete_message(message_id)
        self.conversation_changed.emit(message.conversation_id)
        self.changed.emit()
