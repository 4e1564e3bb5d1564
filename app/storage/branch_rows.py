"""A branch of a long conversation read a part at a time (issue 21): its message ids
walked in SQL, the outlines of some (sizes, no text) for estimated heights, and the full
rows only of those about to be shown.

Opening 100,000 messages then costs one walk of the tree inside SQLite and a few small
reads, instead of 100,000 rows turned into objects.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from app.domain.chat import Role
from app.domain.history import (
    OUTLINE_SAMPLE,
    OUTLINE_SHOWN,
    Message,
    MessageOutline,
    wide_chars,
)
from app.storage import attachment_rows
from app.storage.rows import MESSAGE_COLUMNS, message_from_row
from app.storage.writer import Executor

BATCH = 500  # ids per query (well under SQLite's limit of bound parameters)
MAX_DEPTH = 10_000_000  # a damaged file's cycle ends the walk here
_SEPARATOR = "\x1f"  # between ids in one string (never in a hex id; checked anyway)
_ROLES = {r.value: r for r in Role}

# From a message up to its root, one row per step (``d`` steps from the start).
_UP = (
    "WITH RECURSIVE up(id, parent, d) AS ("
    " SELECT id, parent_id, 0 FROM messages WHERE id = ?"
    " UNION ALL SELECT m.id, m.parent_id, up.d + 1 FROM messages m"
    " JOIN up ON m.id = up.parent WHERE up.d < ?) "
)


def branch_ids(conn: Executor, leaf_id: str, limit: int | None = None) -> list[str]:
    """The ids from the root to ``leaf_id`` (only the last ``limit`` when given), root
    first. The walk runs inside SQLite as one step, so a worker thread doing it leaves
    the GUI thread free (the sqlite3 module lets go of the GIL for a step)."""
    depth = MAX_DEPTH if limit is None else max(0, limit - 1)
    row = conn.execute(_UP + f"SELECT count(*), group_concat(id, '{_SEPARATOR}') FROM up",
                       (leaf_id, depth)).fetchone()
    count, joined = row if row is not None else (0, None)
    ids = joined.split(_SEPARATOR) if joined else []
    if len(ids) != count or (ids and ids[0] != leaf_id):  # an id with the separator in it
        ids = [r[0] for r in conn.execute(_UP + "SELECT id FROM up ORDER BY d",
                                          (leaf_id, depth))]
    ids.reverse()
    return ids


def _batches(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def outlines(conn: Executor, ids: Sequence[str]) -> list[MessageOutline]:
    """The outlines of ``ids`` in that order (ids not in the store are left out)."""
    found: dict[str, MessageOutline] = {}
    for part in _batches(ids):
        rows = conn.execute(
            "SELECT id, role, length(shown), "
            " length(shown) - length(replace(shown, char(10), '')), "
            f" length(CAST(substr(shown, 1, {OUTLINE_SAMPLE}) AS BLOB)) "
            f" - length(substr(shown, 1, {OUTLINE_SAMPLE})), "
            f" min(length(shown), {OUTLINE_SAMPLE}), reasoning_content != '', "
            " CASE WHEN json_valid(tool_calls) THEN json_array_length(tool_calls) ELSE 0 END, "
            " (SELECT count(*) FROM attachments a WHERE a.message_id = m.id "
            "  AND a.kind = 'image'), "
            " (SELECT count(*) FROM attachments a WHERE a.message_id = m.id "
            "  AND a.kind != 'image') "
            f"FROM (SELECT id, role, substr(content, 1, {OUTLINE_SHOWN}) AS shown, "
            " reasoning_content, tool_calls FROM messages "
            f" WHERE id IN ({_marks(len(part))})) m", tuple(part)).fetchall()
        for mid, role, chars, lines, extra, sample, reasoning, calls, images, files in rows:
            found[mid] = MessageOutline(
                mid, _ROLES.get(role, Role.ASSISTANT), chars, lines,
                wide_chars(extra, sample, chars), bool(reasoning), calls or 0, images, files)
    return [found[i] for i in ids if i in found]


def messages_by_id(conn: Executor, ids: Sequence[str]) -> dict[str, Message]:
    """The full messages of ``ids`` (with their attachments), by id."""
    out: dict[str, Message] = {}
    for part in _batches(ids):
        rows = conn.execute(f"SELECT {MESSAGE_COLUMNS} FROM messages "
                            f"WHERE id IN ({_marks(len(part))})", tuple(part)).fetchall()
        for row in rows:
            message = message_from_row(row)
            out[message.id] = message
        for mid, found in attachment_rows.of_messages(conn, part).items():
            if mid in out:
                out[mid].attachments = found
    return out


# Siblings share a parent and a role; roots (no parent) share the conversation. The
# parent's index finds them ("+" keeps SQLite off the conversation's index, which would
# read the whole conversation for the roots).
_GROUP = ("s.role = m.role AND ((m.parent_id IS NOT NULL AND s.parent_id = m.parent_id) OR "
          "(m.parent_id IS NULL AND s.parent_id IS NULL "
          "AND +s.conversation_id = m.conversation_id))")


def sibling_positions(conn: Executor, ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    """For each of ``ids``: its place among its siblings (from 1, in creation order) and
    how many there are, as the sibling switcher shows them."""
    out: dict[str, tuple[int, int]] = {}
    for part in _batches(ids):
        rows = conn.execute(
            f"SELECT m.id, (SELECT count(*) FROM messages s WHERE {_GROUP} "
            f"AND s.seq <= m.seq), (SELECT count(*) FROM messages s WHERE {_GROUP}) "
            f"FROM messages m WHERE m.id IN ({_marks(len(part))})", tuple(part)).fetchall()
        for mid, position, count in rows:
            out[mid] = (max(1, position), max(1, count))
    return out


def sibling_ids(conn: Executor, message_id: str) -> list[str]:
    """``message_id`` and its siblings, in creation order."""
    rows = conn.execute(
        f"SELECT s.id FROM messages m JOIN messages s ON {_GROUP} WHERE m.id = ? "
        "ORDER BY s.seq", (message_id,)).fetchall()
    return [r[0] for r in rows]
