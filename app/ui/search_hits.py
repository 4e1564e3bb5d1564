"""How a search hit is drawn in the results list: the title, then the snippet with the
matched words highlighted (the store marks them «…»; the marks are never shown)."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QPainter,
    QPalette,
    QTextDocument,
    QTransform,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.domain.history import SearchHit

Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the list's ID_ROLE: the SearchHit itself
PADDING = 6


def plain_snippet(snippet: str) -> str:
    return snippet.replace("«", "").replace("»", "")


def snippet_html(snippet: str, highlight: str) -> str:
    """The snippet as HTML with each «match» on the highlight colour."""
    out: list[str] = []
    rest = snippet
    while "«" in rest and "»" in rest.split("«", 1)[1]:
        before, after = rest.split("«", 1)
        match, rest = after.split("»", 1)
        out.append(html.escape(before))
        out.append(f'<span style="background:{highlight}; font-weight:600">'
                   f"{html.escape(match)}</span>")
    out.append(html.escape(rest))
    return "".join(out)


def dedupe(hits: list[SearchHit]) -> list[SearchHit]:
    """A conversation whose messages matched is not listed again for its title."""
    with_messages = {h.conversation_id for h in hits if h.message_id}
    return [h for h in hits if h.message_id or h.conversation_id not in with_messages]


def _mix(base: QColor, tint: QColor, amount: float) -> QColor:
    """``tint`` laid over ``base`` at ``amount``: a mark that keeps the text readable in
    light and dark themes alike."""
    return QColor(round(base.red() + (tint.red() - base.red()) * amount),
                  round(base.green() + (tint.green() - base.green()) * amount),
                  round(base.blue() + (tint.blue() - base.blue()) * amount))


class HitDelegate(QStyledItemDelegate):
    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument | None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            return None
        palette = QGuiApplication.palette()  # the theme's (a view's may be see-through)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text = palette.color(QPalette.ColorRole.HighlightedText if selected
                             else QPalette.ColorRole.Text).name()
        accent = palette.color(QPalette.ColorRole.Highlight)
        mark = accent.darker(140).name() if selected else _mix(
            palette.color(QPalette.ColorRole.Base), accent, 0.35).name()
        title = html.escape(index.data(Qt.ItemDataRole.DisplayRole).split("\n", 1)[0])
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        doc.setHtml(f'<div style="color:{text}"><b>{title}</b><br>'
                    f"{snippet_html(hit.snippet, mark)}</div>")
        doc.setTextWidth(max(40, option.rect.width() - 2 * PADDING))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        doc = self._document(option, index)
        if doc is None:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else None
        if style is not None:
            plain = QStyleOptionViewItem(option)
            plain.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter,
                              option.widget)
        painter.save()
        rect = option.rect
        painter.setWorldTransform(QTransform.fromTranslate(rect.left() + PADDING,
                                                           rect.top() + PADDING), True)
        doc.drawContents(painter, QRectF(0, 0, rect.width() - 2 * PADDING, rect.height()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        doc = self._document(option, index)
        if doc is None:
            return super().sizeHint(option, index)
        return QSize(int(doc.idealWidth()) + 2 * PADDING, int(doc.size().height()) + 2 * PADDING)
