"""A read-only rich-text view for untrusted model output.

QTextBrowser loads local files and absolute paths named in HTML, and an image pointing
at a FIFO blocks the GUI thread; returning ``None`` from ``loadResource`` does not stop
that, but returning a placeholder image does (DESIGN.md, "Dependency traps"). Every
resource request here gets a placeholder or nothing; links never navigate the view:
they are reported, and the caller decides.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QTextCursor, QTextDocument, QTextOption
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QWidget

OBJECT = "\ufffc"  # what Qt puts in the text for an image


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
        # An image's name → the text it stands for (a formula's LaTeX), for copying.
        self.image_text: Callable[[str], str | None] | None = None
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

    def createMimeDataFromSelection(self) -> QMimeData:
        """The selection as Qt copies it, with each image that stands for text (a
        formula) copied as that text instead of U+FFFC."""
        data = super().createMimeDataFromSelection()
        if self.image_text is not None and OBJECT in data.text():
            data.setText(self._with_image_text(self.textCursor(), data.text()))
        return data

    def _with_image_text(self, cursor: QTextCursor, text: str) -> str:
        assert self.image_text is not None
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        shown: list[str] = []
        block = self.document().findBlock(start)
        while block.isValid() and block.position() < end:
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                first = max(fragment.position(), start)
                last = min(fragment.position() + fragment.length(), end)
                fmt = fragment.charFormat()
                if last > first and fmt.isImageFormat():
                    said = self.image_text(fmt.toImageFormat().name())
                    shown += [said if said is not None else OBJECT] * fragment.text()[
                        first - fragment.position():last - fragment.position()].count(OBJECT)
                it += 1
            block = block.next()
        if len(shown) != text.count(OBJECT):
            return text  # not the images we counted: leave Qt's text as it is
        pieces = text.split(OBJECT)
        return pieces[0] + "".join(said + piece for said, piece in zip(shown, pieces[1:],
                                                                          strict=True))

    def _fit(self) -> None:
        height = int(self.document().size().height()) + 4
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(400, int(self.document().size().height()) + 4)
