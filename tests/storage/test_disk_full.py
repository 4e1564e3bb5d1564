"""A full disk: every write says so with a typed error, nothing saved before is lost,
and the store stays usable for the smaller write that ends the turn."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.chat import Role
from app.domain.history import Status
from app.domain.text import Text
from app.storage.errors import StorageFull
from app.storage.history import HistoryStore

ROOT = Path(__file__).resolve().parents[2]
FULL_SENTENCE = ("The disk is full: the history could not be saved. Free some space; "
                 "what was saved before is kept.")


def _cap_at_current_size(store: HistoryStore) -> None:
    """SQLite's page limit, set to what the file holds now: the in-process full disk."""
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages + 1}")


def test_full_disk_mid_answer_keeps_what_fits_and_ends_as_error(store: HistoryStore) -> None:
    conv = store.create_conversation(title="t")
    user = store.add_message(conv.id, None, Role.USER, "question")
    answer = store.add_message(conv.id, user.id, Role.ASSISTANT, "", status=Status.STREAMING)
    store.checkpoint(answer.id, "the first part", "")
    _cap_at_current_size(store)
    big = "x" * 200_000
    with pytest.raises(StorageFull) as caught:
        store.checkpoint(answer.id, "the first part" + big, "")
    assert str(caught.value) == FULL_SENTENCE
    with pytest.raises(StorageFull):
        store.finish_message(answer.id, status=Status.COMPLETE, content="the first part" + big,
                             reasoning_content="")
    for write in (lambda: store.add_message(conv.id, user.id, Role.USER, big),
                  lambda: store.rename(conv.id, big),
                  lambda: store.set_system_prompt(conv.id, big),
                  lambda: store.set_params(conv.id, {"stop": [big]}),
                  lambda: store.create_conversation(title=big)):
        with pytest.raises(StorageFull):
            write()
    # The store is still usable: the smallest write ends the turn as an error.
    store.fail_message(answer.id, caught.value.to_json())
    kept = store.message(answer.id)
    assert (kept.status, kept.content) == (Status.ERROR, "the first part")
    assert kept.error is not None and kept.error["type"] == "StorageFull"
    shown = Text.from_json(kept.error["text"])  # what the window renders
    assert shown is not None and shown.render() == FULL_SENTENCE
    assert [m.content for m in store.messages(conv.id)] == ["question", "the first part"]
    assert store.conversation(conv.id).title == "t"


def test_space_freed_lets_writes_resume(store: HistoryStore) -> None:
    conv = store.create_conversation()
    _cap_at_current_size(store)
    with pytest.raises(StorageFull):
        store.add_message(conv.id, None, Role.USER, "y" * 100_000)
    store._conn.execute("PRAGMA max_page_count = 1000000")
    store.add_message(conv.id, None, Role.USER, "y" * 100_000)
    assert len(store.messages(conv.id)) == 1


CHILD = r"""
import json, resource, signal, sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from app.domain.chat import Role
from app.domain.history import Status
from app.storage.errors import StorageError
from app.storage.history import HistoryStore

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG from write() instead of a kill
store = HistoryStore.open(Path(sys.argv[1]))
conv = store.create_conversation(title="t")
user = store.add_message(conv.id, None, Role.USER, "question")
answer = store.add_message(conv.id, user.id, Role.ASSISTANT, "", status=Status.STREAMING)
store.checkpoint(answer.id, "kept part", "")
limit = max(p.stat().st_size for p in Path(sys.argv[1]).parent.iterdir())
resource.setrlimit(resource.RLIMIT_FSIZE, (limit + 8192, limit + 8192))
seen = []
for i in range(50):
    try:
        store.checkpoint(answer.id, "kept part" + "z" * 100_000 * (i + 1), "")
    except StorageError as err:
        seen.append([type(err).__name__, str(err)])
        break
try:
    store.fail_message(answer.id, {"type": "StorageFull"})
    final = "ok"
except StorageError as err:
    final = type(err).__name__
print(json.dumps({"seen": seen, "final": final}))
"""


def test_real_efbig_from_the_file_size_limit(tmp_path: Path) -> None:
    db = tmp_path / "data" / "history.sqlite3"
    out = subprocess.run([sys.executable, "-c", CHILD, str(db), str(ROOT)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result == {"seen": [["StorageFull", FULL_SENTENCE]], "final": "ok"}
    store = HistoryStore.open(db)
    try:
        (conv,) = store.list_conversations()
        answer = store.messages(conv.id)[-1]
        assert answer.content == "kept part"
        assert answer.status is Status.ERROR
    finally:
        store.close()


START = r"""
import resource, signal, sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from app.domain.chat import Role
from app.storage.errors import StorageError
from app.storage.history import HistoryStore
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
path = Path(sys.argv[1])
limit = 0
if sys.argv[3] == "existing":
    store = HistoryStore.open(path)
    conv = store.create_conversation(title="kept")
    store.add_message(conv.id, None, Role.USER, "hello")
    store.close()
    limit = max(p.stat().st_size for p in path.parent.iterdir())
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    store = HistoryStore.open(path, full_check=False)  # what the window does at start-up
    store.manual_wal_checkpoints()
    store.recover_interrupted()
    store.purge_deleted()
    print("opened with", store.count_conversations(), "conversation(s)")
    store.create_conversation(title="y" * 200_000)
except StorageError as err:
    print(type(err).__name__, "|", err)
"""


@pytest.mark.parametrize("history, said", [
    ("new", [f"StorageFull | {FULL_SENTENCE}"]),
    ("existing", ["opened with 1 conversation(s)", f"StorageFull | {FULL_SENTENCE}"]),
])
def test_a_full_disk_at_start_up_is_a_sentence(
    tmp_path: Path, history: str, said: list[str]
) -> None:
    out = subprocess.run([sys.executable, "-c", START, str(tmp_path / "history.sqlite3"),
                          str(ROOT), history],
                         capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == said
