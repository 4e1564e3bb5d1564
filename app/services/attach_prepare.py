"""A file the user attaches, made ready to send (no Qt; runs in a worker thread).

Images are decoded with Pillow, turned upright by their EXIF orientation, downscaled to
the longest side the settings give, and re-encoded without any metadata (GPS position,
camera, ICC profile): PNG for screenshots and line art (few colours, or transparency),
JPEG for photos. Text and code files are decoded (UTF-8, UTF-16/32 with a BOM, then
EUC-KR Korean, GB18030, which covers GBK and GB2312 Chinese files, and Windows-1252,
each only where the text reads as its script); a PDF's text is read page by page with
pypdf. Anything else is refused with the reason.
"""

from __future__ import annotations

import codecs
import io
import re
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.domain.attachments import Attachment, Detail, Kind
from app.domain.text import Text, TextError, translate
from app.storage.safe_read import UnsafeFile, read_capped

MAX_FILE_BYTES = 64 * 1024 * 1024  # read at most this much of one file
MAX_PIXELS = 89_000_000  # decoded size (Pillow calls more than 89.5 M a bomb)
PHOTO_COLOURS = 65_536  # more distinct colours than this after downscaling: a photo
JPEG_QUALITY = 85
MAX_PDF_PAGES = 2_000

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
BINARY_SUFFIXES = {
    ".exe",
    ".dll",
    ".so",
    ".dylib",
    ".bin",
    ".zip",
    ".gz",
    ".tgz",
    ".bz2",
    ".xz",
    ".7z",
    ".rar",
    ".tar",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ppt",
    ".pptx",
    ".odt",
    ".ods",
    ".mp3",
    ".mp4",
    ".mov",
    ".avi",
    ".mkv",
    ".wav",
    ".flac",
    ".ogg",
    ".heic",
    ".psd",
    ".sqlite",
    ".sqlite3",
    ".db",
    ".class",
    ".jar",
    ".pyc",
    ".o",
    ".a",
    ".iso",
    ".dmg",
}
TEXT_MIMES = {
    ".py": "text/x-python",
    ".md": "text/markdown",
    ".json": "application/json",
    ".html": "text/html",
    ".csv": "text/csv",
    ".xml": "application/xml",
}


@dataclass(frozen=True)
class Limits:
    image_side: int = 2048  # longest side sent, in pixels
    text_bytes: int = 200_000  # of text per file, after decoding (UTF-8 bytes)


class AttachmentRefused(TextError):
    """The file cannot be attached; the text says why and what to do."""


def _refused(text: Text, **values: object) -> AttachmentRefused:
    return AttachmentRefused(text.format(**values))


def read_file(path: Path) -> bytes:
    """The file's bytes, refusing what is not a regular file (a FIFO would block the
    worker forever, ``/dev/zero`` never ends) or too large to be an attachment."""
    try:
        return read_capped(path, MAX_FILE_BYTES)
    except UnsafeFile as exc:
        raise _refused(
            translate("Attachments", "{name} cannot be attached: {reason}."),
            name=path.name,
            reason=exc.reason,
        ) from None
    except OSError as exc:
        raise _refused(
            translate("Attachments", "{name} could not be read: {reason}."),
            name=path.name,
            reason=exc.strerror or type(exc).__name__,
        ) from None


def prepare(data: bytes, name: str, limits: Limits = Limits(),
            stopped: Callable[[], bool] = lambda: False) -> Attachment:
    """``data`` (a file named ``name``) as an attachment, or :class:`AttachmentRefused`.
    ``stopped``: asked between the pages of a PDF (the user removed it)."""
    name = clean_name(name)
    suffix = Path(name).suffix.lower()
    if not data:
        raise _refused(translate("Attachments", "{name} is empty, so there is nothing to "
                                                "attach."), name=name)
    if suffix == ".pdf" and not _looks_like_pdf(data):
        raise _refused(translate("Attachments", "{name} is not a PDF SiliconDesk can read "
                                                "({reason})."),
                       name=name, reason=translate("Attachments", "it has no PDF header"))
    if _looks_like_image(data) or (suffix in IMAGE_SUFFIXES and not _looks_like_pdf(data)):
        return prepare_image(data, name, limits.image_side)
    if _looks_like_pdf(data):
        return prepare_pdf(data, name, limits.text_bytes, stopped)
    if suffix in BINARY_SUFFIXES:
        raise _refused(
            translate(
                "Attachments",
                "{name} is not a text, code, PDF or image file, so it cannot be attached.",
            ),
            name=name,
        )
    return prepare_text(data, name, limits.text_bytes)


def _looks_like_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def _looks_like_image(data: bytes) -> bool:
    return (
        data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a"))
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        or _looks_like_bmp(data)
    )


