"""Typeset LaTeX to an image with ziamath (pure Python) and Qt's own SVG renderer.

Results are cached by formula, size, colour and pixel ratio, so re-rendering a streaming
answer never typesets a formula twice. Formulas that are too long or too deeply nested
are refused before typesetting, so nothing the model sends can hang the window.

Typesetting costs 3–25 ms a formula (ziamath's layout, in Python), reading one 0.1–0.4 ms:
:meth:`MathTypesetter.readable` tells at once whether a formula will be shown as an image,
so a message can be laid out with a placeholder for it and typeset it afterwards
(``app/ui/rich_document.py``).

ziamath and its font (about 14 MB resident, 0.1 s to load) are loaded the first time a
formula is met, in a worker thread: :meth:`MathTypesetter.ready` says whether they are
there, and starts loading them if not.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QImage, QPainter

log = logging.getLogger(__name__)

MAX_CHARS = 2000
MAX_DEPTH = 40
CACHE_SIZE = 512


def too_complex(latex: str) -> bool:
    if len(latex) > MAX_CHARS:
        return True
    depth = deepest = 0
    for ch in latex:
        if ch == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == "}":
            depth -= 1
    return deepest > MAX_DEPTH


def import_ziamath() -> object:
    with warnings.catch_warnings():
        # ziamath 0.13 loads its font with importlib.resources.path, deprecated since
        # Python 3.11 (a DeprecationWarning at import, harmless).
        warnings.simplefilter("ignore", DeprecationWarning)
        import ziamath

    ziamath.config.svg2 = False  # type: ignore[attr-defined]  # SVG 1.1 for QSvgRenderer
    return ziamath


def _parses(latex: str) -> bool:
    try:
        import_ziamath()
        from latex2mathml.converter import convert

        convert(latex)
    except Exception:  # any parse error: shown as source
        return False
    return True


def load_font() -> None:
    """Import ziamath and load its font (what the first typesetting would pay)."""
    ziamath = import_ziamath()
    ziamath.Latex("x^2", size=16).svg()  # type: ignore[attr-defined]


class MathTypesetter:
    def __init__(self, load: Callable[[], None] = load_font) -> None:
        """``load`` loads the math font, in a worker (tests hold it back)."""
        self._cache: OrderedDict[tuple[str, bool, int, str, float], QImage | None] = (
            OrderedDict())
        self.typeset_count = 0  # how many formulas were actually typeset (not cached)
        self._readable: OrderedDict[str, bool] = OrderedDict()  # parsing one: ~0.4 ms
        self._load_font = load
        self._loaded = threading.Event()
        self._loader: threading.Thread | None = None

    def ready(self) -> bool:
        """Are ziamath and its font loaded? If not, they start loading in a worker."""
        if self._loaded.is_set():
            return True
        if self._loader is None:
            self._loader = threading.Thread(target=self._load, name="math font",
                                            daemon=True)
            self._loader.start()
        return False

    def wait_ready(self) -> None:
        """Until ziamath and its font are loaded (exports, the bench, tests)."""
        if not self.ready():
            self._loaded.wait()

    def _load(self) -> None:
        try:
            self._load_font()
        except Exception:  # its formulas are shown as written (readable() says no)
            log.warning("the math font could not be loaded", exc_info=True)
        finally:
            self._loaded.set()

    def cached(self, latex: str, *, display: bool, pixel_size: int, color: str,
               ratio: float = 1.0) -> bool:
        """Was this formula typeset (or refused) already? Then :meth:`image` is free."""
        return (latex, display, pixel_size, color, ratio) in self._cache

    def readable(self, latex: str) -> bool:
        """Can the formula be read (not too complex, LaTeX that parses)? Only reading:
        what fails beyond that (rare) is found by :meth:`image`."""
        known = self._readable.get(latex)
        if known is None:
            known = self._readable[latex] = not too_complex(latex) and _parses(latex)
            if len(self._readable) > CACHE_SIZE:
                self._readable.popitem(last=False)
        return known

    def image(self, latex: str, *, display: bool, pixel_size: int, color: str,
              ratio: float = 1.0) -> QImage | None:
        """The formula as an image, or None when it cannot be typeset."""
        key = (latex, display, pixel_size, color, ratio)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        image = None if too_complex(latex) else self._typeset(latex, display, pixel_size,
                                                              color, ratio)
        self._cache[key] = image
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return image

    def _typeset(self, latex: str, display: bool, pixel_size: int, color: str,
                 ratio: float) -> QImage | None:
        try:
            ziamath = import_ziamath()
            size = pixel_size * (1.4 if display else 1.15)  # ziamath's glyphs run small
            svg = ziamath.Latex(latex, size=size, color=color).svg()  # type: ignore[attr-defined]
        except Exception as err:  # a formula ziamath cannot parse: shown as source
            log.debug("formula not typeset (%s)", type(err).__name__)
            return None
        from PySide6.QtSvg import QSvgRenderer  # on first use: start-up does not need it

        self.typeset_count += 1
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        if not renderer.isValid():
            return None
        base = renderer.defaultSize()
        if base.isEmpty():
            return None
        out = QSize(max(1, round(base.width() * ratio)), max(1, round(base.height() * ratio)))
        image = QImage(out, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.setDevicePixelRatio(ratio)
        return image
