"""What the buttons on a message do, and how links from model output are opened.

A part of the main window (see ``window_part``).
"""

from __future__ import annotations

import json

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from app.domain.chat import Role
from app.domain.history import Message
from app.domain.params import ChatParams
from app.ui.window_part import WindowPart


class MessageActions(WindowPart):
    def on_message_action(self, name: str, message_id: str) -> None:
        message = self.conversations.message(message_id)
        if name == "copy":
            QGuiApplication.clipboard().setText(message.content)
        elif name.startswith("copy_code:"):
            widget = self.view.widgets.get(message_id)
            index = int(name.split(":", 1)[1] or 0)
            if widget is not None:
                QGuiApplication.clipboard().setText(widget.code_block(index))
                self.statusBar().showMessage(self.tr("Code copied"), 2000)
        elif name == "edit":
            self.start_edit(message)
        elif name in ("regenerate", "retry"):
            params = ChatParams.from_json(message.params) if message.params else None
            self.chat.regenerate(message_id, params)
        elif name == "regenerate_current":
            self.chat.regenerate(message_id, self.current_params())
        elif name == "continue":
            self.chat.continue_answer(message_id)
        elif name == "delete":
            self.delete_message(message)
        elif name in ("previous_sibling", "next_sibling"):
            self.switch_sibling(message, -1 if name == "previous_sibling" else 1)
        elif name == "fix_key":
            self.ask_for_key(self.tr("The API key was not accepted."))
        elif name in ("pick_model", "fix_params"):
            self.panel.show()
            self.panel.open_model_list()
        elif name == "show_params":
            text = json.dumps(message.params or {}, ensure_ascii=False, indent=2)
            QMessageBox.information(self, self.tr("Parameters of this answer"), text)
        elif name == "tool_results":
            widget = self.view.widgets.get(message_id)
            if widget is not None:
                self.chat.submit_tool_results(message_id, widget.tool_results_text())

    def switch_sibling(self, message: Message, step: int) -> None:
        siblings = [m for m in self.conversations.all_messages(message.conversation_id)
                    if m.parent_id == message.parent_id and m.role is message.role]
        ids = [m.id for m in siblings]
        target = ids[max(0, min(len(ids) - 1, ids.index(message.id) + step))]
        self.conversations.show_branch(target)

    def start_edit(self, message: Message) -> None:
        self._editing = message.id
        self.composer.setPlainText(message.content)
        self.composer.setFocus()
        self.pane.edit_banner.show_text(
            self.tr("Editing a message: sending makes a new branch; the old one stays."))

    def cancel_edit(self) -> None:
        self._editing = None
        self.pane.edit_banner.dismiss()

    def delete_message(self, message: Message) -> None:
        answer = QMessageBox.question(
            self, self.tr("Delete message"),
            self.tr("Delete this message and every reply after it?"))
        if answer == QMessageBox.StandardButton.Yes:
            self.conversations.delete_message(message.id)

    def regenerate_last(self) -> None:
        for widget in reversed(list(self.view.widgets.values())):
            if widget.message.role is Role.ASSISTANT:
                self.on_message_action("regenerate", widget.message.id)
                return

    def copy_last_answer(self) -> None:
        for widget in reversed(list(self.view.widgets.values())):
            if widget.message.role is Role.ASSISTANT:
                QGuiApplication.clipboard().setText(widget.message.content)
                self.statusBar().showMessage(self.tr("Answer copied"), 2000)
                return

    def toggle_panel(self) -> None:
        self.panel.setVisible(not self.panel.isVisible())

    def _confirm_open(self, url: QUrl) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Open link"),
            self.tr("Open this address in your browser?\n\n{0}").format(url.toString()))
        return answer == QMessageBox.StandardButton.Yes

    def on_link_clicked(self, url: QUrl) -> None:
        if url.scheme() not in ("http", "https"):
            self.statusBar().showMessage(
                self.tr("Links of this kind are not opened: {0}").format(url.scheme()), 5000)
            return
        if self.confirm_open(url):
            self.open_url(url)

