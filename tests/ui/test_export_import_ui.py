"""Taking conversations elsewhere from the window, and following a long answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from app.domain.chat import Role
from tests.loopback import LoopbackServer, Reply, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]


def test_export_one_as_markdown_all_as_json_and_import(make_app: AppFactory,
                                                        tmp_path: Path) -> None:
    app = make_app()
    store = app.parts.store
    conv = store.create_conversation(title="报告")
    user = store.add_message(conv.id, None, Role.USER, "总结一下")
    store.add_message(conv.id, user.id, Role.ASSISTANT, "```python\nprint(1)\n```")
    app.window.sidebar.refresh()
    target = tmp_path / "out"
    target.mkdir()

    app.prompter.save_path = str(target / "报告.md")
    app.window.history.export_history("markdown", conv.id)
    app.run(app.parts.background.wait())
    assert app.prompter.asked == ["save 报告.md"]
    assert "```python\nprint(1)\n```" in (target / "报告.md").read_text(encoding="utf-8")
    backup = target / "silicondesk-history.json"
    app.prompter.save_path = str(backup)
    app.window.history.export_history("json", None)
    app.run(app.parts.background.wait())
    assert json.loads(backup.read_text(encoding="utf-8"))["format"] == "silicondesk"

    store.delete_conversation(conv.id)  # lost here; the backup brings it back
    store.purge_deleted()
    app.prompter.open_path = str(backup)
    app.window.history.import_history()
    app.run(app.parts.background.wait())
    assert "Imported 1 conversation." in app.window.pane.notice.label.text()
    assert store.messages(conv.id)[0].content == "总结一下"
    assert app.window.sidebar.model.rowCount() == 1
    app.window.history.import_history()  # twice: nothing added
    app.run(app.parts.background.wait())
    assert "already present" in app.window.pane.notice.label.text()
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    app.prompter.open_path = str(bad)
    app.window.history.import_history()
    app.run(app.parts.background.wait())
    assert "nothing was changed" in app.window.pane.notice.label.text()
    assert store.count_conversations() == 1


def test_scrolling_up_stops_following_and_the_bottom_resumes_it(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    app.window.resize(760, 540)
    lines = [{"choices": [{"index": 0, "delta": {"content": f"line {i}\n\n"}}]}
             for i in range(400)]
    server.queue(Reply(pieces=[sse(*lines[:40], done=False), sse(*lines[40:])], delay=0.6))
    app.send("long answer please")
    view = app.window.view
    bar = view.verticalScrollBar()
    app.until(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    assert view.following
    bar.setValue(0)  # the user scrolls up to reread the start
    app.wait_turn()
    assert not view.following and bar.value() == 0  # not yanked back down
    bar.setValue(bar.maximum())
    assert view.following


def test_an_import_shows_progress_and_can_be_cancelled(make_app: AppFactory,
                                                       tmp_path: Path) -> None:
    app = make_app()
    store = app.parts.store
    for i in range(120):
        conv = store.create_conversation(title=f"c{i}")
        store.add_message(conv.id, None, Role.USER, f"question {i}")
    backup = tmp_path / "backup.json"
    backup.write_text(app.parts.conversations.export_text("json"), encoding="utf-8")
    for conv in store.list_conversations(None, 0, None):
        store.delete_conversation(conv.id)
    store.purge_deleted()
    progress = app.window.history._progress
    app.prompter.open_path = str(backup)
    app.window.history.import_history()
    assert progress.bar.isVisible() and progress.cancel_button.isVisible()
    progress.cancel_button.click()  # before the worker's first report: it stops there
    app.run(app.parts.background.wait())
    assert "cancelled" in app.window.pane.notice.label.text()
    assert store.count_conversations() == 0  # nothing half-imported
    assert not progress.bar.isVisible()
    seen: list[tuple[int, int]] = []
    progress._reported.connect(lambda done, total: seen.append((done, total)))
    app.window.history.import_history()
    app.run(app.parts.background.wait())
    assert store.count_conversations() == 120
    assert seen and seen[-1][1] == 120 and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert not progress.bar.isVisible()


def test_a_conversation_exports_as_pdf_and_prints_from_its_menu(make_app: AppFactory,
                                                                 tmp_path: Path) -> None:
    import pypdf
    from PySide6.QtPrintSupport import QPrinter

    app = make_app()
    store = app.parts.store
    conv = store.create_conversation(title="公式")
    user = store.add_message(conv.id, None, Role.USER, "面积公式？")
    store.add_message(conv.id, user.id, Role.ASSISTANT,
                      "圆的面积是 $\\pi r^2$。\n\n```python\nprint(3.14)\n```")
    app.window.sidebar.refresh()
    menu = app.window.history.conversation_menu(app.window.sidebar.model.index(0, 0))
    actions = {a.text(): a for a in menu.actions()}
    app.prompter.save_path = str(tmp_path / "公式.pdf")
    actions["Export as PDF…"].trigger()
    app.run(app.parts.background.wait())
    assert app.prompter.asked == ["save 公式.pdf"]
    reader = pypdf.PdfReader(tmp_path / "公式.pdf")
    text = "".join(reader.pages[0].extract_text().split())
    assert "积公式？" in text and "print(3.14)" in text and "```" not in text
    assert reader.pages[0].images  # the formula, typeset

    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    app.prompter.printer = printer
    actions["Print…"].trigger()
    app.run(app.parts.background.wait())
    assert app.prompter.asked[-1] == "print"
    del printer, app.prompter.printer  # the printer finishes its file when it goes
    printed = pypdf.PdfReader(tmp_path / "printed.pdf")
    assert "print(3.14)" in "".join(printed.pages[0].extract_text().split())
    assert "printer" in app.window.statusBar().currentMessage()


def test_an_imported_chatgpt_conversation_goes_on_with_the_new_chat_model(
    make_app: AppFactory, server: LoopbackServer, tmp_path: Path
) -> None:
    app = make_app(default_params={"model": "Qwen/Qwen3-8B", "stream": True})
    node = {"author": {"role": "user"}, "content": {"parts": ["你好"]}}
    export = [{"title": "旧对话", "create_time": 1.7e9, "mapping": {
        "root": {"parent": None, "message": None},
        "u": {"parent": "root", "message": node},
        "a": {"parent": "u", "message": {"author": {"role": "assistant"},
                                          "content": {"parts": ["你好！"]}}}}}]
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    app.prompter.open_path = str(path)
    app.window.history.import_history()
    app.run(app.parts.background.wait())
    imported = app.parts.conversations.summaries()[0].id
    app.window.navigator.open(imported)
    assert app.window.panel.model_box.currentText() == "Qwen/Qwen3-8B"
    server.queue(Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": "好"},
                                                 "finish_reason": "stop"}]})]))
    app.send("继续")
    app.wait_turn()
    posted = [r for r in server.requests if r.path.endswith("/chat/completions")][-1].json()
    assert posted["model"] == "Qwen/Qwen3-8B" and posted["stream"] is True
    assert [m["content"] for m in posted["messages"]] == ["你好", "你好！", "继续"]
