"""Turns on screen: what the runner reports reaches the message view of the conversation
in view; the composer sends, edits, and stops that conversation's turn.

Turns of other conversations run on unseen; their state is in the runner, so coming back
shows them live (``Navigator.show_path``), and the pane's Send/Stop and retry banner
follow the conversation in view.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from PySide6.QtCore import QObject

from app.domain.history import Message
from app.domain.validation import Problem
from app.services.background import Background
from app.services.chat import ChatController
from app.services.conversations import ConversationService
from app.services.i18n import tr_error, tr_problem
from app.services.runner import TurnRunner
from app.services.turn import AnswerSnapshot
from app.storage.errors import StorageError
from app.ui.attach_flow import AttachFlow
from app.ui.chat_pane import ChatPane
from app.ui.conversation_list import Sidebar
from app.ui.drafts import Draft
from app.ui.navigator import Navigator
from app.ui.notices import Notices
from app.ui.param_panel import ParamPanel


class TurnPresenter(QObject):
    def __init__(self, chat: ChatController, runner: TurnRunner,
                 conversations: ConversationService, navigator: Navigator, *,
                 pane: ChatPane, sidebar: Sidebar, panel: ParamPanel, notices: Notices,
                 background: Background, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._chat = chat
        self._runner = runner
        self._conversations = conversations
        self._nav = navigator
        self._pane = pane
        self._view = pane.view
        self._composer = pane.composer
        self._sidebar = sidebar
        self._panel = panel
        self._notices = notices
        self._background = background
        self.editing: str | None = None  # the user message being edited
        self._before_edit: Draft | None = None  # what the composer held before the edit
        self._retries: dict[str, tuple[float, str]] = {}  # conversation → (deadline, text)
        self._warm: asyncio.Task[Any] | None = None
        self.attach: AttachFlow | None = None  # the draft's attachments (set by the window)

    # The composer

    def submit(self, text: str) -> None:
        self._panel.flush()
        attach = self.attach
        if attach is not None and not attach.may_send():
            return
        files = attach.draft() if attach is not None else []
        try:
            conversation_id = self._nav.ensure_conversation()
        except StorageError as err:  # the disk refused the new conversation: keep the text
            self._notices.notice_text(err.text)
            return
        if self._chat.busy(conversation_id):
            return
        before = None
        if self.editing:
            sent = self._chat.edit_and_resend(self.editing, text, files)
            if sent is not None:  # (else still editing: the edit is kept to send again)
                before = self._before_edit
                self.cancel_edit(restore=False)
        else:
            sent = self._chat.send(conversation_id, text, files)
        if sent is not None:
            self._composer.clear()
            if attach is not None:
                attach.sent()
            if before is not None:  # what was being written before the edit, back
                self._restore(before)
            self._sidebar.refresh()
        self._composer.setFocus()

    def start_edit(self, message: Message) -> None:
        if self.editing is None:  # what was being written comes back after the edit
            held = self.attach.draft() if self.attach is not None else []
            self._before_edit = Draft(self._composer.toPlainText(), list(held))
            if self.attach is not None:  # files still being read join it when ready
                keep = self._before_edit.attachments
                self.attach.park(keep.append)
        self.editing = message.id
        self._composer.setPlainText(message.content)
        if self.attach is not None:
            self.attach.set_draft(message.attachments)
        self._composer.setFocus()
        self._pane.edit_banner.show_text(
            self.tr("Editing a message: sending makes a new branch; the old one stays."))

    def cancel_edit(self, *, restore: bool = True) -> None:
        """Leave editing; ``restore``: the composer gets back what it held before."""
        before, self._before_edit = self._before_edit, None
        self.editing = None
        self._pane.edit_banner.dismiss()
        if restore and before is not None:
            self._restore(before)

    def draft_under_edit(self) -> Draft | None:
        """While a message is edited, the draft from before the edit."""
        return self._before_edit if self.editing is not None else None

    def _restore(self, draft: Draft) -> None:
        self._composer.setPlainText(draft.text)
        if self.attach is not None:
            self.attach.set_draft(draft.attachments)

    def stop_current(self) -> None:
        if self._nav.current:
            self._chat.stop(self._nav.current)

    def stop_or_cancel(self) -> None:
        """Esc: stop the turn of the conversation in view, else leave editing."""
        if self._nav.current and self._chat.busy(self._nav.current):
            self._chat.stop(self._nav.current)
        elif self.editing:
            self.cancel_edit()

    # The runner's reports

    def _in_view(self, conversation_id: str) -> bool:
        return bool(conversation_id) and conversation_id == self._nav.current

    def on_turn_started(self, conversation_id: str) -> None:
        if self._in_view(conversation_id):  # a lab's arms do not make the composer busy
            self._pane.set_busy(self._chat.busy(conversation_id))
        self.warm_up()

    def warm_up(self) -> None:
        """Load what the first turn needs, in a worker thread, once. Best called when the
        window has first painted (the first turn then finds it all loaded); else at the
        first turn."""
        if self._warm is None:
            from app.ui.first_turn import warm_up_first_turn

            self._warm = self._background.spawn(asyncio.to_thread(warm_up_first_turn),
                                                "first-turn warm-up")

    def on_turn_finished(self, conversation_id: str) -> None:
        self._retries.pop(conversation_id, None)
        self._sidebar.refresh()
        if not self._in_view(conversation_id) or self._chat.busy(conversation_id):
            return  # (a lab arm ended while the conversation's own turn runs on)
        self._pane.set_busy(False)
        self._pane.retry_banner.dismiss()
        self.offer_tool_inputs()
        self._composer.setFocus()

    def on_opened(self, conversation_id: str) -> None:
        """Send/Stop and the retry countdown follow the conversation in view."""
        self._pane.set_busy(bool(conversation_id) and self._chat.busy(conversation_id))
        retry = self._retries.get(conversation_id)
        if retry is not None and retry[0] > time.monotonic():
            self._pane.retry_banner.count_down(retry[1], retry[0] - time.monotonic())
        else:
            self._pane.retry_banner.dismiss()
        self.cancel_edit(restore=False)  # the chat opened has its own draft (DraftKeeper)

    def on_message_added(self, conversation_id: str, message_id: str) -> None:
        """A user or tool message the controller stored."""
        if self._in_view(conversation_id):
            self._show_added(self._conversations.message(message_id))

    def _shown_here(self, snapshot: AnswerSnapshot) -> bool:
        """An answer of the conversation in view, of its own turn (a lab's arms stream in
        the lab's columns; the view shows their branch when the lab closes or on a pick)."""
        own = snapshot.key in ("", snapshot.conversation_id)
        return own and self._in_view(snapshot.conversation_id)

    def on_answer_added(self, snapshot: AnswerSnapshot) -> None:
        if not self._shown_here(snapshot) or not snapshot.message_id:
            return
        self._show_added(self._conversations.message(snapshot.message_id))
        if snapshot.status.value == "streaming":
            self._view.update_live(snapshot)

    def _show_added(self, message: Message) -> None:
        last = self._view.last_id()
        if message.parent_id == last or (last is None and message.parent_id is None):
            self._view.add_message(message)
        else:
            self._nav.show_path()  # a new branch or sibling: show the branch now continued

    def on_answer_updated(self, snapshot: AnswerSnapshot) -> None:
        if self._shown_here(snapshot):
            self._view.update_live(snapshot)

    def on_answer_finished(self, snapshot: AnswerSnapshot) -> None:
        error = snapshot.error or {}
        model = snapshot.model
        if error.get("type") == "ThinkingNotSupported" and model:
            self._panel.thinking_unsupported.add(model)
            if self._in_view(snapshot.conversation_id):
                conv = self._conversations.get(snapshot.conversation_id)
                self._panel.load(conv.params, self._panel.system_prompt.toPlainText())
        if not self._shown_here(snapshot):
            return
        if not snapshot.message_id:  # the store refused even the failed answer
            self._notices.notice(tr_error(error))
            return
        self._view.finish(snapshot.onto(self._conversations.message(snapshot.message_id)))

    def on_fewer_answers(self, conversation_id: str, got: int, asked: int) -> None:
        if self._in_view(conversation_id):
            self._notices.status(self.tr(
                "Asked for %n answer(s) (n); the server sent {0}. Many servers ignore n: "
                "Regenerate adds another.", "", asked).format(got), 10_000)

    def on_retry_scheduled(self, conversation_id: str, seconds: float,
                           error: dict[str, Any]) -> None:
        text = self.tr("{0} Retrying in {1} s…").format(tr_error(error), "{0}")
        self._retries[conversation_id] = (time.monotonic() + seconds, text)
        if self._in_view(conversation_id):
            self._pane.retry_banner.button.setText(self.tr("Cancel"))
            self._pane.retry_banner.count_down(text, seconds)

    def on_stalled(self, conversation_id: str, seconds: float) -> None:
        """No text for a while (keep-alives only): say so, with Stop, while waiting on."""
        if not self._in_view(conversation_id):
            return
        if seconds < 0:
            self._pane.retry_banner.dismiss()
            return
        self._pane.retry_banner.show_text(self.tr(
            "No text for {0} s… still waiting for the endpoint.").format(round(seconds)))
        self._pane.retry_banner.button.setText(self.tr("Stop"))

    def on_retry_cleared(self, conversation_id: str) -> None:
        self._retries.pop(conversation_id, None)
        if self._in_view(conversation_id):
            self._pane.retry_banner.dismiss()

    def on_invalid_params(self, _conversation_id: str, problems: list[object]) -> None:
        self._notices.notice(self.tr("Not sent: ") + " · ".join(
            tr_problem(p) for p in problems if isinstance(p, Problem)))

    def offer_tool_inputs(self) -> None:
        """Result fields under the last answer's tool calls, when no turn is running."""
        self._view.offer_tool_inputs(
            not (self._nav.current and self._chat.busy(self._nav.current)))
