"""The window in Simplified Chinese: every string a user can see is translated.

The window is driven through a chat (thinking, code, usage), a failed request, an invalid
parameter, the settings, key and shortcut dialogs; then every visible widget's text, tooltip,
placeholder, accessible name and list entry is read. Words from SiliconDesk's own catalogue
left in English fail the test, with where they were seen. Model output in these
conversations is Chinese, so English in a message body is ours too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QAbstractListModel, QCoreApplication, QLocale, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from app.domain.params import SERVER_DEFAULTS
from app.services.i18n import install_translators
from tests.loopback import LoopbackServer, Reply, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]

# Names and notation that stay as they are in a Chinese UI: the product, protocols, the
# API's own field names, key names, programming languages, units.
ALLOWED = {
    "SiliconDesk", "SiliconFlow", "API", "JSON", "HTTP", "URL", "Base", "cURL", "Python",
    "JavaScript", "Top", "Min", "token", "tokens", "tok", "Ctrl", "Shift", "Enter", "Esc",
    "F1", "F2",
    "English", "sk", "OK", "text", "json_object", "true", "false", "null", "python",
    "SILICONFLOW_API_KEY", "Secret", "Service", "KWallet", "keyrings", "alt", "schema",
    "socks5", "http", "https", "host", "port", "localhost", "Ollama", "type", "function",
    "name", "ISO", "ChatGPT", "OpenAI", "Markdown", "HTML", "Qwen", "DeepSeek", "PDF", "KB",
    "MB", "PNG", "JPEG", "UTF", "GB18030", "GPS",
    *SERVER_DEFAULTS, "model", "stop", "tools", "stream", "enable_thinking", "response_format",
    # MCP: other products' names and the config file's own keys, written as users have them
    "MCP", "Claude", "Desktop", "Cursor", "LM", "Studio", "env", "headers", "mcpServers",
    "command", "args", "uvx",
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]+")
# Model ids, URLs, file paths, identifiers: a separator between two letters or digits.
CODE = re.compile(r"\S*[A-Za-z0-9][/._:@\\-][A-Za-z0-9]\S*")


@pytest.fixture
def chinese() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translators(app, "zh_CN")
    assert len(translators) == 2  # Qt's own (dialog buttons) and ours
    yield
    for translator in translators:
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


def english_words(text: str) -> list[str]:
    if text.lstrip().startswith("{"):  # a JSON example (a placeholder) is data, not words
        return []
    text = CODE.sub(" ", text)
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def _plain(text: str) -> str:
    return QTextDocumentFragment.fromHtml(text).toPlainText() if "<" in text else text


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for what a user can read or hear from ``root`` and its children."""
    widgets = [root, *root.findChildren(QWidget)]
    yield f"{root.objectName()}.title", root.windowTitle()
    for action in root.actions():
        yield f"action {action.text()}", action.text()
    for w in widgets:
        if w is not root and not w.isVisibleTo(root):
            continue
        where = w.objectName() or type(w).__name__
        yield f"{where}.toolTip", w.toolTip()
        yield f"{where}.accessibleName", w.accessibleName()
        if isinstance(w, QLabel):
            yield f"{where}.text", _plain(w.text())
        elif isinstance(w, QAbstractButton):
            yield f"{where}.text", w.text()
        elif isinstance(w, QLineEdit | QPlainTextEdit):
            yield f"{where}.placeholder", w.placeholderText()
        elif isinstance(w, QAbstractSpinBox):
            yield f"{where}.text", w.text()
        if isinstance(w, QTextEdit) and w.isReadOnly():
            yield f"{where}.document", w.toPlainText()
        if isinstance(w, QComboBox) and not w.isEditable():
            for i in range(w.count()):
                yield f"{where}.item{i}", w.itemText(i)
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield f"{where}.tab{i}", w.tabText(i)
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
            for row in range(min(model.rowCount(), 50)):
                for column in range(columns):
                    index = model.index(row, column)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(index, role)
                        if isinstance(value, str):
                            yield f"{where}[{row},{column}]", value


def untranslated(root: QWidget) -> list[str]:
    found = []
    for where, text in visible_texts(root):
        words = english_words(text or "")
        if words:
            found.append(f"{where}: {text!r} ({', '.join(words)})")
    return found


def assert_translated(root: QWidget) -> None:
    found = untranslated(root)
    assert not found, "left in English:\n" + "\n".join(found)


