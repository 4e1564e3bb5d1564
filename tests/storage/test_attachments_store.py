"""Attachments in the history: written with their message, deduplicated, deleted with
the last message that uses them, salvaged from a damaged file, checked on import."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

import pytest

from app.domain.attachments import Attachment, Kind
from app.domain.chat import Role
from app.storage.export import export_json
from app.storage.history import HistoryStore
from app.storage.importer import ImportFailed, import_into
from app.storage.salvage import read_salvageable

PNG = Attachment(Kind.IMAGE, "shot.png", "image/png", b"\x89PNG\r\n\x1a\nfake",
                 {"width": 10, "height": 10, "detail": "auto"})
NOTES = Attachment(Kind.TEXT, "notes.txt", "text/plain", "会议记录\n".encode(),
                   {"encoding": "gb18030"})


def _blobs(store: HistoryStore) -> int:
    return int(store._conn.execute("SELECT count(*) FROM blobs").fetchone()[0])


def test_attachments_come_back_in_order_and_are_stored_once(tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    conv = store.create_conversation()
    first = store.add_message(conv.id, None, Role.USER, "look", attachments=[PNG, NOTES])
    second = store.add_message(conv.id, first.id, Role.USER, "again", attachments=[PNG])
    assert store.messages(conv.id)[0].attachments == (PNG, NOTES)
    assert store.message(second.id).attachments == (PNG,)
    assert _blobs(store) == 2  # the image attached twice is one blob
    assert [h.message_id for h in store.search("会议记录")] == [first.id]  # files are searchable
    store.delete_message(second.id)
    assert _blobs(store) == 2  # still used by the first message
    store.delete_message(first.id)
    assert _blobs(store) == 0
    store.close()


def test_a_salvage_keeps_attachments_whose_bytes_are_intact(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store = HistoryStore.open(path)
    conv = store.create_conversation()
    store.add_message(conv.id, None, Role.USER, "look", attachments=[PNG, NOTES])
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE blobs SET data = ? WHERE sha256 = ?", (b"garbled", NOTES.sha256))
    conn.commit()
    conn.close()
    found = read_salvageable(path)
    assert [m.attachments for m in found.messages] == [(PNG,)]


def _export_with(tmp_path: Path, **changes: object) -> bytes:
    store = HistoryStore.open(tmp_path / "src.sqlite3")
    conv = store.create_conversation()
    store.add_message(conv.id, None, Role.USER, "look", attachments=[PNG])
    data = json.loads(export_json(store))
    store.close()
    data["conversations"][0]["messages"][0]["attachments"][0].update(changes)
    return json.dumps(data).encode()


@pytest.mark.parametrize("changes, said", [
    ({"mime": "image/svg+xml"}, "not an image type SiliconDesk shows"),
    ({"data": "not base64!"}, "must be base64 text"),
    ({"sha256": "0" * 64}, "does not match the attachment's data"),
    ({"kind": "video"}, "is not one of image, text, pdf"),
    ({"meta": {"nested": {"deep": 1}}}, "small object of plain values"),
    ({"kind": "text", "mime": "text/plain", "data": base64.b64encode(b"\xff\xfe\xfa").decode(),
      "sha256": None}, "a file's text must be UTF-8"),
])
def test_an_import_refuses_a_wrong_attachment_and_says_where(
    tmp_path: Path, changes: dict[str, object], said: str
) -> None:
    raw = _export_with(tmp_path, **changes)
    target = HistoryStore.open(tmp_path / "dst.sqlite3")
    with pytest.raises(ImportFailed, match=said) as caught:
        import_into(target, raw)
    assert "messages[0].attachments[0]" in str(caught.value)
    assert target.list_conversations() == []
    target.close()
