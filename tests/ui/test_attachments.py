"""Attachments through the window and a loopback server: pasted, chosen and dropped
files reach the request as the API's parts array, downscaled and without metadata;
a model not known to see images warns first; what was attached stays with the message."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.history import Status
from app.storage.export import export_json
from app.storage.history import HistoryStore
from app.storage.importer import import_into
from app.ui.attachment_tray import AttachmentChip
from app.ui.attachment_view import AttachmentStrip, FileChip
from tests.attach_files import photo_jpeg, text_pdf
from tests.loopback import LoopbackServer, Reply, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]
VISION = {"model": "Qwen/Qwen2.5-VL-72B-Instruct", "stream": True}


def answer(text: str = "I see it.") -> Reply:
    return Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": text},
                                           "finish_reason": "stop"}]})])


def ready(app: App) -> None:
    app.run(app.parts.attacher.wait())
    app.pump(0)


def attach_solid(app: App, colour: str, width: int = 64, height: int = 64) -> None:
    """Attach an image of one colour, as a paste of a QImage does, and wait for it."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    app.window.attach.attach_image(image)
    ready(app)


def sent_content(server: LoopbackServer, index: int = -1) -> Any:
    return server.requests[-1].json()["messages"][index]["content"]


def image_of(part: dict[str, Any]) -> tuple[str, Image.Image, bytes]:
    url = part["image_url"]["url"]
    head, data = url.split(",", 1)
    raw = base64.b64decode(data)
    return head, Image.open(io.BytesIO(raw)), raw


def test_a_pasted_screenshot_goes_out_as_a_png_part(make_app: AppFactory,
                                                    server: LoopbackServer) -> None:
    app = make_app(default_params=VISION)
    shot = QImage(3000, 1800, QImage.Format.Format_RGB32)
    shot.fill(QColor("white"))
    QApplication.clipboard().setImage(shot)
    app.window.composer.setFocus()
    app.window.composer.paste()
    ready(app)
    chips = app.window.pane.attachment_tray.findChildren(AttachmentChip)
    assert len(chips) == 1 and "≈" in chips[0].info.text()  # the image's token estimate
    assert app.window.composer.toPlainText() == ""  # nothing was pasted as text
    server.queue(answer())
    app.send("What does this dialog say?")
    app.wait_turn()
    content = sent_content(server)
    assert [p["type"] for p in content] == ["image_url", "text"]
    head, image, _raw = image_of(content[0])
    assert head == "data:image/png;base64" and image.format == "PNG"
    assert image.size == (2048, 1229)
    assert content[1]["text"] == "What does this dialog say?"
    assert not app.window.pane.attachment_tray.isVisible()  # the tray empties on send