def chunk(content: str = "", reasoning: str = "", finish: str | None = None) -> dict[str, object]:
    delta: dict[str, object] = {"content": content or None}
    if reasoning:
        delta["reasoning_content"] = reasoning
    return {"id": "c", "model": "deepseek-ai/DeepSeek-R1",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


ANSWER = "可以这样写：\n\n```python\n1 + 2\n```\n\n| 步骤 | 说明 |\n|---|---|\n| 一 | 分词 |\n"
USAGE = {"id": "c", "model": "deepseek-ai/DeepSeek-R1", "choices": [],
         "usage": {"prompt_tokens": 12, "completion_tokens": 40, "total_tokens": 52,
                   "completion_tokens_details": {"reasoning_tokens": 9}}}


def test_the_whole_window_speaks_chinese(chinese: None, make_app: AppFactory,
                                         server: LoopbackServer) -> None:
    app = make_app()
    window = app.window
    server.queue(Reply(pieces=[sse(chunk(reasoning="先想一想。"), chunk(ANSWER),
                                   chunk(finish="stop"), USAGE)]))
    app.send("写一段代码")
    app.wait_turn()
    server.queue(Reply.json(400, {"code": 20001, "message": "参数错误"}))
    app.send("再来一次")
    app.wait_turn()
    answer = list(window.view.widgets.values())[-1]
    status = answer.findChild(QLabel, "statusText")
    assert status is not None
    assert status.text() == "失败：端点拒绝了请求的参数。服务器原话：“参数错误”"
    first = list(window.view.widgets.values())[1]
    assert first.role_label.text() == "助手"
    assert first.thinking.toggle.text().startswith("已思考")
    assert "输入 12 / 输出 40（思考 9）tokens" in first.footer.text()
    assert "复制" in first.body.toPlainText()  # the code block's copy link
    window.panel.fields.edits["temperature"].setText("5")
    error = window.panel.fields.errors["temperature"]
    assert error.isVisibleTo(window) and error.text() == "必须在 0 到 2 之间；当前为 5。"
    assert window.sidebar.list.model().index(0, 0).data(
        Qt.ItemDataRole.DisplayRole) == "写一段代码"
    assert_translated(window)
    window.panel.fields.edits["temperature"].clear()
    exported = window.conversations.export_text("markdown", window.navigator.current)
    assert "## 你\n\n写一段代码" in exported
    assert "## 助手 (deepseek-ai/DeepSeek-R1)" in exported and "*(失败)*" in exported

    call = {"choices": [{"index": 0, "delta": {"tool_calls": [{
        "index": 0, "id": "call_1", "type": "function",
        "function": {"name": "get_weather", "arguments": '{"城市": "北京"}'}}]},
        "finish_reason": "tool_calls"}]}
    server.queue(Reply(pieces=[sse(call)]))
    app.send("北京天气如何？")
    app.wait_turn()
    answer = list(window.view.widgets.values())[-1]
    assert answer.tool_results.isVisibleTo(window)
    window.presenter.start_edit(next(iter(window.view.widgets.values())).message)
    assert window.pane.edit_banner.isVisibleTo(window)
    window.sidebar.search.setText("没有这个词")
    app.run(window.sidebar.run_search())
    assert_translated(window)

    window.settings_flow.open_settings()
    dialog = window.settings_flow.dialog
    assert dialog.windowTitle() == "设置"
    language = dialog.findChild(QComboBox, "settingLanguage")
    assert language is not None and language.itemText(2) == "简体中文"
    tabs = dialog.findChild(QTabWidget)
    assert tabs is not None
    for tab in range(tabs.count()):  # every page, as a user clicks through them
        tabs.setCurrentIndex(tab)
        assert_translated(dialog)
    dialog.reject()

    keys = window.key_flow.ask_for_key()
    assert_translated(keys)
    keys.reject()

    window.show_shortcuts()
    assert_translated(window.shortcuts_sheet)
    window.shortcuts_sheet.reject()


def test_the_check_would_catch_an_english_string(chinese: None, make_app: AppFactory) -> None:
    """The walker itself: a string outside the catalogue is reported with its place."""
    app = make_app()
    label = QLabel("Something went wrong", app.window, objectName="strayLabel")
    label.show()
    assert untranslated(app.window) == [
        "strayLabel.text: 'Something went wrong' (Something, went, wrong)"]
    assert QCoreApplication.translate("MessageWidget", "Retry") == "重试"

