"""The main window: conversation list, message view and composer, parameter panel."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.ui.composer import Composer


class MainWindow(QMainWindow):
    closed = Signal()
    first_painted = Signal()

    def __init__(self, endpoint_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("SiliconDesk — {0}").format(endpoint_label))
        self.resize(1280, 800)
        self._painted = False

        self.search = QLineEdit(objectName="conversationSearch")
        self.search.setPlaceholderText(self.tr("Search all chats (Ctrl+K)"))
        self.new_chat_button = QPushButton(self.tr("New chat"), objectName="newChatButton")
        self.conversation_list = QListView(objectName="conversationList")
        left = QWidget(objectName="sidebar")
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.new_chat_button)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.conversation_list, 1)

        self.message_view = QTextBrowser(objectName="messageView")
        self.message_view.setOpenLinks(False)
        self.composer = Composer()
        self.composer.setFixedHeight(96)
        self.send_button = QPushButton(self.tr("Send"), objectName="sendButton")
        self.stop_button = QPushButton(self.tr("Stop"), objectName="stopButton")
        self.stop_button.hide()
        center = QWidget(objectName="chatArea")
        center_layout = QVBoxLayout(center)
        center_layout.addWidget(self.message_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.composer, 1)
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.stop_button, 0, Qt.AlignmentFlag.AlignBottom)
        center_layout.addLayout(row)

        self.model_box = QComboBox(objectName="modelBox")
        self.model_box.setEditable(True)
        right = QWidget(objectName="paramPanel")
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.model_box)
        right_layout.addStretch(1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        for widget in (left, center, right):
            self.splitter.addWidget(widget)
        self.splitter.setSizes([260, 720, 300])
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)

        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)
        self.quit_action = quit_action
        self.send_button.clicked.connect(self.composer.submit)
        self.statusBar().showMessage(self.tr("SiliconDesk {0}").format(__version__))

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.composer.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def restore_layout(self, geometry: QByteArray | None, splitter: QByteArray | None) -> None:
        if geometry:
            self.restoreGeometry(geometry)
        if splitter:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()
        self.closed.emit()
