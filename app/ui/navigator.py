"""Which conversation is in view: opening one, starting a new one, showing its branch.

Coming back to a conversation whose answer still streams shows it live: the branch as
stored, then each streaming answer's latest snapshot.

A long branch opens with its last ``TAIL`` messages' ids read at once and the rest walked
in a worker thread (with a background task runner; without one, all at once): the view
shows the end at once and the rows above fill in a moment later, in place. Opening at a
message (a search hit) above that end reads the ids from the root to it too and shows it
there; if the whole branch, once read, does not pass through it, the branch is shown anew
as it is (at its end, as when a hit is on another branch).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.services.branch import StoredBranch
from app.services.conversations import ConversationService
from app.services.endpoints import EndpointService
from app.services.runner import TurnRunner
from app.services.settings_service import SettingsService
from app.storage.history import NotFoundError
from app.ui.composer import Composer
from app.ui.conversation_list import Sidebar
from app.ui.message_view import MessageView
from app.ui.param_panel import ParamPanel

TAIL = 200  # a long branch's messages read at once; the rest in the background
Spawn = Callable[[Coroutine[Any, Any, None], str], object]


class Navigator(QObject):
    opened = Signal(str)  # the conversation now in view ("" for a new, unsaved chat)
    # the conversation about to be left ("" a new chat), and whether what is written goes
    # along (a new chat stored by its first send: the same chat)
    leaving = Signal(str, bool)
    path_shown = Signal()  # the view was rebuilt from the store

    def __init__(self, conversations: ConversationService, endpoints: EndpointService,
                 settings: SettingsService, runner: TurnRunner, *, sidebar: Sidebar,
                 view: MessageView, panel: ParamPanel, composer: Composer,
                 spawn: Spawn | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._conversations = conversations
        self._endpoints = endpoints
        self._settings = settings
        self._runner = runner
        self._sidebar = sidebar
        self._view = view
        self._panel = panel
        self._composer = composer
        self._spawn = spawn
        self.current = ""
        # What the user chose on a new chat before its first message (stored with it).
        self.draft_params: dict[str, Any] = {}
        self.draft_prompt = ""
        self.draft_endpoint: str | None = None

    def open(self, conversation_id: str, message_id: str = "", *,
             carry: bool = False) -> None:
        self._panel.flush()
        self.leaving.emit(self.current, carry)
        self.current = conversation_id
        self._sidebar.select(conversation_id, emit=False)
        conv = self._conversations.get(conversation_id)
        self._panel.load(conv.params, conv.system_prompt)
        self.show_path(at=message_id)
        self.opened.emit(conversation_id)
        if message_id:
            self._view.scroll_to_message(message_id)
        self._composer.setFocus()

    def start_empty(self) -> None:
        """A new chat, stored with its first message (so empty chats never pile up in
        the list or in exports); what the panel shows until then is what it will post."""
        self._panel.flush()
        self.leaving.emit(self.current, False)
        self.current = ""
        self._sidebar.select("", emit=False)
        self.draft_params = dict(self._settings.settings.default_params)
        self.draft_prompt, self.draft_endpoint = "", None
        self._panel.load(self.draft_params, "")
        self._view.show_path([], {})
        self.opened.emit("")
        self._composer.setFocus()

    def new_chat(self) -> None:
        if not self.current:
            self._composer.setFocus()  # already on a new chat: use it
            return
        self.start_empty()

    def open_latest(self) -> None:
        """At start-up, after the first paint: back to the conversation used last."""
        if self.current:
            return
        recent = self._conversations.summaries(limit=50)  # pinned ones come first
        if recent:
            self.open(max(recent, key=lambda c: c.updated_at).id)

    def ensure_conversation(self) -> str:
        """The conversation in view, made now if the user is on a new chat: with what
        the panel shows (the parameters, system prompt and endpoint chosen so far)."""
        if not self.current:
            conv = self._conversations.create(
                dict(self.draft_params), self.draft_endpoint or self._endpoints.default_id()
                or None, system_prompt=self.draft_prompt)
            self.open(conv.id, carry=True)
        return self.current

    def show_path(self, whole: bool = False, at: str = "") -> None:
        if not self.current:
            self._view.show_path([], {})
            self.path_shown.emit()
            return
        tail = None if whole or self._spawn is None else TAIL
        branch = self._conversations.shown_branch(self.current, tail, at)
        if at and not branch.above and at not in branch.ids:
            # A search hit on another branch: that branch is shown, at the hit.
            leaf = self._leaf_under(at)
            if leaf is not None and leaf != branch.leaf_id:
                self._conversations.follow(self.current, leaf)
                branch = self._conversations.shown_branch(self.current, tail, at)
        self._view.show_branch(branch, at)
        if branch.above and self._spawn is not None:
            self._spawn(self._complete(branch, at), "reading a long branch")
        for snapshot in self._runner.live(self.current):
            self._view.update_live(snapshot)
        self.path_shown.emit()

    async def _complete(self, branch: StoredBranch, at: str) -> None:
        ids = await self._conversations.branch_ids_in_background(branch.leaf_id)
        if at and at not in ids and self._view.showing(branch):
            # The hit shown with its head is on another branch: show that one, at it.
            try:
                leaf = await self._conversations.leaf_under_in_background(at)
            except NotFoundError:  # deleted since it was found
                return
            if leaf not in (None, branch.leaf_id) and self.current == branch.key \
                    and self._view.showing(branch):
                self._conversations.follow(self.current, leaf)
                self.show_path(at=at)
            return
        if not self._view.complete(branch, ids) and self._view.showing(branch):
            self.show_path(whole=True, at=at)  # not as it was taken to be: shown anew

    def _leaf_under(self, message_id: str) -> str | None:
        try:
            return self._conversations.leaf_under(message_id)
        except NotFoundError:  # deleted since it was found
            return None

    def on_conversation_changed(self, conversation_id: str) -> None:
        if conversation_id == self.current:
            self.show_path()

    def on_deleted(self, conversation_id: str) -> None:
        """The conversation in view was deleted: show the next one, or a new chat."""
        if conversation_id != self.current:
            return
        summaries = self._conversations.summaries(limit=1)
        if summaries:
            self.open(summaries[0].id)
        else:
            self.start_empty()
