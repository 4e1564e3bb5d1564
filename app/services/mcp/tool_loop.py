"""The tool loop of one turn: MCP tools go into the request beside the hand-written ones;
an answer that calls only MCP tools has its calls run (each approved by the user unless
auto-approved), their results stored as ``tool`` messages, and the turn asks again with
them, until the model answers without calls or the cap on rounds is reached.

Calls of hand-written tools are left to the manual loop (the result fields under the
answer). Stop cancels the call that runs and the approval that waits; every call of the
answer still gets a ``tool`` message, so the conversation stays one the API accepts.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from app.api.errors import ApiError
from app.domain.attachments import Attachment
from app.domain.chat import ChatMessage, Choice, Role, ToolCall
from app.domain.params import ChatParams
from app.domain.text import Text, translate
from app.services.attach_prepare import AttachmentRefused, prepare_image
from app.services.mcp.approval import Decision
from app.services.mcp.outcome import ToolImage
from app.services.mcp.service import McpService, ToolBinding
from app.services.turn import TurnRequest
from app.services.turns import tool_images_after
from app.storage.history import HistoryStore


async def tool_images(tool: str, images: tuple[ToolImage, ...]) -> tuple[Attachment, ...]:
    """A tool's images as attachments of its result: prepared as the user's are
    (downscaled, no metadata) in a worker thread; one that does not decode is left out
    (the result's text still names it)."""
    out: list[Attachment] = []
    for number, image in enumerate(images, start=1):
        try:
            out.append(await asyncio.to_thread(prepare_image, image.data,
                                               f"{tool} {number}.png"))
        except AttachmentRefused:
            continue
    return tuple(out)

DECLINED = "The user declined to run this tool."
STOPPED = "The user stopped this call before it finished."


class McpToolLoop:
    def __init__(self, mcp: McpService, store: HistoryStore, *, servers: list[str],
                 tools_off: dict[str, list[str]] | None = None,
                 announce: Callable[[str, str], None],
                 notify: Callable[[Text], None]) -> None:
        """``announce(conversation_id, message_id)``: a tool message was stored;
        ``notify``: a sentence for the user (a server that could not start)."""
        self._mcp = mcp
        self._store = store
        self._servers = servers
        self._tools_off = tools_off or {}
        self._announce = announce
        self._notify = notify
        self._bindings: dict[str, ToolBinding] = {}
        self._reasoning: dict[int, str] = {}  # request message index → that answer's thinking
        self.rounds = 0

    async def prepare(self, request: TurnRequest) -> TurnRequest:
        """The request with the offered servers' tools added (servers start here)."""
        if not self._servers:
            return request
        bindings, problems = await self._mcp.bindings(request.conversation_id, self._servers,
                                                      self._tools_off)
        for problem in problems:
            self._notify(problem)
        return self.with_tools(request, bindings)

    def with_tools(self, request: TurnRequest, bindings: list[ToolBinding]) -> TurnRequest:
        """The request's hand-written tools, then these (a hand-written name wins)."""
        params = self.with_tools_params(request.params, bindings)
        return request if params is request.params else replace(request, params=params)

    def with_tools_params(self, params: ChatParams,
                          bindings: list[ToolBinding]) -> ChatParams:
        hand = [dict(t) for t in params.tools or ()]
        hand_names = {(t.get("function") or {}).get("name") for t in hand}
        self._bindings = {b.api_name: b for b in bindings if b.api_name not in hand_names}
        if not self._bindings:
            return params
        tools = (*hand, *(b.to_api() for b in self._bindings.values()))
        return params.replace(tools=tools)

    def wants(self, calls: list[ToolCall]) -> bool:
        return bool(calls) and all(call.name in self._bindings for call in calls)

    async def run_calls(self, request: TurnRequest, answer_id: str,
                        choice: Choice) -> TurnRequest | None:
        """Run the answer's calls; the next round's request, or None to end the turn."""
        self.rounds += 1
        if self.rounds > self._mcp.rounds:
            self._notify(translate(
                "Tools", "The tools were called %n round(s) in a row; the turn stops here. "
                         "Send a message to go on.").counting(self._mcp.rounds))
            return None
        conversation = request.conversation_id
        parent = answer_id
        results: list[ChatMessage] = []
        waiting = list(choice.tool_calls)
        try:
            while waiting:
                call = waiting[0]
                text, meta, images = await self._run_one(conversation, answer_id, call)
                parent = self._store_result(conversation, parent, call, text, meta, images)
                waiting.pop(0)
                results.append(ChatMessage(Role.TOOL, text, tool_call_id=call.id,
                                           attachments=images))
        except asyncio.CancelledError:
            for call in waiting:
                parent = self._store_result(conversation, parent, call, STOPPED,
                                            self._meta(call, "stopped"))
            raise
        model = request.params.model or ""
        assistant = ChatMessage(Role.ASSISTANT, choice.content or None, tuple(choice.tool_calls),
                                reasoning_content=choice.reasoning
                                if self._mcp.passes_reasoning(model) else None)
        self._reasoning[len(request.messages)] = choice.reasoning
        added = [assistant, *results]
        if request.tool_images:
            added = tool_images_after(added)
        return replace(request, parent_id=parent, messages=(*request.messages, *added))

    def after_error(self, request: TurnRequest, error: ApiError) -> TurnRequest | None:
        """A model that answers 400 "reasoning_content … must be passed back" gets the
        reasoning of this tool loop's answers (never of earlier turns), from now on."""
        model = request.params.model or ""
        if error.status != 400 or "reasoning_content" not in f"{error.detail} {error.message}" \
                or self._mcp.passes_reasoning(model):
            return None
        self._mcp.learn_passes_reasoning(model)
        messages = list(request.messages)
        for index, reasoning in self._reasoning.items():
            if index < len(messages) and messages[index].role is Role.ASSISTANT:
                messages[index] = replace(messages[index], reasoning_content=reasoning)
        return replace(request, messages=tuple(messages))

    def _meta(self, call: ToolCall, outcome: str, **more: Any) -> dict[str, Any]:
        binding = self._bindings.get(call.name)
        return {"mcp": {"server": binding.server if binding else "",
                        "tool": binding.tool if binding else call.name,
                        "outcome": outcome, **more}}

    def _store_result(self, conversation: str, parent: str, call: ToolCall, text: str,
                      meta: dict[str, Any], images: tuple[Attachment, ...] = ()) -> str:
        message = self._store.add_message(conversation, parent, Role.TOOL, text,
                                          tool_call_id=call.id, params=meta,
                                          attachments=images)
        self._announce(conversation, message.id)
        return message.id

    async def _run_one(self, conversation: str, answer_id: str, call: ToolCall
                       ) -> tuple[str, dict[str, Any], tuple[Attachment, ...]]:
        binding = self._bindings[call.name]
        try:
            arguments = json.loads(call.arguments or "{}")
        except (ValueError, RecursionError):
            arguments = None
        if not isinstance(arguments, dict):
            return ("Error: the arguments are not a JSON object.",
                    self._meta(call, "error", is_error=True), ())
        decision = await self._mcp.approve(conversation, answer_id, call.id, binding,
                                           call.arguments)
        if decision is Decision.DENY:
            return DECLINED, self._meta(call, "declined"), ()
        outcome = await self._mcp.call(binding, arguments)
        text = outcome.text
        if outcome.is_error and not text.lower().startswith("error"):
            text = f"Error: {text}"
        images = await tool_images(binding.tool, outcome.images)
        return text, self._meta(call, "error" if outcome.is_error else "ok",
                                is_error=outcome.is_error, images=len(outcome.images),
                                decision=str(decision)), images
