"""A ``tool`` message shown folded: one line naming the server, the tool and the outcome;
a click shows the result, always as plain text (a server's output is untrusted: never
rendered as HTML, nothing in it fetched)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton, QWidget

from app.domain.history import Message
from app.ui.named import named


class ToolResultFold(QToolButton):
    def __init__(self, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolResultToggle")
        self.setCheckable(True)
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._body = body
        self.toggled.connect(self.set_open)

    def show_for(self, message: Message) -> None:
        meta: dict[str, Any] = (message.params or {}).get("mcp") or {}
        outcome = str(meta.get("outcome", "ok"))
        suffix = {"error": self.tr(" — failed"), "declined": self.tr(" — declined"),
                  "stopped": self.tr(" — stopped")}.get(outcome, "")
        name = f"{meta.get('server', '')} / {meta.get('tool', '')}".strip(" /")
        self.setText(self.tr("Result of {0}{1}").format(name or message.tool_call_id or "",
                                                        suffix))
        self.set_open(self.isChecked())

    def set_open(self, open_: bool) -> None:
        self.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self._body.setVisible(open_)


def fold_tool_result(widget: Any) -> None:
    """Called by ``MessageWidget.show_message`` for a ``tool`` message."""
    fold = widget.findChild(ToolResultFold, "toolResultToggle")
    if fold is None:
        fold = named(ToolResultFold(widget.body), "toolResultToggle")
        layout = widget.layout()
        layout.insertWidget(layout.indexOf(widget.body), fold, 0, Qt.AlignmentFlag.AlignLeft)
    fold.show_for(widget.message)
