"""Where the window tells the user something: the notice banner and the status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QStatusBar
from shiboken6 import isValid

from app.domain.text import Text
from app.services.i18n import tr_text
from app.ui.chat_pane import Banner

TRANSIENT_MS = 8000


class Notices:
    def __init__(self, banner: Banner, status_bar: QStatusBar) -> None:
        self._banner = banner
        self._bar = status_bar

    def notice(self, text: str, *, transient: bool = False) -> None:
        """A sentence that stays until dismissed (below the ones still shown); a
        ``transient`` one (a result, not a problem) replaces them and goes by itself."""
        if not isValid(self._banner):  # the window is gone (shutdown): the log has it
            return
        if transient:
            self._banner.show_text(text)
            QTimer.singleShot(TRANSIENT_MS, self._banner, self._dismiss_if(text))
            return
        if not self._banner.isHidden() and self._banner.label.text() and text not in \
                self._banner.label.text().split("\n"):
            text = self._banner.label.text() + "\n" + text
        self._banner.show_text(text)

    def _dismiss_if(self, text: str) -> Callable[[], None]:
        def dismiss() -> None:
            if self._banner.label.text() == text:
                self._banner.dismiss()
        return dismiss

    def notice_text(self, text: Text) -> None:
        self.notice(tr_text(text))

    def status(self, text: str, ms: int = 4000) -> None:
        """A passing remark in the status bar."""
        if isValid(self._bar):
            self._bar.showMessage(text, ms)

    def clear_status(self) -> None:
        self._bar.clearMessage()
