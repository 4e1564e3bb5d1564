"""The lab's arms: 1 to 6 rows, each an endpoint and request fields written as the command
line writes them (``model=…,temperature=…,seed=3``), started from the panel, a preset or
another arm, with a badge saying how it differs from arm 1."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.endpoint import Endpoint
from app.domain.lab import MAX_ARMS, LabSpecError, differences, params_with, parse_arm
from app.domain.params import ChatParams
from app.services.i18n import tr_text
from app.ui.named import named


def fields_text(params: dict[str, Any]) -> str:
    """Stored params as an arm's text: ``name=value`` with JSON values, text as is."""
    def show(value: Any) -> str:
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    return ",".join(f"{k}={show(v)}" for k, v in params.items() if v is not None)


class ArmRow(QWidget):
    changed = Signal()
    remove = Signal(object)  # this row

    def __init__(self, number: int, endpoints: list[Endpoint], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName(f"labArm{number}")
        self.title = named(QLabel(), "labArmTitle")
        self.source = named(QComboBox(), "labArmSource")
        self.source.setToolTip(self.tr("Start this arm from the panel, a preset or another arm"))
        self.endpoint = named(QComboBox(), "labArmEndpoint")
        for endpoint in endpoints:
            self.endpoint.addItem(endpoint.name or endpoint.base_url, endpoint.id)
        self.endpoint.setVisible(len(endpoints) > 1)
        self.fields = named(QLineEdit(), "labArmFields")
        self.fields.setPlaceholderText(self.tr("model=…,temperature=0.7,top_p=0.9,seed=3"))
        self.fields.setAccessibleName(self.tr("Request fields of this arm"))
        self.badge = named(QLabel(), "labArmBadge")
        self.badge.setWordWrap(True)
        self.remove_button = named(QPushButton(self.tr("Remove")), "labArmRemove")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.title)
        row.addWidget(self.source)
        row.addWidget(self.endpoint)
        row.addWidget(self.fields, 3)
        row.addWidget(self.badge, 2)
        row.addWidget(self.remove_button)
        self.fields.textChanged.connect(self.changed)
        self.endpoint.currentIndexChanged.connect(self.changed)
        self.remove_button.clicked.connect(lambda: self.remove.emit(self))
        self.set_number(number)

    def set_number(self, number: int) -> None:
        self.number = number
        self.title.setText(self.tr("Arm {0}").format(number))

    def endpoint_id(self) -> str | None:
        data = self.endpoint.currentData()
        return str(data) if self.endpoint.count() > 1 and data is not None else None

    def params(self, base: dict[str, Any]) -> ChatParams:
        """The arm's fields on top of ``base`` (raises LabSpecError)."""
        return params_with(base, parse_arm(self.fields.text()))


class ArmsEditor(QWidget):
    """``panel_params()`` and ``presets()`` are read when the user starts an arm from
    them; ``base`` is what every arm's fields go on top of (the conversation's)."""

    changed = Signal()

    def __init__(self, endpoints: list[Endpoint], panel_params: Callable[[], dict[str, Any]],
                 presets: Callable[[], dict[str, dict[str, Any]]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labArms")
        self._endpoints = endpoints
        self._panel = panel_params
        self._presets = presets
        self.base: dict[str, Any] = {}
        self.rows: list[ArmRow] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = named(QPushButton(self.tr("Add arm")), "labAddArm")
        self.add_button.clicked.connect(lambda: self.add_arm())
        self._layout.addWidget(self.add_button)

    def add_arm(self, fields: dict[str, Any] | None = None) -> ArmRow | None:
        """A new arm: these fields, else a copy of the last arm, else the panel's."""
        if len(self.rows) >= MAX_ARMS:
            return None
        row = ArmRow(len(self.rows) + 1, self._endpoints)
        if fields is not None:
            row.fields.setText(fields_text(fields))
        elif self.rows:
            row.fields.setText(self.rows[-1].fields.text())
            row.endpoint.setCurrentIndex(self.rows[-1].endpoint.currentIndex())
        else:
            row.fields.setText(fields_text(self._panel()))
        row.changed.connect(self.refresh)
        row.remove.connect(self._remove)
        row.source.activated.connect(lambda _i, r=row: self._start_from(r))
        self.rows.append(row)
        self._layout.insertWidget(self._layout.count() - 1, row)
        self.refresh()
        return row

    def _remove(self, row: ArmRow) -> None:
        if len(self.rows) <= 1:
            return
        self.rows.remove(row)
        self._layout.removeWidget(row)
        row.deleteLater()
        for number, other in enumerate(self.rows, start=1):
            other.set_number(number)
        self.refresh()

    def _sources(self) -> list[tuple[str, dict[str, Any] | None]]:
        out: list[tuple[str, dict[str, Any] | None]] = [
            (self.tr("Start from…"), None), (self.tr("The panel"), self._panel())]
        out += [(self.tr("Preset: {0}").format(name), dict(params))
                for name, params in sorted(self._presets().items())]
        return out

    def _start_from(self, row: ArmRow) -> None:
        index = row.source.currentIndex()
        data = row.source.itemData(index)
        if isinstance(data, dict):
            row.fields.setText(fields_text(data))
        elif isinstance(data, int) and 0 <= data < len(self.rows):
            row.fields.setText(self.rows[data].fields.text())
        row.source.setCurrentIndex(0)

    def refresh(self) -> None:
        """The source boxes, the badges, and whether arms can be added or removed."""
        sources = self._sources()
        for row in self.rows:
            row.source.blockSignals(True)
            row.source.clear()
            for label, params in sources:
                row.source.addItem(label, params)
            for i, other in enumerate(self.rows):
                if other is not row:
                    row.source.addItem(self.tr("Arm {0}").format(i + 1), i)
            row.source.blockSignals(False)
            row.remove_button.setEnabled(len(self.rows) > 1)
        self.add_button.setEnabled(len(self.rows) < MAX_ARMS)
        self._badges()
        self.changed.emit()

    def _badges(self) -> None:
        try:
            first = self.rows[0].params(self.base) if self.rows else None
        except LabSpecError:
            first = None
        for row in self.rows:
            try:
                mine = row.params(self.base)
            except LabSpecError as err:
                row.badge.setText(tr_text(err.text))
                continue
            if row is self.rows[0] or first is None:
                row.badge.setText("")
                continue
            diff = differences(first, mine, self.rows[0].endpoint_id(), row.endpoint_id())
            row.badge.setText(" · ".join(diff) if diff else self.tr("same as arm 1"))

    def arms(self) -> list[tuple[ChatParams, str | None]]:
        """Every arm's parameters and endpoint (raises LabSpecError)."""
        return [(row.params(self.base), row.endpoint_id()) for row in self.rows]
