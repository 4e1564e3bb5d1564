"""Small pictures of the user's own images (never of anything a model sent), decoded
at the size shown and kept by content hash, so a conversation with many images opens
without decoding each one at full size again."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap

from app.domain.attachments import Attachment

_CACHE: OrderedDict[tuple[str, int, int], QPixmap] = OrderedDict()
_KEPT = 256


def thumbnail(attachment: Attachment, side: int, ratio: float = 1.0) -> QPixmap:
    """The image scaled to fit ``side`` logical pixels (a null pixmap if unreadable)."""
    pixels = max(1, round(side * ratio))
    key = (attachment.sha256, pixels, attachment.width * 100_000 + attachment.height)
    found = _CACHE.get(key)
    if found is not None:
        _CACHE.move_to_end(key)
        return found
    pixmap = QPixmap.fromImage(decode(attachment.data, QSize(pixels, pixels)))
    pixmap.setDevicePixelRatio(ratio)
    _CACHE[key] = pixmap
    while len(_CACHE) > _KEPT:
        _CACHE.popitem(last=False)
    return pixmap


def decode(data: bytes, fit: QSize | None = None) -> QImage:
    """``data`` decoded, scaled down to fit ``fit`` while decoding where the format can
    (JPEG decodes at a reduced scale)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if fit is not None and size.isValid() and (size.width() > fit.width()
                                               or size.height() > fit.height()):
        reader.setScaledSize(size.scaled(fit, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return image


def encode_png(image: QImage) -> bytes:
    """A pasted image (``QImage``) as PNG bytes; safe in a worker thread (QImage is
    reentrant and this one is not shared)."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG", 0)  # type: ignore[call-overload]  # fast; re-encoded later
    buffer.close()
    return bytes(array.data())
