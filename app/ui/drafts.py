"""What is being written belongs to its conversation: switching chats keeps the text and
the attachments of each, as a chat app's users expect (they were the window's, and went
with the next send wherever it went).

The draft of the chat left is kept, in memory, when the navigator leaves it; the draft of
the chat opened comes back into the composer. A new chat stored by its first send takes
its draft along. A message being edited is not a draft: leaving gives the edit up.
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


@dataclass(frozen=True)
class Draft:
    text: str
    attachments: tuple[Attachment, ...]


class DraftKeeper(QObject):
    def __init__(self, navigator: Navigator, composer: Composer, attach: AttachFlow, *,
                 editing: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._composer = composer
        self._attach = attach
        self._editing = editing
        self._drafts: dict[str, Draft] = {}  # by conversation id ("" a new chat)
        self._carried: Draft | None = None
        self._left: str | None = None
        navigator.leaving.connect(self._on_leaving)
        navigator.opened.connect(self._on_opened)

    def _on_leaving(self, conversation_id: str, carry: bool) -> None:
        self._left = conversation_id
        draft = None if self._editing() else self._current()
        if carry:  # the same chat, stored now: what is written goes along as it is
            self._carried = draft
            self._drafts.pop(conversation_id, None)
        elif draft is not None and (draft.text or draft.attachments):
            self._drafts[conversation_id] = draft
        else:
            self._drafts.pop(conversation_id, None)

    def _on_opened(self, conversation_id: str) -> None:
        left, self._left = self._left, None
        carried, self._carried = self._carried, None
        if left is None or (carried is not None and left != conversation_id):
            return  # carried along: the composer already holds it
        if left == conversation_id:
            self._drafts.pop(conversation_id, None)
            return  # opened again where it was (a search hit in it): nothing to swap
        draft = self._drafts.pop(conversation_id, None) or Draft("", ())
        self._composer.setPlainText(draft.text)
        self._composer.moveCursor(QTextCursor.MoveOperation.End)
        if not self._attach.preparing:  # files still being read stay where they are
            self._attach.set_draft(draft.attachments)

    def _current(self) -> Draft:
        return Draft(self._composer.toPlainText(), tuple(self._attach.draft()))
