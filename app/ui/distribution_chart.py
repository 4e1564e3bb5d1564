"""A small live chart: how the sampling fields reshape an example next-token distribution."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.sampling import EXAMPLE_TOKENS, example_tokens, reshape
from app.services.i18n import tr_text


class DistributionChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("distributionChart")
        self.setAccessibleName(self.tr("Next-token distribution"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(110)
        self.tokens = example_tokens(tr_text(EXAMPLE_TOKENS))
        self.probabilities = reshape()
        self.baseline = reshape()

    def sizeHint(self) -> QSize:
        return QSize(260, 110)

    def update_params(self, temperature: float | None, top_k: float | None,
                      top_p: float | None, min_p: float | None) -> None:
        self.probabilities = reshape(temperature=temperature, top_k=top_k, top_p=top_p,
                                     min_p=min_p)
        self.setToolTip(self.tr(", ").join(
            self.tr("{0}: {1}").format(t, f"{p:.0%}")
            for t, p in zip(self.tokens, self.probabilities, strict=True) if p))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        accent = palette.highlight().color()
        muted = palette.placeholderText().color()
        width = self.width()
        chart_h = self.height() - 18
        count = len(self.probabilities)
        slot = width / count
        top = max(max(self.probabilities), max(self.baseline), 1e-9)
        for i, (p, base) in enumerate(zip(self.probabilities, self.baseline, strict=True)):
            x = i * slot + 2
            ghost = QColor(muted)
            ghost.setAlpha(60)
            h_base = base / top * (chart_h - 4)
            painter.fillRect(QRectF(x, chart_h - h_base, slot - 4, h_base), ghost)
            h = p / top * (chart_h - 4)
            painter.fillRect(QRectF(x + 2, chart_h - h, slot - 8, h), accent)
        painter.setPen(muted)
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() - 2))
        painter.setFont(font)
        for i, token in enumerate(self.tokens):
            painter.drawText(QRectF(i * slot, chart_h + 2, slot, 14),
                             Qt.AlignmentFlag.AlignHCenter, token)
        painter.end()
