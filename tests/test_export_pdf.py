"""The PDF export: Qt's own layout of the readable export, on A4 pages — Chinese text
that a PDF reader can find, formulas typeset, code that wraps, no line cut by a page."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pypdf
import pytest

from app.domain.chat import Role
from app.storage.history import HistoryStore

ROOT = Path(__file__).resolve().parents[1]
LONG_LINE = "total = " + " + ".join(f"value_{i}" for i in range(60))
ANSWER = ("## 快速排序\n\n快速排序是一种分治算法，平均复杂度为 $O(n \\log n)$。\n\n"
          "$$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$\n\n"
          "| 算法 | 时间 |\n|---|---:|\n| 快排 | 1.5 |\n\n"
          f"```python\ndef quicksort(a):\n    {LONG_LINE}\n    return a\n```\n\n"
          + "\n\n".join(f"第 {i} 段：这一段写得很多，用来把答案排到好几张纸上。" * 3
                        for i in range(60)))


def _history(data_dir: Path) -> str:
    from app.paths import history_path

    store = HistoryStore.open(history_path(data_dir))
    conv = store.create_conversation(title="排序算法")
    user = store.add_message(conv.id, None, Role.USER, "请解释快速排序。")
    store.add_message(conv.id, user.id, Role.ASSISTANT, ANSWER, model="Qwen/Qwen3-8B")
    store.close()
    return conv.id


def _text(pdf: Path) -> str:
    reader = pypdf.PdfReader(pdf)
    # Qt names a CJK glyph by its lowest code point (文 comes out as the radical ⽂), and
    # a reader puts spaces where the font changes: compared without either.
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages))
    return "".join(text.split())


def test_silicondesk_export_pdf_writes_pages_a_reader_can_search(tmp_path: Path) -> None:
    cid = _history(tmp_path)
    out = tmp_path / "排序.pdf"
    env = {**os.environ}
    env.pop("QT_QPA_PLATFORM", None)  # the command needs no display
    env.pop("DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "app", "export", "--data-dir", str(tmp_path), "--format",
         "pdf", "--conversation", cid, "-o", str(out)],
        capture_output=True, cwd=ROOT, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) > 2
    text = _text(out)
    assert "排序算法" in text and "请解释快速排序。" in text
    assert "快速排序是一种分治算法" in text and "第59段" in text
    assert "Qwen/Qwen3-8B" in text  # digits too (a CJK font loses them in Qt's PDF)
    assert "value_59" in text and "Copy" not in text
    assert "$O(n" not in text  # the formula is typeset, not its source
    assert sum(len(page.images) for page in reader.pages) >= 2


def test_export_pdf_needs_a_file(tmp_path: Path) -> None:
    from app.cli import parse_args
    from app.commands import run_command
    from app.config import resolve

    _history(tmp_path)
    args = parse_args(["export", "--format", "pdf", "--data-dir", str(tmp_path)])
    assert run_command(args, resolve(None, str(tmp_path), {})) == 1


@pytest.mark.usefixtures("qapp")
def test_pages_wrap_code_and_never_cut_a_line(tmp_path: Path) -> None:
    from app.render.paged import document_for, line_boxes, page_image
    from app.services.export_pdf import printable

    store = HistoryStore.open(tmp_path / "h.db")
    conv = store.create_conversation(title="t")
    store.add_message(conv.id, None, Role.ASSISTANT, ANSWER)
    pages = printable(store, conv.id)
    doc = document_for(pages.html, pages.images)
    height = doc.pageSize().height()
    boxes = list(line_boxes(doc))
    assert doc.pageCount() > 2 and len(boxes) > 100
    assert [(top, bottom) for top, bottom in boxes
            if int(top // height) != int((bottom - 0.01) // height)] == []
    widths = []
    block = doc.begin()
    while block.isValid():
        if "value_" in block.text():
            layout = block.layout()
            assert layout.lineCount() > 1  # the long code line wrapped
            widths += [layout.lineAt(i).naturalTextWidth() for i in range(layout.lineCount())]
        block = block.next()
    assert widths and max(widths) <= doc.pageSize().width()
    image = page_image(doc, 0)
    assert image.width() == int(doc.pageSize().width())
    store.close()


@pytest.mark.usefixtures("qapp")
def test_pages_carry_the_exports_own_images_and_never_read_a_file(tmp_path: Path) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    from app.render.paged import document_for, page_image

    red = QImage(40, 40, QImage.Format.Format_ARGB32)
    red.fill(QColor("red"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    red.save(buffer, "PNG")
    local = tmp_path / "secret.png"
    red.save(str(local))
    encoded = bytes(data.toBase64().data()).decode()
    doc = document_for(f'<p><img src="data:image/png;base64,{encoded}"></p>'
                       f'<p><img src="{local}"><img src="file://{local}"></p>', {})
    page = page_image(doc, 0)
    reds = [(x, y) for y in range(0, 120, 2) for x in range(0, 200, 2)
            if page.pixelColor(x, y) == QColor("red")]
    assert reds and max(y for _, y in reds) < 45  # the data: image, not the file's two


@pytest.mark.usefixtures("qapp")
def test_an_attached_image_is_on_the_page_within_its_width(tmp_path: Path) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    from app.domain.attachments import Attachment, Kind
    from app.render.paged import document_for, page_image
    from app.services.export_pdf import export_pdf, printable

    photo = QImage(2400, 600, QImage.Format.Format_ARGB32)
    photo.fill(QColor("#0000ff"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    photo.save(buffer, "PNG")
    store = HistoryStore.open(tmp_path / "h.db")
    conv = store.create_conversation(title="照片")
    store.add_message(conv.id, None, Role.USER, "这张图里是什么？", attachments=[Attachment(
        Kind.IMAGE, "photo.png", "image/png", bytes(data.data()),
        {"width": 2400, "height": 600})])
    pages = printable(store, conv.id)
    doc = document_for(pages.html, pages.images)
    page = page_image(doc, 0)
    blue = [x for x in range(0, page.width(), 4) for y in range(0, page.height(), 8)
            if page.pixelColor(x, y) == QColor("#0000ff")]
    width = doc.pageSize().width()
    assert blue and max(blue) - min(blue) > width * 0.8  # the photo spans the text
    assert doc.size().width() <= width + 1  # and no more: nothing is cut off at its edge
    export_pdf(store, tmp_path / "photo.pdf", conv.id)
    assert pypdf.PdfReader(tmp_path / "photo.pdf").pages[0].images
    store.close()
