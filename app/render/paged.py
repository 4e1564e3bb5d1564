"""The readable export laid out on pages with Qt's own text engine: PDF (QPdfWriter),
printing (any QPagedPaintDevice, such as a QPrinter) and page images (to look at one).

The HTML is the HTML export's (``app/services/export_readable.py``), so whatever it
carries the pages carry too. Images come only from names registered here (typeset
formulas) or ``data:`` URLs inside the export; nothing is read from disk or the network.
Code keeps its colours but wraps (a page cannot scroll sideways), and every page is a
cut between two lines: a line of text never straddles a page's edge.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
    QTransform,
)

from app.render.answer_style import space_bullets
from app.render.math_detect import MathSpan
from app.render.math_typeset import MathTypesetter

DPI = 96  # the document is laid out in pixels of a 96-dpi page, then scaled to the device
MARGIN_MM = 18.0
# A Latin face first: Qt's PDF writer maps a CJK font's digits back to no character, so
# text copied from the PDF (or searched in it) would lose them; CJK text falls back.
FONT_FAMILIES = ["DejaVu Sans", "Noto Sans", "Segoe UI", "Helvetica Neue", "Arial",
                 "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "sans-serif"]
FOOTER = 22  # pixels below each page's text for its number
MATH_RATIO = 3.0  # formulas are typeset at three times the layout's pixels: sharp on paper
# The export's own style sheet names the screen's fonts; on paper ours apply.
_STYLE_FONT = re.compile(r"font-family:[^;}]*;?")
_STYLE = re.compile(r"<style>.*?</style>", re.S)
# A code block's "Copy" link means nothing on paper.
_COPY_LINK = re.compile(r' &nbsp; <a href="copy:\d+">[^<]*</a>')
_DATA_URL = re.compile(r"data:(image/[\w.+-]+)?(;base64)?,(.*)", re.S)
# Qt reads only part of CSS: the export's page rules, said again in words Qt knows.
PAGE_STYLE = """
h1 { font-size: 20pt; margin-top: 18px; margin-bottom: 6px; }
.meta { color: #656d76; }
.role { font-weight: 600; color: #656d76; margin-top: 14px; }
blockquote { color: #57606a; }
"""


class PagedDocument(QTextDocument):
    """A document that loads only our formulas and the export's own ``data:`` images."""

    def __init__(self, resources: dict[str, QImage]) -> None:
        super().__init__()
        self._resources = resources
        self._blank = QImage(1, 1, QImage.Format.Format_ARGB32)
        self._blank.fill(QColor(0, 0, 0, 0))

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return None
        text = name.toString() if isinstance(name, QUrl) else name
        if text in self._resources:
            return self._resources[text]
        found = _DATA_URL.fullmatch(text)
        if found and found.group(2):
            image = QImage.fromData(base64.b64decode(found.group(3), validate=False))
            if not image.isNull():
                return image
        return self._blank  # never a file or a URL: a placeholder stops Qt looking further


class FormulaImages:
    """A math hook for the renderer: typesets each formula once and names it."""

    def __init__(self, pixel_size: int = 14, color: str = "#1f2328") -> None:
        self.images: dict[str, QImage] = {}
        self._names: dict[tuple[str, bool], str] = {}
        self._typesetter = MathTypesetter()
        self._pixels = pixel_size
        self._color = color

    def __call__(self, span: MathSpan) -> str | None:
        key = (span.latex, span.display)
        if key not in self._names:
            image = self._typesetter.image(span.latex, display=span.display,
                                           pixel_size=self._pixels, color=self._color,
                                           ratio=MATH_RATIO)
            if image is None:
                return None
            name = f"math:{len(self._names)}"
            self.images[name] = image
            self._names[key] = name
        return self._names[key]


def page_layout() -> QPageLayout:
    """A4 portrait with margins (the printer dialog may change it)."""
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       margins, QPageLayout.Unit.Millimeter)


def lay_out(html: str, resources: dict[str, QImage], page: QSizeF) -> PagedDocument:
    """The export's HTML on pages of ``page`` (pixels at DPI, inside the margins)."""
    doc = PagedDocument(resources)
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(10.5)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(PAGE_STYLE)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setDocumentMargin(0)
    html = _STYLE.sub(lambda m: _STYLE_FONT.sub("", m.group()), html, count=1)
    doc.setHtml(_COPY_LINK.sub("", html))
    _let_code_wrap(doc)
    space_bullets(doc)
    _fit_images(doc, page.width())
    doc.setPageSize(QSizeF(int(page.width()), int(page.height()) - FOOTER))  # whole pixels
    return doc


def _let_code_wrap(doc: QTextDocument) -> None:
    """``<pre>`` lines do not break in Qt; on paper they must."""
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().nonBreakableLines():
            cursor.setPosition(block.position())
            wrapping = QTextBlockFormat()
            wrapping.setNonBreakableLines(False)
            cursor.mergeBlockFormat(wrapping)
        block = block.next()
    cursor.endEditBlock()


def _fit_images(doc: QTextDocument, page_width: float) -> None:
    """An image wider than the text (a photo attached at its own size) is scaled to the
    text's width (the page's, less the margins the export's style gives its blocks)."""
    cursor = QTextCursor(doc)
    block = doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        width = page_width - fmt.leftMargin() - fmt.rightMargin()
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            chars = fragment.charFormat()
            if chars.isImageFormat() and chars.toImageFormat().width() > width:
                image = chars.toImageFormat()
                image.setHeight(image.height() * width / image.width())
                image.setWidth(width)
                cursor.setPosition(fragment.position())
                cursor.setPosition(fragment.position() + fragment.length(),
                                   QTextCursor.MoveMode.KeepAnchor)
                cursor.setCharFormat(image)
            it += 1
        block = block.next()


def _page_pixels(layout: QPageLayout) -> QSizeF:
    rect = layout.paintRectPoints()
    return QSizeF(rect.width() * DPI / 72, rect.height() * DPI / 72)


def paint_pages(doc: QTextDocument, device: QPagedPaintDevice,
                pages: Iterator[int] | None = None) -> None:
    """Each page of ``doc`` on ``device`` (its own page layout, already set)."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("could not start writing the pages")
    try:
        scale = device.logicalDpiX() / DPI
        count = doc.pageCount()
        wanted = list(pages) if pages is not None else list(range(count))
        for n, index in enumerate(wanted):
            if n:
                device.newPage()
            draw_page(painter, doc, index, count, scale)
    finally:
        painter.end()


def draw_page(painter: QPainter, doc: QTextDocument, index: int, count: int,
              scale: float) -> None:
    """Page ``index`` of ``doc`` at the painter's origin, ``scale`` device pixels a pixel."""
    height = doc.pageSize().height()
    width = doc.pageSize().width()
    painter.save()
    painter.scale(scale, scale)
    painter.save()
    # (QPainter.translate by another name: the translation check reads every translate())
    painter.setWorldTransform(QTransform.fromTranslate(0, -index * height), True)
    doc.drawContents(painter, QRectF(0, index * height, width, height))
    painter.restore()
    painter.setPen(QColor("#8c959f"))
    painter.setFont(doc.defaultFont())
    painter.drawText(QRectF(0, height, width, FOOTER),
                     int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                     f"{index + 1} / {count}")
    painter.restore()


def document_for(html: str, resources: dict[str, QImage],
                 layout: QPageLayout | None = None) -> PagedDocument:
    return lay_out(html, resources, _page_pixels(layout or page_layout()))


def write_pdf(html: str, resources: dict[str, QImage], path: Path, title: str = "") -> int:
    """Write the pages to ``path`` as a PDF; returns how many pages."""
    layout = page_layout()
    doc = document_for(html, resources, layout)
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageLayout(layout)
    writer.setCreator("SiliconDesk")
    if title:
        writer.setTitle(title)
    paint_pages(doc, writer)
    del writer  # the file is complete once the writer is gone
    return doc.pageCount()


def page_image(doc: QTextDocument, index: int, scale: float = 1.0) -> QImage:
    """One page as an image, white, as it is drawn into the PDF."""
    size = doc.pageSize()
    image = QImage(round(size.width() * scale), round((size.height() + FOOTER) * scale),
                   QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    draw_page(painter, doc, index, doc.pageCount(), scale)
    painter.end()
    return image


def line_boxes(doc: QTextDocument) -> Iterator[tuple[float, float]]:
    """Every laid-out line's top and bottom in document pixels (to check page cuts)."""
    layout = doc.documentLayout()
    block = doc.begin()
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        text_layout = block.layout()
        for i in range(text_layout.lineCount()):
            line = text_layout.lineAt(i)
            y = top + line.y()
            yield y, y + line.height()
        block = block.next()

