"""Settings: look, sending, network, and the endpoints (with their keys)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.endpoint import Endpoint, base_url_problem, endpoint_id_for
from app.services.i18n import tr_text
from app.storage.settings import Settings
from app.ui.attachment_settings import AttachmentSettings
from app.ui.endpoint_editor import EndpointEditor
from app.ui.named import named
from app.ui.title_settings import TitleSettings
from app.ui.tr_noop import QT_TRANSLATE_NOOP

THEMES = [("system", QT_TRANSLATE_NOOP("SettingsDialog", "Follow the system")),
          ("light", QT_TRANSLATE_NOOP("SettingsDialog", "Light")),
          ("dark", QT_TRANSLATE_NOOP("SettingsDialog", "Dark"))]
PROXIES = [("system", QT_TRANSLATE_NOOP("SettingsDialog", "System proxy")),
           ("none", QT_TRANSLATE_NOOP("SettingsDialog", "No proxy")),
           ("url", QT_TRANSLATE_NOOP("SettingsDialog", "This proxy:"))]
# A language is named in itself, so a reader finds theirs whatever the window speaks.
LANGUAGES = [("system", QT_TRANSLATE_NOOP("SettingsDialog", "Follow the system")),
             ("en", "English"), ("zh_CN", "简体中文")]


def _combo(name: str, items: list[tuple[str, str]], current: str) -> QComboBox:
    box = named(QComboBox(), name)
    for value, text in items:
        box.addItem(QCoreApplication.translate("SettingsDialog", text),  # lupdate: marked above
                    value)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, *, set_key: Callable[[Endpoint], object],
                 tools: QWidget | None = None,
                 has_key: Callable[[Endpoint], bool] | None = None,
                 parent: QWidget | None = None) -> None:
        """``tools``: the Tools tab (MCP servers), when the window has them."""
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)
        self._set_key = set_key
        self._has_key = has_key
        self.editor: EndpointEditor | None = None
        s = settings
        self.theme = _combo("settingTheme", THEMES, s.theme)
        self.language = _combo("settingLanguage", LANGUAGES, s.language)
        self.ctrl_enter = named(QCheckBox(self.tr("Send with Ctrl+Enter (Enter adds a line)")),
                                "settingCtrlEnter")
        self.ctrl_enter.setChecked(s.send_key == "ctrl_enter")
        self.fold = named(QCheckBox(self.tr("Fold the thinking block when the answer starts")),
                          "settingFoldThinking")
        self.fold.setChecked(s.fold_thinking)
        general = QWidget()
        form = QFormLayout(general)
        form.addRow(self.tr("Theme"), self.theme)
        form.addRow(self.tr("Language"), self.language)
        language_note = named(
            QLabel(self.tr("The language changes when SiliconDesk starts again.")), "languageNote")
        language_note.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("", language_note)
        form.addRow(self.ctrl_enter)
        form.addRow(self.fold)
        self.titles = TitleSettings(s.title_mode, s.title_model)
        form.addRow(self.tr("Titles written by"), self.titles)

        self.proxy_mode = _combo("settingProxyMode", PROXIES, s.proxy_mode)
        self.proxy_url = named(QLineEdit(s.proxy_url), "settingProxyUrl")
        self.proxy_url.setPlaceholderText("http://host:port, socks5://host:port")
        self.connect_timeout = named(QDoubleSpinBox(), "settingConnectTimeout")
        self.connect_timeout.setRange(1, 120)
        self.connect_timeout.setValue(s.connect_timeout)
        self.connect_timeout.setSuffix(self.tr(" s"))
        self.read_timeout = named(QDoubleSpinBox(), "settingReadTimeout")
        self.read_timeout.setRange(5, 3600)
        self.read_timeout.setValue(s.read_timeout)
        self.read_timeout.setSuffix(self.tr(" s"))
        self.retries = named(QSpinBox(), "settingRetries")
        self.retries.setRange(0, 10)
        self.retries.setValue(s.retry_count)
        network = QWidget()
        net = QFormLayout(network)
        row = QHBoxLayout()
        row.addWidget(self.proxy_mode)
        row.addWidget(self.proxy_url, 1)
        net.addRow(self.tr("Proxy"), row)
        net.addRow(self.tr("Connect timeout"), self.connect_timeout)
        net.addRow(self.tr("Silence allowed while answering"), self.read_timeout)
        net.addRow(self.tr("Retries (429, 503, 504, network)"), self.retries)
        note = QLabel(self.tr("Proxy changes apply when SiliconDesk next starts."))
        note.setTextFormat(Qt.TextFormat.PlainText)
        net.addRow(note)

        self.endpoints: list[Endpoint] = [e for e in s.all_endpoints() if not e.builtin]
        self.builtin = [e for e in s.all_endpoints() if e.builtin]
        self.endpoint_list = named(QListWidget(), "endpointList")
        self.name = named(QLineEdit(), "endpointName")
        self.name.setPlaceholderText(self.tr("Name, e.g. Ollama"))
        self.url = named(QLineEdit(), "endpointUrl")
        self.url.setPlaceholderText("http://localhost:11434/v1")
        self.endpoint_error = named(QLabel(), "endpointError")
        self.endpoint_error.setTextFormat(Qt.TextFormat.PlainText)
        add = named(QPushButton(self.tr("Add endpoint")), "addEndpoint")
        remove = named(QPushButton(self.tr("Remove")), "removeEndpoint")
        key = named(QPushButton(self.tr("Set key…")), "setEndpointKey")
        add.clicked.connect(self.add_endpoint)
        remove.clicked.connect(self.remove_endpoint)
        key.clicked.connect(self._on_set_key)
        edit = named(QPushButton(self.tr("Edit…")), "editEndpoint")
        edit.clicked.connect(self.edit_endpoint)
        endpoints = QWidget()
        box = QVBoxLayout(endpoints)
        box.addWidget(self.endpoint_list)
        buttons = QHBoxLayout()
        buttons.addWidget(key)
        buttons.addWidget(edit)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        box.addLayout(buttons)
        form2 = QFormLayout()
        form2.addRow(self.tr("Name"), self.name)
        form2.addRow(self.tr("Base URL"), self.url)
        box.addLayout(form2)
        box.addWidget(self.endpoint_error)
        box.addWidget(add, 0, Qt.AlignmentFlag.AlignRight)
        self._fill_endpoints()

        tabs = QTabWidget()
        tabs.addTab(general, self.tr("General"))
        tabs.addTab(network, self.tr("Network"))
        tabs.addTab(endpoints, self.tr("Endpoints"))
        self.attachments = AttachmentSettings(s)
        tabs.addTab(self.attachments, self.tr("Attachments"))
        if tools is not None:
            tabs.addTab(tools, self.tr("Tools"))
        dialog_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                          | QDialogButtonBox.StandardButton.Cancel)
        dialog_buttons.accepted.connect(self.accept)
        dialog_buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(dialog_buttons)
        self._settings = settings

    def _fill_endpoints(self) -> None:
        self.endpoint_list.clear()
        for endpoint in [*self.builtin, *self.endpoints]:
            item = QListWidgetItem(f"{endpoint.name} — {endpoint.base_url}"
                                   + self._key_mark(endpoint))
            item.setData(Qt.ItemDataRole.UserRole, endpoint)
            self.endpoint_list.addItem(item)

    def _key_mark(self, endpoint: Endpoint) -> str:
        if endpoint.no_key:
            return self.tr(" (no key needed)")
        if self._has_key is not None:
            return self.tr(" (key set)") if self._has_key(endpoint) else self.tr(" (no key)")
        return ""

    def edit_endpoint(self) -> EndpointEditor | None:
        """Name, base URL, headers and "no key needed" of the selected endpoint."""
        endpoint = self._selected()
        if endpoint is None or endpoint.builtin:
            return None
        self.editor = EndpointEditor(endpoint, parent=self)
        self.editor.accepted.connect(self._apply_edit)
        self.editor.open()
        return self.editor

    def _apply_edit(self) -> None:
        edited = self.editor.result_endpoint if self.editor is not None else None
        if edited is not None:
            self.endpoints = [edited if e.id == edited.id else e for e in self.endpoints]
            self._fill_endpoints()

    def add_endpoint(self) -> bool:
        name, url = self.name.text().strip(), self.url.text().strip().rstrip("/")
        problem = base_url_problem(url) if name else self.tr("Give the endpoint a name.")
        if problem:
            self.endpoint_error.setText(tr_text(problem))
            return False
        taken = {e.id for e in [*self.builtin, *self.endpoints]}
        self.endpoints.append(Endpoint(endpoint_id_for(name, taken), name, url))
        self.name.clear()
        self.url.clear()
        self.endpoint_error.clear()
        self._fill_endpoints()
        return True

    def _selected(self) -> Endpoint | None:
        item = self.endpoint_list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item else None
        return value if isinstance(value, Endpoint) else None

    def remove_endpoint(self) -> None:
        endpoint = self._selected()
        if endpoint is not None and not endpoint.builtin:
            self.endpoints = [e for e in self.endpoints if e.id != endpoint.id]
            self._fill_endpoints()

    def _on_set_key(self) -> None:
        endpoint = self._selected()
        if endpoint is not None:
            self._set_key(endpoint)

    def result_settings(self) -> Settings:
        """The settings as edited (call after the dialog is accepted)."""
        import dataclasses

        return dataclasses.replace(
            self._settings,
            theme=self.theme.currentData(), language=self.language.currentData(),
            send_key="ctrl_enter" if self.ctrl_enter.isChecked() else "enter",
            fold_thinking=self.fold.isChecked(), proxy_mode=self.proxy_mode.currentData(),
            proxy_url=self.proxy_url.text().strip(),
            connect_timeout=self.connect_timeout.value(), read_timeout=self.read_timeout.value(),
            retry_count=self.retries.value(),
            endpoints=[e.to_json() for e in self.endpoints],
            title_mode=self.titles.mode_value(), title_model=self.titles.model_value(),
            **self.attachments.values(),
        )
