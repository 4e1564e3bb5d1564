"""The chat controller: what the user asks for (send, edit, regenerate, continue, tool
results) becomes a :class:`~app.services.turn.TurnRequest` for the runner.

The user's message is committed before any network I/O. One turn runs per conversation
at a time; turns of different conversations run side by side (``TurnRunner``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.api.payload import chat_url
from app.domain.attachments import Attachment
from app.domain.chat import ChatMessage, Role
from app.domain.endpoint import Endpoint
from app.domain.history import Conversation, Message, Status
from app.domain.logprobs import TokenLogprob, decode, replaced_at, text_before
from app.domain.params import ChatParams
from app.domain.validation import validate_params
from app.services.context import Fit, fit_history
from app.services.continuation import Shape, continued, shape_for
from app.services.endpoints import EndpointService
from app.services.preview import Preview
from app.services.runner import TurnRunner
from app.services.turn import ToolLoop, TurnRequest, without_logprobs
from app.services.turns import (
    HISTORY_LIMIT,
    MessagePlan,
    history_limit_of,
    params_from_conversation,
    request_messages,
)
from app.storage.errors import StorageError
from app.storage.history import HistoryStore


class ChatController(QObject):
    message_added = Signal(str, str)  # conversation id, message id (user and tool messages)
    invalid_params = Signal(str, list)  # conversation id, [Problem]
    failed = Signal(object)  # Text: a message of the user's could not be stored
    # conversation id, endpoint id, model, parameter: the model refused log-probabilities
    # (the answer came without them; later requests to it leave them out)
    logprobs_refused = Signal(str, str, str, str)

    def __init__(self, store: HistoryStore, endpoints: EndpointService, runner: TurnRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._endpoints = endpoints
        self.runner = runner
        self._plain_continue: set[tuple[str, str | None]] = set()  # (endpoint, model)
        runner.fell_back.connect(self._on_fell_back)
        runner.field_dropped.connect(self._on_field_dropped)
        self._no_logprobs: set[tuple[str, str | None]] = set()  # (endpoint, model)
        # Whether the capability table says a model refuses them (set by the composition).
        self.refuses_logprobs: Callable[[str, str], bool] | None = None
        # The tools that run inside a turn (MCP), per conversation; set by the composition.
        self.tool_loops: Callable[[str], ToolLoop | None] | None = None
        # The request with the tools of the servers running now (for the preview).
        self.tool_preview: Callable[[str, ChatParams], ChatParams] | None = None
        # Whether a model takes images (endpoint id, model): None for unknown.
        self.sees_images: Callable[[str, str], bool | None] = lambda _e, _m: None
        # Only the newest so many images of the conversation are sent (None: all).
        self.images_kept: Callable[[], int | None] = lambda: None

    def busy(self, conversation_id: str) -> bool:
        """A turn of this conversation is queued or streaming."""
        return self.runner.running(conversation_id)

    @property
    def any_busy(self) -> bool:
        return self.runner.busy

    # Starting turns

    def send(self, conversation_id: str, text: str,
             attachments: Sequence[Attachment] = ()) -> Message | None:
        """Store the user's message with its attachments (before any I/O) and start the
        answer."""
        if self.busy(conversation_id):
            return None
        conv = self._store.conversation(conversation_id)
        user = self._add(conversation_id, conv.current_leaf_id, Role.USER, text,
                         attachments=attachments)
        if user is not None:
            self._start(conversation_id, user.id)
        return user

    def edit_and_resend(self, message_id: str, text: str,
                        attachments: Sequence[Attachment] = ()) -> Message | None:
        """A new user message beside the old one (a new branch; the old stays)."""
        old = self._store.message(message_id)
        if self.busy(old.conversation_id):
            return None
        user = self._add(old.conversation_id, old.parent_id, Role.USER, text,
                         attachments=attachments)
        if user is not None:
            self._start(old.conversation_id, user.id)
        return user

    def regenerate(self, message_id: str, params: ChatParams | None = None) -> bool:
        """A new answer beside ``message_id`` (an assistant message), optionally with
        other parameters than the conversation's."""
        old = self._store.message(message_id)
        if self.busy(old.conversation_id):
            return False
        self._start(old.conversation_id, old.parent_id, params)
        return True

    def continue_answer(self, message_id: str) -> bool:
        """Go on after a cut-off, stopped or interrupted answer: a new answer beside it
        that is its text and the model's continuation, asked for in the shape the
        endpoint takes (``continuation``); nothing extra appears in the conversation."""
        old = self._store.message(message_id)
        return self._continue(old, old.content)

    def continue_with_token(self, message_id: str, index: int, alternative: int) -> bool:
        """"Continue with this token": a new answer beside ``message_id`` that is its text
        up to token ``index``, then its ``alternative``-th alternative there, continued by
        the model the way Continue asks. The new answer keeps the tokens it starts with
        (with their probabilities) before its own."""
        old = self._store.message(message_id)
        tokens = decode(self._store.logprobs(message_id))
        if not 0 <= index < len(tokens) or not 0 <= alternative < len(tokens[index].top):
            return False
        start = replaced_at(tokens, index, tokens[index].top[alternative])
        return self._continue(old, text_before(start, len(start)), tuple(start))

    def _continue(self, old: Message, partial: str,
                  logprobs_prefix: tuple[TokenLogprob, ...] = ()) -> bool:
        if self.busy(old.conversation_id):
            return False
        base = self._request(old.conversation_id, old.parent_id,
                             ChatParams.from_json(old.params) if old.params else None)
        if validate_params(base.params):
            self.invalid_params.emit(old.conversation_id, validate_params(base.params))
            return False
        shape = shape_for(base.client.base_url)
        if (base.client.base_url, base.params.model) in self._plain_continue:
            shape = Shape.INSTRUCTION

        def shaped(with_shape: Shape) -> TurnRequest:
            messages, extra = continued(with_shape, list(base.messages), partial)
            return replace(base, messages=tuple(messages), extra=extra, prefix=partial,
                           reasoning_prefix=old.reasoning_content,
                           logprobs_prefix=logprobs_prefix)

        request = shaped(shape)
        if shape is not Shape.INSTRUCTION:
            request = replace(request, fallback=shaped(Shape.INSTRUCTION))
        self.runner.start(self._without_refused(request))
        return True

    def _on_field_dropped(self, request: object, parameter: str) -> None:
        if isinstance(request, TurnRequest):
            self._no_logprobs.add((request.client.base_url, request.params.model))
            self.logprobs_refused.emit(request.conversation_id, request.endpoint_id,
                                       request.params.model or "", parameter)

    def _without_refused(self, request: TurnRequest) -> TurnRequest:
        """Log-probabilities are left out for a model known to refuse them."""
        model = request.params.model
        refused = (request.client.base_url, model) in self._no_logprobs or (
            self.refuses_logprobs is not None and model is not None
            and self.refuses_logprobs(request.endpoint_id, model))
        if not refused:
            return request
        fallback = request.fallback
        if fallback is not None:
            fallback = replace(fallback, params=without_logprobs(fallback.params))
        return replace(request, params=without_logprobs(request.params), fallback=fallback)

    def _on_fell_back(self, request: object) -> None:
        """The endpoint refused a continuation's shape: continue there by instruction."""
        if isinstance(request, TurnRequest) and request.prefix:
            self._plain_continue.add((request.client.base_url, request.params.model))

    def submit_tool_results(self, message_id: str, results: dict[str, str]) -> bool:
        """Store a ``tool`` message per call of ``message_id`` and continue the turn."""
        answer = self._store.message(message_id)
        if self.busy(answer.conversation_id):
            return False
        parent = answer.id
        for call in answer.tool_calls:
            tool = self._add(answer.conversation_id, parent, Role.TOOL,
                             results.get(call.id, ""), tool_call_id=call.id)
            if tool is None:
                return False
            parent = tool.id
        self._start(answer.conversation_id, parent)
        return True

    def _add(self, conversation_id: str, parent_id: str | None, role: Role, text: str,
             tool_call_id: str | None = None,
             attachments: Sequence[Attachment] = ()) -> Message | None:
        """Store a message of the user's; when the disk refuses it, say so (``failed``)
        and return None, so the composer keeps what was typed and attached."""
        try:
            message = self._store.add_message(conversation_id, parent_id, role, text,
                                              tool_call_id=tool_call_id,
                                              attachments=attachments)
        except StorageError as err:
            self.failed.emit(err.text)
            return None
        self.message_added.emit(conversation_id, message.id)
        return message

    def retry(self, message_id: str) -> bool:
        """Retry a failed or interrupted answer (a new sibling; the old one stays)."""
        return self.regenerate(message_id)

    def send_fewer(self, message_id: str, context_length: int | None = None,
                   scale: float | None = None) -> Fit | None:
        """After a context overflow (``message_id``: the failed answer): set the
        conversation's "Messages sent" limit to the last messages that fit, keeping the
        system prompt, and send again. ``left_out`` counts the whole branch's messages not
        sent. ``None`` when nothing more can be left out (or a turn is running)."""
        failed = self._store.message(message_id)
        cid = failed.conversation_id
        if self.busy(cid):
            return None
        request = self._request(cid, failed.parent_id)
        fit = fit_history(request.messages, failed.error or {}, context_length, scale,
                          reserve=request.params.max_tokens or 0)
        if fit is None:
            return None
        conv = self._store.conversation(cid)
        path = self._store.branch(failed.parent_id)
        everything = len(request_messages(path, "", None))
        self._store.set_params(cid, {**conv.params, HISTORY_LIMIT: fit.keep})
        self._start(cid, failed.parent_id)
        return Fit(fit.keep, max(0, everything - fit.keep))

    def stop(self, conversation_id: str) -> None:
        self.runner.stop(conversation_id)

    def stop_all(self, status: Status = Status.STOPPED) -> None:
        self.runner.stop_all(status)

    async def wait(self) -> None:
        """Until every running turn is over; for shutdown and tests."""
        await self.runner.wait()

    def _request(
        self, conversation_id: str, parent_id: str | None, override: ChatParams | None = None,
        pending: str | None = None,
    ) -> TurnRequest:
        return self.request_for(conversation_id, parent_id, override, pending=pending)

    def request_for(
        self, conversation_id: str, parent_id: str | None, override: ChatParams | None = None,
        *, pending: str | None = None, key: str = "", endpoint_id: str | None = None,
        pending_attachments: Sequence[Attachment] = (), read: bool = True,
    ) -> TurnRequest:
        """What a send would post: the client, endpoint, parameters and messages.
        ``key`` and ``endpoint_id`` (instead of the conversation's) are for the lab's arms,
        which run side by side in one conversation. ``read`` False: the messages are left
        to the turn, which reads them in a worker (``TurnRequest.plan``)."""
        conv = self._store.conversation(conversation_id)
        where = conv.endpoint if endpoint_id is None else endpoint_id
        params, endpoint, plan = self._planned(conv, parent_id, override, where, pending,
                                               pending_attachments)
        messages = tuple(plan.messages(self._store)) if read else ()
        return TurnRequest(conversation_id, parent_id, self._endpoints.client(where),
                           endpoint.id, params, messages, key, tool_images=plan.tool_images,
                           plan=None if read else plan)

    def _planned(
        self, conv: Conversation, parent_id: str | None, override: ChatParams | None,
        where: str | None, pending: str | None, pending_attachments: Sequence[Attachment],
    ) -> tuple[ChatParams, Endpoint, MessagePlan]:
        """The parameters, the endpoint and how the messages are made (cheap: the branch
        is read by :meth:`MessagePlan.messages`)."""
        params = override or params_from_conversation(conv.params)
        endpoint = self._endpoints.endpoint(where)
        tool_images = self.sees_images(endpoint.id, params.model or "") is True
        plan = MessagePlan(
            parent_id, conv.system_prompt, history_limit_of(conv.params),
            None if pending is None else ChatMessage(Role.USER, pending,
                                                     attachments=tuple(pending_attachments)),
            self.images_kept(), tool_images)
        return params, endpoint, plan

    def preview(self, conversation_id: str | None, text: str,
                attachments: Sequence[Attachment] = (), *,
                draft: tuple[dict[str, Any], str, str | None] | None = None) -> Preview:
        """What the next send of ``text`` would post, ready to be made in a worker (see
        :class:`Preview`). ``conversation_id`` None: the first send of a chat not stored
        yet, with ``draft`` (its parameters, system prompt and endpoint id). No client is
        made: the preview of a chat only read needs no network library."""
        if conversation_id is None:
            data, system_prompt, endpoint_id = draft or ({}, "", None)
            pending = ChatMessage(Role.USER, text, attachments=tuple(attachments))
            return Preview(chat_url(self._endpoints.endpoint(endpoint_id).base_url),
                           params_from_conversation(data), MessagePlan(
                               None, system_prompt, None, pending))
        conv = self._store.conversation(conversation_id)
        params, endpoint, plan = self._planned(conv, conv.current_leaf_id, None,
                                               conv.endpoint, text, attachments)
        if self.tool_preview is not None:  # tools are params: the messages stay to make
            params = self.tool_preview(conversation_id, params)
        return Preview(chat_url(endpoint.base_url), params, plan)

    def _start(self, conversation_id: str, parent_id: str | None,
               override: ChatParams | None = None) -> None:
        request = self.request_for(conversation_id, parent_id, override, read=False)
        problems = validate_params(request.params)
        if problems:
            self.invalid_params.emit(conversation_id, problems)
            return
        if self.tool_loops is not None:
            request = replace(request, tool_loop=self.tool_loops(conversation_id))
        self.runner.start(self._without_refused(request))