def _looks_like_bmp(data: bytes) -> bool:
    """"BM", reserved zeros, and a known header size (a text file may start "BMW …")."""
    return (len(data) > 26 and data[:2] == b"BM" and data[6:10] == b"\0\0\0\0"
            and int.from_bytes(data[14:18], "little") in (12, 40, 52, 56, 64, 108, 124))


BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def clean_name(name: str) -> str:
    """A file's name as shown and sent: no line breaks, no right-to-left overrides (which
    make "report\u202egnp.exe" read as "reportexe.png"), not empty."""
    cleaned = " ".join(BIDI_CONTROLS.sub("", name).split())
    return cleaned or "file"


# Images


def prepare_image(
    data: bytes, name: str, longest_side: int = 2048, detail: Detail = Detail.AUTO
) -> Attachment:
    from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _refused(
                    translate(
                        "Attachments",
                        "{name} is {width}×{height} pixels; images of up to {limit} "
                        "megapixels can be attached.",
                    ),
                    name=name,
                    width=width,
                    height=height,
                    limit=MAX_PIXELS // 1_000_000,
                )
            source_format = image.format or ""
            if source_format == "JPEG" and isinstance(image, ImageFile.ImageFile):
                # Decode at a reduced scale straight from the DCT (a 24-megapixel photo
                # decodes in a fraction of the time); never below the target size.
                image.draft("RGB", (longest_side, longest_side))
            image.seek(0)  # the first frame of an animation
            image.load()
            if image.getexif().get(0x0112, 1) != 1:  # Orientation: not already upright
                image = ImageOps.exif_transpose(image) or image
    except AttachmentRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refused(
            translate(
                "Attachments",
                "{name} has more pixels than an attachment may have (up to {limit} megapixels).",
            ),
            name=name,
            limit=MAX_PIXELS // 1_000_000,
        ) from None
    except UnidentifiedImageError:
        raise _refused(
            translate(
                "Attachments",
                "{name} is not an image SiliconDesk can read (its format is not recognised).",
            ),
            name=name,
        ) from None
    except (
        OSError,
        ValueError,
        SyntaxError,
        EOFError,
    ) as exc:
        raise _refused(
            translate("Attachments", "{name} is not an image SiliconDesk can read ({reason})."),
            name=name,
            reason=str(exc) or type(exc).__name__,
        ) from None
    if image.mode.startswith("I;16") or image.mode == "I":
        # 16-bit grey: scaled to 8 bits (a plain convert clips everything above 255 white).
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if alpha and image.mode in ("RGBA", "LA") and image.getchannel("A").getextrema()[0] == 255:
        alpha = False  # an alpha channel with no transparent pixel: a photo, sent as JPEG
    mode = "RGBA" if alpha else "L" if image.mode in ("L", "1") else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
    if max(image.size) > longest_side:
        scale = longest_side / max(image.size)
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    photo = not alpha and (source_format == "JPEG" or image.getcolors(PHOTO_COLOURS) is None)
    image.info = {}  # no EXIF, XMP, ICC profile or text chunks go out
    out = io.BytesIO()
    if photo:
        image.save(out, "JPEG", quality=JPEG_QUALITY)  # (optimize holds the GIL ~50 ms)
        mime, ext = "image/jpeg", ".jpg"
    else:
        image.save(out, "PNG", compress_level=6)
        mime, ext = "image/png", ".png"
    stem = Path(name).stem or "image"
    return Attachment(
        Kind.IMAGE,
        stem + ext,
        mime,
        out.getvalue(),
        {
            "width": image.width,
            "height": image.height,
            "detail": str(detail),
            "original_width": width,
            "original_height": height,
        },
    )


