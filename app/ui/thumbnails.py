"""Small pictures of the user's own images (never of anything a model sent).

Decoding is done in Qt's thread pool, at the size shown (JPEG decodes at a reduced
scale; a 2048-pixel PNG takes about 100 ms to decode, too long for the GUI thread), and
the result is kept in ``QPixmapCache`` by content hash and size, so reopening a
conversation with many images decodes none of them again.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QImage, QImageReader, QPixmap, QPixmapCache

from app.domain.attachments import Attachment

FORMATS = {"image/png": b"png", "image/jpeg": b"jpeg", "image/webp": b"webp",
           "image/gif": b"gif"}


def decode(data: bytes, fit: QSize | None = None, *, mime: str = "") -> QImage:
    """``data`` decoded as the image type ``mime`` says (never guessed from the content:
    an imported "image/png" that is SVG markup must not reach Qt's SVG reader), scaled
    down to fit ``fit`` while decoding where the format can. Safe in a worker thread."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, FORMATS.get(mime, b"png"))
    reader.setDecideFormatFromContent(False)
    reader.setAutoTransform(True)
    size = reader.size()
    if fit is not None and size.isValid() and (size.width() > fit.width()
                                               or size.height() > fit.height()):
        reader.setScaledSize(size.scaled(fit, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if fit is not None and not image.isNull() and (image.width() > fit.width()
                                                   or image.height() > fit.height()):
        image = image.scaled(fit, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return image


def encode_png(image: QImage) -> bytes:
    """A pasted image (``QImage``) as PNG bytes; safe in a worker thread (this QImage is
    a copy no one else uses)."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG", 0)  # type: ignore[call-overload]  # fast; re-encoded later
    buffer.close()
    return bytes(array.data())


class _Done(QObject):
    decoded = Signal(QImage)


class _Decode(QRunnable):
    def __init__(self, data: bytes, mime: str, fit: QSize, done: _Done) -> None:
        super().__init__()
        self._data, self._mime, self._fit, self._done = data, mime, fit, done

    def run(self) -> None:
        self._done.decoded.emit(decode(self._data, self._fit, mime=self._mime))


def show_thumbnail(attachment: Attachment, side: int, ratio: float, receiver: QObject,
                   show: Callable[[QPixmap], None]) -> None:
    """Call ``show`` with the image scaled to fit ``side`` logical pixels: at once when it
    was decoded before, else from a worker thread's result (on the GUI thread, and only
    while ``receiver`` lives)."""
    pixels = max(1, round(side * ratio))
    key = f"attachment:{attachment.sha256}:{pixels}"
    found: QPixmap | None = QPixmapCache.find(key)  # type: ignore[call-overload]
    if found is not None and not found.isNull():
        show(found)
        return
    # The carrier lives on the GUI thread until the result comes (the runnable holds it);
    # the receiver may be gone by then (a chip removed, a message scrolled away).
    done = _Done()

    def decoded(image: QImage) -> None:
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        QPixmapCache.insert(key, pixmap)
        if shiboken6.isValid(receiver):
            show(pixmap)
        done.deleteLater()

    done.decoded.connect(decoded)
    QThreadPool.globalInstance().start(_Decode(attachment.data, attachment.mime,
                                               QSize(pixels, pixels), done))
