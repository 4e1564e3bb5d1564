"""Attachments in the JSON export, and back.

Each message with attachments has ``"attachments": [{"kind", "name", "mime", "sha256",
"meta", "data"}]`` in order: ``kind`` is ``image``, ``text`` or ``pdf``; ``data`` is the
base64 of the bytes as the model was sent them (an image as re-encoded; a file's text
as UTF-8); ``sha256`` is of those bytes. An import checks every field, so a hand-made
file cannot smuggle in an image type SiliconDesk does not decode, or a wrong digest.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from app.domain.attachments import IMAGE_MIMES, Attachment, Kind
from app.domain.text import Text, translate

MAX_ATTACHMENTS = 64  # per message
MAX_META_CHARS = 4096
MAX_NAME_CHARS = 1024


def attachments_json(attachments: Sequence[Attachment]) -> list[dict[str, Any]]:
    return [{"kind": str(a.kind), "name": a.name, "mime": a.mime, "sha256": a.sha256,
             "meta": a.meta, "data": base64.b64encode(a.data).decode("ascii")}
            for a in attachments]


class AttachmentProblem(ValueError):
    def __init__(self, where: str, what: Text) -> None:
        super().__init__(str(what))
        self.where = where
        self.what = what


def parse_attachments(value: Any, where: str) -> tuple[Attachment, ...]:
    """The ``attachments`` of an imported message; :class:`AttachmentProblem` names the
    first field that is wrong."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise AttachmentProblem(where, translate("Import", "must be a list or null"))
    if len(value) > MAX_ATTACHMENTS:
        raise AttachmentProblem(where, translate(
            "Import", "has more than {limit} attachments").format(limit=MAX_ATTACHMENTS))
    return tuple(_one(item, f"{where}[{i}]") for i, item in enumerate(value))


def _one(item: Any, where: str) -> Attachment:
    if not isinstance(item, dict):
        raise AttachmentProblem(where, translate("Import", "must be an object"))
    kind = item.get("kind")
    if kind not in {k.value for k in Kind}:
        raise AttachmentProblem(f"{where}.kind", translate(
            "Import", "{value} is not one of image, text, pdf").format(value=f"{kind!r:.60}"))
    name, mime = item.get("name"), item.get("mime")
    if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
        raise AttachmentProblem(f"{where}.name", translate("Import", "must be a short text"))
    if not isinstance(mime, str) or len(mime) > 200:
        raise AttachmentProblem(f"{where}.mime", translate("Import", "must be a short text"))
    if kind == Kind.IMAGE and mime not in IMAGE_MIMES:
        raise AttachmentProblem(f"{where}.mime", translate(
            "Import", "{value} is not an image type SiliconDesk shows (PNG, JPEG, WebP, "
                      "GIF)").format(value=f"{mime!r:.60}"))
    meta = item.get("meta", {})
    if not isinstance(meta, dict) or len(json.dumps(meta, ensure_ascii=False)) > MAX_META_CHARS \
            or not all(isinstance(v, str | int | float | bool) or v is None
                       for v in meta.values()):
        raise AttachmentProblem(f"{where}.meta", translate(
            "Import", "must be a small object of plain values"))
    encoded = item.get("data")
    if not isinstance(encoded, str):
        raise AttachmentProblem(f"{where}.data", translate("Import", "must be base64 text"))
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise AttachmentProblem(f"{where}.data", translate(
            "Import", "must be base64 text")) from None
    digest = item.get("sha256")
    if digest is not None and digest != hashlib.sha256(data).hexdigest():
        raise AttachmentProblem(f"{where}.sha256", translate(
            "Import", "does not match the attachment's data"))
    if kind != Kind.IMAGE:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise AttachmentProblem(f"{where}.data", translate(
                "Import", "a file's text must be UTF-8")) from None
    else:
        _check_image(data, mime, meta, where)
    return Attachment(Kind(kind), name, mime, data, dict(meta))


# What each image type's bytes begin with: the declared type must be what the bytes are
# (SVG markup labelled image/png would otherwise reach an image reader that guesses).
SIGNATURES = {"image/png": (b"\x89PNG\r\n\x1a\n",), "image/jpeg": (b"\xff\xd8\xff",),
              "image/gif": (b"GIF87a", b"GIF89a"), "image/webp": (b"RIFF",)}
MAX_SIDE = 16384


def _check_image(data: bytes, mime: str, meta: dict[str, Any], where: str) -> None:
    if not data.startswith(SIGNATURES[mime]) or (mime == "image/webp"
                                                 and data[8:12] != b"WEBP"):
        raise AttachmentProblem(f"{where}.data", translate(
            "Import", "is not a {mime} image").format(mime=mime))
    for side in ("width", "height"):
        value = meta.get(side)
        if not (isinstance(value, int) and not isinstance(value, bool)
                and 0 < value <= MAX_SIDE):
            raise AttachmentProblem(f"{where}.meta.{side}", translate(
                "Import", "must be a number of pixels from 1 to {limit}").format(
                    limit=MAX_SIDE))
