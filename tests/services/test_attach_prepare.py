"""Preparing attachments: what is sent is downscaled, upright and free of metadata;
files arrive as text in their encoding; what cannot be attached says why."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from PIL import Image

from app.domain.attachments import Attachment, Detail, Kind, image_tokens
from app.domain.chat import ChatMessage, Role
from app.services.attach_prepare import AttachmentRefused, Limits, prepare, prepare_image
from tests.attach_files import photo_jpeg, screenshot_png


def _opened(attachment: Attachment) -> Image.Image:
    return Image.open(io.BytesIO(attachment.data))


def test_a_photo_is_downscaled_to_jpeg_without_gps_or_camera() -> None:
    attachment = prepare(photo_jpeg(), "IMG_0001.JPG")
    image = _opened(attachment)
    assert attachment.mime == "image/jpeg" and image.format == "JPEG"
    assert image.size == (2048, 1365) == (attachment.width, attachment.height)
    assert dict(image.getexif()) == {}
    assert b"Exif" not in attachment.data and b"Canon" not in attachment.data
    assert attachment.meta["original_width"] == 6000


def test_a_photo_taken_sideways_is_turned_upright() -> None:
    attachment = prepare(photo_jpeg(1200, 800, orientation=6), "portrait.jpg")
    assert _opened(attachment).size == (800, 1200)


def test_a_screenshot_stays_png_and_keeps_its_sharpness() -> None:
    attachment = prepare(screenshot_png(), "Screenshot 2026-12-02.png")
    image = _opened(attachment)
    assert attachment.mime == "image/png" and image.format == "PNG"
    assert image.size == (2048, 1229)
    assert attachment.name == "Screenshot 2026-12-02.png"


def test_the_longest_side_follows_the_setting_and_small_images_stay_as_they_are() -> None:
    assert _opened(prepare(screenshot_png(), "a.png", Limits(image_side=1024))).size \
        == (1024, 614)
    assert _opened(prepare(screenshot_png(300, 200), "b.png")).size == (300, 200)


def test_transparency_is_kept_as_png() -> None:
    image = Image.new("RGBA", (64, 64), (255, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "WEBP")
    attachment = prepare(out.getvalue(), "sticker.webp")
    assert attachment.mime == "image/png" and _opened(attachment).mode == "RGBA"


def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded() -> None:
    # 20,000 × 20,000 one-bit pixels: a small file that would take 1.2 GB to decode as RGB.
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")
    assert len(out.getvalue()) < 200_000
    with pytest.raises(AttachmentRefused, match="more pixels than an attachment may have"):
        prepare(out.getvalue(), "bomb.png")


@pytest.mark.parametrize("data, name, said", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "broken.png", "not an image"),
    (b"GIF89a" + b"\xff" * 10, "cut.gif", "not an image"),
    (b"\x7fELF\x02\x01\x01" + bytes(range(256)), "tool", "not a text file"),
    (b"PK\x03\x04rest", "report.docx", "not a text, code, PDF or image file"),
    (b"%PDF-1.7\n" + zlib.compress(b"x" * 100), "broken.pdf", "not a PDF"),
])
def test_what_cannot_be_attached_says_why(data: bytes, name: str, said: str) -> None:
    with pytest.raises(AttachmentRefused, match=said) as caught:
        prepare(data, name)
    assert name in str(caught.value)


@pytest.mark.parametrize("encoded, encoding", [
    ("季度报告：收入增长。\n".encode("gb18030"), "gb18030"),
    ("季度报告\n".encode("utf-16"), "utf-16"),
    ("\ufeff季度报告\n".encode(), "utf-8"),
    ("print('你好')\n".encode(), "utf-8"),
    ("café résumé naïve\n".encode("cp1252"), "cp1252"),
])
def test_text_files_are_read_in_their_encoding(encoded: bytes, encoding: str) -> None:
    attachment = prepare(encoded, "notes.txt")
    assert attachment.kind is Kind.TEXT and attachment.meta["encoding"] == encoding
    assert any(word in attachment.text for word in ("季度报告", "你好", "résumé"))
    assert not attachment.text.startswith("\ufeff")


def test_what_is_not_a_regular_file_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    from app.services.attach_prepare import read_file

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    for path in (fifo, zero, tmp_path):
        with pytest.raises(AttachmentRefused, match="it is not a regular file"):
            read_file(path)


def test_a_file_over_the_text_limit_is_refused_with_the_sizes() -> None:
    with pytest.raises(AttachmentRefused, match=r"301 KB of text; up to 200 KB"):
        prepare(b"x" * 300_001, "big.log")
    assert prepare(b"x" * 300_001, "big.log", Limits(text_bytes=400_000)).kind is Kind.TEXT


def test_a_pdf_arrives_as_text_page_by_page(qapp: object, tmp_path: Path) -> None:
    from tests.attach_files import text_pdf

    data = text_pdf(tmp_path / "r.pdf", ["Quarterly report 季度报告", "Second page"]).read_bytes()
    attachment = prepare(data, "report.pdf")
    assert attachment.kind is Kind.PDF and attachment.pages == 2
    assert "季度报告" in attachment.text and "--- page 2 ---" in attachment.text
    assert "Second" in attachment.text.split("--- page 2 ---")[1]


def test_a_pdf_without_a_text_layer_is_refused(qapp: object, tmp_path: Path) -> None:
    from tests.attach_files import scanned_pdf

    with pytest.raises(AttachmentRefused, match="no text layer"):
        prepare(scanned_pdf(tmp_path / "scan.pdf").read_bytes(), "scan.pdf")


def test_the_request_carries_images_first_then_the_files_and_the_text() -> None:
    image = prepare_image(screenshot_png(300, 200), "shot.png", detail=Detail.LOW)
    code = prepare(b"print(1)\n", "main.py")
    message = ChatMessage(Role.USER, "Why does this fail?", attachments=(image, code))
    content = message.to_api()["content"]
    assert isinstance(content, list) and [p["type"] for p in content] == ["image_url", "text"]
    assert content[0]["image_url"]["url"].startswith("data:image/png;base64,")
    assert content[0]["image_url"]["detail"] == "low"
    assert content[1]["text"] == "main.py:\n```py\nprint(1)\n```\n\nWhy does this fail?"
    assert ChatMessage(Role.USER, "plain").to_api()["content"] == "plain"
    files_only = ChatMessage(Role.USER, "", attachments=(code,)).to_api()["content"]
    assert files_only == "main.py:\n```py\nprint(1)\n```"


def test_a_fence_inside_a_file_does_not_end_its_block() -> None:
    attachment = prepare(b"```\nnot the end\n```\n", "README.md")
    text = ChatMessage(Role.USER, "", attachments=(attachment,)).text
    assert text.startswith("README.md:\n````md\n") and text.endswith("\n````")


@pytest.mark.parametrize("width, height, detail, tokens", [
    (2048, 1365, Detail.AUTO, 73 * 49),  # 1365/28 → 49 patches, 2048/28 → 73
    (28, 28, Detail.AUTO, 4),  # below the minimum area: raised to 56 × 56
    (2048, 1365, Detail.LOW, 16 * 11),  # low: the long side at 448 first (448 × 299)
])
def test_image_tokens_follow_qwen_patches(width: int, height: int, detail: Detail,
                                          tokens: int) -> None:
    assert image_tokens(width, height, detail) == tokens


@pytest.mark.parametrize("text, encoding", [
    ("Grüße aus München, schöne Straße. Über Äpfel.\n", "cp1252"),
    ("Señor Muñoz dijo: ¿qué tal? «Très bien» – 20 €\n", "cp1252"),
])
def test_western_text_is_not_read_as_chinese(text: str, encoding: str) -> None:
    attachment = prepare(text.encode(encoding), "brief.txt")
    assert attachment.text == text and attachment.meta["encoding"] == "cp1252"


@pytest.mark.parametrize("text", [
    "안녕하세요. 이것은 한국어 테스트 파일입니다. 확인해 주세요.\n",
    "회의록\n- 일시: 2026년 12월 3일\n- 참석자: 김민수, 이지은\n- 결정: 다음 주에 다시 논의\n",
])
def test_korean_in_euc_kr_is_read_as_korean_not_as_chinese(text: str) -> None:
    attachment = prepare(text.encode("euc_kr"), "회의.txt")
    assert attachment.text == text and attachment.meta["encoding"] == "euc_kr"


@pytest.mark.parametrize("text", [
    "季度报告：收入增长，利润率提高。北京和上海的团队完成了全部目标。\n",
    "北京 上海 广州 深圳 杭州 南京 成都 武汉\n",  # words between spaces, as Korean has
    "价格：100元，数量：20个，合计2000元。\n",
])
def test_chinese_in_gb18030_is_not_taken_for_korean(text: str) -> None:
    attachment = prepare(text.encode("gb18030"), "报告.txt")
    assert attachment.text == text and attachment.meta["encoding"] == "gb18030"


@pytest.mark.parametrize("text, encoding", [
    ("日本語のテキストです。よろしくお願いします。\n", "shift_jis"),
    ("這是繁體中文的測試文件，請查收。\n", "big5"),
])
def test_an_encoding_that_cannot_be_told_is_refused_not_garbled(text: str,
                                                               encoding: str) -> None:
    with pytest.raises(AttachmentRefused, match="Save it as UTF-8"):
        prepare(text.encode(encoding), "notes.txt")


def test_a_sixteen_bit_image_keeps_its_tones() -> None:
    ramp = Image.linear_gradient("L").resize((256, 256)).convert("I")
    ramp = ramp.point(lambda v: v * 257).convert("I;16")
    out = io.BytesIO()
    ramp.save(out, "PNG")
    sent = _opened(prepare(out.getvalue(), "scan.png"))
    assert sent.mode == "L" and len(sent.getcolors(65536) or []) > 200


def test_an_opaque_photo_with_an_alpha_channel_goes_as_jpeg() -> None:
    grey = Image.effect_noise((1200, 800), 60)
    rgba = Image.merge("RGBA", (grey, grey.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
                                grey.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
                                Image.new("L", grey.size, 255)))
    out = io.BytesIO()
    rgba.save(out, "PNG")
    assert prepare(out.getvalue(), "photo.png").mime == "image/jpeg"


def test_text_that_starts_like_a_bitmap_is_text() -> None:
    assert prepare(b"BMW notes: service due in May.\n", "BMW.txt").kind is Kind.TEXT


def test_empty_files_and_a_pdf_without_a_header_are_refused() -> None:
    with pytest.raises(AttachmentRefused, match="is empty"):
        prepare(b"", "empty.txt")
    with pytest.raises(AttachmentRefused, match="not a PDF"):
        prepare(b"just text", "report.pdf")


def test_names_lose_line_breaks_and_direction_overrides() -> None:
    attachment = prepare(b"hello\n", "report\u202egnp.txt\nsecond line")
    assert attachment.name == "reportgnp.txt second line"


def test_a_removed_pdf_stops_between_pages(qapp: object, tmp_path: Path) -> None:
    from tests.attach_files import text_pdf

    data = text_pdf(tmp_path / "r.pdf", ["one", "two", "three"]).read_bytes()
    with pytest.raises(AttachmentRefused, match="was removed"):
        prepare(data, "r.pdf", Limits(), stopped=lambda: True)
