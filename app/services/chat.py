"""The chat controller: owns a turn's asyncio task, from the user's message to the stored answer.

The user's message is committed before any network I/O. Each answer (one per choice
when ``n > 1``) is created in the store at its first byte with status ``streaming``,
checkpointed at most every 0.5 s, and finished with its final status. The view is told
about changes at most once per frame. Nothing the user typed or the model sent is lost:
a failed turn is stored with its error.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.api.accumulate import merge_tool_call
from app.api.errors import ApiError, AuthenticationFailed, StreamInterrupted
from app.api.payload import build_body, encode_body
from app.domain.chat import ChatMessage, Role, ToolCall, Usage
from app.domain.events import (
    ContentDelta,
    FinishReason,
    MetaUpdate,
    ReasoningDelta,
    RetryScheduled,
    StreamEvent,
    ToolCallDelta,
    UsageUpdate,
)
from app.domain.history import Message, Status
from app.domain.params import ChatParams
from app.domain.text import translate
from app.domain.validation import validate_params
from app.services.i18n import tr_error
from app.services.turns import (
    history_limit_of,
    params_from_conversation,
    path_to,
    request_messages,
)
from app.storage.history import HistoryStore

if TYPE_CHECKING:  # imported by the composition root when the first request is made
    from app.api.client import ApiClient

log = logging.getLogger(__name__)

CHECKPOINT_SECONDS = 0.5
FRAME_MS = 16


@dataclass
class LiveAnswer:
    """An answer while it streams: what the view shows between store writes."""

    message_id: str
    conversation_id: str
    choice: int
    model: str | None
    content: str = ""
    reasoning: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: str | None = None
    status: Status = Status.STREAMING
    started: float = field(default_factory=time.monotonic)
    reasoning_started: float | None = None
    reasoning_ended: float | None = None
    first_token: float | None = None
    last_checkpoint: float = 0.0

    def thinking_seconds(self, now: float | None = None) -> float | None:
        if self.reasoning_started is None:
            return None
        end = self.reasoning_ended or now or time.monotonic()
        return max(0.0, end - self.reasoning_started)


class ChatController(QObject):
    message_added = Signal(str, str)  # conversation id, message id
    message_updated = Signal(str)  # message id (at most once per frame)
    message_finished = Signal(str)  # message id, final state is in the store
    turn_started = Signal(str)  # conversation id
    turn_finished = Signal(str)  # conversation id
    retry_scheduled = Signal(str, float, str)  # conversation id, seconds, reason
    retry_cleared = Signal(str)
    auth_failed = Signal(str)  # endpoint id
    invalid_params = Signal(str, list)  # conversation id, [Problem]

    def __init__(
        self,
        store: HistoryStore,
        client_for: Callable[[str | None], ApiClient],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._client_for = client_for
        self._task: asyncio.Task[None] | None = None
        self._conversation: str | None = None
        self._live: dict[str, LiveAnswer] = {}
        self._dirty: set[str] = set()
        self._frame = QTimer(self)
        self._frame.setSingleShot(True)
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(self._flush_frame)

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def active_conversation(self) -> str | None:
        return self._conversation if self.busy else None

    def live(self, message_id: str) -> LiveAnswer | None:
        return self._live.get(message_id)

    # Starting turns

    def send(self, conversation_id: str, text: str) -> Message | None:
        """Store the user's message (before any I/O) and start the answer."""
        if self.busy:
            return None
        conv = self._store.conversation(conversation_id)
        user = self._store.add_message(conversation_id, conv.current_leaf_id, Role.USER, text)
        self.message_added.emit(conversation_id, user.id)
        self._start(conversation_id, user.id)
        return user

    def edit_and_resend(self, message_id: str, text: str) -> Message | None:
        """A new user message beside the old one (a new branch; the old stays)."""
        if self.busy:
            return None
        old = self._store.message(message_id)
        user = self._store.add_message(old.conversation_id, old.parent_id, Role.USER, text)
        self.message_added.emit(old.conversation_id, user.id)
        self._start(old.conversation_id, user.id)
        return user

    def regenerate(self, message_id: str, params: ChatParams | None = None) -> bool:
        """A new answer beside ``message_id`` (an assistant message), optionally with
        other parameters than the conversation's."""
        if self.busy:
            return False
        old = self._store.message(message_id)
        self._start(old.conversation_id, old.parent_id, params)
        return True

    def continue_answer(self, message_id: str) -> bool:
        """Ask the model to go on after a cut-off or interrupted answer."""
        if self.busy:
            return False
        old = self._store.message(message_id)
        user = self._store.add_message(old.conversation_id, old.id, Role.USER,
                                       self.tr("Continue exactly where you stopped."))
        self.message_added.emit(old.conversation_id, user.id)
        self._start(old.conversation_id, user.id)
        return True

    def submit_tool_results(self, message_id: str, results: dict[str, str]) -> bool:
        """Store a ``tool`` message per call of ``message_id`` and continue the turn."""
        if self.busy:
            return False
        answer = self._store.message(message_id)
        parent = answer.id
        for call in answer.tool_calls:
            tool = self._store.add_message(answer.conversation_id, parent, Role.TOOL,
                                           results.get(call.id, ""), tool_call_id=call.id)
            self.message_added.emit(answer.conversation_id, tool.id)
            parent = tool.id
        self._start(answer.conversation_id, parent)
        return True

    def retry(self, message_id: str) -> bool:
        """Retry a failed or interrupted answer (a new sibling; the old one stays)."""
        return self.regenerate(message_id)

    def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def wait(self) -> None:
        """Until the running turn (if any) is over; for shutdown and tests."""
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    def _request(
        self, conversation_id: str, parent_id: str | None, override: ChatParams | None = None,
        pending: str | None = None,
    ) -> tuple[ApiClient, str | None, ChatParams, list[ChatMessage]]:
        """What a send would post: the client, endpoint, parameters and messages."""
        conv = self._store.conversation(conversation_id)
        params = override or params_from_conversation(conv.params)
        path = path_to(self._store.messages(conversation_id), parent_id)
        messages = request_messages(path, conv.system_prompt, history_limit_of(conv.params))
        if pending is not None:
            messages.append(ChatMessage(Role.USER, pending))
        return self._client_for(conv.endpoint), conv.endpoint, params, messages

    def preview(self, conversation_id: str, text: str) -> tuple[str, bytes]:
        """The URL and the exact body the next send of ``text`` would post."""
        conv = self._store.conversation(conversation_id)
        client, _endpoint, params, messages = self._request(
            conversation_id, conv.current_leaf_id, pending=text)
        body = encode_body(build_body(params, messages))
        return f"{client.base_url}/chat/completions", body

    def _start(self, conversation_id: str, parent_id: str | None,
               override: ChatParams | None = None) -> None:
        client, endpoint, params, messages = self._request(conversation_id, parent_id, override)
        problems = validate_params(params)
        if problems:
            self.invalid_params.emit(conversation_id, problems)
            return
        self._conversation = conversation_id
        self.turn_started.emit(conversation_id)
        self._task = asyncio.ensure_future(
            self.run_turn(client, endpoint, conversation_id, parent_id, params, messages))

    # The turn

    async def run_turn(
        self,
        client: ApiClient,
        endpoint: str | None,
        conversation_id: str,
        parent_id: str | None,
        params: ChatParams,
        messages: list[ChatMessage],
    ) -> None:
        answers: dict[int, LiveAnswer] = {}
        usage: Usage | None = None
        started = time.monotonic()
        waiting = False
        served = params.model  # the model as the server names it, once it says
        snapshot = params.to_json()
        try:
            async with aclosing(client.stream_chat(params, messages)) as events:
                async for event in events:
                    if isinstance(event, RetryScheduled):
                        waiting = True
                        self.retry_scheduled.emit(conversation_id, event.delay,
                                                  tr_error(dict(event.error)))
                        continue
                    if waiting:
                        waiting = False
                        self.retry_cleared.emit(conversation_id)
                    if isinstance(event, UsageUpdate):
                        usage = event.usage
                        continue
                    if isinstance(event, MetaUpdate):
                        served = event.model or served
                        for live in answers.values():
                            live.model = served
                        continue
                    answer = self._answer(answers, event, conversation_id, parent_id,
                                          served, snapshot, started)
                    if answer is not None:
                        self._apply(answer, event)
            final = Status.COMPLETE
            error: ApiError | None = None
        except asyncio.CancelledError:
            final, error = Status.STOPPED, None
        except ApiError as err:
            error = err
            final = Status.INTERRUPTED if isinstance(err, StreamInterrupted) else Status.ERROR
            if isinstance(err, AuthenticationFailed):
                self.auth_failed.emit(endpoint or "")
        except Exception as err:  # a bug must not lose what arrived
            log.exception("chat turn failed unexpectedly")
            error = ApiError(translate(
                "ApiError", "Something went wrong in SiliconDesk ({kind}). What arrived is "
                            "kept; you can retry.").format(kind=type(err).__name__))
            final = Status.ERROR
        finally:
            if waiting:
                self.retry_cleared.emit(conversation_id)
        self._finish(answers, final, error, usage, conversation_id, parent_id, params.model,
                     snapshot, started)

    def _answer(
        self, answers: dict[int, LiveAnswer], event: StreamEvent, conversation_id: str,
        parent_id: str | None, model: str | None, snapshot: dict[str, object], started: float,
    ) -> LiveAnswer | None:
        index = getattr(event, "choice", None)
        if index is None:
            return None
        answer = answers.get(index)
        if answer is None:
            message = self._store.add_message(conversation_id, parent_id, Role.ASSISTANT,
                                              status=Status.STREAMING, model=model,
                                              params=snapshot)
            answer = LiveAnswer(message.id, conversation_id, index, model, started=started)
            answers[index] = answer
            self._live[message.id] = answer
            if len(answers) > 1:  # the conversation continues from the first choice
                self._store.set_current_leaf(conversation_id, answers[min(answers)].message_id)
            self.message_added.emit(conversation_id, message.id)
        return answer

    def _apply(self, answer: LiveAnswer, event: StreamEvent) -> None:
        now = time.monotonic()
        match event:
            case ReasoningDelta(text=text):
                if answer.reasoning_started is None:
                    answer.reasoning_started = now
                answer.first_token = answer.first_token or now
                answer.reasoning += text
            case ContentDelta(text=text):
                if answer.reasoning_started is not None and answer.reasoning_ended is None:
                    answer.reasoning_ended = now
                answer.first_token = answer.first_token or now
                answer.content += text
            case ToolCallDelta():
                answer.first_token = answer.first_token or now
                _merge_call(answer.tool_calls, event)
            case FinishReason(reason=reason):
                answer.finish_reason = reason
            case _:
                return
        self._dirty.add(answer.message_id)
        if not self._frame.isActive():
            self._frame.start()
        if now - answer.last_checkpoint >= CHECKPOINT_SECONDS:
            answer.last_checkpoint = now
            self._store.checkpoint(answer.message_id, answer.content, answer.reasoning,
                                   answer.tool_calls)

    def _flush_frame(self) -> None:
        dirty, self._dirty = self._dirty, set()
        for message_id in dirty:
            self.message_updated.emit(message_id)

    def _finish(
        self, answers: dict[int, LiveAnswer], final: Status, error: ApiError | None,
        usage: Usage | None, conversation_id: str, parent_id: str | None, model: str | None,
        snapshot: dict[str, object], started: float,
    ) -> None:
        self._flush_frame()
        self._frame.stop()
        end = time.monotonic()
        if not answers and final is not Status.COMPLETE:
            # Nothing arrived: keep the failed turn, with its error, as an answer.
            message = self._store.add_message(
                conversation_id, parent_id, Role.ASSISTANT, status=final, model=model,
                params=snapshot, error=error.to_json() if error else None)
            self.message_added.emit(conversation_id, message.id)
            self.message_finished.emit(message.id)
        for index in sorted(answers):
            answer = answers[index]
            status = final
            if final is Status.ERROR and (answer.content or answer.tool_calls):
                status = Status.INTERRUPTED
            answer.status = status
            if answer.reasoning_started is not None and answer.reasoning_ended is None:
                answer.reasoning_ended = end
            self._store.finish_message(
                answer.message_id, status=status, content=answer.content,
                reasoning_content=answer.reasoning, tool_calls=answer.tool_calls,
                finish_reason=answer.finish_reason,
                error=error.to_json() if error else None,
                usage=usage.to_json() if usage else None,
                timings=_timings(answer, usage, started, end), model=answer.model,
            )
            self._live.pop(answer.message_id, None)
            self.message_finished.emit(answer.message_id)
        if answers:
            self._store.set_current_leaf(conversation_id, answers[min(answers)].message_id)
        self.turn_finished.emit(conversation_id)
        self._wal = asyncio.ensure_future(asyncio.to_thread(self._store.checkpoint_wal))


def _merge_call(calls: list[ToolCall], delta: ToolCallDelta) -> None:
    while len(calls) <= delta.index:
        calls.append(ToolCall())
    merge_tool_call(calls[delta.index], delta)


def _timings(answer: LiveAnswer, usage: Usage | None, started: float,
             end: float) -> dict[str, float]:
    out: dict[str, float] = {"total_seconds": round(end - started, 3)}
    if answer.first_token is not None:
        out["ttft"] = round(answer.first_token - started, 3)
        generating = end - answer.first_token
        if usage is not None and usage.completion_tokens and generating > 0:
            out["tokens_per_second"] = round(usage.completion_tokens / generating, 1)
    thinking = answer.thinking_seconds(end)
    if thinking is not None:
        out["thinking_seconds"] = round(thinking, 3)
    return out
