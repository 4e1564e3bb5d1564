"""Lab runs in the JSON export and back: ``"lab_runs"`` beside a conversation's messages.

A run is written as its record: ``id``, ``parent_id`` (the user message its arms answer),
``created_at``, ``picked_id``, then the run's own fields as stored (``arms``, ``sweep``,
``samples``, ``blind``), in the stored order, so export → import → export gives the same
bytes. A conversation without runs has no ``"lab_runs"`` key (older exports read as
before).
"""

from __future__ import annotations

from typing import Any

from app.domain.text import Text, translate
from app.storage.export import from_iso, iso
from app.storage.history import HistoryStore
from app.storage.importer import ImportFailed
from app.storage.lab_runs import Executes, LabRunRecord, ensure_table, insert_run, runs_of

_HEAD = ("id", "parent_id", "created_at", "picked_id")


def run_json(record: LabRunRecord) -> dict[str, Any]:
    head = {"id": record.id, "parent_id": record.parent_id,
            "created_at": iso(record.created_at), "picked_id": record.picked_id}
    return {**head, **{k: v for k, v in record.data.items() if k not in _HEAD}}


def add_lab_runs(conversation: dict[str, Any], history: HistoryStore) -> dict[str, Any]:
    """``conversation`` (an exported conversation) with its runs, when it has any."""
    runs = runs_of(history, conversation["id"])
    if runs:
        conversation["lab_runs"] = [run_json(r) for r in runs]
    return conversation


def _failed(where: str, what: Text) -> ImportFailed:
    return ImportFailed(translate("Import", "{where}: {what}").format(where=where, what=what))


def parse_lab_runs(data: Any) -> dict[str, list[LabRunRecord]]:
    """The runs of a SiliconDesk export, by conversation id, checked against the
    conversation's messages (raises :class:`ImportFailed` naming the place)."""
    out: dict[str, list[LabRunRecord]] = {}
    seen: set[str] = set()
    conversations = data.get("conversations") if isinstance(data, dict) else None
    for ci, conv in enumerate(conversations if isinstance(conversations, list) else []):
        if not isinstance(conv, dict) or "lab_runs" not in conv:
            continue
        where = f"conversations[{ci}].lab_runs"
        runs = conv["lab_runs"]
        if not isinstance(runs, list):
            raise _failed(where, translate("Import", "must be a list"))
        ids = {m.get("id") for m in conv.get("messages") or [] if isinstance(m, dict)}
        for ri, run in enumerate(runs):
            here = f"{where}[{ri}]"
            out.setdefault(str(conv.get("id")), []).append(_run(run, here, ids, seen))
    return out


def _run(run: Any, where: str, ids: set[Any], seen: set[str]) -> LabRunRecord:
    if not isinstance(run, dict) or not isinstance(run.get("id"), str):
        raise _failed(where, translate("Import", "must be an object with an id"))
    if run["id"] in seen:
        raise _failed(f"{where}.id", translate("Import", "{value} appears twice").format(
            value=repr(run["id"])))
    seen.add(run["id"])
    for key in ("parent_id", "picked_id"):
        if run.get(key) is not None and run.get(key) not in ids:
            raise _failed(f"{where}.{key}", translate(
                "Import", "{value} is not a message of this conversation").format(
                value=repr(run.get(key))))
    try:
        created = from_iso(str(run.get("created_at")))
    except ValueError:
        raise _failed(f"{where}.created_at", translate(
            "Import", "{value} is not an ISO 8601 time").format(
            value=repr(run.get("created_at")))) from None
    return LabRunRecord(run["id"], "", run.get("parent_id"),
                        {k: v for k, v in run.items() if k not in _HEAD},
                        run.get("picked_id"), created)


def insert_lab_runs(tx: Executes, conversation_id: str,
                    runs: list[LabRunRecord]) -> None:
    if runs:
        ensure_table(tx)
    for record in runs:
        record.conversation_id = conversation_id
        insert_run(tx, record)
