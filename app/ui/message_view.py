"""The message view: the shown branch of a conversation, newest at the bottom.

Virtual: only the messages in the viewport (plus a margin) have a widget and a laid-out
document; the others are rows of a height index, estimated from their outline (sizes, no
text) until laid out once at the current width (then measured and kept), so the scroll
bar spans the whole branch from the start. The view holds the branch's ids
(:class:`~app.services.branch.Branch`); a message's full row is read (a batch at a time)
only when its widget is made, and a bounded number of them is kept. A widget scrolled
away shows another message later (a few are kept per role, their documents emptied),
except those of streaming answers and of the answer offering tool-result fields. When a
measured height replaces its estimate, the message at the top of the viewport stays put
(or, when following, the bottom stays at the bottom). While an answer streams the view
follows it unless the user has scrolled up.

A pool of message widgets rather than a ``QListView`` with a delegate: messages are
interactive (selectable text, links, buttons, tool-result fields, the thinking fold),
which a delegate would re-implement by hand; the message widget and its callers stay.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from app.domain.chat import Role
from app.domain.history import Message
from app.render.markdown_html import MarkdownRenderer
from app.render.math_typeset import MathTypesetter
from app.services.branch import Branch, ListedBranch
from app.services.turn import AnswerSnapshot
from app.ui.branch_heights import BranchHeights
from app.ui.message_widget import MessageWidget
from app.ui.named import named

MAX_WIDTH = 880
SIDE, TOP = 24, 16  # the column's margins
MARGIN = 240  # pixels realised above and below the viewport
POOL = 8  # widgets kept per role for reuse
LOADED = 400  # full messages kept beyond the realised ones
REFINE_AFTER_MS = 100  # a branch shown: its estimates refined once it is painted


class MessageView(QScrollArea):
    action = Signal(object)  # MessageCommand
    link_clicked = Signal(QUrl)

    def __init__(self, renderer: MarkdownRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageView")
        self.setWidgetResizable(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.renderer = renderer
        self.typesetter = MathTypesetter()  # one cache for every message
        self.fold_thinking = True
        self._container = named(QWidget(), "messageContainer")
        # Opaque: a scroll moves the pixels and repaints only the strip uncovered.
        self._container.setAutoFillBackground(True)
        self.empty = named(QLabel(self._container), "emptyState")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.setWidget(self._container)
        self.widgets: dict[str, MessageWidget] = {}  # realised, in path order
        self._branch: Branch = ListedBranch([])
        self._ids: list[str] = []  # the branch shown, root first ("": not read yet)
        self._head = 0  # rows before those not read yet
        self._above = 0  # how many rows are not read yet (after the head)
        self._loaded: dict[str, Message] = {}  # full messages read, in the order read
        self._index_of: dict[str, int] | None = None  # id → index, made when first needed
        self._at: dict[str, int] = {}  # the realised ones' indexes
        self._siblings: dict[str, tuple[int, int]] = {}
        self._rows = BranchHeights(self.fontMetrics())
        self._width = 0
        self._live: dict[str, AnswerSnapshot] = {}
        self._pool: dict[Role, list[MessageWidget]] = {}  # hidden, ready for reuse
        self._tool_inputs = ""  # the answer offering tool-result fields
        self._highlight = ""
        self.search_terms: list[str] = []  # marked in the highlighted message (a search hit)
        self._follow = True
        self._adjusting = False
        self._relayout_queued = False
        self._scrolled_at = 0.0  # when the user last scrolled (refining waits for a pause)
        self._refine_timer = QTimer(self, singleShot=True, interval=0)
        self._refine_timer.timeout.connect(self._refine)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self.tick)
        self.set_empty_text("")

    def set_empty_text(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.setVisible(not self._ids and bool(text))
        self._resize_container()

    @property
    def ids(self) -> Sequence[str]:
        """The branch shown, root first."""
        return self._ids

    def last_id(self) -> str | None:
        return self._ids[-1] if self._ids else None

    def message(self, message_id: str) -> Message | None:
        """A message of the branch in view, as shown (read from the store if needed)."""
        self._load([message_id])
        return self._loaded.get(message_id)

    def last_of(self, role: Role) -> Message | None:
        """The last message of ``role`` in the branch (read back a few at a time)."""
        stop = len(self._ids)
        while stop > 0:
            start = max(0, stop - 16)
            part = self._ids[start:stop]
            self._load(part)
            for message_id in reversed(part):
                message = self._loaded.get(message_id) if message_id else None
                if message is not None and message.role is role:
                    return message
            stop = start
        return None

    # Whole branch

    def show_path(self, path: list[Message], siblings: dict[str, tuple[int, int]]) -> None:
        """A branch at hand, in full."""
        self.show_branch(ListedBranch(path, siblings))

    def show_branch(self, branch: Branch, at: str = "") -> None:
        """Show ``branch`` at its end, or at the message ``at`` (highlighted)."""
        self._drop_all()
        self._branch = branch
        self._above = branch.above
        self._head = len(branch.head) if branch.above else 0
        self._ids = [*branch.head[:self._head], *[""] * branch.above, *branch.ids]
        self._loaded.clear()
        self._index_of = None
        self._siblings = {}
        self._live.clear()
        self._tool_inputs = self._highlight = ""
        self._width = self._column_width()
        self._estimate_all(REFINE_AFTER_MS)
        self._follow = True
        self.empty.setVisible(not self._ids and bool(self.empty.text()))
        self._resize_container()
        if at and self._find(at) is not None:
            self.scroll_to_message(at)
        else:
            self.scroll_to_bottom()

    def showing(self, branch: Branch) -> bool:
        return branch is self._branch

    def complete(self, branch: Branch, ids: list[str]) -> bool:
        """The whole of ``branch`` (shown with only its end read, ``above``, and maybe
        its ``head``): the rows not read yet become its messages; what is on screen
        stays put. False if the view shows another branch, or ``ids`` does not begin
        and end as the branch shown (a search hit's head not on this branch)."""
        end, start, old = branch.ids, self._head, self._above
        if (branch is not self._branch or not old or len(ids) < start + len(end)
                or ids[len(ids) - len(end):] != end or ids[:start] != self._ids[:start]):
            return False
        new = len(ids) - len(end) - start
        delta = new - old
        anchor = self._anchor()
        if anchor is not None and anchor[0] >= start + old:
            anchor = (anchor[0] + delta, anchor[1])
        elif anchor is not None and anchor[0] >= start:
            anchor = (min(anchor[0], start + max(0, new - 1)), anchor[1])
        self._ids[start:start + old] = ids[start:start + new]
        self._above = self._head = 0
        self._index_of = None
        self._at = {m: i + delta if i >= start else i for m, i in self._at.items()}
        self._rows.fill(start, old, new)
        self._resize_container()
        self._restore(anchor)
        self._measure_realised()
        self._realise()
        if self._rows.pending:
            self._refine_timer.start(0)
        return True

    def _load(self, ids: Sequence[str]) -> None:
        """Read the messages of ``ids`` not read yet (and their sibling counts); forget
        the oldest read ones beyond ``LOADED`` that have no widget."""
        wanted = [i for i in ids if i and i not in self._loaded]
        if not wanted:
            return
        found = self._branch.messages(wanted)
        self._siblings.update(self._branch.siblings(list(found)))
        self._loaded.update(found)
        excess = len(self._loaded) - LOADED - len(self.widgets)
        if excess > 0:
            keep = set(ids) | self.widgets.keys() | self._live.keys()
            for message_id in [m for m in self._loaded if m not in keep][:excess]:
                del self._loaded[message_id]
                self._siblings.pop(message_id, None)

    def _drop_all(self) -> None:
        for widget in self.widgets.values():
            self._release(widget)
        self.widgets.clear()
        self._at.clear()

    def _release(self, widget: MessageWidget) -> None:
        """Keep a few widgets per role to show other messages with; delete the rest."""
        widget.hide()
        pool = self._pool.setdefault(widget.message.role, [])
        if len(pool) < POOL:
            widget.release()  # its document and images go now
            pool.append(widget)
        else:
            widget.removeEventFilter(self)
            widget.deleteLater()  # they go with it

    # Geometry

    def _column_width(self) -> int:
        # As if the scroll bar were always there: its coming and going (the first long
        # message) must not make every height stale.
        inner = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        return max(120, min(MAX_WIDTH, inner - 2 * SIDE))

    def _resize_container(self) -> None:
        total = 2 * TOP + self._rows.index.total()
        self._container.resize(self.viewport().width(), max(total, self.viewport().height()))
        if not self.empty.isHidden():  # (isVisible is False until the window shows)
            self.empty.setGeometry(0, 0, self.viewport().width(), self.viewport().height())

    def _top_of(self, index: int) -> int:
        return TOP + self._rows.index.start(index)

    def _x(self) -> int:
        return max(SIDE, (self.viewport().width() - self._width) // 2)

    def _estimate_all(self, delay: int = 0) -> None:
        self._rows.reset(self._branch, self._ids, self._width, self._head)
        if self._rows.pending:
            self._refine_timer.start(delay)

    def _refine(self) -> None:
        """The rest of a long branch estimated a part per turn of the event loop, not
        while the user scrolls; the message at the top of the viewport stays put."""
        if not self._rows.pending:
            return
        if time.monotonic() - self._scrolled_at < 0.25:
            self._refine_timer.start(100)
            return
        anchor = self._anchor()
        self._rows.refine(self._at)
        self._resize_container()
        self._restore(anchor)
        self._measure_realised()  # (their places moved)
        if self._rows.pending:
            self._refine_timer.start(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self._column_width()
        if width != self._width:
            self._width = width
            anchor = self._anchor()
            self._estimate_all()
            for widget in self.widgets.values():
                widget.setFixedWidth(width)
            self._measure_realised()
            self._resize_container()
            self._restore(anchor)
        else:
            self._resize_container()
        self._realise()

    # Realising what is on screen

    def _wanted(self) -> range:
        if not self._ids:
            return range(0)
        value = self.verticalScrollBar().value()
        top = max(0, value - TOP - MARGIN)
        bottom = max(0, value - TOP + self.viewport().height() + MARGIN)
        return range(self._rows.index.at(top), self._rows.index.at(bottom) + 1)

    def _realise(self) -> None:
        if self._adjusting or not self._ids:
            return
        for _ in range(4):  # measured heights move the window: settle it
            wanted = self._wanted()
            keep = {self._ids[i] for i in wanted} | self._live.keys() | {self._tool_inputs}
            for message_id in [m for m in self.widgets if m not in keep]:
                self._release(self.widgets.pop(message_id))
                del self._at[message_id]
            missing = [i for i in wanted if self._ids[i] and self._ids[i] not in self.widgets]
            self._load([self._ids[i] for i in missing])
            missing = [i for i in missing if self._ids[i] in self._loaded]
            if not missing:
                break
            anchor = self._anchor()
            for i in missing:
                self._make(i)
            self.widgets = dict(sorted(self.widgets.items(),
                                       key=lambda item: self._at[item[0]]))
            self._measure_realised()
            self._resize_container()
            self._restore(anchor)

    def _make(self, index: int) -> MessageWidget:
        message = self._loaded[self._ids[index]]
        siblings = self._siblings.get(message.id, (1, 1))
        pool = self._pool.get(message.role)
        if pool:
            widget = pool.pop()
            widget.rebind(message, siblings, fold_thinking=self.fold_thinking)
        else:
            widget = MessageWidget(message, self.renderer, fold_thinking=self.fold_thinking,
                                   siblings=siblings, typesetter=self.typesetter,
                                   parent=self._container)
            widget.action.connect(self.action)
            widget.link_clicked.connect(self.link_clicked)
            widget.installEventFilter(self)
        widget.setFixedWidth(self._width)
        widget.move(self._x(), self._top_of(index))
        live = self._live.get(message.id)
        if live is not None:
            widget.show_live(live)
        if message.id == self._tool_inputs:
            widget.show_tool_inputs(True)
        if message.id == self._highlight:
            self._set_highlight(widget)
        widget.show()
        self.widgets[message.id] = widget
        self._at[message.id] = index
        return widget

    def _find(self, message_id: str) -> int | None:
        """Where a message is in the path: at once for those on screen and the last one
        (streaming); the first other look-up indexes the whole path."""
        index = self._at.get(message_id)
        if index is not None:
            return index
        if self._ids and self._ids[-1] == message_id:
            return len(self._ids) - 1
        if self._index_of is None:
            self._index_of = dict(zip(self._ids, range(len(self._ids)), strict=True))
            self._index_of.pop("", None)
        return self._index_of.get(message_id)

    def _measure_realised(self) -> bool:
        """Measure the realised widgets, place them; True if a height changed."""
        changed = False
        x = self._x()
        for message_id, widget in self.widgets.items():
            layout = widget.layout()
            if layout is not None:
                layout.activate()
            height = widget.heightForWidth(self._width) if widget.hasHeightForWidth() \
                else widget.sizeHint().height()
            height = max(height, widget.minimumSizeHint().height())
            index = self._at[message_id]
            changed |= self._rows.measured(index, message_id, height)
            widget.resize(self._width, height)
        for message_id, widget in self.widgets.items():
            widget.move(x, self._top_of(self._at[message_id]))
        return changed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and not self._relayout_queued:
            self._relayout_queued = True  # a message grew or shrank: once per turn of the loop
            QTimer.singleShot(0, self, self._relayout)  # dropped if the view goes first
        return super().eventFilter(watched, event)  # QScrollArea follows its widget's size

    def _relayout(self) -> None:
        self._relayout_queued = False
        anchor = self._anchor()
        if self._measure_realised():
            self._resize_container()
            self._restore(anchor)
            self._realise()

    def _anchor(self) -> tuple[int, int] | None:
        """The message at the top of the viewport and how far into it; None to follow."""
        if self._follow or not self._ids:
            return None
        value = self.verticalScrollBar().value()
        index = self._rows.index.at(max(0, value - TOP))
        return index, value - self._top_of(index)

    def _restore(self, anchor: tuple[int, int] | None) -> None:
        bar = self.verticalScrollBar()
        self._adjusting = True
        try:
            if anchor is None:
                bar.setValue(bar.maximum())
            else:
                bar.setValue(self._top_of(anchor[0]) + anchor[1])
        finally:
            self._adjusting = False

    # Streaming

    def add_message(self, message: Message, siblings: tuple[int, int] = (1, 1)) -> None:
        if self._index_of is not None:
            self._index_of[message.id] = len(self._ids)
        self._ids.append(message.id)
        self._loaded[message.id] = message
        self._siblings[message.id] = siblings
        self._rows.append(message)
        self.empty.hide()
        self._resize_container()
        if self._follow:
            self._restore(None)
        self._realise()
        if not self._tick.isActive():
            self._tick.start()

    def update_live(self, live: AnswerSnapshot) -> None:
        if self._find(live.message_id) is None:
            return
        self._live[live.message_id] = live
        widget = self.widgets.get(live.message_id)
        if widget is None:
            self._realise()  # kept from now on, on screen or not
            widget = self.widgets.get(live.message_id)
        if widget is not None:
            widget.show_live(live)
        if not self._tick.isActive():
            self._tick.start()

    def finish(self, message: Message) -> None:
        if self._find(message.id) is not None:
            self._loaded[message.id] = message
        self._live.pop(message.id, None)
        widget = self.widgets.get(message.id)
        if widget is not None:
            widget.show_final(message)
        if not self._live:
            self._tick.stop()

    def tick(self) -> None:
        """Refresh the live "Thinking… N s" labels once a second."""
        now = time.monotonic()
        for widget in self.widgets.values():
            live = widget.live
            if live is not None and live.thinking and live.thinking_seconds is not None:
                widget.thinking.set_label(live.thinking_seconds + now - live.taken_at,
                                          live=True)

    def offer_tool_inputs(self, offer: bool) -> None:
        """Result fields under the last answer's tool calls (``offer``), or none."""
        for widget in self.widgets.values():
            widget.show_tool_inputs(False)
        self._tool_inputs = ""
        last = self.message(self._ids[-1]) if self._ids else None
        if offer and last is not None and last.role is Role.ASSISTANT and last.tool_calls:
            self._tool_inputs = last.id
            shown = self.widgets.get(last.id)
            if shown is not None:
                shown.show_tool_inputs(True)

    # Scrolling

    @property
    def following(self) -> bool:
        return self._follow

    def _on_scrolled(self, value: int) -> None:
        if self._adjusting:
            return
        self._follow = value >= self.verticalScrollBar().maximum() - 4
        self._scrolled_at = time.monotonic()
        self._realise()

    def _on_range(self, _minimum: int, maximum: int) -> None:
        if self._follow:
            self._restore(None)

    def scroll_to_bottom(self) -> None:
        self._follow = True
        self._restore(None)
        self._realise()

    def scroll_to_message(self, message_id: str) -> None:
        index = self._find(message_id)
        if index is None:
            return
        self._follow = False
        self._highlight = message_id
        bar = self.verticalScrollBar()
        for _ in range(3):  # estimates above it become measurements: settle
            self._adjusting = True
            bar.setValue(max(0, self._top_of(index) - 40))
            self._adjusting = False
            self._realise()
            if bar.value() == max(0, min(bar.maximum(), self._top_of(index) - 40)):
                break
        widget = self.widgets.get(message_id)
        if widget is not None:
            self._set_highlight(widget)

    def _set_highlight(self, widget: MessageWidget) -> None:
        widget.mark_terms(self.search_terms, dark=self.renderer.dark)
        widget.setProperty("highlight", True)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
