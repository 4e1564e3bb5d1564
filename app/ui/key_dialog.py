"""Asking for an API key: paste, test it against /models, keep it in the keyring.

Without a usable keyring the dialog says why and keeps the key for this session only.
A locked or refusing keyring gets its message and another try, never a hang.
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Awaitable, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiError, AuthenticationFailed
from app.domain.endpoint import SILICONFLOW_KEYS_PAGE as KEYS_PAGE
from app.services.background import Background
from app.services.i18n import tr_error, tr_text
from app.storage.secrets import SecretsError
from app.ui.named import named

CheckKey = Callable[[str], Awaitable[list[str]]]
SaveKey = Callable[[str, bool], Awaitable[None]]


class KeyDialog(QDialog):
    def __init__(
        self,
        endpoint_name: str,
        check: CheckKey,
        save: SaveKey,
        *,
        keyring_usable: bool,
        keyring_reason: str,
        background: Background,
        reason: str = "",
        siliconflow: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        """``siliconflow``: the key is for SiliconFlow (the dialog says where its keys are
        made; another endpoint's keys come from wherever that server says)."""
        super().__init__(parent)
        self._background = background
        self.setObjectName("keyDialog")
        self.setWindowTitle(self.tr("API key — {0}").format(endpoint_name))
        self.setMinimumWidth(480)
        self._check = check
        self._save = save
        self._task: asyncio.Task[bool] | None = None
        self.models: list[str] = []

        intro = named(QLabel(), "keyIntro")
        intro.setTextFormat(Qt.TextFormat.RichText)  # our own text and link only
        intro.setOpenExternalLinks(True)
        intro.setWordWrap(True)
        if siliconflow:
            link = f'<a href="{KEYS_PAGE}">{KEYS_PAGE}</a>'
            text = self.tr("SiliconDesk needs an API key for {0}. Keys are made at {1}."
                           ).format(html.escape(endpoint_name), link)
        else:
            text = self.tr("SiliconDesk needs the API key for {0}, as that server gives it "
                           "(a local server may take any text).").format(
                html.escape(endpoint_name))
        if reason:
            text = html.escape(reason) + "<br><br>" + text
        intro.setText(text)
        self.field = named(QLineEdit(), "apiKeyField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText("sk-…")
        self.field.setAccessibleName(self.tr("API key"))
        self.session_only = named(QCheckBox(self.tr("Keep for this session only")), "sessionOnly")
        self.keyring_note = named(QLabel(), "keyringNote")
        self.keyring_note.setTextFormat(Qt.TextFormat.PlainText)
        self.keyring_note.setWordWrap(True)
        if not keyring_usable:
            self.session_only.setChecked(True)
            self.session_only.setEnabled(False)
            self.keyring_note.setText(self.tr(
                "{0} The key will be kept for this session only. To skip this step, start "
                "SiliconDesk with the SILICONFLOW_API_KEY environment variable set.").format(
                    keyring_reason))
        else:
            self.keyring_note.setText(self.tr("The key is kept in your system keyring."))
        self.status = named(QLabel(), "keyStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.test_button = named(QPushButton(self.tr("Test and save")), "testKeyButton")
        self.test_button.setDefault(True)
        self.save_untested = named(QPushButton(self.tr("Save without testing")), "saveUntested")
        self.save_untested.hide()
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_untested, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.field, self.session_only, self.keyring_note, self.status,
                       buttons):
            layout.addWidget(widget)
        self.test_button.clicked.connect(lambda: self._run(test=True))
        self.save_untested.clicked.connect(lambda: self._run(test=False))
        self.field.textChanged.connect(lambda t: self.test_button.setEnabled(bool(t.strip())))
        self.test_button.setEnabled(False)

    def _run(self, *, test: bool) -> None:
        if self._task is None or self._task.done():
            self._task = self._background.spawn(self.submit(test=test), "key check")

    async def submit(self, *, test: bool = True) -> bool:
        key = self.field.text().strip()
        if not key:
            return False
        self.test_button.setEnabled(False)
        self.save_untested.setEnabled(False)
        try:
            if test:
                self.status.setText(self.tr("Checking the key…"))
                try:
                    self.models = await self._check(key)
                except AuthenticationFailed as err:
                    self.status.setText(tr_error(err.to_json()))
                    return False
                except ApiError as err:
                    self.status.setText(self.tr(
                        "{0} The key could not be checked; you can save it without testing.")
                        .format(tr_error(err.to_json())))
                    self.save_untested.show()
                    return False
            try:
                await self._save(key, self.session_only.isChecked())
            except SecretsError as err:
                self.status.setText(self.tr(
                    "{0} Try again, or keep the key for this session only.").format(
                        tr_text(err.text)))
                return False
            self.accept()
            return True
        finally:
            self.test_button.setEnabled(bool(self.field.text().strip()))
            self.save_untested.setEnabled(True)
            self.adjustSize()  # a longer message makes the dialog taller, never clipped
