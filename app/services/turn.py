"""One chat turn: a request, streamed into one stored answer per choice.

A :class:`Turn` owns its asyncio task and its request. The api layer's
:class:`~app.api.accumulate.Accumulator` is the one state of the answers: the same
snapshot mid-stream and at the end. Each answer is created in the store at its first
byte with status ``streaming``, checkpointed at most every 0.5 s, and finished with its
final status. Whatever goes wrong inside the turn ends it with a stored status and a
sentence; what arrived is kept (on screen even when the disk is full).

The turn reports to a :class:`TurnSink` (the runner), which turns reports into Qt
signals carrying :class:`AnswerSnapshot` values.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from contextlib import aclosing
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from app.api.accumulate import Accumulator
from app.api.errors import (
    ApiError,
    AuthenticationFailed,
    BadRequest,
    ParameterNotSupported,
    StreamInterrupted,
)
from app.domain.chat import ChatMessage, Choice, Role, ToolCall, Usage
from app.domain.events import (
    ContentDelta,
    FinishReason,
    LogprobsDelta,
    ReasoningDelta,
    Resumed,
    RetryScheduled,
    Stalled,
    StreamEvent,
    ToolCallDelta,
)
from app.domain.history import Message, Status
from app.domain.logprobs import LOGPROB_FIELDS, Encoder, TokenLogprob
from app.domain.params import ChatParams
from app.services.failures import failure_json
from app.services.turns import MessagePlan
from app.storage.history import HistoryStore

if TYPE_CHECKING:
    from app.api.client import ApiClient


class ToolLoop(Protocol):
    """Tools that run inside the turn (MCP): see ``app.services.mcp.tool_loop``."""

    async def prepare(self, request: TurnRequest) -> TurnRequest: ...
    def wants(self, calls: list[ToolCall]) -> bool: ...
    async def run_calls(self, request: TurnRequest, answer_id: str,
                        choice: Choice) -> TurnRequest | None: ...
    def after_error(self, request: TurnRequest, error: ApiError) -> TurnRequest | None: ...

log = logging.getLogger(__name__)

CHECKPOINT_SECONDS = 0.5
FIT_ATTEMPTS = 12  # halvings of an answer's text tried when the disk is full (1/4096)


class TurnState(StrEnum):
    QUEUED = "queued"  # waiting for a free request slot on its endpoint
    RUNNING = "running"
    DONE = "done"


@dataclass(frozen=True)
class TurnRequest:
    """Everything a turn posts, decided before it starts."""

    conversation_id: str
    parent_id: str | None  # the message the answers reply to
    client: ApiClient
    endpoint_id: str
    params: ChatParams
    messages: tuple[ChatMessage, ...]
    key: str = ""  # the runner's key; the conversation id unless said otherwise
    extra: dict[str, Any] | None = None  # body fields the request's shape needs
    # A continuation: the answer so far, which the new text is stitched onto.
    prefix: str = ""
    reasoning_prefix: str = ""
    # Sent instead when the server refuses this request's shape (400) before any byte.
    fallback: TurnRequest | None = None
    tool_loop: ToolLoop | None = None  # runs the answer's tool calls and asks again
    tool_images: bool = False  # the model sees images: a tool's images go to it too
    # The answers become the branch shown (False: a lab arm's, beside the one shown).
    shows_branch: bool = True
    # "Continue with this token": the tokens of the prefix (the chosen one last), stored
    # before the new answer's own.
    logprobs_prefix: tuple[TokenLogprob, ...] = ()
    # The messages still to be read from the history (in a worker, when the turn starts:
    # a long branch held the window for seconds at Send); ``messages`` is empty till then.
    plan: MessagePlan | None = None

    @property
    def runner_key(self) -> str:
        return self.key or self.conversation_id


@dataclass(frozen=True)
class AnswerSnapshot:
    """One answer as it stands: what the view shows, never a live object."""

    message_id: str
    conversation_id: str
    choice: int
    model: str | None
    content: str
    reasoning: str
    tool_calls: tuple[ToolCall, ...]
    finish_reason: str | None
    status: Status
    thinking_seconds: float | None  # None: no reasoning (yet)
    thinking: bool  # reasoning is still streaming
    taken_at: float  # the clock when this snapshot was made (time.monotonic by default)
    error: dict[str, Any] | None = None
    key: str = ""  # the runner key of its turn (a lab arm's differs from the conversation)

    def onto(self, message: Message) -> Message:
        """``message`` (as stored) showing this snapshot: the screen keeps what arrived
        even when the store could not take the last write."""
        return replace(message, content=self.content, reasoning_content=self.reasoning,
                       tool_calls=list(self.tool_calls), status=self.status,
                       finish_reason=self.finish_reason, model=self.model,
                       error=self.error if self.error is not None else message.error)


class TurnSink(Protocol):
    def on_answer_added(self, turn: Turn, snapshot: AnswerSnapshot) -> None: ...
    def on_answer_changed(self, turn: Turn, message_id: str) -> None: ...
    def on_answer_finished(self, turn: Turn, snapshot: AnswerSnapshot) -> None: ...
    def on_turn_running(self, turn: Turn) -> None: ...
    def on_retry_scheduled(self, turn: Turn, seconds: float, error: dict[str, Any]) -> None: ...
    def on_retry_cleared(self, turn: Turn) -> None: ...
    def on_stalled(self, turn: Turn, seconds: float | None) -> None: ...
    def on_fallback(self, turn: Turn) -> None: ...
    def on_auth_failed(self, turn: Turn) -> None: ...
    def on_field_dropped(self, turn: Turn, parameter: str) -> None: ...
    def on_fewer_answers(self, turn: Turn, got: int, asked: int) -> None: ...
    def on_turn_done(self, turn: Turn) -> None: ...


@dataclass
class _Answer:
    """Where one choice is stored, and when things happened to it."""

    message_id: str
    choice: int
    first_token: float | None = None
    reasoning_started: float | None = None
    reasoning_ended: float | None = None
    last_checkpoint: float = 0.0
    status: Status = Status.STREAMING
    error: dict[str, Any] | None = None

    def thinking_seconds(self, now: float) -> float | None:
        if self.reasoning_started is None:
            return None
        return max(0.0, (self.reasoning_ended or now) - self.reasoning_started)


@dataclass
class Turn:
    request: TurnRequest
    store: HistoryStore
    sink: TurnSink
    limiter: asyncio.Semaphore
    clock: Callable[[], float] = time.monotonic
    state: TurnState = TurnState.QUEUED
    task: asyncio.Task[None] | None = None
    _acc: Accumulator = field(default_factory=Accumulator)
    _answers: dict[int, _Answer] = field(default_factory=dict)
    _started: float = 0.0
    _waiting: bool = False
    _stopped_as: Status = Status.STOPPED
    _between_rounds: bool = False  # a round's answers are stored; its tools run
    _logprobs: dict[int, Encoder] = field(default_factory=dict)  # by choice, as they come

    @property
    def key(self) -> str:
        return self.request.runner_key

    @property
    def conversation_id(self) -> str:
        return self.request.conversation_id

    @property
    def message_ids(self) -> list[str]:
        return [self._answers[i].message_id for i in sorted(self._answers)]

    def start(self) -> asyncio.Task[None]:
        self.task = asyncio.ensure_future(self.run())
        return self.task

    def stop(self, status: Status = Status.STOPPED) -> None:
        """Cancel the request; what arrived is stored with ``status`` (``stopped`` when
        the user asked, ``interrupted`` when the app is quitting)."""
        if self.task is not None and not self.task.done():
            self._stopped_as = status
            self.task.cancel()

    # The run

    async def run(self) -> None:
        error: dict[str, Any] | None = None
        try:
            if self.request.plan is not None:
                self.request = await self._with_messages(self.request)
            if self.request.tool_loop is not None:
                self.request = await self.request.tool_loop.prepare(self.request)
            async with self.limiter:
                self.state = TurnState.RUNNING
                self._started = self.clock()
                self.sink.on_turn_running(self)
                await self._stream()
            await self._tool_rounds()
            final = Status.COMPLETE
        except asyncio.CancelledError:
            final = self._stopped_as
        except ApiError as err:
            error = err.to_json()
            final = Status.INTERRUPTED if isinstance(err, StreamInterrupted) else Status.ERROR
            if isinstance(err, AuthenticationFailed):
                self.sink.on_auth_failed(self)
        except Exception as err:  # a bug or a full disk must not lose what arrived
            log.exception("chat turn failed")
            error, final = failure_json(err), Status.ERROR
        finally:
            if self._waiting:
                self._waiting = False
                self.sink.on_retry_cleared(self)
        try:
            self._finish(final, error)
        finally:
            self.state = TurnState.DONE
            self.sink.on_turn_done(self)

    async def _with_messages(self, request: TurnRequest) -> TurnRequest:
        """``request`` with the messages of its plan, read on a connection of its own."""
        plan = request.plan
        assert plan is not None
        messages = await asyncio.to_thread(self.store.on_own_connection, plan.messages)
        return replace(request, messages=tuple(messages), plan=None)

    async def _stream(self) -> None:
        try:
            await self._stream_without_refused(self.request)
        except BadRequest:
            fallback = self.request.fallback
            if fallback is None or self._answers:
                raise
            self.sink.on_fallback(self)  # that shape is refused there: remembered
            self.request = replace(fallback, key=self.request.key)
            await self._stream_without_refused(self.request)

    async def _stream_without_refused(self, req: TurnRequest) -> None:
        """Log-probabilities are optional: a model that refuses them (400 naming the
        field) is asked the same once more without them, and the sink is told."""
        try:
            await self._stream_request(req)
        except ParameterNotSupported as err:
            if err.parameter not in LOGPROB_FIELDS or self._answers or \
                    not _asks_logprobs(req.params):
                raise
            self.sink.on_field_dropped(self, err.parameter)
            self.request = req = replace(req, params=without_logprobs(req.params))
            if req.fallback is not None:
                req = self.request = replace(req, fallback=replace(
                    req.fallback, params=without_logprobs(req.fallback.params)))
            await self._stream_request(req)

    async def _stream_request(self, req: TurnRequest) -> None:
        async with aclosing(req.client.stream_chat(req.params, list(req.messages),
                                                   req.extra)) as events:
            async for event in events:
                if isinstance(event, RetryScheduled):
                    self._waiting = True
                    self.sink.on_retry_scheduled(self, event.delay, dict(event.error))
                    continue
                if self._waiting:
                    self._waiting = False
                    self.sink.on_retry_cleared(self)
                if isinstance(event, Stalled | Resumed):
                    self.sink.on_stalled(self, event.seconds if isinstance(event, Stalled)
                                         else None)
                    continue
                self._acc.apply(event)
                if isinstance(event, LogprobsDelta):
                    self._encoder(event.choice).add(event.tokens)
                self._track(event)

    def _encoder(self, choice: int) -> Encoder:
        """A choice's stored log-probabilities so far (a continuation's start first)."""
        encoder = self._logprobs.get(choice)
        if encoder is None:
            encoder = self._logprobs[choice] = Encoder()
            encoder.add(self.request.logprobs_prefix)
        return encoder

    async def _tool_rounds(self) -> None:
        """While the one answer calls tools its loop runs: store it, run them, ask again."""
        loop = self.request.tool_loop
        while loop is not None and len(self._answers) == 1:
            choice = self._acc.result.choice(next(iter(self._answers)))
            if not loop.wants(choice.tool_calls):
                return
            answer_id = self.message_ids[0]
            self._finish(Status.COMPLETE, None)
            self._answers.clear()
            self._between_rounds = True
            request = await loop.run_calls(self.request, answer_id, replace(choice))
            if request is None:
                return
            # A new answer: a continuation's prefix and shape belonged to the first one.
            request = replace(request, prefix="", reasoning_prefix="", extra=None,
                              fallback=None)
            self.request, self._acc, self._between_rounds = request, Accumulator(), False
            self._logprobs = {}
            async with self.limiter:
                self._started = self.clock()
                try:
                    await self._stream()
                except ApiError as err:  # e.g. "reasoning_content must be passed back"
                    again = None if self._answers else loop.after_error(self.request, err)
                    if again is None:
                        raise
                    self.request = again
                    await self._stream()

    def _track(self, event: StreamEvent) -> None:
        """Store an answer at its first byte, note timings, checkpoint now and then."""
        index = getattr(event, "choice", None)
        if not isinstance(index, int):
            return
        answer = self._answers.get(index)
        if answer is None:
            answer = self._new_answer(index)
            self._note(answer, event)
            self._maybe_checkpoint(answer)
            self.sink.on_answer_added(self, self.snapshot(answer.message_id))
            return
        if not isinstance(event, ReasoningDelta | ContentDelta | ToolCallDelta | FinishReason):
            return
        self._note(answer, event)
        self.sink.on_answer_changed(self, answer.message_id)
        self._maybe_checkpoint(answer)

    def _note(self, answer: _Answer, event: StreamEvent) -> None:
        """When the answer's thinking started and ended, and its first token came."""
        if not isinstance(event, ReasoningDelta | ContentDelta | ToolCallDelta):
            return
        now = self.clock()
        if isinstance(event, ReasoningDelta) and answer.reasoning_started is None:
            answer.reasoning_started = now
        if isinstance(event, ContentDelta) and answer.reasoning_started is not None \
                and answer.reasoning_ended is None:
            answer.reasoning_ended = now
        if answer.first_token is None:
            answer.first_token = now

    def _maybe_checkpoint(self, answer: _Answer) -> None:
        now = self.clock()
        if now - answer.last_checkpoint >= CHECKPOINT_SECONDS:
            answer.last_checkpoint = now
            choice = self._acc.result.choice(answer.choice)
            self.store.checkpoint(answer.message_id, self._content(choice),
                                  self._reasoning(choice), choice.tool_calls)

    def _new_answer(self, index: int) -> _Answer:
        req = self.request
        message = self.store.add_message(
            req.conversation_id, req.parent_id, Role.ASSISTANT, status=Status.STREAMING,
            model=self._served_model(), params=req.params.to_json(), show=req.shows_branch)
        answer = self._answers[index] = _Answer(message.id, index)
        if len(self._answers) > 1 and req.shows_branch:  # continued from the first choice
            self.store.set_current_leaf(req.conversation_id, self.message_ids[0])
        return answer

    def _content(self, choice: Choice) -> str:
        return self.request.prefix + choice.content

    def _reasoning(self, choice: Choice) -> str:
        return self.request.reasoning_prefix + choice.reasoning

    def _served_model(self) -> str | None:
        return self._acc.result.model or self.request.params.model

    # Snapshots

    def snapshot(self, message_id: str) -> AnswerSnapshot:
        answer = next(a for a in self._answers.values() if a.message_id == message_id)
        choice = self._acc.result.choices.get(answer.choice) or Choice(index=answer.choice)
        now = self.clock()
        return AnswerSnapshot(
            message_id=answer.message_id, conversation_id=self.conversation_id,
            choice=answer.choice, model=self._served_model(), content=self._content(choice),
            reasoning=self._reasoning(choice),
            tool_calls=tuple(replace(call) for call in choice.tool_calls),
            finish_reason=choice.finish_reason, status=answer.status,
            thinking_seconds=answer.thinking_seconds(now),
            thinking=answer.reasoning_started is not None and answer.reasoning_ended is None,
            taken_at=now, error=answer.error, key=self.key)

    # The end

    def _finish(self, final: Status, error: dict[str, Any] | None) -> None:
        req = self.request
        end = self.clock()
        if not self._answers and self._between_rounds:
            return  # the last round's answers are stored; its tool messages too
        if not self._answers and final is not Status.COMPLETE:
            # Nothing arrived: keep the failed turn, with its error, as an answer.
            try:
                message = self.store.add_message(
                    req.conversation_id, req.parent_id, Role.ASSISTANT, status=final,
                    model=req.params.model, params=req.params.to_json(), error=error,
                    show=req.shows_branch)
            except Exception as err:
                log.exception("could not store a failed turn")
                error = failure_json(err)
                message = Message("", req.conversation_id, req.parent_id, Role.ASSISTANT,
                                  status=final, error=error)
            answer = self._answers[0] = _Answer(message.id, 0, status=final, error=error)
            self.sink.on_answer_added(self, self.snapshot(message.id))
            self.sink.on_answer_finished(self, self.snapshot(message.id))
            return
        usage = self._acc.result.usage
        for index in sorted(self._answers):
            answer = self._answers[index]
            choice = self._acc.result.choice(index)
            status = final
            if final is Status.ERROR and (self._content(choice) or choice.tool_calls):
                status = Status.INTERRUPTED
            if answer.reasoning_started is not None and answer.reasoning_ended is None:
                answer.reasoning_ended = end
            answer.status, answer.error = status, error
            self._store_final(answer, choice, usage, end)
            self.sink.on_answer_finished(self, self.snapshot(answer.message_id))
        try:
            self.store.set_current_leaf(req.conversation_id, self.message_ids[0])
        except Exception:
            log.exception("could not move the conversation to its new answer")
        asked = req.params.n or 1
        if final is Status.COMPLETE and len(self._answers) < asked:
            # A server that ignores ``n`` (many do) sends one answer and says nothing.
            self.sink.on_fewer_answers(self, len(self._answers), asked)

    def _store_final(self, answer: _Answer, choice: Choice, usage: Usage | None,
                     end: float) -> None:
        """The final write. When the disk refuses it, as much of the text as fits (halving
        what is written until a write goes through), then at least the status: the answer
        never stays ``streaming``, and the snapshot says why."""
        encoder = self._encoder(answer.choice)
        try:
            self.store.finish_message(
                answer.message_id, status=answer.status, content=self._content(choice),
                reasoning_content=self._reasoning(choice), tool_calls=choice.tool_calls,
                finish_reason=choice.finish_reason, error=answer.error,
                usage=usage.to_json() if usage else None,
                timings=self._timings(answer, usage, end, encoder.mean),
                model=self._served_model(), logprobs=encoder.text())
            return
        except Exception as err:
            log.exception("could not store the end of an answer")
            answer.status, answer.error = Status.ERROR, failure_json(err)
        content, reasoning = self._content(choice), self._reasoning(choice)
        for _ in range(FIT_ATTEMPTS):
            content, reasoning = content[:len(content) // 2], reasoning[:len(reasoning) // 2]
            try:
                self.store.finish_message(
                    answer.message_id, status=Status.ERROR, content=content,
                    reasoning_content=reasoning, error=answer.error, model=self._served_model())
                return
            except Exception:
                if not content and not reasoning:
                    break
        try:
            self.store.fail_message(answer.message_id, answer.error)
        except Exception:
            log.exception("could not store even the status of an answer")

    def _timings(self, answer: _Answer, usage: Usage | None, end: float,
                 mean: float | None = None) -> dict[str, float]:
        out: dict[str, float] = {"total_seconds": round(end - self._started, 3)}
        if mean is not None:  # the footer's mean log-probability and perplexity
            out["logprob_mean"] = round(mean, 4)
        if answer.first_token is not None:
            out["ttft"] = round(answer.first_token - self._started, 3)
            generating = end - answer.first_token
            if usage is not None and usage.completion_tokens and generating > 0:
                out["tokens_per_second"] = round(usage.completion_tokens / generating, 1)
        thinking = answer.thinking_seconds(end)
        if thinking is not None:
            out["thinking_seconds"] = round(thinking, 3)
        return out


def _asks_logprobs(params: ChatParams) -> bool:
    return any(name in params.posted_fields() for name in LOGPROB_FIELDS)


def without_logprobs(params: ChatParams) -> ChatParams:
    """``params`` without ``logprobs`` and ``top_logprobs`` (set or in "More fields")."""
    extra = {k: v for k, v in (params.extra or {}).items() if k not in LOGPROB_FIELDS}
    return params.replace(logprobs=None, top_logprobs=None, extra=extra or None)
