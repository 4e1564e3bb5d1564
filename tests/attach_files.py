"""Files to attach in tests, made here (no binary fixtures in the repository)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw


def screenshot_png(width: int = 3000, height: int = 1800) -> bytes:
    """Line art: a white page with a few dark shapes and text (few colours)."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, width // 2, height // 3), outline="black", width=6)
    draw.text((80, 80), "Settings  General  Network", fill=(30, 30, 30))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def photo_jpeg(width: int = 6000, height: int = 4000, *, gps: bool = True,
               orientation: int = 1) -> bytes:
    """A photograph's statistics (noise over a gradient: many colours) with EXIF that
    names a camera and, with ``gps``, where it was taken."""
    noise = Image.effect_noise((width // 8, height // 8), 60).convert("L")
    image = Image.merge("RGB", (noise, noise.rotate(90, expand=False), noise)).resize(
        (width, height))
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0112] = orientation
    if gps:
        where = exif.get_ifd(0x8825)
        where[1] = "N"
        where[2] = (39.0, 54.0, 26.0)
        where[3] = "E"
        where[4] = (116.0, 23.0, 29.0)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def text_pdf(path: Path, pages: list[str]) -> Path:
    """A PDF with a text layer, written by Qt (needs a QGuiApplication)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFont, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    painter = QPainter(writer)
    painter.setFont(QFont("Noto Sans CJK SC", 12))
    for i, text in enumerate(pages):
        if i:
            writer.newPage()
        painter.drawText(QRect(100, 100, 8000, 2000), 0, text)
    painter.end()
    return path


def scanned_pdf(path: Path) -> Path:
    """A PDF of one page with a picture and no text (as a scanner makes)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    painter = QPainter(writer)
    painter.fillRect(QRect(100, 100, 4000, 3000), QColor("gray"))
    painter.end()
    return path
