"""Files the user attached to a message: images for vision models, and text (a text or
code file, or the text of a PDF) sent inside the message.

What is kept is exactly what the model is sent: an image after downscaling and with its
metadata stripped, a file's text after decoding. The bytes are content-addressed (their
SHA-256), so the same image attached twice is stored once.
"""

from __future__ import annotations

import base64
import hashlib
import math
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any


class Kind(StrEnum):
    IMAGE = "image"
    TEXT = "text"  # a text or code file
    PDF = "pdf"  # the text of a PDF, page by page


class Detail(StrEnum):
    """The ``detail`` of an ``image_url`` part: how closely the model looks."""

    AUTO = "auto"
    LOW = "low"
    HIGH = "high"


IMAGE_MIMES = ("image/png", "image/jpeg", "image/webp", "image/gif")
PATCH = 28  # Qwen-VL: one token per 28×28 patch after resizing to multiples of 28
QWEN_MIN_PIXELS = 4 * PATCH * PATCH
QWEN_MAX_PIXELS = 16384 * PATCH * PATCH
LOW_DETAIL_SIDE = 448  # what "low" detail resizes to before counting


@dataclass(frozen=True)
class Attachment:
    kind: Kind
    name: str
    mime: str
    data: bytes = field(repr=False)
    # Images: width, height, detail. Files: pages (PDF), encoding (the file's, before
    # decoding to UTF-8), original_size (bytes on disk).
    meta: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def sha256(self) -> str:
        """The bytes' digest (computed once: thumbnails and the view key on it)."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def is_image(self) -> bool:
        return self.kind is Kind.IMAGE

    @property
    def text(self) -> str:
        """A file's text as the model reads it ("" for an image)."""
        return "" if self.is_image else self.data.decode("utf-8", "replace")

    @property
    def width(self) -> int:
        return _int(self.meta.get("width"))

    @property
    def height(self) -> int:
        return _int(self.meta.get("height"))

    @property
    def pages(self) -> int:
        return _int(self.meta.get("pages"))

    @property
    def detail(self) -> Detail:
        value = self.meta.get("detail")
        return Detail(value) if isinstance(value, str) and value in set(Detail) else Detail.AUTO

    def with_detail(self, detail: Detail) -> Attachment:
        return Attachment(self.kind, self.name, self.mime, self.data,
                          {**self.meta, "detail": str(detail)})

    def data_url(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"

    def image_part(self) -> dict[str, Any]:
        """The ``image_url`` part of the request's content array (always inlined: a remote
        URL would make the server fetch, and some servers refuse it)."""
        return {"type": "image_url",
                "image_url": {"url": self.data_url(), "detail": str(self.detail)}}

    def tokens(self) -> int:
        """Estimated prompt tokens: for an image, Qwen-VL's count (one per 28×28 patch);
        for a file, counted with its text by the caller."""
        if not self.is_image:
            return 0
        return image_tokens(self.width, self.height, self.detail)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def image_tokens(width: int, height: int, detail: Detail = Detail.AUTO) -> int:
    """Qwen2.5-VL's "smart resize": both sides rounded to multiples of 28, the area kept
    between its minimum and maximum pixels, then one token per 28×28 patch."""
    if width <= 0 or height <= 0:
        return 0
    if detail is Detail.LOW:
        scale = min(1.0, LOW_DETAIL_SIDE / max(width, height))
        width, height = max(1, round(width * scale)), max(1, round(height * scale))
    h = max(PATCH, round(height / PATCH) * PATCH)
    w = max(PATCH, round(width / PATCH) * PATCH)
    if h * w > QWEN_MAX_PIXELS:
        beta = math.sqrt(height * width / QWEN_MAX_PIXELS)
        h = max(PATCH, math.floor(height / beta / PATCH) * PATCH)
        w = max(PATCH, math.floor(width / beta / PATCH) * PATCH)
    elif h * w < QWEN_MIN_PIXELS:
        beta = math.sqrt(QWEN_MIN_PIXELS / (height * width))
        h = math.ceil(height * beta / PATCH) * PATCH
        w = math.ceil(width * beta / PATCH) * PATCH
    return (h // PATCH) * (w // PATCH)


def fence_for(text: str) -> str:
    """A backtick fence longer than any run of backticks in ``text``."""
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def file_block(attachment: Attachment) -> str:
    """A file as it appears in the sent text: its name, then its text fenced."""
    text = attachment.text
    fence = fence_for(text)
    language = _language(attachment.name)
    pages = f" ({attachment.pages} pages)" if attachment.kind is Kind.PDF else ""
    body = text if text.endswith("\n") or not text else text + "\n"
    return f"{attachment.name}{pages}:\n{fence}{language}\n{body}{fence}"


def _language(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return suffix if suffix.isalnum() and len(suffix) <= 10 and suffix not in ("txt", "pdf") \
        else ""


def sent_text(text: str, attachments: tuple[Attachment, ...] | list[Attachment]) -> str:
    """The message's text with its files' blocks before it (a file, then the question)."""
    blocks = [file_block(a) for a in attachments if not a.is_image]
    return "\n\n".join([*blocks, text] if text else blocks)
