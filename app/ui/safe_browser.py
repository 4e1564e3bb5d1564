"""A read-only rich-text view for untrusted model output.

QTextBrowser loads local files and absolute paths named in HTML, and an image pointing
at a FIFO blocks the GUI thread; returning ``None`` from ``loadResource`` does not stop
that, but returning a placeholder image does (DESIGN.md, "Dependency traps"). Every
resource request here gets a placeholder or nothing; links never navigate the view:
they are reported, and the caller decides.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QTextDocument, QTextOption
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QWidget


def _placeholder() -> QImage:
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setPen(QColor("#8c959f"))
    painter.drawRect(1, 1, 13, 13)
    painter.end()
    return image


class SafeBrowser(QTextBrowser):
    """Grows to its content's height (the surrounding view scrolls, not this)."""

    link_clicked = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placeholder = _placeholder()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.viewport().setAutoFillBackground(False)
        self.setStyleSheet("QTextBrowser { background: transparent; }")
        self.document().setDocumentMargin(2)
        # A run without a break opportunity wraps where it must: Qt lays out a line it
        # cannot break in time quadratic in its length (1.1 s for 50 KB of "$x", whose
        # code spans and images leave no space), and what overflows would be cut off.
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self.anchorClicked.connect(self.link_clicked)
        self._fit()

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        if kind == QTextDocument.ResourceType.ImageResource.value:
            return self._placeholder
        return None

    def _fit(self) -> None:
        height = int(self.document().size().height()) + 4
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(400, int(self.document().size().height()) + 4)
