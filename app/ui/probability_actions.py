"""What the window does with token probabilities: show an answer's shaded tokens, put a
clicked token's distribution in the panel's chart, continue an answer with another
token, and tell the user when a model refused them (remembered in its capability
table, so later requests leave them out)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.domain.logprobs import decode
from app.services.chat import ChatController
from app.services.conversations import ConversationService
from app.services.models import ModelCatalog
from app.ui.message_commands import Command, MessageCommand
from app.ui.message_view import MessageView
from app.ui.notices import Notices
from app.ui.param_panel import ParamPanel


class ProbabilityActions(QObject):
    def __init__(self, conversations: ConversationService, chat: ChatController,
                 catalog: ModelCatalog, *, view: MessageView, panel: ParamPanel,
                 notices: Notices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._conversations = conversations
        self._chat = chat
        self._catalog = catalog
        self._view = view
        self._panel = panel
        self._notices = notices
        chat.logprobs_refused.connect(self._on_refused)
        chat.refuses_logprobs = lambda endpoint, model: \
            catalog.capabilities(endpoint, model).logprobs is False

    def run(self, command: MessageCommand) -> None:
        widget = self._view.widgets.get(command.message_id)
        match command.command:
            case Command.PROBABILITIES:
                if widget is None:
                    return
                if widget.showing_probabilities:
                    widget.show_probabilities(None)
                    self._panel.show_example_distribution()
                    return
                tokens = decode(self._conversations.store.logprobs(command.message_id))
                widget.show_probabilities(tokens or None)
                if not tokens:
                    self._notices.status(self.tr("This answer has no token probabilities."))
            case Command.PICK_TOKEN:
                if widget is not None and widget.showing_probabilities:
                    tokens = widget.token_view.text.tokens
                    if 0 <= command.index < len(tokens):
                        self._panel.show_token_distribution(tokens[command.index])
                        self._panel.show()
            case Command.CONTINUE_WITH_TOKEN:
                if not self._chat.continue_with_token(command.message_id, command.index,
                                                      command.alternative):
                    self._notices.status(self.tr("An answer is still being written here."))

    def _on_refused(self, conversation_id: str, endpoint: str, model: str,
                    parameter: str) -> None:
        if model:
            self._catalog.learn_rejection(endpoint, model, parameter)
        self._notices.notice(self.tr(
            "{0} does not send token probabilities: the answer was asked for again without "
            "them, and they are left out for this model from now on.").format(
                model or self.tr("This model")))
