"""An answer's tokens shaded by probability, with a legend: hover a token for its
alternatives, click it to see its distribution in the panel's chart and to continue the
answer with another token.

The shading is one hue (Okabe–Ito orange) at five lightness steps, stronger the less
likely the token was: readable for every kind of colour blindness (it is lightness, not
hue, that carries the meaning) and on light and dark backgrounds alike (the steps are
blended over the window's own background, and the text keeps the window's colour).
"""

from __future__ import annotations

import bisect
import html
import math
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QHelpEvent,
    QMouseEvent,
    QPalette,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.domain.logprobs import Alternative, Piece, TokenLogprob, alternative_text, heads, pieces
from app.ui.named import named
from app.ui.safe_browser import SafeBrowser

HUE = QColor("#E69F00")
# Lower bounds of each step's probability, most likely first; a step's alpha over the
# background, for a light and a dark window.
STEPS = (0.9, 0.6, 0.3, 0.1, 0.0)
ALPHA_LIGHT = (0, 60, 115, 175, 240)
ALPHA_DARK = (0, 50, 90, 135, 185)


def step_of(probability: float) -> int:
    return next(i for i, low in enumerate(STEPS) if probability >= low)


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def step_colours(palette: QPalette | None = None) -> list[QColor]:
    """The background of each step: the hue at the step's opacity, painted over whatever
    is behind the text (a message's own background), so it blends in either theme."""
    out = []
    for alpha in ALPHA_DARK if is_dark(palette) else ALPHA_LIGHT:
        colour = QColor(HUE)
        colour.setAlpha(alpha)
        out.append(colour)
    return out


def shown(token: str) -> str:
    """A token as a label: spaces and line breaks made visible."""
    return token.replace(" ", "␣").replace("\n", "↵").replace("\t", "⇥") or "∅"


SHOWN_TOKENS = 6_000  # of a longer answer, the tokens laid out at first (then per click)


def piece_probability(tokens: Sequence[Alternative | TokenLogprob], piece: Piece) -> float:
    """A joined piece is as likely as its least likely token."""
    if piece.first == piece.last:
        return math.exp(tokens[piece.first].logprob)
    return min(math.exp(tokens[i].logprob) for i in range(piece.first, piece.last + 1))


