"""The message composer: multi-line, Enter sends and Shift+Enter adds a line (or Ctrl+Enter).

Pasting or dropping an image or files attaches them (``files_offered``,
``image_offered``) instead of inserting their names or nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

# Encoded image formats a clipboard or a drag may carry as they are (no re-encoding).
RAW_IMAGE_FORMATS = (("image/png", "png"), ("image/jpeg", "jpg"), ("image/webp", "webp"),
                     ("image/gif", "gif"))


def local_files(mime: QMimeData) -> list[Path]:
    """The local files a paste or a drop carries (remote URLs are not fetched)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def raw_image(mime: QMimeData) -> tuple[bytes, str] | None:
    """An encoded image the clipboard holds as it is: (bytes, suffix)."""
    for kind, suffix in RAW_IMAGE_FORMATS:
        if mime.hasFormat(kind):
            data = bytes(mime.data(kind).data())
            if data:
                return data, suffix
    return None


def _only_a_link(text: str) -> bool:
    words = text.split()
    return len(words) == 1 and words[0].lower().startswith(("http://", "https://", "data:",
                                                            "file:"))


class Composer(QPlainTextEdit):
    submitted = Signal(str)
    files_offered = Signal(list)  # [Path]: pasted or dropped files
    image_offered = Signal(object)  # bytes (an encoded image) or QImage: a pasted image

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setAccessibleName(self.tr("Message"))
        self.setTabChangesFocus(True)
        self.blocked = False  # sending is not possible now (the reason is shown beside)
        # The message has attachments, so it can be sent without text (set by AttachFlow).
        self.has_attachments: Callable[[], bool] = lambda: False
        self.set_ctrl_enter_sends(False)

    def set_ctrl_enter_sends(self, value: bool) -> None:
        self.ctrl_enter_sends = value
        if value:
            self.setPlaceholderText(self.tr("Ask anything… (Ctrl+Enter to send)"))
        else:
            self.setPlaceholderText(
                self.tr("Ask anything… (Enter to send, Shift+Enter for a new line)")
            )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            mods = event.modifiers()
            ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
            shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            sends = ctrl if self.ctrl_enter_sends else not (shift or ctrl)
            if sends:
                self.submit()
                return
            if not self.ctrl_enter_sends and shift:
                self.insertPlainText("\n")
                return
        super().keyPressEvent(event)

    def submit(self) -> None:
        text = self.toPlainText()
        if (text.strip() or self.has_attachments()) and not self.blocked:
            self.submitted.emit(text)

    # Paste and drop

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        if local_files(source) or source.hasImage() or raw_image(source) is not None:
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        files = local_files(source)
        if files:
            self.files_offered.emit(files)
            return
        if source.hasText() and source.text().strip() and not _only_a_link(source.text()):
            # Text copied from a word processor or a web page comes with a picture of the
            # selection too: what the user copied is the text. (A browser's "Copy image"
            # puts the image's address beside it as text: that is the image.)
            super().insertFromMimeData(source)
            return
        raw = raw_image(source)
        if raw is not None:
            self.image_offered.emit(raw)
            return
        if source.hasImage():
            image = source.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.image_offered.emit(image)
                return
        super().insertFromMimeData(source)
