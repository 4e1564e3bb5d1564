"""Opening the parameter lab from the window, and what its results do to the window: the
conversation in view shows the branch a run leaves when the lab closes or the user picks
(not at the end of the run: rebuilding the view renders every long answer again while
the user reads the lab), and "Use these parameters" copies an arm's set into the panel or
a new preset."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QWidget

from app.domain.attachments import Attachment
from app.domain.chat import Role
from app.services.conversations import ConversationService
from app.services.endpoints import EndpointService
from app.services.lab import LabRun, LabService
from app.services.settings_service import SettingsService
from app.ui.composer import Composer
from app.ui.lab.lab_window import LabWindow
from app.ui.message_view import MessageView
from app.ui.navigator import Navigator
from app.ui.param_panel import ParamPanel


class LabFlow(QObject):
    def __init__(self, lab: LabService, conversations: ConversationService,
                 navigator: Navigator, endpoints: EndpointService,
                 settings: SettingsService, *, panel: ParamPanel, composer: Composer,
                 view: MessageView, apply_params: Callable[[dict[str, Any]], None],
                 show_params: Callable[[dict[str, Any]], None] | None = None,
                 dialog_parent: QWidget, parent: QObject | None = None) -> None:
        """``apply_params(params)``: what editing the panel to ``params`` does (store them
        for the conversation in view); ``show_params(params)``: an answer's Parameters."""
        super().__init__(parent)
        self._lab = lab
        self._conversations = conversations
        self._nav = navigator
        self._endpoints = endpoints
        self._settings = settings
        self._panel = panel
        self._composer = composer
        # The attachments of the message being written (AttachFlow.draft).
        self.draft_attachments: Callable[[], list[Attachment]] = list
        self._view = view
        self._apply = apply_params
        self._show_params = show_params
        self._dialog_parent = dialog_parent
        self.windows: list[LabWindow] = []
        self.ask_preset_name: Callable[[], str] = self._ask_name
        lab.run_started.connect(self.on_run_started)

    def open_lab(self, message_id: str = "") -> LabWindow | None:
        """"Compare…": on a user message, or on what the composer holds (a new message at
        the end of the branch), or on the last question of the branch in view."""
        prompt, parent_id = "", None
        attachments: list[Attachment] = []
        if message_id:
            message = self._conversations.message(message_id)
            if message.role is not Role.USER:
                return None
            prompt, parent_id = message.content, message.id
        elif self._composer.toPlainText().strip():
            prompt = self._composer.toPlainText()
            attachments = self.draft_attachments()
        elif self._nav.current:
            users = [m for m in self._conversations.shown_path(self._nav.current)
                     if m.role is Role.USER]
            if users:
                prompt, parent_id = users[-1].content, users[-1].id
        self._panel.flush()
        conversation_id = self._nav.ensure_conversation()
        window = LabWindow(self._lab, self._conversations, conversation_id,
                           parent_id=parent_id, prompt=prompt,
                           endpoints=self._endpoints.choices(), renderer=self._view.renderer,
                           panel_params=self._panel.current,
                           presets=lambda: dict(self._settings.settings.presets),
                           attachments=attachments, parent=self._dialog_parent)
        window.show_params = self._show_params
        window.use_params.connect(self.use_params)
        window.save_preset.connect(self.save_preset)
        window.closed.connect(self._refresh)
        self.windows.append(window)
        window.show()
        return window

    def use_params(self, params: dict[str, Any]) -> None:
        self._panel.load(params, self._panel.system_prompt.toPlainText())
        self._apply(dict(params))

    def save_preset(self, params: dict[str, Any]) -> None:
        name = self.ask_preset_name().strip()
        if name:
            self._settings.update(presets={**self._settings.settings.presets, name: params})

    def _ask_name(self) -> str:
        name, ok = QInputDialog.getText(self._dialog_parent, self.tr("Save preset"),
                                        self.tr("Name:"))
        return name if ok else ""

    def on_run_started(self, run: LabRun) -> None:
        run.picked.connect(lambda _mid: self._refresh(run.conversation_id))

    def _refresh(self, conversation_id: str) -> None:
        if self._nav.current == conversation_id:
            self._nav.show_path()
