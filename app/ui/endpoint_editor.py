"""Editing one endpoint: its name, base URL, its own headers (a relay's extra header,
``X-Trace-Id``) and "no key needed" for a local server. Problems are said in the dialog;
nothing is saved until they are fixed."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.endpoint import Endpoint, base_url_problem, header_problem
from app.services.i18n import tr_text
from app.ui.named import named

HEADERS_EXAMPLE = "X-Trace-Id: silicondesk\nHTTP-Referer: https://…"  # input, not words


def parse_headers(text: str) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """``Name: value`` lines → headers, or the first problem (in the window's language)."""
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        name, value = name.strip(), value.strip()
        if not colon:
            return (), QCoreApplication.translate("EndpointEditor",
                                                  "Write each header as Name: value.")
        problem = header_problem(name, value)
        if problem is not None:
            return (), tr_text(problem)
        out.append((name, value))
    return tuple(out), None


class EndpointEditor(QDialog):
    def __init__(self, endpoint: Endpoint, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("endpointEditor")
        self.setWindowTitle(self.tr("Edit endpoint"))
        self.setMinimumWidth(460)
        self._endpoint = endpoint
        self.name = named(QLineEdit(endpoint.name), "editEndpointName")
        self.url = named(QLineEdit(endpoint.base_url), "editEndpointUrl")
        self.headers = named(QPlainTextEdit(), "editEndpointHeaders")
        self.headers.setPlainText("\n".join(f"{k}: {v}" for k, v in endpoint.headers))
        self.headers.setPlaceholderText(HEADERS_EXAMPLE)
        self.headers.setMaximumHeight(90)
        self.no_key = named(QCheckBox(self.tr("No key needed (a local server)")),
                            "editEndpointNoKey")
        self.no_key.setChecked(endpoint.no_key)
        self.error = named(QLabel(), "editEndpointError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Base URL"), self.url)
        form.addRow(self.tr("Headers"), self.headers)
        form.addRow("", self.no_key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.result_endpoint: Endpoint | None = None

    def edited(self) -> Endpoint | None:
        """The endpoint as edited, or ``None`` with the problem shown."""
        name, url = self.name.text().strip(), self.url.text().strip().rstrip("/")
        problem = (self.tr("Give the endpoint a name.") if not name
                   else tr_text(why) if (why := base_url_problem(url)) else None)
        headers, header_problem_text = parse_headers(self.headers.toPlainText())
        problem = problem or header_problem_text
        if problem:
            self.error.setText(problem)
            self.error.show()
            return None
        return replace(self._endpoint, name=name, base_url=url, headers=headers,
                       no_key=self.no_key.isChecked())

    def save(self) -> None:
        edited = self.edited()
        if edited is not None:
            self.result_endpoint = edited
            self.accept()
