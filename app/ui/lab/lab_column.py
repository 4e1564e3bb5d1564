"""One arm of a lab run on screen: a normal message view (thinking block, footer, errors),
its own retry countdown, its figures, and the buttons to pick it or take its parameters."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.history import Message
from app.domain.lab import AnswerFigures, PlannedArm, value_label
from app.render.markdown_html import MarkdownRenderer
from app.services.i18n import tr_error
from app.services.turn import AnswerSnapshot
from app.ui.chat_pane import Banner
from app.ui.message_view import MessageView
from app.ui.message_widget import MessageWidget
from app.ui.named import named


class LabColumn(QWidget):
    pick = Signal(int)  # arm number
    use_params = Signal(int)  # arm number
    save_preset = Signal(int)  # arm number

    def __init__(self, arm: PlannedArm, badge: str, renderer: MarkdownRenderer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"labColumn{arm.number}")
        self.arm = arm
        self.badge_text = badge
        self.blind_name = ""
        self.header = named(QLabel(), "labColumnHeader")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.retry = Banner("labRetryBanner", self.tr("Stop"))
        self.view = MessageView(renderer)
        self.view.setMinimumWidth(260)
        self.figures = named(QLabel(), "labFigures")
        self.figures.setTextFormat(Qt.TextFormat.PlainText)
        self.figures.setWordWrap(True)
        self.pick_button = named(QPushButton(self.tr("Pick this one")), "labPick")
        self.pick_button.setEnabled(False)
        self.use_button = named(QPushButton(self.tr("Use these parameters")), "labUseParams")
        self.preset_button = named(QPushButton(self.tr("Save as preset…")), "labSavePreset")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.retry)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.figures)
        buttons = QHBoxLayout()
        for button in (self.pick_button, self.use_button, self.preset_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.pick_button.clicked.connect(lambda: self.pick.emit(self.arm.number))
        self.use_button.clicked.connect(lambda: self.use_params.emit(self.arm.number))
        self.preset_button.clicked.connect(lambda: self.save_preset.emit(self.arm.number))
        self.messages: list[str] = []
        self.set_blind("")

    def title(self) -> str:
        arm = self.arm
        name = self.tr("Arm {0}").format(arm.number)
        if arm.sweep_value is not None or arm.sample > 1:
            name += f" · {value_label(arm.sweep_value)}" if arm.sweep_value is not None else ""
            name += self.tr(" · sample {0}").format(arm.sample)
        return name

    def set_blind(self, name: str) -> None:
        """``name``: the neutral label shown instead (``""``: show who it is)."""
        self.blind_name = name
        if name:
            self.header.setText(name)
            self.header.setToolTip("")
        else:
            badge = self.badge_text or self.tr("(the others are compared with this one)")
            self.header.setText(f"{self.title()}\n{badge}")
            self.header.setToolTip(", ".join(f"{k}={v}" for k, v in
                                             self.arm.params.posted_fields().items()))
        self.use_button.setVisible(not name)
        self.preset_button.setVisible(not name)
        for widget in self.view.widgets.values():
            self._dress(widget)

    def _dress(self, widget: MessageWidget) -> None:
        """An answer's own buttons as they make sense here: "With current parameters"
        and Delete belong to the conversation, not to an arm; in blind mode its footer
        (the model) and its Parameters would say who it is."""
        blind = bool(self.blind_name)
        for name, hidden in (("action_regenerate_current", True), ("action_delete", True),
                             ("action_show_params", blind)):
            button = widget.findChild(QToolButton, name)
            if button is not None:
                button.setVisible(not hidden)
        widget.footer.setVisible(not blind and bool(widget.footer.text()))

    # What the run reports

    def add(self, message: Message, snapshot: AnswerSnapshot) -> None:
        self.messages.append(message.id)
        self.view.add_message(message)
        widget = self.view.widgets.get(message.id)  # a column's answer is always on screen
        if widget is not None:
            self._dress(widget)
        if snapshot.status.value == "streaming":
            self.view.update_live(snapshot)

    def update_live(self, snapshot: AnswerSnapshot) -> None:
        self.view.update_live(snapshot)

    def figures_text(self, figures: AnswerFigures, timings: dict[str, Any] | None) -> list[str]:
        t = timings or {}
        parts = []
        if isinstance(t.get("ttft"), int | float):
            parts.append(self.tr("first token {0:.2f} s").format(t["ttft"]))
        if isinstance(t.get("tokens_per_second"), int | float):
            parts.append(self.tr("{0:.1f} tokens/s").format(t["tokens_per_second"]))
        tokens = [(self.tr("prompt {0}"), figures.prompt_tokens),
                  (self.tr("completion {0}"), figures.completion_tokens),
                  (self.tr("reasoning {0}"), figures.reasoning_tokens)]
        parts += [label.format(count) for label, count in tokens if count is not None]
        if figures.finish_reason:
            parts.append(self.tr("finish: {0}").format(figures.finish_reason))
        if isinstance(t.get("total_seconds"), int | float):
            parts.append(self.tr("took {0:.2f} s").format(t["total_seconds"]))
        return parts

    def finish(self, message: Message) -> None:
        self.view.finish(message)
        widget = self.view.widgets.get(message.id)
        if widget is not None:
            self._dress(widget)
        figures = AnswerFigures(message.content, message.finish_reason, str(message.status),
                                message.usage, message.timings)
        line = self.figures_text(figures, message.timings)
        if message.error:
            line.append(tr_error(message.error))
        self.figures.setText(" · ".join(line))

    def done(self) -> None:
        self.retry.dismiss()
        self.pick_button.setEnabled(bool(self.messages))

    def count_down(self, seconds: float, error: dict[str, Any]) -> None:
        self.retry.count_down(self.tr("{0} Retrying in {1} s…").format(tr_error(error), "{0}"),
                              seconds)

    def show_picked(self, picked: bool) -> None:
        self.setProperty("picked", picked)
        self.pick_button.setText(self.tr("Picked") if picked else self.tr("Pick this one"))
