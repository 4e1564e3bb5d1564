"""A small live chart: how the sampling fields reshape a next-token distribution — an
example one, or the real one at a token the user clicked in an answer's probabilities.

The real one is the server's top alternatives at that token, renormalised over
themselves, then the panel's temperature, top_k, top_p and min_p applied in that order
(``app.domain.sampling``: vLLM's order; llama.cpp's server applies temperature last)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.sampling import EXAMPLE_LOGITS, EXAMPLE_TOKENS, example_tokens, reshape
from app.services.i18n import tr_text


class DistributionChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("distributionChart")
        self.setAccessibleName(self.tr("Next-token distribution"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(110)
        self.logits: tuple[float, ...] = EXAMPLE_LOGITS
        self.tokens = example_tokens(tr_text(EXAMPLE_TOKENS))
        self.chosen: int | None = None  # the token the answer has (real distributions)
        self.real = False
        self._params: tuple[float | None, ...] = (None, None, None, None)
        self.probabilities = reshape()
        self.baseline = reshape()

    def sizeHint(self) -> QSize:
        return QSize(260, 110)

    def update_params(self, temperature: float | None, top_k: float | None,
                      top_p: float | None, min_p: float | None) -> None:
        self._params = (temperature, top_k, top_p, min_p)
        self._reshape()

    def show_real(self, tokens: list[str], logits: tuple[float, ...], chosen: int) -> None:
        """The distribution at a clicked token (see the module's docstring)."""
        self.tokens, self.logits, self.chosen, self.real = tokens, logits, chosen, True
        self.baseline = reshape(logits)
        self._reshape()

    def show_example(self) -> None:
        self.logits, self.chosen, self.real = EXAMPLE_LOGITS, None, False
        self.tokens = example_tokens(tr_text(EXAMPLE_TOKENS))
        self.baseline = reshape()
        self._reshape()

    def _reshape(self) -> None:
        temperature, top_k, top_p, min_p = self._params
        self.probabilities = reshape(self.logits, temperature=temperature, top_k=top_k,
                                     top_p=top_p, min_p=min_p)
        self.setToolTip(self.tr(", ").join(
            self.tr("{0}: {1}").format(_label(t), f"{p:.0%}")
            for t, p in zip(self.tokens, self.probabilities, strict=True) if p))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        accent = palette.highlight().color()
        muted = palette.placeholderText().color()
        width = self.width()
        label_h = 14 if self.real else 0  # percentages above the bars
        chart_h = self.height() - 18
        count = len(self.probabilities)
        slot = width / count
        top = max(max(self.probabilities), max(self.baseline), 1e-9)
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() - 2))
        painter.setFont(font)
        for i, (p, base) in enumerate(zip(self.probabilities, self.baseline, strict=True)):
            x = i * slot + 2
            ghost = QColor(muted)
            ghost.setAlpha(60)
            h_base = base / top * (chart_h - 4 - label_h)
            painter.fillRect(QRectF(x, chart_h - h_base, slot - 4, h_base), ghost)
            h = p / top * (chart_h - 4 - label_h)
            painter.fillRect(QRectF(x + 2, chart_h - h, slot - 8, h), accent)
            if self.real:
                painter.setPen(palette.text().color() if p else muted)
                painter.drawText(QRectF(i * slot, chart_h - max(h, h_base) - label_h, slot,
                                        label_h), Qt.AlignmentFlag.AlignHCenter,
                                 f"{p:.0%}" if p else "×")
        for i, token in enumerate(self.tokens):
            bold = i == self.chosen
            font.setBold(bold)
            painter.setFont(font)
            painter.setPen(palette.text().color() if bold else muted)
            painter.drawText(QRectF(i * slot, chart_h + 2, slot, 14),
                             Qt.AlignmentFlag.AlignHCenter, _label(token))
        painter.end()


def _label(token: str) -> str:
    return token.replace(" ", "␣").replace("\n", "↵").replace("\t", "⇥") or "∅"
