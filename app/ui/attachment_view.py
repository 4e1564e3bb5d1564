"""The attachments of a sent message, in the message view: image thumbnails that open
a larger view, and file chips that unfold the file's text as the model read it.

Only the user's own attachments are shown here, decoded by SiliconDesk from the
history; nothing a model sends can make an image load.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.attachments import Attachment, Kind
from app.ui.attachment_tray import plain_tooltip, size_text
from app.ui.named import named
from app.ui.thumbnails import decode, show_thumbnail

SHOWN = 96  # a thumbnail's side in the view
PER_ROW = 5  # thumbnails in a row (more were squeezed into narrow, tall tiles)


class AttachmentStrip(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageAttachments")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._shown: tuple[str, ...] = ()

    def show_items(self, attachments: Sequence[Attachment]) -> None:
        key = tuple(a.sha256 + str(a.detail) for a in attachments)
        self.setVisible(bool(attachments))
        if key == self._shown:
            return
        self._shown = key
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        images = [a for a in attachments if a.kind is Kind.IMAGE]
        for start in range(0, len(images), PER_ROW):
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(6)
            for image in images[start:start + PER_ROW]:
                line.addWidget(self._image_button(image))
            line.addStretch(1)
            self._layout.addWidget(row)
        for file in attachments:
            if file.kind is not Kind.IMAGE:
                self._layout.addWidget(FileChip(file))

    def _image_button(self, image: Attachment) -> QToolButton:
        button = named(QToolButton(), "attachmentThumbnail")
        button.setIconSize(QSize(SHOWN, SHOWN))
        button.setFixedSize(QSize(SHOWN + 8, SHOWN + 8))
        show_thumbnail(image, SHOWN, self.devicePixelRatioF(), button,
                       lambda pixmap: button.setIcon(QIcon(pixmap)))
        button.setAutoRaise(True)
        button.setAccessibleName(image.name)
        button.setToolTip(plain_tooltip(self.tr("{0} ({1}×{2}) — click to view").format(
            image.name, image.width, image.height)))
        button.clicked.connect(lambda: ImageViewer(image, self.window()).open())
        return button


class FileChip(QWidget):
    """A file's name and size; a click unfolds its text (read-only, selectable)."""

    def __init__(self, attachment: Attachment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attachment = attachment
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.toggle = named(QToolButton(), "fileChip")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        if attachment.kind is Kind.PDF:
            info = self.tr("PDF, {0} pages").format(attachment.pages)
        else:
            info = size_text(len(attachment.data))
        self.toggle.setText(f"▸ {attachment.name} · {info}")
        self.toggle.setAccessibleName(attachment.name)
        self.toggle.setToolTip(self.tr("Show the text the model was sent"))
        self.toggle.toggled.connect(self._toggled)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        self.text: QPlainTextEdit | None = None

    def _toggled(self, shown: bool) -> None:
        name, rest = self.attachment.name, self.toggle.text().split(" · ", 1)[-1]
        self.toggle.setText(f"{'▾' if shown else '▸'} {name} · {rest}")
        if self.text is None and shown:
            self.text = named(QPlainTextEdit(), "fileText")
            self.text.setReadOnly(True)
            self.text.setPlainText(self.attachment.text)
            lines = self.attachment.text.count("\n") + 1
            spacing = self.text.fontMetrics().lineSpacing()
            self.text.setFixedHeight(min(260, lines * spacing + 16 + spacing))
            self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self.text)
        if self.text is not None:
            self.text.setVisible(shown)


class ImageViewer(QDialog):
    """One attached image, as large as the screen allows, with Copy."""

    def __init__(self, image: Attachment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageViewer")
        self.setWindowTitle(image.name)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._pixmap = QPixmap()
        label = named(QLabel(self.tr("Loading…")), "imageViewerPicture")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        screen = self.screen().availableGeometry() if self.screen() else None
        limit = QSize(int(screen.width() * 0.8), int(screen.height() * 0.8)) if screen \
            else QSize(1200, 800)
        shown = QSize(image.width, image.height).scaled(
            limit, Qt.AspectRatioMode.KeepAspectRatio) if image.width > limit.width() \
            or image.height > limit.height() else QSize(max(1, image.width),
                                                        max(1, image.height))

        def decoded(pixmap: QPixmap) -> None:  # in Qt's pool: a large PNG takes ~100 ms
            self._pixmap = pixmap
            label.setPixmap(pixmap)

        show_thumbnail(image, max(shown.width(), shown.height()), self.devicePixelRatioF(),
                       label, decoded)
        scroll = QScrollArea()
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("Copy image"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(min(limit.width(), shown.width() + 40),
                    min(limit.height(), shown.height() + 80))
        self._image = image

    def _copy(self) -> None:
        """The image as it was sent, at its full size."""
        QGuiApplication.clipboard().setImage(decode(self._image.data, mime=self._image.mime))
