"""A conversation's title, written by a model after its first answer.

Setting ``title_mode``: ``off``; ``conversation`` (the default: the conversation's own
model, with ``enable_thinking`` off where it is hybrid); ``model`` (``title_model``, a
cheap model of the same endpoint). The request is small (``max_tokens`` 48; a model that
can only reason gets room to finish), its reasoning and any ``<think>`` text are dropped,
and it is asked in the conversation's language. The first words stay the title until the
model's arrives, and when it fails (logged, never shown). A user's rename always wins:
the title is only written while the conversation has not been named by the user.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.api.errors import ApiError
from app.domain.chat import ChatMessage, Role
from app.domain.history import Status, title_from
from app.domain.params import ChatParams
from app.services.endpoints import EndpointService
from app.services.models import ModelCatalog
from app.services.settings_service import SettingsService
from app.services.turn import AnswerSnapshot
from app.services.turns import params_from_conversation
from app.storage.errors import StorageError
from app.storage.history import HistoryStore
from app.storage.settings_check import TITLE_MODES

log = logging.getLogger(__name__)


MAX_TOKENS = 48
REASONING_MAX_TOKENS = 1024  # a model that always thinks needs room to reach the title
EXCERPT = 1500  # characters of the question and of the answer the title is made from
# The instruction is request payload, sent as written (like the tool templates).
INSTRUCTION = ("Write a short title (at most six words) for the conversation below. Use the "
               "language the user wrote in. Answer with the title only: no quotes, no "
               "punctuation at the end, no explanation.")
_THINK = re.compile(r"(?is)<think>.*?(</think>|$)")
_LABEL = re.compile(r"(?i)^\s*(title|titre|titel|t[ií]tulo|titolo|标题|標題|タイトル|제목)"
                    r"\s*[:：]\s*")


def clean_title(text: str) -> str:
    """The model's answer as a title: no reasoning, no label, no quotes, one line."""
    text = _THINK.sub("", text).replace("</think>", "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    line = _LABEL.sub("", lines[0]).strip().strip("\"'“”‘’「」《》«»*# ").strip()
    return title_from(line.rstrip("。.!！")) if line else ""


class TitleService(QObject):
    titled = Signal(str)  # conversation id whose title the model wrote

    def __init__(self, store: HistoryStore, endpoints: EndpointService,
                 settings: SettingsService, catalog: ModelCatalog,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._endpoints = endpoints
        self._settings = settings
        self._catalog = catalog
        self._asked: set[str] = set()  # conversations a title was asked for in this run
        self._tasks: set[asyncio.Task[Any]] = set()

    def on_answer_finished(self, snapshot: AnswerSnapshot) -> None:
        """After a conversation's first complete answer, ask for its title."""
        cid = snapshot.conversation_id
        if (snapshot.status is not Status.COMPLETE or snapshot.choice != 0
                or not snapshot.content.strip() or cid in self._asked
                or self._settings.settings.title_mode == "off"):
            return
        try:
            conv = self._store.conversation(cid)
            answers = [m for m in self._store.messages(cid) if m.role is Role.ASSISTANT
                       and m.status is Status.COMPLETE]
        except (StorageError, KeyError, LookupError):
            return
        if conv.title_set or len(answers) != 1:
            return
        self._asked.add(cid)
        task = asyncio.ensure_future(self.generate(cid))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait(self) -> None:
        """Until every title asked for is in (or failed); for shutdown and tests."""
        await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def request(self, conversation_id: str) -> tuple[ChatParams, list[ChatMessage]] | None:
        """What the title request posts; ``None`` when there is no model to ask."""
        conv = self._store.conversation(conversation_id)
        s = self._settings.settings
        own = params_from_conversation(conv.params).model
        model = s.title_model.strip() if s.title_mode == "model" and s.title_model.strip() \
            else own
        if not model:
            return None
        caps = self._catalog.capabilities(conv.endpoint, model)
        params = ChatParams(model=model, stream=False, temperature=0.3,
                            max_tokens=MAX_TOKENS)
        if caps.hybrid_thinking:
            params = params.replace(enable_thinking=False)
        elif caps.reasoning and caps.hybrid_thinking is False:  # it will think: room for it
            params = params.replace(max_tokens=REASONING_MAX_TOKENS)
        messages = [m for m in self._store.messages(conversation_id)
                    if m.role in (Role.USER, Role.ASSISTANT) and m.content.strip()]
        question = next((m for m in messages if m.role is Role.USER), None)
        answer = next((m for m in messages if m.role is Role.ASSISTANT), None)
        if question is None or answer is None:
            return None
        said = (f"User: {question.content[:EXCERPT]}\n\n"
                f"Assistant: {clean_answer(answer.content)[:EXCERPT]}")
        return params, [ChatMessage(Role.SYSTEM, INSTRUCTION), ChatMessage(Role.USER, said)]

    async def generate(self, conversation_id: str) -> str | None:
        """Ask for the title and store it unless the user named the conversation
        meanwhile. Any failure leaves the first words as the title (logged)."""
        try:
            built = self.request(conversation_id)
            if built is None:
                return None
            params, messages = built
            conv = self._store.conversation(conversation_id)
            result = await self._endpoints.client(conv.endpoint).complete(params, messages)
            choices = result.ordered
            title = clean_title(choices[0].content) if choices else ""
            if not title:
                log.info("title: the model gave no usable title")
                return None
            if not self._store.set_generated_title(conversation_id, title):
                return None  # the user named it meanwhile: theirs wins
        except (ApiError, StorageError, KeyError, LookupError) as err:
            log.info("title not generated: %s", type(err).__name__)
            return None
        self.titled.emit(conversation_id)
        return title


def clean_answer(text: str) -> str:
    return _THINK.sub("", text).strip()

__all__ = ["TITLE_MODES", "TitleService", "clean_title"]
