"""What the buttons on a message do (a :class:`MessageCommand` each), and how links from
model output are opened."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QGuiApplication

from app.domain.chat import Role
from app.domain.history import Message
from app.domain.params import ChatParams
from app.services.chat import ChatController
from app.services.conversations import ConversationService
from app.ui.message_commands import Command, MessageCommand
from app.ui.message_view import MessageView
from app.ui.notices import Notices
from app.ui.param_panel import ParamPanel
from app.ui.probability_actions import ProbabilityActions
from app.ui.prompter import Prompter
from app.ui.turn_presenter import TurnPresenter


class MessageActions(QObject):
    def __init__(self, conversations: ConversationService, chat: ChatController, *,
                 view: MessageView, panel: ParamPanel, presenter: TurnPresenter,
                 prompter: Prompter, notices: Notices,
                 current_params: Callable[[], ChatParams],
                 ask_for_key: Callable[[str], object],
                 open_settings: Callable[[], object],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._conversations = conversations
        self._chat = chat
        self._view = view
        self._panel = panel
        self._presenter = presenter
        self._prompter = prompter
        self._notices = notices
        self._current_params = current_params
        self._ask_for_key = ask_for_key
        self._open_settings = open_settings
        # After a context overflow (the window's ModelFlow sets it).
        self.send_fewer: Callable[[str], object] = self._chat.send_fewer
        # Token probabilities (the window sets it: app.ui.probability_actions).
        self.probabilities: ProbabilityActions | None = None

    def run(self, command: MessageCommand | Command, message_id: str = "") -> None:
        if isinstance(command, Command):
            command = MessageCommand(command, message_id)
        message = self._conversations.message(command.message_id)
        match command.command:
            case Command.COPY:
                QGuiApplication.clipboard().setText(message.content)
            case Command.COPY_CODE:
                widget = self._view.widgets.get(message.id)
                if widget is not None:
                    QGuiApplication.clipboard().setText(widget.code_block(command.index))
                    self._notices.status(self.tr("Code copied"), 2000)
            case Command.EDIT:
                self._presenter.start_edit(message)
            case Command.REGENERATE | Command.RETRY:
                params = ChatParams.from_json(message.params) if message.params else None
                self._chat.regenerate(message.id, params)
            case Command.REGENERATE_CURRENT:
                self._chat.regenerate(message.id, self._current_params())
            case Command.CONTINUE:
                self._chat.continue_answer(message.id)
            case Command.DELETE:
                if self._prompter.confirm_delete_message():
                    self._conversations.delete_message(message.id)
            case Command.PREVIOUS_SIBLING | Command.NEXT_SIBLING:
                self.switch_sibling(message, -1 if command.command is
                                    Command.PREVIOUS_SIBLING else 1)
            case Command.FIX_KEY:
                self._ask_for_key(self.tr("The API key was not accepted."))
            case Command.PICK_MODEL | Command.FIX_PARAMS:
                self._panel.show()
                self._panel.open_model_list()
            case Command.SEND_FEWER:
                self.send_fewer(message.id)
            case Command.SETTINGS:
                self._open_settings()
            case Command.SHOW_PARAMS:
                self._prompter.show_params(message.params or {})
            case Command.PROBABILITIES | Command.PICK_TOKEN | Command.CONTINUE_WITH_TOKEN:
                if self.probabilities is not None:
                    self.probabilities.run(command)
            case Command.TOOL_RESULTS:
                widget = self._view.widgets.get(message.id)
                if widget is not None:
                    self._chat.submit_tool_results(message.id, widget.tool_results_text())

    def switch_sibling(self, message: Message, step: int) -> None:
        ids = self._conversations.sibling_ids(message.id)
        target = ids[max(0, min(len(ids) - 1, ids.index(message.id) + step))]
        self._conversations.show_branch(target)

    def _last_answer(self) -> Message | None:
        return self._view.last_of(Role.ASSISTANT)

    def regenerate_last(self) -> None:
        answer = self._last_answer()
        if answer is not None:
            self.run(Command.REGENERATE, answer.id)

    def copy_last_answer(self) -> None:
        answer = self._last_answer()
        if answer is not None:
            QGuiApplication.clipboard().setText(answer.content)
            self._notices.status(self.tr("Answer copied"), 2000)

    def open_link(self, url: QUrl) -> None:
        if url.scheme() not in ("http", "https"):
            self._notices.status(
                self.tr("Links of this kind are not opened: {0}").format(url.scheme()), 5000)
            return
        from app.ui.link_confirm import find_href

        original = find_href((w.body.document() for w in self._view.widgets.values()), url)
        if self._prompter.confirm_open(url, original):
            self._prompter.open_url(url)
