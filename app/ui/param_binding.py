"""The parameter panel bound to the conversation in view: edits are stored with it (or
kept for a new chat until its first message), problems block Send with their reason,
and the preview shows the exact body the next send posts."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.attachments import Attachment
from app.domain.params import ChatParams
from app.domain.text import translate
from app.domain.validation import validate_params
from app.services.background import Background
from app.services.chat import ChatController
from app.services.conversations import ConversationService
from app.services.endpoints import EndpointService
from app.services.i18n import tr_problem, tr_text
from app.services.settings_service import SettingsService
from app.services.turns import params_from_conversation
from app.storage.errors import StorageError
from app.storage.history import NotFoundError
from app.ui.chat_pane import ChatPane
from app.ui.navigator import Navigator
from app.ui.notices import Notices
from app.ui.param_panel import ParamPanel

log = logging.getLogger(__name__)
PREVIEW_MS = 250


class ParamBinding(QObject):
    endpoint_changed = Signal(str)  # the conversation in view now talks to this endpoint

    def __init__(self, conversations: ConversationService, chat: ChatController,
                 endpoints: EndpointService, settings: SettingsService,
                 navigator: Navigator, *, panel: ParamPanel, pane: ChatPane, notices: Notices,
                 background: Background, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._conversations = conversations
        self._chat = chat
        self._endpoints = endpoints
        self._settings = settings
        self._nav = navigator
        self._panel = panel
        self._pane = pane
        self._notices = notices
        self._background = background
        self._preview_stale = False
        self._preview_pump: asyncio.Task[None] | None = None
        # The attachments of the message being written (AttachFlow.draft), for the preview.
        self.draft_attachments: Callable[[], list[Attachment]] = list
        self.preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_MS)
        self.preview_timer.timeout.connect(self.update_preview)

    def on_opened(self, _conversation_id: str) -> None:
        self.fill_endpoints()
        self.check_params()
        # The preview reads the whole history (in a worker): after the conversation is on
        # screen.
        self.preview_timer.start()

    def on_params_edited(self, params: dict[str, object]) -> None:
        if self._nav.current:
            self._conversations.set_params(self._nav.current, dict(params))
        else:
            self._nav.draft_params = dict(params)
        self.check_params()
        self.preview_timer.start()

    def on_system_prompt_edited(self, text: str) -> None:
        if self._nav.current:
            self._conversations.set_system_prompt(self._nav.current, text)
        else:
            self._nav.draft_prompt = text
        self.preview_timer.start()

    def on_endpoint_chosen(self, endpoint_id: str) -> None:
        if not endpoint_id:
            return
        if self._nav.current:
            self._conversations.set_endpoint(self._nav.current, endpoint_id)
        else:
            self._nav.draft_endpoint = endpoint_id
        self.preview_timer.start()
        self.endpoint_changed.emit(endpoint_id)

    def on_use_as_default(self, params: dict[str, object]) -> None:
        self._settings.update(default_params=dict(params))
        self._notices.status(self.tr("New chats will use these parameters."), 4000)

    def current_endpoint(self) -> str:
        if self._nav.current:
            return self._endpoints.endpoint(
                self._conversations.get(self._nav.current).endpoint).id
        return self._endpoints.endpoint(self._nav.draft_endpoint).id

    def fill_endpoints(self) -> None:
        self._panel.set_endpoints([(e.id, e.name) for e in self._endpoints.choices()],
                                  self.current_endpoint(), fixed=self._endpoints.fixed)

    def current_params(self) -> ChatParams:
        if not self._nav.current:
            return params_from_conversation(self._nav.draft_params)
        return params_from_conversation(self._conversations.get(self._nav.current).params)

    def check_params(self) -> None:
        problems = [tr_problem(p) for p in validate_params(self.current_params())]
        problems += [p for p in self._panel.problems if p not in problems]
        self._pane.block_send(" · ".join(problems))

    def update_preview(self) -> asyncio.Task[None]:
        """Make the preview again, in the background: one at a time, and edits made
        meanwhile make one more (the newest state wins). The task ends when the preview
        shows the newest state."""
        self._preview_stale = True
        if self._preview_pump is None:
            self._preview_pump = self._background.spawn(self._pump_preview(),
                                                        "request preview")
        return self._preview_pump

    async def refresh_preview(self) -> None:
        """Until the preview shows what the next send would post now."""
        await self.update_preview()

    async def _pump_preview(self) -> None:
        try:
            while self._preview_stale:
                self._preview_stale = False
                await self._make_preview()
        finally:
            self._preview_pump = None

    async def _make_preview(self) -> None:
        """The exact body the next send would post (the key is never part of it): what
        it depends on is gathered here, the history is read and encoded in a worker."""
        nav = self._nav
        try:
            preview = self._chat.preview(
                nav.current or None, self._pane.composer.toPlainText(), self.draft_attachments(),
                draft=(nav.draft_params, nav.draft_prompt, nav.draft_endpoint))
            shown = await self._conversations.read_in_background(
                lambda store: preview.shown(store, self._left_out))
        except (StorageError, NotFoundError, sqlite3.Error):  # deleted, or closing meanwhile
            log.info("request preview: the history could not be read", exc_info=True)
            return
        # What is copied is the exact body, made when asked for (images in full).
        self._panel.set_preview(preview.url, shown,
                                exact=lambda: preview.exact(self._conversations.store))

    @staticmethod
    def _left_out(count: int) -> dict[str, Any]:
        """What stands in the shown preview for the messages of a long history left out
        (called in the worker, so not through the window, which may be gone by then;
        translating is thread-safe)."""
        return {"…": tr_text(translate(
            "ParamBinding", "%n message(s) not shown here; the copy buttons include them"
        ).counting(count))}
