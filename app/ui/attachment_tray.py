"""The attachments of the message being written, above the composer: a chip each, with
a thumbnail and the image's estimated tokens (or the file's size or pages), the image's
``detail``, and a button that removes it."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.attachments import Attachment, Detail, Kind
from app.ui.named import named, plain_label
from app.ui.thumbnails import show_thumbnail
from app.ui.tr_noop import QT_TRANSLATE_NOOP

THUMB = 44
DETAILS = {
    Detail.AUTO: QT_TRANSLATE_NOOP("AttachmentChip", "Detail: auto"),
    Detail.LOW: QT_TRANSLATE_NOOP("AttachmentChip", "Detail: low"),
    Detail.HIGH: QT_TRANSLATE_NOOP("AttachmentChip", "Detail: high"),
}


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that shows it as written: Qt renders a tooltip that looks like
    HTML as HTML (a file named "<img src=…>" would show a local image)."""
    return f"<p style='white-space:pre'>{html.escape(text)}</p>"


def size_text(size: int) -> str:
    if size < 1000:
        return QCoreApplication.translate("Attachments", "{0} bytes").format(size)
    if size < 1_000_000:
        return QCoreApplication.translate("Attachments", "{0} KB").format(f"{size / 1000:.0f}")
    return QCoreApplication.translate("Attachments", "{0} MB").format(f"{size / 1_000_000:.1f}")


class AttachmentChip(QFrame):
    removed = Signal()
    detail_changed = Signal(object)  # Detail

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentChip")
        self.attachment: Attachment | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 4, 4)
        row.setSpacing(6)
        self.picture = named(QLabel(), "attachmentPicture")
        self.picture.setFixedSize(THUMB, THUMB)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.picture)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        self.name = plain_label(name, "attachmentName")
        self.name.setMaximumWidth(180)
        self.info = plain_label(self.tr("Preparing…"), "attachmentInfo")
        self.name.setWordWrap(False)
        self.info.setWordWrap(False)
        texts.addWidget(self.name)
        texts.addWidget(self.info)
        row.addLayout(texts)
        self.detail = named(QComboBox(), "attachmentDetail")
        for detail, caption in DETAILS.items():
            self.detail.addItem(self.tr(caption), detail)
        self.detail.setToolTip(self.tr("How closely the model looks at the image (low: "
                                       "fewer tokens)"))
        self.detail.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.detail.currentIndexChanged.connect(
            lambda i: self.detail_changed.emit(self.detail.itemData(i)))
        self.detail.hide()
        row.addWidget(self.detail)
        self.remove = named(QToolButton(), "attachmentRemove")
        self.remove.setText("×")
        self.remove.setAccessibleName(self.tr("Remove {0}").format(name))
        self.remove.setToolTip(self.tr("Remove"))
        self.remove.setAutoRaise(True)
        self.remove.clicked.connect(self.removed)
        row.addWidget(self.remove)
        self.picture.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_BrowserReload).pixmap(20, 20))

    def set_attachment(self, attachment: Attachment) -> None:
        self.attachment = attachment
        metrics = self.name.fontMetrics()  # a long name keeps its end: the extension
        self.name.setText(metrics.elidedText(attachment.name, Qt.TextElideMode.ElideMiddle,
                                             self.name.maximumWidth()))
        self.name.setToolTip(plain_tooltip(attachment.name))
        self.remove.setAccessibleName(self.tr("Remove {0}").format(attachment.name))
        if attachment.kind is Kind.IMAGE:
            show_thumbnail(attachment, THUMB, self.devicePixelRatioF(), self,
                           self.picture.setPixmap)
            self.detail.blockSignals(True)
            self.detail.setCurrentIndex(max(0, self.detail.findData(attachment.detail)))
            self.detail.blockSignals(False)
            self.detail.show()
            self._image_info(attachment)
        else:
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
            self.picture.setPixmap(icon.pixmap(28, 28))
            if attachment.kind is Kind.PDF:
                info = self.tr("PDF, {0} pages of text").format(attachment.pages)
            else:
                info = size_text(len(attachment.data))
            self.info.setText(info)

    def _image_info(self, attachment: Attachment) -> None:
        self.info.setText(self.tr("{0}×{1} · ≈{2} tokens").format(
            attachment.width, attachment.height, f"{attachment.tokens():,}"))
        self.info.setToolTip(self.tr("Estimated for Qwen-style vision models: one token per "
                                     "28×28 pixels"))


class AttachmentTray(QScrollArea):
    """The chips in a row that scrolls sideways when there are many."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentTray")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        inner.setObjectName("attachmentTrayInner")
        self._row = QHBoxLayout(inner)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(6)
        self._row.addStretch(1)
        self.setWidget(inner)
        self._inner = inner
        self._fit()
        self.hide()

    def add_chip(self, chip: AttachmentChip) -> None:
        self._row.insertWidget(self._row.count() - 1, chip)
        self.show()
        self._fit()

    def remove_chip(self, chip: AttachmentChip) -> None:
        self._row.removeWidget(chip)
        chip.deleteLater()
        self.setVisible(self._row.count() > 1)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def refit(self) -> None:
        """After a chip's content changed (prepared: its picture and sizes)."""
        self._inner.adjustSize()
        self._fit()

    def _fit(self) -> None:
        """As tall as a chip, plus the scroll bar when the chips are wider than the row
        (a fixed height cut the chips off under the bar)."""
        chip = max(THUMB + 10, self._inner.sizeHint().height())
        wide = self._inner.sizeHint().width() > self.viewport().width()
        bar = self.horizontalScrollBar().sizeHint().height() if wide else 0
        self.setFixedHeight(chip + bar + 2)
