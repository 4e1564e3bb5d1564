"""What a finished run shows below its columns: the summary table (per sweep value, or per
arm) and a word-level diff of any two arms."""

from __future__ import annotations

import asyncio
import html
from collections.abc import Sequence

import shiboken6
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.lab import DiffPiece, SummaryRow, word_diff
from app.ui.named import named


class SummaryTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 8, parent)
        self.setObjectName("labSummary")
        self.setHorizontalHeaderLabels([
            self.tr("Arm / value"), self.tr("Answers"), self.tr("Mean length (chars)"),
            self.tr("Mean completion tokens"), self.tr("Distinct-2"), self.tr("JSON parsed"),
            self.tr("Finish reasons"), self.tr("Failed")])
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()

    def show_rows(self, rows: Sequence[SummaryRow]) -> None:
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            json_ok = f"{row.json_ok[0]}/{row.json_ok[1]}" if row.json_ok else "—"
            cells = [
                row.label, str(row.answers),
                f"{row.mean_chars:.0f}" if row.mean_chars is not None else "—",
                f"{row.mean_completion_tokens:.1f}"
                if row.mean_completion_tokens is not None else "—",
                f"{row.distinct_2:.2f}" if row.distinct_2 is not None else "—",
                json_ok,
                ", ".join(f"{k} {v}" for k, v in row.finish_reasons.items()),
                str(row.failed)]
            for c, text in enumerate(cells):
                self.setItem(r, c, QTableWidgetItem(text))
        self.resizeColumnsToContents()


class DiffView(QWidget):
    """Two arms' answers, word by word: removed struck through, added underlined."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labDiffPanel")
        self.left = named(QComboBox(), "labDiffLeft")
        self.right = named(QComboBox(), "labDiffRight")
        self.view = named(QTextBrowser(), "labDiff")
        self.view.setOpenLinks(False)
        self._texts: list[str] = []
        self._wanted = (-1, -1)
        self.shown: list[DiffPiece] = []
        self.pending: asyncio.Future[None] | None = None
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Compare")))
        row.addWidget(self.left)
        row.addWidget(QLabel(self.tr("with")))
        row.addWidget(self.right)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.view)
        self.left.currentIndexChanged.connect(self.refresh)
        self.right.currentIndexChanged.connect(self.refresh)

    def set_answers(self, labels: Sequence[str], texts: Sequence[str]) -> None:
        self._texts = list(texts)
        self._wanted = (-1, -1)
        for box, start in ((self.left, 0), (self.right, 1)):
            box.blockSignals(True)
            box.clear()
            box.addItems(list(labels))
            box.setCurrentIndex(min(start, len(labels) - 1))
            box.blockSignals(False)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Diff the chosen two in a worker thread (long answers take a while), only while
        the diff is on screen; only the newest choice is shown."""
        if not self.isVisible():
            return
        a, b = self.left.currentIndex(), self.right.currentIndex()
        if self._wanted == (a, b):  # computed, or being computed, for these texts
            return
        self._wanted = (a, b)
        if not (0 <= a < len(self._texts) and 0 <= b < len(self._texts)):
            self.view.clear()
            return
        self.view.setPlainText(self.tr("Comparing…"))
        self.pending = asyncio.ensure_future(self._diff(a, b, self._texts[a], self._texts[b]))

    async def _diff(self, a: int, b: int, left: str, right: str) -> None:
        pieces = await asyncio.to_thread(word_diff, left, right)
        # The lab window may have closed meanwhile: then there is nothing to show it in.
        if shiboken6.isValid(self) and self._wanted == (a, b):
            self.show_pieces(pieces)

    def show_pieces(self, pieces: Sequence[DiffPiece]) -> None:
        self.shown = list(pieces)
        out = []
        for piece in pieces:
            text = html.escape(piece.text).replace("\n", "<br>")
            if piece.kind == "removed":
                out.append(f'<span style="background:#fdd;text-decoration:line-through">'
                           f"{text}</span>")
            elif piece.kind == "added":
                out.append(f'<span style="background:#dfd;text-decoration:underline">'
                           f"{text}</span>")
            else:
                out.append(text)
        self.view.setHtml("".join(out))