class TokenText(SafeBrowser):
    """The shaded text. ``token_clicked(index, global position)`` for a click on a token."""

    token_clicked = Signal(int, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tokenText")
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.viewport().installEventFilter(self)
        self.tokens: Sequence[TokenLogprob] = []
        self.pieces: list[Piece] = []
        self.shown = 0  # how many tokens are laid out
        self._starts: list[int] = []  # each piece's first character in the document
        self.picked: int | None = None

    def show_tokens(self, tokens: Sequence[TokenLogprob], limit: int = SHOWN_TOKENS) -> None:
        """Lay the first ``limit`` tokens out, shaded (consecutive pieces of one step in
        one run): like a long answer's text, a very long one is laid out a part at a time."""
        chosen = heads(tokens, limit)
        self.tokens = tokens
        self.pieces = pieces(chosen)
        self.shown = len(chosen)
        colours = step_colours()
        formats = []
        for colour in colours:
            fmt = QTextCharFormat()
            if colour != colours[0]:
                fmt.setBackground(colour)
            formats.append(fmt)
        document = self.document()
        document.clear()
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        self._starts = []
        position = 0
        run: list[str] = []
        run_step = -1
        for piece in self.pieces:
            self._starts.append(position)
            text = piece.text.replace("\r\n", "\n")
            position += len(text)
            step = step_of(piece_probability(chosen, piece))
            if step != run_step and run:
                cursor.insertText("".join(run), formats[run_step])
                run = []
            run_step = step
            run.append(text)
        if run:
            cursor.insertText("".join(run), formats[run_step])
        cursor.endEditBlock()

    def piece_at(self, point: QPoint) -> int | None:
        """The piece under ``point`` (viewport coordinates)."""
        if not self.pieces:
            return None
        position = self.document().documentLayout().hitTest(
            point.toPointF() + QPoint(self.horizontalScrollBar().value(),
                                      self.verticalScrollBar().value()).toPointF(),
            Qt.HitTestAccuracy.ExactHit)
        if position < 0:
            return None
        return max(0, bisect.bisect_right(self._starts, position) - 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport():
            if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
                index = self.piece_at(event.pos())
                if index is None:
                    QToolTip.hideText()
                else:
                    QToolTip.showText(event.globalPos(), self.tooltip(index), self)
                return True
            if event.type() == QEvent.Type.MouseButtonRelease and \
                    isinstance(event, QMouseEvent) and \
                    event.button() == Qt.MouseButton.LeftButton and \
                    not self.textCursor().hasSelection():
                index = self.piece_at(event.position().toPoint())
                if index is not None:
                    self.picked = self.pieces[index].first
                    self.token_clicked.emit(self.picked, event.globalPosition().toPoint())
        return super().eventFilter(watched, event)

    def tooltip(self, index: int) -> str:
        """The token's probability and its alternatives with percentages (rich text of
        escaped model output: nothing in a token can load or link)."""
        token = self.tokens[self.pieces[index].first]
        rows = [f"<b>{html.escape(shown(alternative_text(token.chosen)))}</b> "
                f"{token.probability:.1%}"]
        for alt in token.top:
            mark = "✓ " if alt.token == token.token else ""
            rows.append(f"{mark}{html.escape(shown(alternative_text(alt)))} "
                        f"{alt.probability:.1%}")
        if not token.top:
            rows.append(self.tr("(no alternatives were sent)"))
        return "<br>".join(rows)


class Legend(QWidget):
    """The steps' colours and what they mean."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tokenLegend")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(named(QLabel(self.tr("Probability:")), "legendTitle"))
        self.swatches: list[QLabel] = []
        labels = ("≥ 90%", "60–90%", "30–60%", "10–30%", "< 10%")
        for label in labels:
            swatch = named(QLabel(label), "legendSwatch")
            swatch.setContentsMargins(4, 0, 4, 0)
            self.swatches.append(swatch)
            row.addWidget(swatch)
        row.addStretch(1)
        self.paint()

    def paint(self) -> None:
        colours = step_colours()
        border = self.palette().color(QPalette.ColorRole.Mid).name()
        for swatch, colour in zip(self.swatches, colours, strict=True):
            rgba = f"rgba({colour.red()}, {colour.green()}, {colour.blue()}, {colour.alpha()})"
            swatch.setStyleSheet(f"QLabel {{ background: {rgba}; "
                                 f"border: 1px solid {border}; border-radius: 3px; }}")


class TokenView(QWidget):
    """The legend, then the shaded text; ``pick(index)`` after a click on a token and
    ``continue_with(index, alternative)`` from its menu."""

    picked = Signal(int)
    continue_with = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tokenView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.legend = Legend()
        layout.addWidget(self.legend)
        self.text = TokenText()
        layout.addWidget(self.text)
        self.more = named(QPushButton(), "showMoreTokens")
        self.more.hide()
        self.more.clicked.connect(self._show_more)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        self.text.token_clicked.connect(self._clicked)
        self.menu: QMenu | None = None
        self._limit = SHOWN_TOKENS

    def show_tokens(self, tokens: Sequence[TokenLogprob], limit: int = SHOWN_TOKENS) -> None:
        self.legend.paint()
        self._limit = limit
        self.text.show_tokens(tokens, limit)
        left = len(tokens) - self.text.shown
        self.more.setText(self.tr("Show more ({0} of {1} tokens left)").format(
            left, len(tokens)))
        self.more.setVisible(left > 0)

    def _show_more(self) -> None:
        self.show_tokens(self.text.tokens, self._limit + SHOWN_TOKENS)

    def _clicked(self, index: int, where: QPoint) -> None:
        self.picked.emit(index)
        token = self.text.tokens[index]
        menu = self.menu = QMenu(self)
        menu.setObjectName("tokenMenu")
        for i, alt in enumerate(token.top):
            if alt.token == token.token:
                continue
            label = shown(alternative_text(alt)).replace("&", "&&")  # no mnemonic
            action = menu.addAction(self.tr("Continue with “{0}” ({1})").format(
                label, f"{alt.probability:.1%}"))
            action.triggered.connect(lambda _=False, i=i: self.continue_with.emit(index, i))
        if not menu.isEmpty():
            menu.popup(where)
