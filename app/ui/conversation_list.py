"""The conversation list (model/view, fast with 10,000 conversations) and history search."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.history import ConversationSummary, SearchHit
from app.services.background import Background
from app.services.conversations import ConversationService
from app.ui.named import named
from app.ui.search_hits import HitDelegate, dedupe, plain_snippet

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 2
PINNED_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex
PAGE = 200  # conversations loaded at a time


def relative_time(ms: int, now: float | None = None) -> str:
    seconds = (now or time.time()) - ms / 1000
    if seconds < 60:
        return QCoreApplication.translate("RelativeTime", "just now")
    if seconds < 3600:
        return QCoreApplication.translate("RelativeTime", "{0} min ago").format(
            int(seconds // 60))
    if seconds < 86400:
        return QCoreApplication.translate("RelativeTime", "{0} h ago").format(
            int(seconds // 3600))
    if seconds < 86400 * 7:
        return QCoreApplication.translate("RelativeTime", "{0} d ago").format(
            int(seconds // 86400))
    return time.strftime("%Y-%m-%d", time.localtime(ms / 1000))


class ConversationModel(QAbstractListModel):
    def __init__(self, service: ConversationService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._items: list[ConversationSummary] = []
        self._exhausted = True
        self.folder_filter: str | None = None  # None: all; "": no folder

    def refresh(self) -> None:
        """Reload from the store: the first page now, more as the list scrolls."""
        shown = max(PAGE, len(self._items))
        self.beginResetModel()
        self._items = self._fetch(0, shown)
        self._exhausted = len(self._items) < shown
        self.endResetModel()

    def _fetch(self, offset: int, limit: int) -> list[ConversationSummary]:
        return self._service.summaries(limit, offset, self.folder_filter)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        more = self._fetch(len(self._items), PAGE)
        self._exhausted = len(more) < PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self._items),
                                 len(self._items) + len(more) - 1)
            self._items.extend(more)
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return item.title or self.tr("New chat")
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.title
        if role == ID_ROLE:
            return item.id
        if role == PINNED_ROLE:
            return item.pinned
        if role == SUBTITLE_ROLE:
            parts = [relative_time(item.updated_at)]
            if item.folder:
                parts.insert(0, item.folder)
            if item.pinned:
                parts.insert(0, self.tr("Pinned"))
            return " · ".join(parts)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return item.title
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        title = " ".join(str(value).split())
        if not title:
            return False
        self._service.rename(self._items[index.row()].id, title)
        return True

    def row_of(self, conversation_id: str) -> int:
        """The row of a loaded conversation (-1 if it is further down than loaded)."""
        for row, item in enumerate(self._items):
            if item.id == conversation_id:
                return row
        return -1


class TwoLineDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, option.fontMetrics.height() * 2 + 16)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        subtitle = str(index.data(SUBTITLE_ROLE) or "")
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                              option.widget)
        rect: QRect = option.rect.adjusted(10, 6, -10, -6)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        painter.save()
        font = QFont(option.font)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(palette.highlightedText().color() if selected else palette.text().color())
        line = option.fontMetrics.height()
        elided = painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        painter.setFont(option.font)
        color = palette.highlightedText().color() if selected else palette.placeholderText().color()
        painter.setPen(color)
        painter.drawText(QRect(rect.left(), rect.top() + line + 2, rect.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         option.fontMetrics.elidedText(subtitle, Qt.TextElideMode.ElideRight,
                                                       rect.width()))
        painter.restore()


class SearchBox(QLineEdit):
    """Arrow keys and Enter go to the results while typing continues here."""

    step = Signal(int)  # ±1: move through the results
    accepted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.step.emit(1 if event.key() == Qt.Key.Key_Down else -1)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accepted.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            return
        super().keyPressEvent(event)


class Sidebar(QWidget):
    open_conversation = Signal(str, str)  # conversation id, message id to show ("" for none)
    new_chat = Signal()

    def __init__(self, service: ConversationService, background: Background,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self._service = service
        self._background = background
        self._searches = 0  # a newer search makes an older one's results stale
        self.new_button = named(QPushButton(self.tr("New chat")), "newChatButton")
        self.new_button.setToolTip(self.tr("New chat (Ctrl+N)"))
        self.history_button = named(QToolButton(), "historyMenu")
        self.history_button.setText("⋯")
        self.history_button.setToolTip(self.tr("Import and export"))
        self.history_button.setAccessibleName(self.tr("Import and export"))
        self.history_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.search = named(SearchBox(), "conversationSearch")
        self.search.setPlaceholderText(self.tr("Search all chats (Ctrl+K)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search all chats"))
        self.folder_box = named(QComboBox(), "folderFilter")
        self.folder_box.setAccessibleName(self.tr("Folder"))
        self.model = ConversationModel(service, self)
        self.list = named(QListView(), "conversationList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(TwoLineDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setAccessibleName(self.tr("Conversations"))
        self.results = named(QListWidget(), "searchResults")
        self.results.setWordWrap(True)
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setItemDelegate(HitDelegate(self.results))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.results)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        top.addWidget(self.new_button, 1)
        top.addWidget(self.history_button)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.folder_box)
        layout.addWidget(self.stack, 1)

        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(
            lambda: self._background.spawn(self.run_search(), "search"))
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.step.connect(self._move_result)
        self.search.accepted.connect(self._open_current_result)
        self.results.itemActivated.connect(self._open_result)
        self.results.itemClicked.connect(self._open_result)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.new_button.clicked.connect(self.new_chat)
        self.folder_box.currentIndexChanged.connect(self._on_folder)
        service.changed.connect(self.refresh)
        self._current = ""
        self.refresh()

    def stop_timers(self) -> None:
        """No pending search may run once the window is closing (the store closes next)."""
        self._debounce.stop()

    def refresh(self) -> None:
        self._fill_folders()
        self.model.refresh()
        self.select(self._current, emit=False)

    def _fill_folders(self) -> None:
        chosen = self.folder_box.currentData()
        self.folder_box.blockSignals(True)
        self.folder_box.clear()
        self.folder_box.addItem(self.tr("All chats"), None)
        for folder in self._service.folders():
            self.folder_box.addItem(folder, folder)
        index = self.folder_box.findData(chosen)
        self.folder_box.setCurrentIndex(max(0, index))
        self.folder_box.blockSignals(False)
        self.folder_box.setVisible(self.folder_box.count() > 1)

    def _on_folder(self, _index: int) -> None:
        self.model.folder_filter = self.folder_box.currentData()
        self.model.refresh()
        self.select(self._current, emit=False)

    def select(self, conversation_id: str, *, emit: bool = True) -> None:
        self._current = conversation_id
        row = self.model.row_of(conversation_id)
        selection = self.list.selectionModel()
        selection.blockSignals(not emit)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        else:  # no current row either: a click on the row left must open it again
            selection.clear()
        selection.blockSignals(False)

    def current_id(self) -> str:
        return self._current

    def search_terms(self) -> list[str]:
        """The words of the search typed, as they are marked in a hit's message."""
        return [word.strip('"“”') for word in self.search.text().split() if word.strip('"“”')]

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        conversation_id = current.data(ID_ROLE) if current.isValid() else None
        if conversation_id and conversation_id != self._current:
            self._current = conversation_id
            self.open_conversation.emit(conversation_id, "")

    # Search

    async def run_search(self) -> None:
        """Search all history in a worker thread; only the newest search is shown."""
        self._debounce.stop()  # this search answers the text as it is now
        query = self.search.text().strip()
        self._searches += 1
        if not query:
            self.stack.setCurrentWidget(self.list)
            return
        mine = self._searches
        hits = await self._service.search_in_background(query)
        if mine != self._searches:
            return
        self.results.clear()
        hits = dedupe(hits)
        for hit in hits:
            title = hit.title or self.tr("New chat")
            item = QListWidgetItem(f"{title}\n{plain_snippet(hit.snippet)}")
            item.setData(ID_ROLE, hit)
            self.results.addItem(item)
        if not hits:
            empty = QListWidgetItem(self.tr("No matches"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(empty)
        else:
            self.results.setCurrentRow(0)
        self.stack.setCurrentWidget(self.results)

    def _move_result(self, step: int) -> None:
        if self.stack.currentWidget() is self.results and self.results.count():
            row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
            self.results.setCurrentRow(row)
        elif self.model.rowCount():
            row = max(0, min(self.model.rowCount() - 1, self.list.currentIndex().row() + step))
            self.list.setCurrentIndex(self.model.index(row))

    def _open_current_result(self) -> None:
        if self._debounce.isActive():  # Enter before the search ran: search, then open
            self._debounce.stop()
            self._background.spawn(self._search_and_open(), "search")
            return
        item = self.results.currentItem()
        if item is not None:
            self._open_result(item)

    async def _search_and_open(self) -> None:
        await self.run_search()
        item = self.results.currentItem()
        if item is not None:
            self._open_result(item)

    def _open_result(self, item: QListWidgetItem) -> None:
        hit = item.data(ID_ROLE)
        if isinstance(hit, SearchHit):
            self._current = hit.conversation_id
            self.select(hit.conversation_id, emit=False)
            self.open_conversation.emit(hit.conversation_id, hit.message_id or "")
