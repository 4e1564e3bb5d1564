"""The main window: conversation list | messages and composer | parameter panel.

It builds the widgets and the parts that give them behaviour, each with its
collaborators passed in, and wires their signals in one place (``_connect_signals``),
grouped by concern. It keeps no state of its own beyond its layout.

A send, from the composer to the wire and back: ``Composer.submitted`` →
``TurnPresenter.submit`` → ``ChatController.send`` (stores the user's message, builds a
``TurnRequest``) → ``TurnRunner.start`` → ``Turn.run`` (``ApiClient.stream_chat`` →
events → the api ``Accumulator`` and the store) → runner signals with
``AnswerSnapshot`` values → ``TurnPresenter`` → ``MessageView``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QWidget

from app.domain.history import Status
from app.services.account import AccountService
from app.services.attacher import Attacher, limits_of
from app.services.background import Background
from app.services.chat import ChatController
from app.services.conversations import ConversationService
from app.services.endpoints import EndpointService
from app.services.keys import KeyService
from app.services.lab import LabService
from app.services.mcp.offers import ToolOffers
from app.services.mcp.service import McpService
from app.services.runner import TurnRunner
from app.services.settings_service import SettingsService
from app.ui.attach_flow import AttachFlow
from app.ui.chat_pane import ChatPane
from app.ui.conversation_actions import ConversationActions
from app.ui.conversation_list import Sidebar
from app.ui.drafts import DraftKeeper
from app.ui.key_flow import KeyFlow
from app.ui.lab.lab_flow import LabFlow
from app.ui.message_actions import MessageActions
from app.ui.message_commands import Command, MessageCommand
from app.ui.model_flow import ModelFlow
from app.ui.named import named
from app.ui.navigator import Navigator
from app.ui.notices import Notices
from app.ui.param_binding import ParamBinding
from app.ui.param_panel import ParamPanel
from app.ui.probability_actions import ProbabilityActions
from app.ui.prompter import Prompter
from app.ui.settings_flow import SettingsFlow
from app.ui.task_progress import TaskProgress
from app.ui.tool_parts import ToolParts
from app.ui.turn_presenter import TurnPresenter
from app.ui.undo_bar import UndoBar
from app.ui.wheel_guard import WheelGuard

log = logging.getLogger(__name__)
NARROW_PANEL = 1000  # below this window width the parameter panel folds away
NARROW_LIST = 760  # and below this the conversation list


def fitted(size: QSize, available: QRect) -> QSize:
    """``size``, made smaller where needed to fit ``available`` with a margin."""
    return QSize(min(size.width(), int(available.width() * 0.95)),
                 min(size.height(), int(available.height() * 0.92)))


class MainWindow(QMainWindow):
    closed = Signal()
    first_painted = Signal()

    def __init__(
        self,
        *,
        conversations: ConversationService,
        chat: ChatController,
        endpoints: EndpointService,
        keys: KeyService,
        settings: SettingsService,
        account: AccountService,
        background: Background,
        chat_pane: ChatPane,
        endpoint_label: str,
        prompter: Prompter | None = None,
        tools: tuple[McpService, ToolOffers] | None = None,
        lab: LabService | None = None,
        attacher: Attacher | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("SiliconDesk — {0}").format(endpoint_label))
        self.resize(fitted(QSize(1280, 820), self.available()))
        self._painted = False
        self.conversations = conversations
        self.chat = chat
        self.runner: TurnRunner = chat.runner
        self.settings = settings
        self.background = background

        # Widgets
        self.sidebar = Sidebar(conversations, background)
        self.pane = chat_pane
        self.view = chat_pane.view
        self.composer = chat_pane.composer
        self.panel = ParamPanel()
        self.splitter = named(QSplitter(Qt.Orientation.Horizontal), "mainSplitter")
        for widget in (self.sidebar, self.pane, self.panel):
            self.splitter.addWidget(widget)
        self.splitter.setSizes([260, 680, 340])
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.view.set_empty_text(self.tr(
            "SiliconDesk — chat with SiliconFlow and any OpenAI-compatible endpoint.\n\n"
            "Type a message below and press Enter."))
        self.panel.set_models(account.known_models(None))

        # Parts
        self.prompter = prompter or Prompter(self)
        self.notices = Notices(self.pane.notice, self.statusBar())
        self.undo = UndoBar(self.statusBar())
        self.navigator = Navigator(conversations, endpoints, settings, self.runner,
                                   sidebar=self.sidebar, view=self.view, panel=self.panel,
                                   composer=self.composer, spawn=background.spawn,
                                   parent=self)
        self.presenter = TurnPresenter(chat, self.runner, conversations, self.navigator,
                                       pane=self.pane, sidebar=self.sidebar, panel=self.panel,
                                       notices=self.notices, background=background,
                                       parent=self)
        self.params = ParamBinding(conversations, chat, endpoints, settings, self.navigator,
                                   panel=self.panel, pane=self.pane, notices=self.notices,
                                   background=background, parent=self)
        self.key_flow = KeyFlow(endpoints, keys, account, conversations, self.navigator,
                                notices=self.notices, background=background,
                                dialog_parent=self, parent=self)
        self.settings_flow = SettingsFlow(settings, chat, self.navigator, self.key_flow,
                                          self.params, pane=self.pane, panel=self.panel,
                                          prompter=self.prompter, notices=self.notices,
                                          dialog_parent=self, parent=self)
        self.history = ConversationActions(conversations, self.navigator,
                                           sidebar=self.sidebar, prompter=self.prompter,
                                           notices=self.notices, undo=self.undo,
                                           progress=TaskProgress(self.statusBar()),
                                           background=background, menu_parent=self,
                                           parent=self)
        self.messages = MessageActions(conversations, chat, view=self.view, panel=self.panel,
                                       presenter=self.presenter, prompter=self.prompter,
                                       notices=self.notices,
                                       current_params=self.params.current_params,
                                       ask_for_key=self.key_flow.ask_for_key,
                                       open_settings=self.settings_flow.open_settings,
                                       parent=self)
        self.tools: ToolParts | None = None
        if tools is not None:  # MCP: approval cards, the tool picker, Settings → Tools
            self.tools = ToolParts(*tools, view=self.view, navigator=self.navigator,
                                   notices=self.notices, status_bar=self.statusBar(),
                                   ask_open_path=self.prompter.ask_open_path,
                                   spawn=background.spawn, parent=self)
            self.settings_flow.tools_tab = (self.tools.settings_tab,
                                            self.tools.apply_settings_tab)
        self.lab = LabFlow(lab, conversations, self.navigator, endpoints, settings,
                           panel=self.panel, composer=self.composer, view=self.view,
                           apply_params=self.params.on_params_edited,
                           show_params=self.prompter.show_params, dialog_parent=self,
                           parent=self) if lab is not None else None
        self.models = ModelFlow(account.catalog, chat, conversations, settings, self.navigator,
                                self.params, panel=self.panel, pane=self.pane,
                                notices=self.notices, background=background, parent=self)
        self.messages.send_fewer = self.models.send_fewer
        self.attach = AttachFlow(
            attacher or Attacher(background, lambda: limits_of(settings.settings)),
            pane=self.pane, notices=self.notices,
            ask_paths=self.prompter.ask_attachments, sees_images=self.models.sees_images,
            model_name=lambda: self.panel.model_box.currentText().strip(),
            pick_model=self._pick_vision_model, parent=self)
        self.attach.watch_drops(self)
        self.presenter.attach = self.attach
        self.params.draft_attachments = self.attach.draft
        self.attach.changed.append(self.params.preview_timer.start)
        self.models.draft_attachments = self.attach.draft
        self.attach.changed.append(self.models.invalidate)
        if self.lab is not None:
            self.lab.draft_attachments = self.attach.draft
        self.drafts = DraftKeeper(self.navigator, self.composer, self.attach,
                                  under_edit=self.presenter.draft_under_edit, parent=self)
        self.messages.probabilities = ProbabilityActions(
            conversations, chat, account.catalog, view=self.view, panel=self.panel,
            notices=self.notices, parent=self)
        self.sidebar.history_button.setMenu(self.history.history_menu())
        self.wheel_guard = WheelGuard(self)
        self.wheel_guard.guard(self.panel)
        self._auto_hidden: list[QWidget] = []  # side panels hidden for a narrow window
        self._make_actions()
        self._make_menus()
        self._connect_signals(account, endpoints)
        self.settings_flow.apply()
        self.navigator.start_empty()

    # Construction

    def _make_actions(self) -> None:
        def action(name: str, shortcut: QKeySequence | str, slot: Callable[[], object],
                   context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> QAction:
            act = QAction(name, self)
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(context)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        # Ctrl+Q spelled out: the platform's StandardKey.Quit is empty without a desktop
        # environment's theme (seen under Xvfb).
        self.quit_action = action(self.tr("Quit"), "Ctrl+Q", self.close,
                                  Qt.ShortcutContext.ApplicationShortcut)
        self.new_action = action(self.tr("New chat"), "Ctrl+N", self.navigator.new_chat)
        self.search_action = action(self.tr("Search"), "Ctrl+K", self.focus_search)
        self.stop_action = action(self.tr("Stop"), "Esc", self.presenter.stop_or_cancel)
        self.regenerate_action = action(self.tr("Regenerate"), "Ctrl+R",
                                        self.messages.regenerate_last)
        self.copy_last_action = action(self.tr("Copy last answer"), "Ctrl+Shift+C",
                                       self.messages.copy_last_answer)
        self.panel_action = action(self.tr("Toggle parameters"), "Ctrl+\\", self.toggle_panel)
        self.rename_action = action(self.tr("Rename"), "F2", self.rename_current)
        self.settings_action = action(self.tr("Settings"), "Ctrl+,",
                                      self.settings_flow.open_settings)
        self.help_action = action(self.tr("Keyboard shortcuts"), "F1", self.show_shortcuts)
        self.compare_action = action(self.tr("Compare…"), "Ctrl+Shift+L", self.open_lab)
        # Where nothing editable has the focus (the conversation, the list), Ctrl+V
        # goes to the message being written: a screenshot or files pasted attach.
        self.paste_action = action(self.tr("Paste into the message"), "Ctrl+V",
                                   self.paste_into_message)

    def paste_into_message(self) -> None:
        self.composer.setFocus()
        self.composer.paste()

    def open_lab(self) -> None:
        """The parameter lab on the composer's text (or the last question in view)."""
        if self.lab is not None:
            self.lab.open_lab()

    def on_view_command(self, command: object) -> None:
        if self.lab is not None and isinstance(command, MessageCommand) \
                and command.command is Command.COMPARE:
            self.lab.open_lab(command.message_id)

    def _make_menus(self) -> None:
        """The visible way to everything the shortcuts do (and what has no shortcut)."""
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        file.addAction(self.new_action)
        file.addSeparator()
        file.addAction(self.tr("Import (SiliconDesk JSON or ChatGPT export)…"),
                       self.history.import_history)
        file.addAction(self.tr("Export all conversations (JSON)…"),
                       lambda: self.history.export_history("json", None))
        file.addSeparator()
        file.addAction(self.quit_action)
        edit = bar.addMenu(self.tr("&Edit"))
        for act in (self.search_action, self.copy_last_action, self.regenerate_action,
                    self.stop_action, self.rename_action):
            edit.addAction(act)
        view = bar.addMenu(self.tr("&View"))
        view.addAction(self.panel_action)
        tools = bar.addMenu(self.tr("&Tools"))
        if self.lab is not None:
            tools.addAction(self.compare_action)
        tools.addAction(self.settings_action)
        tools.addAction(self.tr("API key…"), lambda: self.key_flow.ask_for_key())
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.tr("About SiliconDesk"), self.prompter.about)

    def _connect_signals(self, account: AccountService, endpoints: EndpointService) -> None:
        nav, presenter, params, runner = self.navigator, self.presenter, self.params, self.runner
        # Which conversation is in view
        self.sidebar.open_conversation.connect(self._open_from_list)
        self.sidebar.new_chat.connect(nav.new_chat)
        self.conversations.conversation_changed.connect(nav.on_conversation_changed)
        self.conversations.history_damaged.connect(self.on_history_damaged)
        nav.opened.connect(presenter.on_opened)
        nav.opened.connect(params.on_opened)
        nav.path_shown.connect(presenter.offer_tool_inputs)
        # Sending, stopping, editing
        self.composer.submitted.connect(presenter.submit)
        self.pane.stop_button.clicked.connect(presenter.stop_current)
        self.pane.retry_banner.clicked.connect(presenter.stop_current)
        self.pane.edit_banner.clicked.connect(presenter.cancel_edit)
        self.chat.message_added.connect(presenter.on_message_added)
        self.chat.invalid_params.connect(presenter.on_invalid_params)
        self.chat.failed.connect(self.notices.notice_text)
        # Turns streaming
        runner.turn_started.connect(presenter.on_turn_started)
        runner.turn_finished.connect(presenter.on_turn_finished)
        runner.turn_finished.connect(lambda _cid: params.update_preview())
        runner.answer_added.connect(presenter.on_answer_added)
        runner.answer_updated.connect(presenter.on_answer_updated)
        runner.answer_finished.connect(presenter.on_answer_finished)
        runner.retry_scheduled.connect(presenter.on_retry_scheduled)
        runner.retry_cleared.connect(presenter.on_retry_cleared)
        runner.stalled.connect(presenter.on_stalled)
        runner.fewer_answers.connect(presenter.on_fewer_answers)
        # Messages and links
        self.view.action.connect(self.messages.run)
        self.view.action.connect(self.on_view_command)  # Compare… (the parameter lab)
        self.view.link_clicked.connect(self.messages.open_link)
        # The conversation list
        self.sidebar.list.customContextMenuRequested.connect(self.history.list_menu)
        # Parameters
        self.panel.params_edited.connect(params.on_params_edited)
        self.panel.system_prompt_edited.connect(params.on_system_prompt_edited)
        self.panel.endpoint_chosen.connect(params.on_endpoint_chosen)
        self.panel.use_as_default.connect(params.on_use_as_default)
        self.panel.copied.connect(lambda text: self.notices.status(text, 4000))
        self.panel.presets_changed.connect(lambda presets: self.settings.update(presets=presets))
        self.composer.textChanged.connect(params.preview_timer.start)
        # Keys and models
        runner.auth_failed.connect(self.key_flow.on_auth_failed)
        params.endpoint_changed.connect(
            lambda _e: self.background.spawn(self.key_flow.ensure_key(), "key check"))
        self.models.connect_signals()  # the endpoint's own list, defaults, capabilities
        # Settings and failures
        self.settings.changed.connect(self.settings_flow.apply)
        self.settings.save_failed.connect(self.notices.notice_text)
        self.background.failed.connect(self.notices.notice_text)

    # Small commands of the window itself

    def _open_from_list(self, conversation_id: str, message_id: str) -> None:
        """A row or a search hit: a hit opens at its message, the words searched marked."""
        self.view.search_terms = self.sidebar.search_terms() if message_id else []
        self.navigator.open(conversation_id, message_id)

    def stop_timers(self) -> None:
        """Every timer of the window and its parts stops (the preview, searches, the
        estimates): at shutdown, before the history closes."""
        for timer in self.findChildren(QTimer):
            timer.stop()

    def _pick_vision_model(self) -> None:
        self.panel.show()
        self.panel.open_model_list()

    def focus_search(self) -> None:
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    def rename_current(self) -> None:
        index = self.sidebar.list.currentIndex()
        if index.isValid():
            self.sidebar.list.edit(index)

    def toggle_panel(self) -> None:
        if self.panel in self._auto_hidden:
            self._auto_hidden.remove(self.panel)
        self.panel.setVisible(not self.panel.isVisible())

    def show_shortcuts(self) -> None:
        """F1: every shortcut, read from the window's own actions."""
        from app.ui.shortcuts_sheet import ShortcutsSheet

        extra = [(self.tr("Send"), self.tr("Enter (or Ctrl+Enter, in Settings)")),
                 (self.tr("New line"), self.tr("Shift+Enter"))]
        self.shortcuts_sheet = ShortcutsSheet(self.actions(), extra, parent=self)
        self.shortcuts_sheet.open()

    def on_history_damaged(self, kept_at: str) -> None:
        said = self.conversations.store.report.notices()  # where it is, what was salvaged
        for text in said:
            self.notices.notice_text(text)
        if not said:
            self.notices.notice(self.tr(
                "The history file failed its integrity check. It is kept at {0}; a new one "
                "was started.").format(kept_at))
        self.navigator.start_empty()

    # Window

    def set_app_icon(self) -> None:
        """The window icon, after the first paint (the SVG engine loads a plugin)."""
        from PySide6.QtGui import QIcon

        icon = QIcon(str(Path(__file__).parent / "assets" / "silicondesk.svg"))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setWindowIcon(icon)

    def available(self) -> QRect:
        """Where a window may be on the screen it opens on (without panels and docks)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 820)

    def restore_layout(self) -> None:
        """The saved size and place, only if it still fits the screen (a smaller screen,
        a new scale factor); otherwise a size that fits."""
        s = self.settings.settings
        if s.window_geometry:
            saved = self.saveGeometry()
            self.restoreGeometry(QByteArray.fromBase64(s.window_geometry.encode()))
            if not self.available().contains(self.frameGeometry()):
                self.restoreGeometry(saved)
                self.resize(fitted(self.size(), self.available()))
        if s.splitter_state:
            self.splitter.restoreState(QByteArray.fromBase64(s.splitter_state.encode()))
            self._auto_hidden.clear()  # the state says what is shown; fold it for this size
        self._fold_side_panels(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A narrow window hides the side panels before the chat gets too narrow to
        read (the parameters first, then the list), and shows them again when wide."""
        super().resizeEvent(event)
        self._fold_side_panels(event.size().width())

    def _fold_side_panels(self, width: int) -> None:
        for widget, needs in ((self.panel, NARROW_PANEL), (self.sidebar, NARROW_LIST)):
            if width < needs and not widget.isHidden():  # (isVisible: False before show)
                widget.hide()
                self._auto_hidden.append(widget)
            elif width >= needs and widget in self._auto_hidden:
                self._auto_hidden.remove(widget)
                widget.show()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fold_side_panels(self.width())  # after a restored layout showed them again
        self.composer.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Quitting always works: a layout that cannot be saved (a full disk) is logged,
        and every running turn stops with what arrived kept."""
        try:
            self.panel.flush()
            self.settings.update(
                window_geometry=bytes(self.saveGeometry().toBase64().data()).decode(),
                splitter_state=bytes(self.splitter.saveState().toBase64().data()).decode())
        except Exception:  # nothing may keep the window from closing
            log.exception("could not save the window layout")
        self.chat.stop_all(Status.INTERRUPTED)  # quitting: each keeps what arrived
        self.sidebar.stop_timers()
        event.accept()
        self.closed.emit()
