"""Counts in sentences agree with their number: "1 conversation", "2 conversations",
and Chinese says it once (no "(s)"), through Qt's %n and the English catalogue."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from app.domain.chat import Role
from app.services.i18n import install_translators
from app.storage.export import export_json
from app.storage.history import HistoryStore
from tests.ui.conftest import App

AppFactory = Callable[..., App]


@pytest.fixture
def chinese() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translators(app, "zh_CN")
    yield
    for translator in translators:
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


def _export_of(tmp_path: Path, count: int) -> Path:
    store = HistoryStore.open(tmp_path / f"other-{count}.sqlite3")
    for i in range(count):
        conv = store.create_conversation(title=f"chat {i}")
        store.add_message(conv.id, None, Role.USER, f"question {i}")
    path = tmp_path / f"export-{count}.json"
    path.write_text(export_json(store), encoding="utf-8")
    store.close()
    return path


def _import(app: App, path: Path) -> str:
    app.prompter.open_path = str(path)
    app.window.history.import_history()
    app.run(app.parts.background.wait())
    return app.window.pane.notice.label.text()


def test_an_import_counts_one_conversation_and_two_conversations(
        make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    assert _import(app, _export_of(tmp_path, 1)) == "Imported 1 conversation."
    assert _import(app, _export_of(tmp_path, 2)) == "Imported 2 conversations."


def test_chinese_counts_without_an_english_plural(chinese: None, make_app: AppFactory,
                                                  tmp_path: Path) -> None:
    app = make_app()
    said = _import(app, _export_of(tmp_path, 2))
    assert said == "已导入 2 个对话。"
    assert "(s)" not in said and "%n" not in said
