"""One message in the conversation: text, thinking block, tool-call cards, footer, actions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.chat import Role, ToolCall
from app.domain.history import Message, Status
from app.render.markdown_html import MarkdownRenderer
from app.render.math_typeset import MathTypesetter
from app.services.i18n import tr_error
from app.services.turn import AnswerSnapshot
from app.ui.message_commands import Command, MessageCommand
from app.ui.message_estimate import SHOWN_CHARS
from app.ui.message_parts import ThinkingBlock, ToolCallCard, plain_label

if TYPE_CHECKING:
    from app.ui.attachment_view import AttachmentStrip
from app.ui.named import named
from app.ui.probability_details import probability_details
from app.ui.rich_document import RichDocument
from app.ui.safe_browser import SafeBrowser
from app.ui.tr_noop import QT_TRANSLATE_NOOP

# Captions are marked here and translated where shown (self.tr, context MessageWidget).
MARKED_AT_MOST = 200  # search words marked in one message
RETRY = QT_TRANSLATE_NOOP("MessageWidget", "Retry")
CONTINUE = QT_TRANSLATE_NOOP("MessageWidget", "Continue")
STATUS_TEXT = {
    Status.STOPPED: QT_TRANSLATE_NOOP("MessageWidget", "Stopped"),
    Status.INTERRUPTED: QT_TRANSLATE_NOOP("MessageWidget", "Interrupted"),
    Status.ERROR: QT_TRANSLATE_NOOP("MessageWidget", "Failed"),
}
# What the user can do, by the typed error's action (see app.api.errors.Action).
ERROR_ACTIONS = {
    "enter_key": [("fix_key", QT_TRANSLATE_NOOP("MessageWidget", "Fix the key")),
                  ("retry", RETRY)],
    "pick_model": [("pick_model", QT_TRANSLATE_NOOP("MessageWidget", "Pick another model"))],
    "fix_parameters": [("fix_params", QT_TRANSLATE_NOOP("MessageWidget", "Open parameters")),
                       ("retry", RETRY)],
    "top_up": [("retry", RETRY)],
    "send_fewer": [("send_fewer", QT_TRANSLATE_NOOP("MessageWidget",
                                                    "Send fewer earlier messages"))],
    "check_endpoint": [("settings", QT_TRANSLATE_NOOP("MessageWidget", "Endpoint settings")),
                       ("retry", RETRY)],
}
ACTIONS = {
    "copy": QT_TRANSLATE_NOOP("MessageWidget", "Copy"),
    "edit": QT_TRANSLATE_NOOP("MessageWidget", "Edit"),
    "compare": QT_TRANSLATE_NOOP("MessageWidget", "Compare…"),
    "regenerate": QT_TRANSLATE_NOOP("MessageWidget", "Regenerate"),
    "regenerate_current": QT_TRANSLATE_NOOP("MessageWidget", "With current parameters"),
    "show_params": QT_TRANSLATE_NOOP("MessageWidget", "Parameters"),
    "probabilities": QT_TRANSLATE_NOOP("MessageWidget", "Probabilities"),
    "delete": QT_TRANSLATE_NOOP("MessageWidget", "Delete"),
}


class MessageWidget(QFrame):
    action = Signal(object)  # MessageCommand
    link_clicked = Signal(QUrl)

    def __init__(self, message: Message, renderer: MarkdownRenderer, *, fold_thinking: bool,
                 siblings: tuple[int, int] = (1, 1), typesetter: MathTypesetter | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = message
        self.live: AnswerSnapshot | None = None  # while it streams
        self.setObjectName("userMessage" if message.role is Role.USER else "assistantMessage")
        self._fold_thinking = fold_thinking
        self._folded_once = False
        self._cards: list[ToolCallCard] = []
        self.result_fields: dict[str, QLineEdit] = {}  # tool call id → its result

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        head = QHBoxLayout()
        self.role_label = plain_label(self._role_text(message), "roleLabel")
        head.addWidget(self.role_label, 1)
        self.switcher = named(QWidget(), "siblingSwitcher")
        self._position: QLabel | None = None  # the switcher's row, made when there are siblings
        self.set_siblings(siblings)
        head.addWidget(self.switcher)
        layout.addLayout(head)

        self._thinking: ThinkingBlock | None = None  # made when there is reasoning to show
        self._attachments: AttachmentStrip | None = None  # made for a message with files
        self.body = SafeBrowser()
        self.body.setObjectName("messageBody")
        self.body.link_clicked.connect(self._on_link)
        self.rich = RichDocument(self.body.document(), renderer, typesetter,
                                 self.devicePixelRatioF())
        self.body.image_text = self.rich.formula_source
        layout.addWidget(self.body)
        self._limit = SHOWN_CHARS  # of a very long text, how much is laid out
        self._more: QPushButton | None = None  # "Show more", made for a long text
        self.cards = QVBoxLayout()
        layout.addLayout(self.cards)
        self.tool_results = named(QWidget(), "toolResults")
        self.tool_results.hide()
        layout.addWidget(self.tool_results)
        self.footer = plain_label("", "messageFooter")
        self.footer.hide()
        layout.addWidget(self.footer)
        self.status_row = named(QWidget(), "statusRow")
        self.status_row.hide()
        layout.addWidget(self.status_row)
        layout.addLayout(self._make_actions(message))
        self.show_message(message)

    # Building

    @property
    def thinking(self) -> ThinkingBlock:
        if self._thinking is None:
            self._thinking = ThinkingBlock()
            self._thinking.hide()
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(1, self._thinking)  # under the role line
        return self._thinking

    def _role_text(self, message: Message) -> str:
        if message.role is Role.USER:
            return self.tr("You")
        if message.role is Role.TOOL:
            return self.tr("Tool result")
        return self.tr("Assistant")

    def set_siblings(self, siblings: tuple[int, int]) -> None:
        index, count = siblings
        self.switcher.setVisible(count > 1)
        if count <= 1:  # nothing to switch to (most messages): no row is made
            return
        if self._position is None:
            row = QHBoxLayout(self.switcher)
            row.setContentsMargins(0, 0, 0, 0)
            self._previous = named(QToolButton(), "previousSibling")
            self._previous.setText("‹")
            self._next = named(QToolButton(), "nextSibling")
            self._next.setText("›")
            self._previous.setAccessibleName(self.tr("Previous version"))
            self._next.setAccessibleName(self.tr("Next version"))
            self._position = plain_label("", "siblingPosition")
            self._previous.clicked.connect(lambda: self._emit(Command.PREVIOUS_SIBLING))
            self._next.clicked.connect(lambda: self._emit(Command.NEXT_SIBLING))
            for w in (self._previous, self._position, self._next):
                row.addWidget(w)
        self._position.setText(f"{index} / {count}")
        self._previous.setEnabled(index > 1)
        self._next.setEnabled(index < count)

    # Reuse (the message view keeps a few widgets to show other messages of a role)

    def rebind(self, message: Message, siblings: tuple[int, int], *,
               fold_thinking: bool) -> None:
        """Show another message of the same role, as a new widget would."""
        self.live = None
        self._fold_thinking = fold_thinking
        self._folded_once = False
        self._limit = SHOWN_CHARS
        if self._thinking is not None:
            self._thinking.set_open(True)
        self.set_siblings(siblings)
        self.rich.reset()
        if self.tool_results.layout() is not None:  # the fields of another message's calls
            fresh = named(QWidget(), "toolResults")
            fresh.hide()
            layout = self.layout()
            assert layout is not None
            layout.replaceWidget(self.tool_results, fresh)
            self.tool_results.deleteLater()
            self.tool_results = fresh
            self.result_fields.clear()
        if self.property("highlight"):
            self.setProperty("highlight", False)
            self.style().unpolish(self)
            self.style().polish(self)
            self.body.setExtraSelections([])
        self.show_message(message)

    def mark_terms(self, terms: list[str], *, dark: bool) -> None:
        """The words searched for, marked where they occur in the text (a search hit),
        as many as :data:`MARKED_AT_MOST`."""
        document = self.body.document()
        marks: list[QTextEdit.ExtraSelection] = []
        colour = QColor("#6b5a00" if dark else "#fff0a8")
        for term in terms:
            cursor = document.find(term)
            while not cursor.isNull() and len(marks) < MARKED_AT_MOST:
                mark = QTextEdit.ExtraSelection()
                mark.cursor = cursor
                mark.format.setBackground(colour)
                marks.append(mark)
                cursor = document.find(term, cursor)
        self.body.setExtraSelections(marks)

    def release(self) -> None:
        """Let go of the shown text (documents and images) while the widget waits."""
        self.live = None
        self.rich.reset()
        self.body.document().clear()
        if self._thinking is not None:
            self._thinking.text.show_text("")

    def _make_actions(self, message: Message) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(2)
        names = ["copy"]
        if message.role is Role.USER:
            names += ["edit", "compare"]
        elif message.role is Role.ASSISTANT:
            names += ["regenerate", "show_params", "probabilities"]
        names.append("delete")
        for name in names:
            button = named(QToolButton(), f"action_{name}")
            button.setText(self.tr(ACTIONS[name]))
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, n=name: self._emit(Command(n)))
            row.addWidget(button)
            if name == "regenerate":
                # "With current parameters" is in Regenerate's menu: as a button of its own
                # the row was too wide for a narrow column and elided it mid-word.
                menu = QMenu(button)
                current = menu.addAction(self.tr(ACTIONS["regenerate_current"]))
                current.setObjectName("action_regenerate_current")
                current.triggered.connect(lambda: self._emit(Command.REGENERATE_CURRENT))
                button.setMenu(menu)
                button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
            if name == "probabilities":
                self.probabilities_button = button
                button.setCheckable(True)
                button.hide()
        row.addStretch(1)
        return row

    # Showing

    def show_message(self, message: Message) -> None:
        """The stored state (a finished or loaded message)."""
        self.message = message
        self.role_label.setText(self._role_text(message))
        if message.role is Role.ASSISTANT:
            self.rich.set_text(self._clip(self._shown_content(message)))
            # A failed answer with no text shows its status, not an empty box.
            self.body.setVisible(bool(message.content) or message.status is Status.STREAMING)
        else:
            self.body.setPlainText(self._clip(message.content))
            self.body.setVisible(bool(message.content) or not message.attachments)
        self._show_attachments(message)
        if message.role is Role.TOOL:
            from app.ui.tool_result import fold_tool_result

            fold_tool_result(self)  # folded to one line naming the tool
        self._show_reasoning(message.reasoning_content,
                             (message.timings or {}).get("thinking_seconds"),
                             live=message.status is Status.STREAMING)
        self._show_calls(message.tool_calls, final=True)
        self._show_footer(message)
        self._show_status(message)
        self._offer_probabilities(message)

    def _show_attachments(self, message: Message) -> None:
        if message.attachments and self._attachments is None:
            from app.ui.attachment_view import AttachmentStrip

            self._attachments = AttachmentStrip()
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(layout.indexOf(self.body), self._attachments)
        if self._attachments is not None:
            self._attachments.show_items(message.attachments)

    def show_final(self, message: Message) -> None:
        """The stored state of the answer that streamed here: all of it stays shown."""
        self.live = None
        self._limit = max(self._limit, len(message.content))
        self.show_message(message)

    def _clip(self, text: str) -> str:
        """The part of a very long text that is laid out (at a paragraph break when there
        is one): a document of megabytes is never built at once on the GUI thread; the
        rest comes a part per click on "Show more" (Copy still copies it all)."""
        if len(text) <= self._limit:
            if self._more is not None:
                self._more.hide()
            return text
        cut = text.rfind("\n\n", self._limit // 2, self._limit)
        cut = cut if cut > 0 else self._limit
        if text.startswith(self.rich.text):
            cut = max(cut, len(self.rich.text))  # never take back what is laid out
        if self._more is None:
            self._more = named(QPushButton(), "showMore")
            self._more.clicked.connect(self._show_more)
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(layout.indexOf(self.body) + 1, self._more, 0,
                                Qt.AlignmentFlag.AlignLeft)
        left = (len(text) - cut + 1023) // 1024
        self._more.setText(self.tr("Show more ({0} KB of {1} KB left)").format(
            left, (len(text) + 1023) // 1024))
        self._more.show()
        return text[:cut]

    def _show_more(self) -> None:
        self._limit += SHOWN_CHARS
        if self.live is not None:
            self.show_live(self.live)
        else:
            self.show_message(self.message)

    def _shown_content(self, m: Message) -> str:
        """JSON answers (``response_format: json_object``) are shown formatted and marked.
        A finished answer's last line is complete: a closing fence without a newline after
        it (how models end a code block) closes the block instead of showing as code."""
        self.json_valid: bool | None = None
        if m.status is not Status.STREAMING and m.content and not m.content.endswith("\n"):
            m = replace(m, content=m.content + "\n")
        if (m.params or {}).get("response_format") != "json_object" or \
                m.status is Status.STREAMING or not m.content.strip():
            return m.content
        try:
            pretty = json.dumps(json.loads(m.content), ensure_ascii=False, indent=2)
        except json.JSONDecodeError as exc:
            self.json_valid = False
            self.json_problem = self.tr("{0} (line {1}, column {2})").format(
                exc.msg, exc.lineno, exc.colno)
            return m.content
        except (ValueError, RecursionError):  # nested too deeply, or a number too long
            self.json_valid = False
            self.json_problem = self.tr("nested too deeply or too large to read")
            return m.content
        self.json_valid = True
        return f"```json\n{pretty}\n```\n"

    def show_live(self, live: AnswerSnapshot) -> None:
        """The streaming state, at most once per frame."""
        self.live = live
        self.body.setVisible(True)
        # What streams in is shown as it comes (the renderer's cost is per update, not
        # per length), and stays shown when it is stored: never cut back mid-stream.
        self._limit = max(self._limit, len(live.content))
        self.rich.set_text(self._clip(live.content))
        self._show_reasoning(live.reasoning, live.thinking_seconds, live=live.thinking)
        self._show_calls(list(live.tool_calls), final=False)

    def _show_reasoning(self, text: str, seconds: float | None, *, live: bool) -> None:
        if not text:
            if self._thinking is not None:
                self._thinking.hide()
            return
        self.thinking.show()
        self.thinking.text.show_text(text)
        self.thinking.set_label(seconds, live)
        # Fold away once the answer starts (a setting); a click opens it again.
        if not live and self._fold_thinking and not self._folded_once:
            self._folded_once = True
            self.thinking.set_open(False)

    def _show_calls(self, calls: list[ToolCall], *, final: bool) -> None:
        while len(self._cards) < len(calls):
            card = ToolCallCard()
            self._cards.append(card)
            self.cards.addWidget(card)
        for card, call in zip(self._cards, calls, strict=False):
            card.show_call(call, final)
            card.show()
        for card in self._cards[len(calls):]:  # a reused widget's, for another message
            card.hide()

    def _show_footer(self, m: Message) -> None:
        if m.role is not Role.ASSISTANT or m.status is Status.STREAMING:
            self.footer.hide()
            return
        parts: list[str] = []
        if m.model:
            parts.append(m.model)
        usage: dict[str, Any] = m.usage or {}
        if usage.get("prompt_tokens") is not None:
            tokens = (usage["prompt_tokens"], usage.get("completion_tokens", 0))
            if usage.get("reasoning_tokens"):
                parts.append(self.tr("{0} in / {1} out ({2} thinking) tokens").format(
                    *tokens, usage["reasoning_tokens"]))
            else:
                parts.append(self.tr("{0} in / {1} out tokens").format(*tokens))
        timings: dict[str, Any] = m.timings or {}
        if "ttft" in timings:
            parts.append(self.tr("first token {0} s").format(f"{timings['ttft']:.2f}"))
        if "tokens_per_second" in timings:
            parts.append(self.tr("{0} tok/s").format(f"{timings['tokens_per_second']:.0f}"))
        parts += probability_details(timings)
        if m.finish_reason == "length":
            parts.append(self.tr("cut off: max_tokens reached"))
        if getattr(self, "json_valid", None) is True:
            parts.append(self.tr("✓ valid JSON"))
        elif getattr(self, "json_valid", None) is False:
            parts.append(self.tr("✗ invalid JSON: {0}").format(self.json_problem))
        self.footer.setText(" · ".join(parts))
        self.footer.setVisible(bool(parts))

    def _show_status(self, m: Message) -> None:
        layout = self.status_row.layout()
        if not isinstance(layout, QHBoxLayout):
            layout = QHBoxLayout(self.status_row)
            layout.setContentsMargins(0, 0, 0, 0)
        while layout.count():
            item = layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        buttons: list[tuple[str, str]] = []
        text = ""
        if m.status in STATUS_TEXT:
            text = self.tr(STATUS_TEXT[m.status])
            if m.error:
                text = self.tr("{0}: {1}").format(text, tr_error(m.error))
            if m.status is Status.ERROR:
                buttons = ERROR_ACTIONS.get(str((m.error or {}).get("action")),
                                            [("retry", RETRY)])
            else:
                buttons = [("retry", RETRY), ("continue", CONTINUE)]
        elif m.finish_reason == "length":
            text = self.tr("The answer reached max_tokens.")
            buttons = [("continue", CONTINUE)]
        if not text:
            self.status_row.hide()
            return
        label = plain_label(text, "statusText")
        layout.addWidget(label, 1)  # the sentence takes the room; the buttons keep their size
        for name, caption in buttons:
            button = named(QPushButton(self.tr(caption)), f"status_{name}")
            button.clicked.connect(lambda _=False, n=name: self._emit(Command(n)))
            layout.addWidget(button)
        self.status_row.show()

    def add_card(self, card: QWidget) -> None:
        """A card under the tool calls (an MCP call waiting for the user's approval)."""
        self.cards.addWidget(card)

    def show_tool_inputs(self, visible: bool) -> None:
        """Offer a result field per tool call, to continue the turn by hand."""
        if not visible or not self.message.tool_calls:
            self.tool_results.hide()
            return
        if self.tool_results.layout() is None:
            box = QVBoxLayout(self.tool_results)
            box.setContentsMargins(0, 0, 0, 0)
            self.result_fields.clear()
            for call in self.message.tool_calls:
                field = named(QLineEdit(), f"toolResult_{call.id}")
                field.setPlaceholderText(self.tr("Result of {0}").format(call.name))
                self.result_fields[call.id] = field
                box.addWidget(field)
            send = named(QPushButton(self.tr("Send results")), "sendToolResults")
            send.clicked.connect(lambda: self._emit(Command.TOOL_RESULTS))
            box.addWidget(send, 0, Qt.AlignmentFlag.AlignRight)
        self.tool_results.show()

    def tool_results_text(self) -> dict[str, str]:
        return {call_id: field.text() for call_id, field in self.result_fields.items()}

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == "copy":
            index = int(url.path()) if url.path().isdigit() else 0
            self.action.emit(MessageCommand(Command.COPY_CODE, self.message.id, index))
        else:
            self.link_clicked.emit(url)

    def _emit(self, command: Command) -> None:
        self.action.emit(MessageCommand(command, self.message.id))

    def code_block(self, index: int) -> str:
        return self.rich.code_blocks.get(index, "")

    # Token probabilities (app.ui.token_view)

    def _offer_probabilities(self, m: Message) -> None:
        button = getattr(self, "probabilities_button", None)
        if button is None:
            return
        has = "logprob_mean" in (m.timings or {}) and m.status is not Status.STREAMING
        button.setVisible(has)
        view = getattr(self, "token_view", None)
        if view is not None and view.property("message_id") != m.id:
            self.show_probabilities(None)  # a reused widget: another message's tokens

    def show_probabilities(self, tokens: Sequence[Any] | None) -> None:
        """The answer as shaded tokens instead of its text (``None``: the text again)."""
        from app.ui.token_view import TokenView

        view: TokenView | None = getattr(self, "token_view", None)
        if tokens is None:
            if view is not None:
                view.hide()
                view.text.document().clear()
            self.body.setVisible(bool(self.message.content) or
                                 self.message.status is Status.STREAMING)
            self.probabilities_button.setChecked(False)
            return
        if view is None:
            view = self.token_view = TokenView()
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(layout.indexOf(self.body) + 1, view)
            view.picked.connect(lambda i: self.action.emit(
                MessageCommand(Command.PICK_TOKEN, self.message.id, i)))
            view.continue_with.connect(lambda i, a: self.action.emit(
                MessageCommand(Command.CONTINUE_WITH_TOKEN, self.message.id, i, a)))
        view.setProperty("message_id", self.message.id)
        view.show_tokens(tokens)
        view.show()
        self.body.hide()
        self.probabilities_button.setChecked(True)

    @property
    def showing_probabilities(self) -> bool:
        view = getattr(self, "token_view", None)
        return view is not None and not view.isHidden()
