"""The question before a tool runs, as a card in the message that asked for it.

A call of a tool not in its server's ``autoApprove`` shows the server, the tool and the
full arguments (formatted JSON, as text) with Allow once / Always allow this tool /
Deny; a server's first run shows its command line and the names of its environment with
Allow / Deny. Deny is the default button: Enter never allows anything. A card follows
its conversation: shown again when the conversation comes back into view, gone when it
is answered or its turn is stopped.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.mcp.approval import ApprovalRequest, AskKind, Decision
from app.ui.message_view import MessageView
from app.ui.named import named
from app.ui.navigator import Navigator


def _label(text: str, name: str) -> QLabel:
    label = named(QLabel(text), name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names come from servers: never markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ApprovalCard(QFrame):
    def __init__(self, request: ApprovalRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.setObjectName("toolApprovalCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        if request.kind is AskKind.FIRST_RUN:
            self._first_run(layout, request)
        else:
            self._call(layout, request)
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: dict[Decision, QPushButton] = {}
        choices = [(Decision.DENY, self.tr("Deny"))]
        if request.kind is AskKind.FIRST_RUN:
            choices.append((Decision.ALLOW_ONCE, self.tr("Allow it to run")))
        else:
            choices += [(Decision.ALLOW_ONCE, self.tr("Allow once")),
                        (Decision.ALWAYS, self.tr("Always allow this tool"))]
        for decision, caption in choices:
            button = named(QPushButton(caption), f"approval_{decision.value}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, d=decision: request.answer(d))
            self.buttons[decision] = button
            row.addWidget(button)
        self.buttons[Decision.DENY].setDefault(True)
        layout.addLayout(row)

    def _call(self, layout: QVBoxLayout, request: ApprovalRequest) -> None:
        layout.addWidget(_label(self.tr("Run the tool {0} of the server {1}, with these "
                                        "arguments?").format(request.tool, request.server),
                                "approvalTitle"))
        arguments = named(QPlainTextEdit(), "approvalArguments")
        arguments.setReadOnly(True)
        arguments.setPlainText(request.arguments)
        lines = min(12, max(2, request.arguments.count("\n") + 1))
        arguments.setFixedHeight(lines * arguments.fontMetrics().lineSpacing() + 16)
        layout.addWidget(arguments)

    def _first_run(self, layout: QVBoxLayout, request: ApprovalRequest) -> None:
        layout.addWidget(_label(self.tr("The server {0} has not run on this computer yet. "
                                        "It would run:").format(request.server),
                                "approvalTitle"))
        command = named(QPlainTextEdit(), "approvalCommand")
        command.setReadOnly(True)
        command.setPlainText(request.command_line)
        command.setFixedHeight(3 * command.fontMetrics().lineSpacing() + 16)
        layout.addWidget(command)
        if request.env_names:
            layout.addWidget(_label(self.tr("With these environment variables set: {0}")
                                    .format(", ".join(request.env_names)), "approvalEnv"))
        if request.header_names:
            layout.addWidget(_label(self.tr("With these headers: {0}")
                                    .format(", ".join(request.header_names)), "approvalEnv"))
        layout.addWidget(_label(self.tr("It can do anything you can do on this computer. "
                                        "Allow it only if you trust it."), "approvalWarning"))


class ToolApprovals(QObject):
    """Shows the service's questions in the message view, wherever they belong."""

    def __init__(self, view: MessageView, navigator: Navigator,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._nav = navigator
        self.pending: list[ApprovalRequest] = []
        self.cards: dict[int, ApprovalCard] = {}  # id(request) → its card on screen

    def on_approval_requested(self, request: object) -> None:
        if not isinstance(request, ApprovalRequest):
            return
        self.pending.append(request)
        request.future.add_done_callback(partial(self._answered, request))
        self._place(request)

    def on_path_shown(self) -> None:
        """The view was rebuilt (another conversation, a branch): its cards again."""
        self.cards = {k: c for k, c in self.cards.items() if _alive(c)}
        for request in self.pending:
            if id(request) not in self.cards:
                self._place(request)

    def _place(self, request: ApprovalRequest) -> None:
        if request.conversation_id != self._nav.current:
            return
        widgets = self._view.widgets
        widget = widgets.get(request.message_id) if request.message_id else None
        if widget is None and request.kind is AskKind.FIRST_RUN and widgets:
            widget = list(widgets.values())[-1]
        if widget is None:
            return
        card = ApprovalCard(request)
        widget.add_card(card)
        self.cards[id(request)] = card
        if self._view.following:
            self._view.scroll_to_bottom()

    def _answered(self, request: ApprovalRequest, _future: object = None) -> None:
        if request in self.pending:
            self.pending.remove(request)
        card = self.cards.pop(id(request), None)
        if card is not None and _alive(card):
            card.hide()
            card.deleteLater()


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)
