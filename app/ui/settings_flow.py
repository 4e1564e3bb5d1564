"""Settings in the window: the dialog, what a change applies at once (theme, send key,
endpoints), and the restart a new language needs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

from app.services.chat import ChatController
from app.services.settings_service import SettingsService
from app.ui.chat_pane import ChatPane
from app.ui.key_flow import KeyFlow
from app.ui.navigator import Navigator
from app.ui.notices import Notices
from app.ui.param_binding import ParamBinding
from app.ui.param_panel import ParamPanel
from app.ui.prompter import Prompter
from app.ui.wheel_guard import WheelGuard


class SettingsFlow(QObject):
    def __init__(self, settings: SettingsService, chat: ChatController, navigator: Navigator,
                 keys: KeyFlow, params: ParamBinding, *, pane: ChatPane, panel: ParamPanel,
                 prompter: Prompter, notices: Notices, dialog_parent: QWidget,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._chat = chat
        self._nav = navigator
        self._keys = keys
        self._params = params
        self._pane = pane
        self._panel = panel
        self._prompter = prompter
        self._notices = notices
        self._dialog_parent = dialog_parent
        # Set by the composition root when the process can start itself again.
        self.restart: Callable[[], None] | None = None
        # Set by the window when it has MCP tools: makes and applies the Tools tab.
        self.tools_tab: tuple[Callable[[], QWidget], Callable[[], None]] | None = None
        self.dialog: QWidget | None = None

    def apply(self) -> None:
        s = self._settings.settings
        self._pane.composer.set_ctrl_enter_sends(s.send_key == "ctrl_enter")
        self._pane.view.fold_thinking = s.fold_thinking
        self._panel.set_presets(s.presets)
        self._params.fill_endpoints()

    def open_settings(self) -> None:
        from app.ui.settings_dialog import SettingsDialog
        from app.ui.theme import apply_theme

        tools = self.tools_tab
        dialog = SettingsDialog(self._settings.settings, parent=self._dialog_parent,
                                set_key=lambda e: self._keys.ask_for_key(endpoint_id=e.id),
                                tools=tools[0]() if tools is not None else None,
                                has_key=self._keys.has_key)
        self.dialog = dialog
        guard = WheelGuard(dialog)
        guard.guard(dialog)

        def accepted() -> None:
            new = dialog.result_settings()
            theme_changed = new.theme != self._settings.settings.theme
            language_changed = new.language != self._settings.settings.language
            self._settings.replace(new)
            if tools is not None:
                tools[1]()  # after replace: the servers and limits as the tab shows them
            if language_changed:
                if self.restart is not None and self._prompter.confirm_restart(
                        self._chat.any_busy):
                    self.restart()
                    return
                self._notices.notice(self.tr(
                    "The language changes when SiliconDesk next starts."))
            if theme_changed:
                app = QApplication.instance()
                if isinstance(app, QApplication):
                    self._pane.view.renderer.set_dark(apply_theme(app, new.theme))
                    self._nav.show_path()

        dialog.accepted.connect(accepted)
        dialog.open()
