"""An answer's parameters: formatted JSON in a viewer with Copy; the preview's Copy says so."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.ui.params_viewer import ParamsViewer
from tests.ui.conftest import App


def test_the_viewer_shows_formatted_json_and_copies_it(qtbot: QtBot) -> None:
    params = {"model": "Qwen/Qwen3-8B", "temperature": 0.7, "stop": ["END", "停"]}
    viewer = ParamsViewer(params)
    qtbot.addWidget(viewer)
    text = viewer.findChild(QPlainTextEdit, "paramsText")
    assert text is not None and text.isReadOnly()
    assert json.loads(text.toPlainText()) == params
    assert '\n  "temperature": 0.7' in text.toPlainText() and "停" in text.toPlainText()
    viewer.copy_button.click()
    assert json.loads(QGuiApplication.clipboard().text()) == params
    assert viewer.copy_button.text() == "Copied"


def test_copying_the_request_says_so(make_app: Callable[..., App]) -> None:
    app = make_app()
    app.run(app.window.params.refresh_preview())
    app.window.panel.buttons["curl"].click()
    assert QGuiApplication.clipboard().text().startswith("curl")
    assert "Copied" in app.window.statusBar().currentMessage()