# Text and code

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> tuple[str, str] | None:
    """The text and the encoding it was in, or None for bytes that are not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError:
                return None
    if b"\x00" in data[:65536]:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return (text, "utf-8") if _mostly_printable(text) else None
    # Legacy encodings decode almost any bytes, so each reading must also look like text
    # in its script: Western text read as GB18030 is a scatter of rare characters between
    # Latin letters ("M黱chen"), Japanese or Korean read as GB18030 is characters outside
    # the common Chinese set. EUC-KR comes first: its Hangul occupy the very bytes of
    # GB2312's common hanzi, so Korean would read as plausible (garbled) Chinese. What
    # fits none is refused, never sent garbled.
    for encoding, plausible in (("euc_kr", _plausible_korean), ("gb18030", _plausible_chinese),
                                ("cp1252", _plausible_latin)):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_printable(text) and plausible(text[:65536]):
            return text, encoding
    return None


def _plausible_korean(text: str) -> bool:
    """Korean as it is written: nearly every letter a Hangul syllable, in words a few
    syllables long between spaces. Chinese bytes read as EUC-KR give hanja among the
    syllables, in runs as long as the sentence (Chinese puts no spaces between words)."""
    letters = [c for c in text if ord(c) > 0x7F and c.isalpha()]
    if len(letters) < 8:  # too little to tell from Chinese: GB18030's reading decides
        return False
    hangul = sum(1 for c in letters if "\uac00" <= c <= "\ud7a3")
    runs = [run for run in re.split(r"[\x00-\x7f]+", text) if run]
    return hangul >= 0.95 * len(letters) and len(letters) / len(runs) <= 6


def _plausible_chinese(text: str) -> bool:
    wide = [i for i, c in enumerate(text) if ord(c) > 0x7F]
    if not wide:
        return True
    common = isolated = 0
    for i in wide:
        char = text[i]
        try:
            char.encode("gb2312")  # the 6,763 common hanzi and Chinese punctuation
            common += 1
        except UnicodeEncodeError:
            pass
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if before.isascii() and before.isalpha() and after.isascii() and after.isalpha():
            isolated += 1
    return common >= 0.8 * len(wide) and isolated <= 0.2 * len(wide)


def _plausible_latin(text: str) -> bool:
    """Accented letters inside words, and typographic punctuation: not a run of Latin-1
    symbols (Big5 or EUC-KR bytes read as Windows-1252)."""
    wide = [i for i, c in enumerate(text) if ord(c) > 0x7F]
    if not wide:
        return True
    punctuation = "‘’‚“”„•–—…€™‰‹›«»¿¡°£§©®·"
    fitting = in_words = 0
    for i in wide:
        char = text[i]
        if char.isalpha() or char in punctuation:
            fitting += 1
        near = text[max(0, i - 1):i + 2]
        if any(c.isascii() and c.isalpha() for c in near) or char in punctuation:
            in_words += 1
    return fitting >= 0.9 * len(wide) and in_words >= 0.7 * len(wide)


def _mostly_printable(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return True
    control = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\v\x1b")
    return control <= len(sample) // 100


def prepare_text(data: bytes, name: str, limit: int) -> Attachment:
    decoded = decode_text(data)
    if decoded is None:
        raise _refused(
            translate(
                "Attachments",
                "{name} is not a text file SiliconDesk can read (it is not UTF-8, "
                "UTF-16, GB18030, EUC-KR or Windows-1252 text), so it cannot be attached. "
                "Save it as UTF-8 and attach it again.",
            ),
            name=name,
        )
    text, encoding = decoded
    text = text.replace("\r\n", "\n")
    encoded = text.encode("utf-8", "surrogatepass")
    _check_size(name, len(encoded), limit)
    mime = TEXT_MIMES.get(Path(name).suffix.lower(), "text/plain")
    return Attachment(
        Kind.TEXT,
        name,
        mime,
        text.encode("utf-8", "replace"),
        {"encoding": encoding, "original_size": len(data)},
    )


def _check_size(name: str, size: int, limit: int) -> None:
    if size > limit:
        raise _refused(
            translate(
                "Attachments",
                "{name} has {size} KB of text; up to {limit} KB of text per file "
                "can be attached (Settings → Attachments).",
            ),
            name=name,
            size=-(-size // 1000),
            limit=limit // 1000,
        )


# PDF


def prepare_pdf(data: bytes, name: str, limit: int,
                stopped: Callable[[], bool] = lambda: False) -> Attachment:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns about every odd file
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise _refused(
                    translate(
                        "Attachments",
                        "{name} is protected by a password, so its text cannot be read.",
                    ),
                    name=name,
                )
            count = len(reader.pages)
            if count > MAX_PDF_PAGES:
                raise _refused(
                    translate(
                        "Attachments",
                        "{name} has {pages} pages; PDFs of up to {limit} pages can be attached.",
                    ),
                    name=name,
                    pages=count,
                    limit=MAX_PDF_PAGES,
                )
            pages: list[str] = []
            size = 0
            for number, page in enumerate(reader.pages, start=1):
                if stopped():
                    raise _refused(translate("Attachments", "{name} was removed."),
                                   name=name)
                time.sleep(0)  # pypdf is pure Python: let the GUI thread have the GIL
                text = (page.extract_text() or "").strip()
                pages.append(f"--- page {number} ---\n{text}")
                size += len(text.encode("utf-8", "surrogatepass"))
                _check_size(name, size, limit)
    except AttachmentRefused:
        raise
    except (
        PdfReadError,
        OSError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        RecursionError,
        ZeroDivisionError,
        IndexError,
        NotImplementedError,
    ) as exc:
        raise _refused(
            translate("Attachments", "{name} is not a PDF SiliconDesk can read ({reason})."),
            name=name,
            reason=str(exc) or type(exc).__name__,
        ) from None
    if not any(p.split("\n", 1)[1].strip() for p in pages):
        raise _refused(
            translate(
                "Attachments",
                "{name} has no text layer (it is probably scanned pages), so there "
                "is no text to send. Attach the pages as images instead.",
            ),
            name=name,
        )
    text = "\n\n".join(pages)
    return Attachment(
        Kind.PDF,
        name,
        "application/pdf",
        text.encode("utf-8", "replace"),
        {"pages": count, "original_size": len(data)},
    )
