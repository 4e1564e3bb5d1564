"""What is being written belongs to its conversation: switching chats keeps the text and
the attachments of each, as a chat app's users expect (they were the window's, and went
with the next send wherever it went).

The draft of the chat left is kept, in memory, when the navigator leaves it; the draft of
the chat opened comes back into the composer. Files still being read when their chat is
left go on being read and join that chat's draft. A new chat stored by its first send
takes its draft along. While a message is edited, the draft is what was written before
the edit (the edit itself is given up by leaving).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor

from app.domain.attachments import Attachment
from app.ui.attach_flow import AttachFlow
from app.ui.composer import Composer
from app.ui.navigator import Navigator


@dataclass
class Draft:
    text: str
    attachments: list[Attachment]


class DraftKeeper(QObject):
    def __init__(self, navigator: Navigator, composer: Composer, attach: AttachFlow, *,
                 under_edit: Callable[[], Draft | None], parent: QObject | None = None) -> None:
        """``under_edit``: while a message is edited, the draft from before the edit."""
        super().__init__(parent)
        self._composer = composer
        self._attach = attach
        self._under_edit = under_edit
        self._drafts: dict[str, Draft] = {}  # by conversation id ("" a new chat)
        self._carrying = False
        self._left: str | None = None
        self._shown = navigator.current
        navigator.leaving.connect(self._on_leaving)
        navigator.opened.connect(self._on_opened)

    def _on_leaving(self, conversation_id: str, carry: bool) -> None:
        self._left, self._carrying = conversation_id, carry
        if carry:  # the same chat, stored now: what is written goes along as it is
            self._drafts.pop(conversation_id, None)
            return
        edited = self._under_edit()
        if edited is not None:
            draft = Draft(edited.text, list(edited.attachments))
        else:
            draft = Draft(self._composer.toPlainText(), list(self._attach.draft()))
            self._attach.park(lambda made: self._deliver(conversation_id, made))
        if draft.text or draft.attachments:
            self._drafts[conversation_id] = draft
        else:
            self._drafts.pop(conversation_id, None)

    def _on_opened(self, conversation_id: str) -> None:
        left, self._left = self._left, None
        carrying, self._carrying = self._carrying, False
        self._shown = conversation_id
        if left is None or carrying or left == conversation_id:
            return  # the same chat: nothing to swap
        draft = self._drafts.pop(conversation_id, None) or Draft("", [])
        self._composer.setPlainText(draft.text)
        self._composer.moveCursor(QTextCursor.MoveOperation.End)
        self._attach.set_draft(draft.attachments)

    def _deliver(self, conversation_id: str, attachment: Attachment) -> None:
        """A file of a chat left, ready now: into its draft (or its tray, if it is back)."""
        if conversation_id == self._shown and self._left is None:
            self._attach.add_ready(attachment)
            return
        self._drafts.setdefault(conversation_id, Draft("", [])).attachments.append(attachment)