def test_ctrl_v_with_the_conversation_in_focus_attaches_to_the_message(
    make_app: AppFactory, qtbot: QtBot
) -> None:
    app = make_app(default_params=VISION)
    app.window.show()
    shot = QImage(200, 120, QImage.Format.Format_RGB32)
    shot.fill(QColor("white"))
    QApplication.clipboard().setImage(shot)
    app.window.view.setFocus()  # reading the conversation, not in the composer
    app.until(lambda: app.window.view.hasFocus())
    qtbot.keyClick(app.window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    ready(app)
    chips = app.window.pane.attachment_tray.findChildren(AttachmentChip)
    assert len(chips) == 1 and app.window.composer.hasFocus()
    QApplication.clipboard().setText("北京 weather")
    search = app.window.sidebar.search
    search.setFocus()
    app.until(lambda: search.hasFocus())
    qtbot.keyClick(search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert search.text() == "北京 weather"  # a text field keeps its own paste
    assert app.window.composer.toPlainText() == ""


def test_a_chosen_photo_is_downscaled_and_loses_its_gps(make_app: AppFactory,
                                                       server: LoopbackServer,
                                                       tmp_path: Path) -> None:
    app = make_app(default_params=VISION)
    photo = tmp_path / "IMG_2041.JPG"
    photo.write_bytes(photo_jpeg())
    app.prompter.attach_paths = [str(photo)]
    app.window.pane.attach_button.click()
    ready(app)
    server.queue(answer())
    app.send("Where was this taken?")
    app.wait_turn()
    head, image, raw = image_of(sent_content(server)[0])
    assert head == "data:image/jpeg;base64" and image.format == "JPEG"
    assert image.size == (2048, 1365)
    assert dict(image.getexif()) == {} and b"Canon" not in raw and b"Exif" not in raw


def test_dropped_files_arrive_as_text(make_app: AppFactory, server: LoopbackServer,
                                      tmp_path: Path) -> None:
    app = make_app()
    notes = tmp_path / "会议记录.txt"
    notes.write_bytes("季度会议：预算通过。\n".encode("gb18030"))
    pdf = text_pdf(tmp_path / "report.pdf", ["Quarterly report", "Second page"])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes)), QUrl.fromLocalFile(str(pdf))])
    target = app.window.view.viewport()  # on the messages, as a file manager drops them
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, buttons, keys)
    assert QApplication.sendEvent(target, enter) and enter.isAccepted()
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(target, drop)
    ready(app)
    server.queue(answer())
    app.send("Summarise both.")
    app.wait_turn()
    text = sent_content(server)
    assert isinstance(text, str)  # no image: the content stays a plain string
    assert text.startswith("会议记录.txt:\n```\n季度会议：预算通过。\n```\n\n")
    assert "report.pdf (2 pages):\n```\n--- page 1 ---\nQuarterly" in text
    assert text.endswith("\n\nSummarise both.")


