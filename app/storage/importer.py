"""Import a SiliconDesk JSON export or ChatGPT's ``conversations.json``.

Everything is checked before anything is written, and everything is written in one
transaction: a bad file changes nothing, and the error names what is wrong and where.
Conversations already in the store (same id) are skipped, so importing a backup twice
is harmless. Nothing in the file is trusted: sizes are capped, every field the window
reads later is checked (``import_checks``), and any shape the checks did not foresee
is still refused with its place rather than raising.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.domain.chat import Role, ToolCall
from app.domain.history import Conversation, Message, Status
from app.domain.text import Text, TextError, translate
from app.storage.attachment_exchange import AttachmentProblem, parse_attachments
from app.storage.export import FORMAT_NAME, FORMAT_VERSION, from_iso
from app.storage.history import HistoryStore
from app.storage.import_chatgpt import ChatGptProblem, parse_conversation
from app.storage.import_checks import (
    MAX_FILE_BYTES,
    MAX_SHORT_CHARS,
    MAX_TEXT_CHARS,
    Problem,
    error_problem,
    params_problem,
    timings_problem,
    usage_problem,
)
from app.storage.safe_read import UnsafeFile, read_capped


class ImportFailed(TextError):
    """The file cannot be imported; ``text`` says why (and where in the file)."""


@dataclass(frozen=True)
class ImportReport:
    imported: int
    skipped: int  # already in the history
    source: str  # "silicondesk" or "chatgpt"
    empty: int = 0  # conversations with no message that could be read, not imported


Parsed = list[tuple[Conversation, list[Message]]]


def _failed(where: str, what: Text) -> ImportFailed:
    return ImportFailed(translate("Import", "{where}: {what}").format(where=where, what=what))


def _need(cond: bool, where: str, what: Text) -> None:
    if not cond:
        raise _failed(where, what)


def _str(obj: dict[str, Any], key: str, where: str, *, optional: bool = False,
         limit: int = MAX_SHORT_CHARS) -> Any:
    value = obj.get(key)
    if value is None and optional:
        return None
    found = translate("Import", "must be text, found {value}")
    _need(isinstance(value, str), f"{where}.{key}", found.format(value=f"{value!r:.60}"))
    _need(len(str(value)) <= limit, f"{where}.{key}", translate(
        "Import", "is longer than {limit} characters").format(limit=limit))
    return value


def _opt_dict(obj: dict[str, Any], key: str, where: str,
              check: Callable[[Any], Problem | None] | None = None) -> Any:
    value = obj.get(key)
    _need(value is None or isinstance(value, dict), f"{where}.{key}",
          translate("Import", "must be an object or null"))
    if value is not None and check is not None:
        problem = check(value)
        if problem is not None:
            raise _failed(f"{where}.{key}{problem[0]}", problem[1])
    return value


def _time(obj: dict[str, Any], key: str, where: str) -> int:
    text = _str(obj, key, where)
    try:
        return from_iso(text)
    except ValueError:
        what = translate("Import", "{value} is not an ISO 8601 time").format(value=repr(text))
        raise _failed(f"{where}.{key}", what) from None


def parse_silicondesk(data: dict[str, Any]) -> Parsed:
    what = translate("Import", "this SiliconDesk reads version {ours}, the file is {theirs}")
    _need(data.get("version") == FORMAT_VERSION, "version",
          what.format(ours=FORMAT_VERSION, theirs=repr(data.get("version"))))
    conversations: Any = data.get("conversations")
    _need(isinstance(conversations, list), "conversations", translate("Import", "must be a list"))
    out: Parsed = []
    seen: set[str] = set()
    message_ids: set[str] = set()  # ids are unique across the whole history
    for ci, c in enumerate(conversations):
        where = f"conversations[{ci}]"
        _need(isinstance(c, dict), where, translate("Import", "must be an object"))
        params = c.get("params")
        problem = params_problem(params)
        if problem is not None:
            raise _failed(f"{where}.params{problem[0]}", problem[1])
        pinned = c.get("pinned")
        _need(isinstance(pinned, bool), f"{where}.pinned",
              translate("Import", "must be true or false"))
        conv = Conversation(
            id=_str(c, "id", where), title=_str(c, "title", where),
            created_at=_time(c, "created_at", where), updated_at=_time(c, "updated_at", where),
            pinned=pinned, folder=_str(c, "folder", where),
            system_prompt=_str(c, "system_prompt", where), params=params,
        )
        conv.title_set = bool(conv.title)
        twice = translate("Import", "{value} appears twice")
        _need(conv.id not in seen, f"{where}.id", twice.format(value=repr(conv.id)))
        seen.add(conv.id)
        messages = c.get("messages")
        _need(isinstance(messages, list), f"{where}.messages",
              translate("Import", "must be a list"))
        parsed = [_message(m, conv.id, i + 1, f"{where}.messages[{i}]")
                  for i, m in enumerate(messages)]
        ids = set()
        for i, m in enumerate(parsed):
            _need(m.id not in message_ids, f"{where}.messages[{i}].id",
                  twice.format(value=repr(m.id)))
            message_ids.add(m.id)
            earlier = translate("Import", "{value} is not an earlier message of this conversation")
            _need(m.parent_id is None or m.parent_id in ids, f"{where}.messages[{i}].parent_id",
                  earlier.format(value=repr(m.parent_id)))
            ids.add(m.id)
        if parsed:
            conv.current_leaf_id = _newest_leaf(parsed)
        out.append((conv, parsed))
    return out


def _message(m: Any, cid: str, seq: int, where: str) -> Message:
    _need(isinstance(m, dict), where, translate("Import", "must be an object"))
    role = m.get("role")
    _need(role in {r.value for r in Role}, f"{where}.role", translate(
        "Import", "{value} is not one of system, user, assistant, tool").format(value=repr(role)))
    status = m.get("status")
    _need(status in {s.value for s in Status}, f"{where}.status",
          translate("Import", "{value} is not a status").format(value=repr(status)))
    tool_calls = m.get("tool_calls")
    _need(tool_calls is None or isinstance(tool_calls, list), f"{where}.tool_calls",
          translate("Import", "must be a list or null"))
    _need(tool_calls is None or all(isinstance(t, dict) for t in tool_calls),
          f"{where}.tool_calls", translate("Import", "must be a list of objects"))
    _opt_dict(m, "error", where, error_problem)
    _opt_dict(m, "params", where, params_problem)
    _opt_dict(m, "usage", where, usage_problem)
    _opt_dict(m, "timings", where, timings_problem)
    try:
        attachments = parse_attachments(m.get("attachments"), f"{where}.attachments")
    except AttachmentProblem as problem:
        raise _failed(problem.where, problem.what) from None
    return Message(
        id=_str(m, "id", where), conversation_id=cid,
        parent_id=_str(m, "parent_id", where, optional=True), role=Role(role),
        content=_str(m, "content", where, limit=MAX_TEXT_CHARS),
        reasoning_content=_str(m, "reasoning_content", where, optional=True,
                               limit=MAX_TEXT_CHARS) or "",
        tool_calls=[ToolCall.from_api(t) for t in tool_calls or []],
        tool_call_id=_str(m, "tool_call_id", where, optional=True), status=Status(status),
        finish_reason=_str(m, "finish_reason", where, optional=True), error=m.get("error"),
        model=_str(m, "model", where, optional=True), params=m.get("params"),
        usage=m.get("usage"), timings=m.get("timings"),
        created_at=_time(m, "created_at", where), seq=seq, attachments=attachments,
    )


def _newest_leaf(messages: list[Message]) -> str:
    parents = {m.parent_id for m in messages}
    return [m for m in messages if m.id not in parents][-1].id


def parse_chatgpt(data: list[Any]) -> Parsed:
    out: Parsed = []
    message_ids: set[str] = set()
    for ci, c in enumerate(data):
        try:
            conv, messages = parse_conversation(c, f"[{ci}]")
        except ChatGptProblem as problem:
            raise _failed(problem.where, problem.text) from None
        for m in messages:
            _need(m.id not in message_ids, f"[{ci}].mapping", translate(
                "Import", "message id {value} appears twice").format(value=repr(m.id)[:80]))
            message_ids.add(m.id)
        out.append((conv, messages))
    return out


def read_file(path: Path) -> bytes:
    """The bytes of an import file, refusing what is not a regular file or is too big."""
    try:
        return read_capped(path, MAX_FILE_BYTES)
    except UnsafeFile as exc:
        raise ImportFailed(translate("Import", "{path} cannot be imported: {reason}").format(
            path=str(path), reason=exc.reason)) from None
    except OSError as exc:
        raise ImportFailed(translate("Import", "{path} cannot be read: {reason}").format(
            path=str(path), reason=exc.strerror or type(exc).__name__)) from None


def parse(raw: bytes) -> tuple[Parsed, str]:
    parsed, source, _data = _parse(raw)
    return parsed, source


def _parse(raw: bytes) -> tuple[Parsed, str, Any]:
    """The conversations, which format they came in, and the file's JSON (read once:
    a file of hundreds of megabytes is parsed a single time)."""
    if len(raw) > MAX_FILE_BYTES:
        raise ImportFailed(translate(
            "Import", "the file is larger than {limit} MB").format(limit=MAX_FILE_BYTES >> 20))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(translate("Import", "the file is not UTF-8 text")) from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise ImportFailed(translate("Import", "the file is nested too deeply")) from None
    except json.JSONDecodeError as exc:  # where, in the user's language (not Python's words)
        raise ImportFailed(translate(
            "Import", "the file is not valid JSON (at line {line}, column {column})").format(
                line=exc.lineno, column=exc.colno)) from None
    except ValueError:
        raise ImportFailed(translate("Import", "the file is not valid JSON")) from None
    try:
        if isinstance(data, dict) and data.get("format") == FORMAT_NAME:
            return parse_silicondesk(data), "silicondesk", data
        if isinstance(data, list) and all(isinstance(c, dict) and "mapping" in c
                                          for c in data[:1]):
            return parse_chatgpt(data), "chatgpt", data
    except (TypeError, AttributeError, KeyError, ValueError, OverflowError,
            RecursionError) as exc:
        # A shape no check above foresaw: still a refusal with a reason, never a traceback.
        raise ImportFailed(translate(
            "Import", "the file has a shape SiliconDesk cannot read ({error})").format(
                error=type(exc).__name__)) from None
    raise ImportFailed(translate(
        "Import", "the file is neither a SiliconDesk export (\"format\": \"silicondesk\") nor "
                  "ChatGPT's conversations.json"))


def import_into(store: HistoryStore, raw: bytes,
                progress: Callable[[int, int], None] | None = None, *,
                defaults: dict[str, Any] | None = None) -> ImportReport:
    """Import ``raw`` in one transaction. Raises :class:`ImportFailed` (nothing changed)
    or a ``StorageError`` (the disk refused; nothing changed either). ``progress(done,
    total)`` is told after each conversation; whatever it raises (a cancel) rolls the
    whole import back. A conversation that comes with no parameters (a ChatGPT export,
    or one never set) takes ``defaults``, as a new chat would: else its next send posts
    no model."""
    from app.storage.lab_exchange import insert_lab_runs, parse_lab_runs  # builds on this
    from app.storage.logprob_exchange import insert_logprobs, parse_logprobs

    parsed, source, data = _parse(raw)
    lab_runs = parse_lab_runs(data) if source == FORMAT_NAME else {}
    logprobs = parse_logprobs(data) if source == FORMAT_NAME else {}
    imported = skipped = empty = 0
    with store.transaction() as tx:
        for done, (conv, messages) in enumerate(parsed):
            if progress is not None:
                progress(done, len(parsed))
            if store.has_conversation(conv.id):
                skipped += 1
                continue
            if not messages and source == "chatgpt":
                empty += 1
                continue
            taken = next((m.id for m in messages if store.has_message(m.id)), None)
            if taken is not None:
                raise ImportFailed(translate(
                    "Import", "conversation {conversation}: message id {value} is already in "
                              "the history, in another conversation").format(
                                  conversation=repr(conv.id)[:80], value=repr(taken)[:80]))
            if defaults and not conv.params:
                conv = replace(conv, params=dict(defaults))
            store.insert_in(tx, conv, messages)
            insert_lab_runs(tx, conv.id, lab_runs.get(conv.id, []))
            insert_logprobs(store, tx, messages, logprobs)
            imported += 1
    return ImportReport(imported, skipped, source, empty)
