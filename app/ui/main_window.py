"""The main window: conversation list | messages and composer | parameter panel.

It builds the widgets and wires them to the services it is given; it owns no state that
the services keep (history, keys, settings).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QKeySequence,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QWidget,
)

from app.api.errors import ApiError
from app.domain.chat import Role
from app.domain.endpoint import COMMAND_LINE_ID
from app.domain.params import ChatParams
from app.domain.validation import Problem, validate_params
from app.services.account import AccountService
from app.services.chat import ChatController
from app.services.conversations import ConversationService
from app.services.i18n import tr_error, tr_problem, tr_text
from app.services.keys import KeyService
from app.services.settings_service import SettingsService
from app.services.turns import params_from_conversation, path_to
from app.ui.chat_pane import ChatPane
from app.ui.conversation_list import Sidebar
from app.ui.history_actions import HistoryActions
from app.ui.key_dialog import KeyDialog
from app.ui.message_actions import MessageActions
from app.ui.param_panel import ParamPanel


class MainWindow(MessageActions, HistoryActions, QMainWindow):
    closed = Signal()
    first_painted = Signal()

    def __init__(
        self,
        *,
        conversations: ConversationService,
        chat: ChatController,
        keys: KeyService,
        settings: SettingsService,
        account: AccountService,
        chat_pane: ChatPane,
        endpoint_label: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("SiliconDesk — {0}").format(endpoint_label))
        self._endpoint_label = endpoint_label
        self.resize(1280, 820)
        self.conversations = conversations
        self.chat = chat
        self.keys = keys
        self.settings = settings
        self.account = account
        self._painted = False
        self._conversation = ""
        self._editing: str | None = None
        self._undo: str | None = None
        # Set by the composition root when the process can start itself again.
        self.restart: Callable[[], None] | None = None
        self.confirm_restart: Callable[[], bool] = self._confirm_restart
        self.confirm_open: Callable[[QUrl], bool] = self._confirm_open
        self.ask_save_path: Callable[[str, str], str] = self._ask_save_path
        self.ask_open_path: Callable[[], str] = self._ask_open_path
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.key_dialog: KeyDialog | None = None
        self._math_warm: asyncio.Future[None] | None = None

        self.sidebar = Sidebar(conversations)
        self.sidebar.history_button.setMenu(self._history_menu())
        self.pane = chat_pane
        self.view = chat_pane.view
        self.composer = chat_pane.composer
        self.panel = ParamPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        for widget in (self.sidebar, self.pane, self.panel):
            self.splitter.addWidget(widget)
        self.splitter.setSizes([260, 680, 340])
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.undo_button = QPushButton(self.tr("Undo"), objectName="undoButton")
        self.undo_button.hide()
        self.statusBar().addPermanentWidget(self.undo_button)
        self.view.set_empty_text(self.tr(
            "SiliconDesk — chat with SiliconFlow and any OpenAI-compatible endpoint.\n\n"
            "Type a message below and press Enter."))
        self.panel.set_models(account.known_models(None))
        self._make_actions()
        self._connect()
        self.apply_settings()
        self._open_initial()

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
        self.new_action = action(self.tr("New chat"), "Ctrl+N", self.new_chat)
        self.search_action = action(self.tr("Search"), "Ctrl+K", self.focus_search)
        self.stop_action = action(self.tr("Stop"), "Esc", self.stop_or_cancel)
        self.regenerate_action = action(self.tr("Regenerate"), "Ctrl+R", self.regenerate_last)
        self.copy_last_action = action(self.tr("Copy last answer"), "Ctrl+Shift+C",
                                       self.copy_last_answer)
        self.panel_action = action(self.tr("Toggle parameters"), "Ctrl+\\", self.toggle_panel)
        self.rename_action = action(self.tr("Rename"), "F2", self.rename_current)
        self.settings_action = action(self.tr("Settings"), "Ctrl+,", self.open_settings)
        self.help_action = action(self.tr("Keyboard shortcuts"), "F1", self.show_shortcuts)

    def _connect(self) -> None:
        s, c = self.sidebar, self.chat
        s.open_conversation.connect(self.open_conversation)
        s.new_chat.connect(self.new_chat)
        s.list.customContextMenuRequested.connect(self._list_menu)
        self.composer.submitted.connect(self.on_composer_submitted)
        self.pane.stop_button.clicked.connect(c.stop)
        self.pane.retry_banner.clicked.connect(c.stop)
        self.pane.edit_banner.clicked.connect(self.cancel_edit)
        self.undo_button.clicked.connect(self.undo_delete)
        self.view.action.connect(self.on_message_action)
        self.view.link_clicked.connect(self.on_link_clicked)
        c.message_added.connect(self.on_message_added)
        c.message_updated.connect(self.on_message_updated)
        c.message_finished.connect(self.on_message_finished)
        c.turn_started.connect(self.on_turn_started)
        c.turn_finished.connect(self.on_turn_finished)
        c.retry_scheduled.connect(self.on_retry_scheduled)
        c.retry_cleared.connect(lambda _cid: self.pane.retry_banner.dismiss())
        c.auth_failed.connect(self.on_auth_failed)
        c.invalid_params.connect(self.on_invalid_params)
        self.conversations.conversation_changed.connect(self._on_conversation_changed)
        self.conversations.history_damaged.connect(self.on_history_damaged)
        self.panel.params_edited.connect(self.on_params_edited)
        self.panel.system_prompt_edited.connect(self.on_system_prompt_edited)
        self.panel.endpoint_chosen.connect(self.on_endpoint_chosen)
        self.panel.presets_changed.connect(lambda presets: self.settings.update(presets=presets))
        self.panel.use_as_default.connect(self.on_use_as_default)
        self._preview_timer = QTimer(self, singleShot=True, interval=250)
        self._preview_timer.timeout.connect(self.update_preview)
        self.composer.textChanged.connect(self._preview_timer.start)
        self.account.models_changed.connect(lambda _e, models: self.panel.set_models(models))
        self.settings.changed.connect(self.apply_settings)

    def apply_settings(self) -> None:
        s = self.settings.settings
        self.composer.set_ctrl_enter_sends(s.send_key == "ctrl_enter")
        self.view.fold_thinking = s.fold_thinking
        self.panel.set_presets(s.presets)
        self._fill_endpoints()

    def _fill_endpoints(self) -> None:
        s = self.settings.settings
        fixed = s.active_endpoint == COMMAND_LINE_ID
        if fixed:  # the command line (--base-url, --demo) chose it for this run
            endpoints = [(COMMAND_LINE_ID, self._endpoint_label)]
        else:
            endpoints = [(e.id, e.name) for e in s.all_endpoints()]
        self.panel.set_endpoints(endpoints, self._endpoint_id(), fixed=fixed)

    def on_endpoint_chosen(self, endpoint_id: str) -> None:
        if self._conversation and endpoint_id:
            self.conversations.set_endpoint(self._conversation, endpoint_id)
            self._models_task = asyncio.ensure_future(self.ensure_key())

    def set_app_icon(self) -> None:
        """The window icon, after the first paint (the SVG engine loads a plugin)."""

        from PySide6.QtGui import QIcon

        icon = QIcon(str(Path(__file__).parent / "assets" / "silicondesk.svg"))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setWindowIcon(icon)

    def show_shortcuts(self) -> None:
        """F1: every shortcut, read from the window's own actions."""
        from app.ui.shortcuts_sheet import ShortcutsSheet

        extra = [(self.tr("Send"), self.tr("Enter (or Ctrl+Enter, in Settings)")),
                 (self.tr("New line"), self.tr("Shift+Enter"))]
        self.shortcuts_sheet = ShortcutsSheet(self.actions(), extra, parent=self)
        self.shortcuts_sheet.open()

    def open_settings(self) -> None:
        from app.ui.settings_dialog import SettingsDialog
        from app.ui.theme import apply_theme

        dialog = SettingsDialog(self.settings.settings, parent=self,
                                set_key=lambda e: self.ask_for_key(endpoint_id=e.id))
        self.settings_dialog = dialog

        def accepted() -> None:
            new = dialog.result_settings()
            theme_changed = new.theme != self.settings.settings.theme
            language_changed = new.language != self.settings.settings.language
            self.settings.replace(new)
            if language_changed:
                if self.restart is not None and self.confirm_restart():
                    self.restart()
                    return
                self.pane.notice.show_text(self.tr(
                    "The language changes when SiliconDesk next starts."))
            if theme_changed:
                app = QApplication.instance()
                if isinstance(app, QApplication):
                    self.view.renderer.set_dark(apply_theme(app, new.theme))
                    self._show_path()

        dialog.accepted.connect(accepted)
        dialog.open()

    def _confirm_restart(self) -> bool:
        busy = self.tr(" The answer being written now would stop (what arrived is kept).") \
            if self.chat.busy else ""
        answer = QMessageBox.question(
            self, self.tr("Language"),
            self.tr("The language changes when SiliconDesk starts again. Restart now?{0}")
            .format(busy))
        return answer == QMessageBox.StandardButton.Yes

    def restore_layout(self) -> None:
        s = self.settings.settings
        if s.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(s.window_geometry.encode()))
        if s.splitter_state:
            self.splitter.restoreState(QByteArray.fromBase64(s.splitter_state.encode()))

    def _open_initial(self) -> None:
        """Start on a new chat, as the list's first click away from any old one (opening
        a long conversation here would hold up the first paint)."""
        self.panel.load(dict(self.settings.settings.default_params), "")

    # Conversations

    @property
    def conversation_id(self) -> str:
        return self._conversation

    def open_conversation(self, conversation_id: str, message_id: str = "") -> None:
        self.panel.flush()
        self._conversation = conversation_id
        self.sidebar.select(conversation_id, emit=False)
        conv = self.conversations.get(conversation_id)
        self.panel.load(conv.params, conv.system_prompt)
        self._fill_endpoints()
        self._show_path()
        self._check_params()
        self.update_preview()
        if message_id:
            self.view.scroll_to_message(message_id)
        self.composer.setFocus()

    def _show_path(self) -> None:
        if not self._conversation:
            self.view.show_path([], {})
            return
        messages = self.conversations.all_messages(self._conversation)
        conv = self.conversations.get(self._conversation)
        path = path_to(messages, conv.current_leaf_id)
        groups: dict[tuple[str | None, Role], list[str]] = {}
        for x in messages:  # one pass: siblings share a parent and a role
            groups.setdefault((x.parent_id, x.role), []).append(x.id)
        siblings: dict[str, tuple[int, int]] = {}
        for m in path:
            group = groups[(m.parent_id, m.role)]
            siblings[m.id] = (group.index(m.id) + 1, len(group))
        self.view.show_path(path, siblings)
        self._offer_tool_inputs()

    def on_history_damaged(self, kept_at: str) -> None:
        self.pane.notice.show_text(self.tr(
            "The history file failed its integrity check. It is kept at {0}; a new one was "
            "started.").format(kept_at))
        self._conversation = ""
        self.view.show_path([], {})
        self._open_initial()

    def _on_conversation_changed(self, conversation_id: str) -> None:
        if conversation_id == self._conversation:
            self._show_path()

    def new_chat(self) -> None:
        if self._conversation and not self.conversations.all_messages(self._conversation):
            self.composer.setFocus()  # the current chat is still empty: use it
            return
        s = self.settings.settings
        conv = self.conversations.create(dict(s.default_params), s.active_endpoint)
        self.open_conversation(conv.id)

    def focus_search(self) -> None:
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    def rename_current(self) -> None:
        index = self.sidebar.list.currentIndex()
        if index.isValid():
            self.sidebar.list.edit(index)

    # Parameters

    def on_params_edited(self, params: dict[str, object]) -> None:
        if self._conversation:
            self.conversations.set_params(self._conversation, dict(params))
        self._check_params()
        self._preview_timer.start()

    def on_use_as_default(self, params: dict[str, object]) -> None:
        self.settings.update(default_params=dict(params))
        self.statusBar().showMessage(self.tr("New chats will use these parameters."), 4000)

    def update_preview(self) -> None:
        """The exact body the next send would post (the key is never part of it)."""
        if not self._conversation:
            return
        url, body = self.chat.preview(self._conversation, self.composer.toPlainText())
        self.panel.set_preview(url, body)

    def on_system_prompt_edited(self, text: str) -> None:
        if self._conversation:
            self.conversations.set_system_prompt(self._conversation, text)

    def current_params(self) -> ChatParams:
        if not self._conversation:
            return ChatParams.from_json(self.settings.settings.default_params)
        return params_from_conversation(self.conversations.get(self._conversation).params)

    def _check_params(self) -> None:
        problems = [tr_problem(p) for p in validate_params(self.current_params())]
        problems += [p for p in self.panel.problems if p not in problems]
        self.pane.block_send(" · ".join(problems))

    # Sending

    def on_composer_submitted(self, text: str) -> None:
        if self.chat.busy:
            return
        self.panel.flush()
        if not self._conversation:
            s = self.settings.settings
            conv = self.conversations.create(dict(s.default_params), s.active_endpoint)
            self.open_conversation(conv.id)
        if self._editing:
            sent = self.chat.edit_and_resend(self._editing, text)
            self.cancel_edit()
        else:
            sent = self.chat.send(self._conversation, text)
        if sent is not None:
            self.composer.clear()
            self.sidebar.refresh()
        self.composer.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.pane.set_busy(busy)

    def on_turn_started(self, _conversation_id: str) -> None:
        self._set_busy(True)
        if self._math_warm is None:
            from app.render.warm import warm_up

            self._math_warm = asyncio.ensure_future(asyncio.to_thread(warm_up))

    def on_turn_finished(self, _conversation_id: str) -> None:
        self._set_busy(False)
        self.update_preview()
        self.pane.retry_banner.dismiss()
        self.sidebar.refresh()
        self._offer_tool_inputs(idle=True)  # the turn's task is finishing as this runs
        self.composer.setFocus()

    def stop_or_cancel(self) -> None:
        if self.chat.busy:
            self.chat.stop()
        elif self._editing:
            self.cancel_edit()

    def on_retry_scheduled(self, conversation_id: str, seconds: float, reason: str) -> None:
        self.pane.retry_banner.count_down(reason + "  " + self.tr("Retrying in {0} s…"), seconds)

    def on_invalid_params(self, _conversation_id: str, problems: list[object]) -> None:
        self.pane.notice.show_text(self.tr("Not sent: ") + " · ".join(
            tr_problem(p) for p in problems if isinstance(p, Problem)))

    # Streaming into the view

    def on_message_added(self, conversation_id: str, message_id: str) -> None:
        if conversation_id != self._conversation:
            return
        message = self.conversations.message(message_id)
        shown = list(self.view.widgets)
        last = shown[-1] if shown else None
        if message.parent_id == last or (last is None and message.parent_id is None):
            self.view.add_message(message)
        else:
            self._show_path()  # a new branch or sibling: show the branch now continued

    def on_message_updated(self, message_id: str) -> None:
        live = self.chat.live(message_id)
        if live is not None:
            self.view.update_live(live)

    def on_message_finished(self, message_id: str) -> None:
        message = self.conversations.message(message_id)
        if (message.error or {}).get("type") == "ThinkingNotSupported" and message.model:
            self.panel.thinking_unsupported.add(str((message.params or {}).get("model")))
            self.panel.load(self.conversations.get(message.conversation_id).params,
                            self.panel.system_prompt.toPlainText())
        if message.conversation_id == self._conversation:
            self.view.finish(message)

    def _offer_tool_inputs(self, idle: bool | None = None) -> None:
        """Result fields under the last answer's tool calls, when no turn is running."""
        widgets = list(self.view.widgets.values())
        for widget in widgets:
            widget.show_tool_inputs(False)
        if widgets and (not self.chat.busy if idle is None else idle):
            last = widgets[-1]
            if last.message.role is Role.ASSISTANT and last.message.tool_calls:
                last.show_tool_inputs(True)

    # Keys

    def on_auth_failed(self, _endpoint: str) -> None:
        self.ask_for_key(self.tr("The API key was not accepted (HTTP 401). Enter a valid key; "
                                 "your message is kept, use Retry to send it again."))

    def ask_for_key(self, reason: str = "", endpoint_id: str | None = None) -> KeyDialog:
        key_id = endpoint_id or self._endpoint_id()
        name = (self.tr("the command-line endpoint") if key_id == COMMAND_LINE_ID
                else self.settings.settings.endpoint(key_id).name)
        if self.key_dialog is not None and self.key_dialog.isVisible():
            return self.key_dialog
        dialog = KeyDialog(
            name,
            lambda key: self.account.check_key(key_id, key),
            lambda key, session: self.keys.save(key_id, key, session_only=session),
            keyring_usable=self.keys.keyring_usable, keyring_reason=self.keys.keyring_reason,
            reason=reason, parent=self)
        self.key_dialog = dialog
        dialog.open()
        return dialog

    def _endpoint_id(self) -> str:
        """The endpoint the shown conversation (or a new one) talks to."""
        s = self.settings.settings
        if s.active_endpoint == COMMAND_LINE_ID:
            return COMMAND_LINE_ID
        chosen = self.conversations.get(self._conversation).endpoint if self._conversation \
            else None
        return s.endpoint(chosen or s.active_endpoint).id

    async def ensure_key(self) -> None:
        """First run: ask for a key when none is known for the active endpoint."""
        endpoint = self._endpoint_id()
        try:
            key = await self.keys.load(endpoint)
        except Exception as err:  # SecretsError: say it, and let the user type a key
            self.pane.notice.show_text(tr_text(getattr(err, "text", str(err))))
            key = None
        if not key:
            self.ask_for_key()
        else:
            self._models_task = asyncio.ensure_future(self._refresh_models(endpoint))

    async def _refresh_models(self, endpoint: str) -> None:
        try:
            await self.account.refresh_models(endpoint)
        except ApiError as err:  # offline or refused: the reference list stays
            self.statusBar().showMessage(
                self.tr("Model list not loaded: {0}").format(tr_error(err.to_json())), 8000)

    # Window

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.composer.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.panel.flush()
        self.settings.update(
            window_geometry=bytes(self.saveGeometry().toBase64().data()).decode(),
            splitter_state=bytes(self.splitter.saveState().toBase64().data()).decode())
        self.chat.stop()
        event.accept()
        self.closed.emit()