def test_a_model_not_known_to_see_images_warns_before_sending(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()  # the default model, Qwen3-8B, takes no images
    attach_solid(app, "red", 64, 64)
    app.send("What colour?")
    banner = app.window.pane.vision_banner
    assert banner.isVisible() and "Qwen/Qwen3-8B" in banner.label.text()
    assert server.requests == [] and app.window.composer.toPlainText() == "What colour?"
    server.queue(answer("Red."))
    banner.button.click()  # Send anyway
    app.wait_turn()
    assert [p["type"] for p in sent_content(server)] == ["image_url", "text"]
    assert not banner.isVisible()


def test_a_refusal_of_images_teaches_the_model_table(make_app: AppFactory,
                                                     server: LoopbackServer) -> None:
    app = make_app(default_params={"model": "acme/seeing-model", "stream": True})
    attach_solid(app, "blue", 64, 64)
    app.send("What colour?")
    app.window.pane.vision_banner.button.click()  # nobody knew: the user sends anyway
    server.queue(Reply.json(400, {"code": 20015, "message": "Image url should be a valid url "
                                  "or should like data:image/TYPE;base64", "data": None}))
    app.wait_turn()
    stored = app.parts.store.messages(app.window.navigator.current)
    assert stored[-1].status is Status.ERROR
    assert stored[-1].error is not None and stored[-1].error["type"] == "ImagesNotSupported"
    assert stored[0].attachments  # the image stays with the question
    caps = app.parts.account.catalog.capabilities(None, "acme/seeing-model")
    assert caps.vision is False
    answer_widget = list(app.window.view.widgets.values())[-1]
    buttons = [b.text() for b in answer_widget.status_row.findChildren(type(
        app.window.pane.send_button))]
    assert "Pick another model" in buttons


def test_attachments_are_shown_again_when_the_conversation_is_reopened(
    make_app: AppFactory, server: LoopbackServer, tmp_path: Path
) -> None:
    app = make_app(default_params=VISION)
    photo = tmp_path / "cat.jpg"
    photo.write_bytes(photo_jpeg(800, 600, gps=False))
    code = tmp_path / "main.py"
    code.write_text("print('hi')\n")
    app.window.attach.attach_paths([photo, code])
    ready(app)
    server.queue(answer())
    app.send("")  # attachments alone can be sent
    app.wait_turn()
    cid = app.window.navigator.current
    assert app.parts.store.conversation(cid).title == "cat.jpg, main.py"
    app.window.navigator.new_chat()
    app.window.navigator.open(cid)
    app.pump(0)
    user = next(iter(app.window.view.widgets.values()))
    strips = user.findChildren(AttachmentStrip)
    assert strips and strips[0].isVisible()
    chip = user.findChildren(FileChip)[0]
    chip.toggle.click()
    assert chip.text is not None and chip.text.toPlainText() == "print('hi')\n"


def test_a_failed_answer_keeps_the_images_and_a_retry_sends_them_again(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app(default_params=VISION, retry_count=0)
    attach_solid(app, "green", 64, 64)
    server.queue(Reply.json(400, {"message": "bad things"}))
    app.send("Colour?")
    app.wait_turn()
    server.queue(answer("Green."))
    failed = app.parts.store.messages(app.window.navigator.current)[-1]
    app.parts.chat.retry(failed.id)
    app.wait_turn()
    assert [p["type"] for p in sent_content(server)] == ["image_url", "text"]


def test_only_the_newest_images_are_sent_again_when_set(make_app: AppFactory,
                                                        server: LoopbackServer) -> None:
    app = make_app(default_params=VISION, images_sent=1)
    for colour in ("red", "blue"):
        attach_solid(app, colour, 64, 64)
        server.queue(answer())
        app.send(f"This one is {colour}.")
        app.wait_turn()
    first, second = (server.requests[-1].json()["messages"][i]["content"] for i in (0, 2))
    assert first == "[image not sent again: Pasted image.png]\nThis one is red."
    assert [p["type"] for p in second] == ["image_url", "text"]


def test_export_import_export_is_identical_with_attachments(
    make_app: AppFactory, server: LoopbackServer, tmp_path: Path
) -> None:
    app = make_app(default_params=VISION)
    photo = tmp_path / "a.jpg"
    photo.write_bytes(photo_jpeg(640, 480))
    notes = tmp_path / "n.txt"
    notes.write_bytes("笔记\n".encode("gb18030"))
    app.window.attach.attach_paths([photo, notes])
    ready(app)
    server.queue(answer())
    app.send("Look.")
    app.wait_turn()
    first = export_json(app.parts.store)
    assert '"attachments": [' in first and '"kind": "image"' in first
    fresh = HistoryStore.open(tmp_path / "other.sqlite3")
    try:
        assert import_into(fresh, first.encode()).imported == 1
        assert export_json(fresh) == first
        cid = fresh.list_conversations()[0].id
        assert [a.name for a in fresh.messages(cid)[0].attachments] == ["a.jpg", "n.txt"]
        fresh.delete_conversation(cid)
        fresh.purge_deleted()
        assert fresh._conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 0
    finally:
        fresh.close()


def test_editing_a_message_brings_its_attachments_back_to_the_tray(
    make_app: AppFactory, server: LoopbackServer, tmp_path: Path
) -> None:
    app = make_app(default_params=VISION)
    code = tmp_path / "main.py"
    code.write_text("print(1)\n")
    app.window.attach.attach_paths([code])
    ready(app)
    server.queue(answer())
    app.send("Why?")
    app.wait_turn()
    first = app.parts.store.messages(app.window.navigator.current)[0]
    app.window.presenter.start_edit(first)
    assert [a.name for a in app.window.attach.draft()] == ["main.py"]
    server.queue(answer())
    app.send("Why, exactly?")
    app.wait_turn()
    assert sent_content(server) == "main.py:\n```py\nprint(1)\n```\n\nWhy, exactly?"


def test_the_lab_on_the_composer_keeps_its_attachments(make_app: AppFactory,
                                                        server: LoopbackServer) -> None:
    app = make_app(default_params=VISION)
    attach_solid(app, "red", 64, 64)
    app.window.composer.setPlainText("What colour?")
    assert app.window.lab is not None
    lab = app.window.lab.open_lab()
    assert lab is not None
    app.qtbot.addWidget(lab)
    lab.arms.rows[0].fields.setText("model=Qwen/Qwen2.5-VL-72B-Instruct,temperature=0.2")
    server.queue(answer("Red."))
    lab.send_button.click()
    app.wait_turn()
    assert [p["type"] for p in sent_content(server)] == ["image_url", "text"]
    stored = app.parts.store.message(lab.parent_id or "")
    assert [a.name for a in stored.attachments] == ["Pasted image.png"]


def test_the_preview_abbreviates_images_and_copy_gives_the_exact_body(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app(default_params=VISION)
    attach_solid(app, "red", 640, 480)
    app.window.composer.setPlainText("What colour?")
    app.run(app.window.params.refresh_preview())
    shown = app.window.panel.preview.toPlainText()
    assert "characters of base64]" in shown and len(shown) < 4000
    app.window.panel._copy(lambda _url, body: body.decode())
    copied = json.loads(QApplication.clipboard().text())
    url = copied["messages"][-1]["content"][0]["image_url"]["url"]
    assert url.startswith("data:image/png;base64,") and "…" not in url
    _head, raw = url.split(",", 1)
    assert Image.open(io.BytesIO(base64.b64decode(raw))).size == (640, 480)


def test_text_copied_with_a_picture_of_it_pastes_as_text(make_app: AppFactory) -> None:
    app = make_app()
    mime = QMimeData()
    mime.setText("Quarterly figures")  # as a word processor copies a selection
    picture = QImage(200, 40, QImage.Format.Format_RGB32)
    picture.fill(QColor("white"))
    mime.setImageData(picture)
    QApplication.clipboard().setMimeData(mime)
    app.window.composer.setFocus()
    app.window.composer.paste()
    ready(app)
    assert app.window.composer.toPlainText() == "Quarterly figures"
    assert app.window.attach.draft() == [] and not app.window.attach.preparing


def test_changing_an_images_detail_reaches_the_request(make_app: AppFactory,
                                                       server: LoopbackServer) -> None:
    app = make_app(default_params=VISION)
    attach_solid(app, "red", 1200, 800)
    chip = app.window.pane.attachment_tray.findChildren(AttachmentChip)[0]
    before = chip.info.text()
    chip.detail.setCurrentIndex(chip.detail.findData("low"))
    assert chip.info.text() != before  # fewer tokens at low detail
    server.queue(answer())
    app.send("Colour?")
    app.wait_turn()
    assert sent_content(server)[0]["image_url"]["detail"] == "low"


def test_a_browsers_copied_image_with_its_address_attaches_the_image(
    make_app: AppFactory
) -> None:
    app = make_app()
    mime = QMimeData()
    mime.setText("https://example.com/cat.png")
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "PNG")
    mime.setData("image/png", buffer.getvalue())
    QApplication.clipboard().setMimeData(mime)
    app.window.composer.setFocus()
    app.window.composer.paste()
    ready(app)
    assert app.window.composer.toPlainText() == ""
    assert [a.mime for a in app.window.attach.draft()] == ["image/png"]


def test_a_file_name_shows_as_written_in_tooltips_and_exports(
    make_app: AppFactory, server: LoopbackServer, tmp_path: Path
) -> None:
    from app.services.export_readable import export_markdown

    app = make_app(default_params=VISION)
    hostile = tmp_path / "<h1>BIG<img src='x.png'>#.txt"
    hostile.write_text("data\n")
    app.window.attach.attach_paths([hostile])
    ready(app)
    chip = app.window.pane.attachment_tray.findChildren(AttachmentChip)[0]
    assert "&lt;h1&gt;" in chip.name.toolTip()  # escaped: shown as text, not rendered
    server.queue(answer())
    app.send("Read it.")
    app.wait_turn()
    markdown = export_markdown(app.parts.store)
    assert "<h1>" not in markdown and "\\<h1\\>BIG" in markdown


def test_a_full_disk_keeps_the_text_and_the_attachments(
    make_app: AppFactory, server: LoopbackServer, monkeypatch: Any, tmp_path: Path
) -> None:
    import errno

    from app.storage.errors import history_error

    app = make_app(default_params=VISION)
    attach_solid(app, "red")
    full = history_error(OSError(errno.ENOSPC, "No space left on device"), tmp_path)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise full

    monkeypatch.setattr(HistoryStore, "add_message", refuse)
    app.send("Keep this.")
    assert "disk is full" in app.window.pane.notice.label.text().lower()
    assert app.window.composer.toPlainText() == "Keep this."
    assert [a.name for a in app.window.attach.draft()] == ["Pasted image.png"]
    assert server.requests == []


def two_chats(app: App, server: LoopbackServer) -> tuple[str, str]:
    """Two stored chats, the second in view."""
    server.queue(answer(), answer())
    app.send("chat A")
    app.wait_turn()
    first = app.window.navigator.current
    app.window.navigator.new_chat()
    app.send("chat B")
    app.wait_turn()
    return first, app.window.navigator.current


def test_each_conversation_keeps_what_is_being_written_in_it(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app(default_params=VISION)
    composer, nav = app.window.composer, app.window.navigator
    a, b = two_chats(app, server)
    drafted = app.window.attach.draft  # the attachments in the tray
    composer.setPlainText("half a thought for B")
    attach_solid(app, "red")
    nav.open(a)
    assert composer.toPlainText() == "" and not drafted()
    composer.setPlainText("写给 A 的草稿")
    nav.open(b)  # back: B's text and image, not A's
    assert composer.toPlainText() == "half a thought for B"
    assert [a.name for a in drafted()] == ["Pasted image.png"]
    nav.open(a)
    assert composer.toPlainText() == "写给 A 的草稿"
    nav.new_chat()
    assert composer.toPlainText() == ""
    server.queue(answer())
    app.send("a third chat")  # stored by its first send: the same chat, nothing swapped
    app.wait_turn()
    assert composer.toPlainText() == "" and nav.current not in ("", a, b)
    nav.new_chat()
    assert composer.toPlainText() == ""  # what was sent is not a draft


def test_leaving_a_message_being_edited_gives_the_edit_up(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    composer, nav = app.window.composer, app.window.navigator
    server.queue(answer())
    app.send("to be edited")
    app.wait_turn()
    a = nav.current
    question = next(m for m in app.parts.store.messages(a) if m.content == "to be edited")
    app.window.presenter.start_edit(question)
    assert composer.toPlainText() == "to be edited"
    nav.new_chat()
    assert composer.toPlainText() == "" and app.window.presenter.editing is None
    nav.open(a)
    assert composer.toPlainText() == ""  # the edit was not kept as a new message


def test_a_file_still_being_read_stays_with_the_chat_it_was_added_in(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app(default_params=VISION)
    nav, drafted = app.window.navigator, app.window.attach.draft
    a, b = two_chats(app, server)
    nav.open(a)
    big = QImage(3000, 2000, QImage.Format.Format_RGB32)
    big.fill(QColor("navy"))
    app.window.attach.attach_image(big)
    nav.open(b)  # at once: the image is still being prepared
    ready(app)
    assert drafted() == []  # it did not follow to B
    nav.open(a)
    assert [x.name for x in drafted()] == ["Pasted image.png"]


def test_an_edit_given_up_or_sent_brings_back_what_was_being_written(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app(default_params=VISION)
    composer, presenter = app.window.composer, app.window.presenter
    server.queue(answer())
    app.send("to be edited")
    app.wait_turn()
    question = next(m for m in app.parts.store.messages(app.window.navigator.current)
                    if m.content == "to be edited")
    composer.setPlainText("a draft of mine")
    attach_solid(app, "green")
    presenter.start_edit(question)
    assert composer.toPlainText() == "to be edited" and app.window.attach.draft() == []
    app.window.pane.edit_banner.clicked.emit()  # Cancel edit
    assert composer.toPlainText() == "a draft of mine"
    assert [x.name for x in app.window.attach.draft()] == ["Pasted image.png"]
    presenter.start_edit(question)
    composer.setPlainText("edited")
    server.queue(answer())
    composer.submit()
    app.wait_turn()
    assert composer.toPlainText() == "a draft of mine"  # back after the edit went
    assert len(app.window.attach.draft()) == 1
    presenter.start_edit(question)
    app.window.navigator.new_chat()  # leaving gives the edit up, the draft stays
    app.window.navigator.open(question.conversation_id)
    assert composer.toPlainText() == "a draft of mine"
