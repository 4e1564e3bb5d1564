"""Lab runs in the history and in the JSON export: stored, exported beside their
conversation, imported back, and exported again to the same bytes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.domain.chat import Role
from app.storage.export import export_json
from app.storage.history import HistoryStore
from app.storage.importer import ImportFailed, import_into
from app.storage.lab_runs import LabRunStore


def lab_conversation(store: HistoryStore) -> tuple[str, str, list[str]]:
    conv = store.create_conversation(params={"model": "m"})
    user = store.add_message(conv.id, None, Role.USER, "同一个问题")
    answers = [store.add_message(conv.id, user.id, Role.ASSISTANT, f"答 {t}",
                                 params={"model": "m", "temperature": t}).id
               for t in (0, 0.5, 1.0)]
    runs = LabRunStore(store)
    record = runs.add(conv.id, user.id, {})
    runs.update(record.id, {
        "arms": [{"arm": i + 1, "base": 1, "endpoint": None,
                  "params": {"model": "m", "temperature": t, "seed": 7},
                  "sweep_value": t, "sample": 1, "samples_in_request": 1,
                  "answers": [answers[i]]} for i, t in enumerate((0, 0.5, 1.0))],
        "sweep": {"field": "temperature", "values": [0, 0.5, 1.0]}, "samples": 1,
        "blind": True})
    runs.pick(record.id, answers[1])
    return conv.id, record.id, answers


def test_a_run_is_exported_with_its_conversation_and_survives_a_round_trip(
    store: HistoryStore, tmp_path: Path
) -> None:
    cid, run_id, answers = lab_conversation(store)
    store.create_conversation(title="no runs here")
    first = export_json(store)
    data = json.loads(first)
    with_runs = [c for c in data["conversations"] if "lab_runs" in c]
    assert [c["id"] for c in with_runs] == [cid]  # a conversation without runs has no key
    (run,) = with_runs[0]["lab_runs"]
    assert list(run) == ["id", "parent_id", "created_at", "picked_id", "arms", "sweep",
                         "samples", "blind"]
    assert (run["id"], run["picked_id"]) == (run_id, answers[1])
    assert [a["answers"] for a in run["arms"]] == [[a] for a in answers]

    other = HistoryStore.open(tmp_path / "other.sqlite3")
    assert import_into(other, first.encode()).imported == 2
    assert export_json(other) == first
    record = LabRunStore(other).get(run_id)
    assert record is not None and record.conversation_id == cid and record.data["blind"]
    other.close()


@pytest.mark.parametrize(("change", "said"), [
    (lambda run: run.update(picked_id="nope"), "lab_runs[0].picked_id"),
    (lambda run: run.update(created_at="yesterday"), "lab_runs[0].created_at"),
    (lambda run: run.pop("id"), "lab_runs[0]"),
])
def test_a_bad_run_names_its_place_and_nothing_is_imported(
    store: HistoryStore, tmp_path: Path, change: object, said: str
) -> None:
    lab_conversation(store)
    data = json.loads(export_json(store))
    change(data["conversations"][0]["lab_runs"][0])  # type: ignore[operator]
    other = HistoryStore.open(tmp_path / "other.sqlite3")
    with pytest.raises(ImportFailed) as caught:
        import_into(other, json.dumps(data).encode())
    assert said in str(caught.value.text)
    assert other.list_conversations() == []
    other.close()


def test_the_table_is_made_at_the_first_run_and_an_unused_history_is_unchanged(
    tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    store = HistoryStore.open(path)
    conv = store.create_conversation(title="no lab")
    tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'lab_runs'"
    before = export_json(store)
    assert LabRunStore(store).of_conversation(conv.id) == []  # reading makes nothing
    assert LabRunStore(store).get("nope") is None
    assert sqlite3.connect(path).execute(tables).fetchall() == []
    assert export_json(store) == before and "lab_runs" not in before
    cid, run_id, _ = lab_conversation(store)
    assert sqlite3.connect(path).execute(tables).fetchall() == [("lab_runs",)]
    assert [r.id for r in LabRunStore(store).of_conversation(cid)] == [run_id]
    store.close()


def test_deleting_the_question_or_the_pick_keeps_the_export_importable(
    store: HistoryStore, tmp_path: Path
) -> None:
    cid, run_id, answers = lab_conversation(store)
    store.delete_message(answers[1])  # the pick
    record = LabRunStore(store).get(run_id)
    assert record is not None and record.picked_id is None
    other = HistoryStore.open(tmp_path / "other.sqlite3")
    assert import_into(other, export_json(store).encode()).imported == 1
    user = store.messages(cid)[0]
    store.delete_message(user.id)  # the question, and with it its answers
    assert LabRunStore(store).of_conversation(cid) == []
    assert "lab_runs" not in json.loads(export_json(store))["conversations"][0]
    other.close()
