"""Models in the window: the model box shows the list of the endpoint in view (with when it
was fetched, and Refresh), a new chat starts with a model its endpoint has, the panel
reads each model's capability table (notes, fields the model does not take and why),
errors teach the table, the composer shows the prompt's estimated tokens, and "Send
fewer earlier messages" answers a context overflow."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from app.api.errors import ApiError
from app.domain.attachments import Attachment
from app.domain.capabilities import FIELDS_OF, Source
from app.domain.chat import ChatMessage, Role
from app.domain.models import fallback_models
from app.domain.tokens import estimate, message_tokens, prompt_tokens
from app.services.background import Background
from app.services.chat import ChatController
from app.services.context import history_tokens
from app.services.conversations import ConversationService
from app.services.i18n import tr_error
from app.services.models import ModelCatalog
from app.services.runner import TurnRunner
from app.services.settings_service import SettingsService
from app.services.turn import AnswerSnapshot
from app.services.turns import history_limit_of, request_messages
from app.storage.errors import StorageError
from app.ui.chat_pane import ChatPane
from app.ui.navigator import Navigator
from app.ui.notices import Notices
from app.ui.param_binding import ParamBinding
from app.ui.param_panel import ParamPanel

log = logging.getLogger(__name__)
REJECTED = ("ParameterNotSupported", "ThinkingNotSupported", "ImagesNotSupported")


class ModelFlow(QObject):
    def __init__(self, catalog: ModelCatalog, chat: ChatController,
                 conversations: ConversationService, settings: SettingsService,
                 navigator: Navigator, binding: ParamBinding, *, panel: ParamPanel,
                 pane: ChatPane, notices: Notices, background: Background,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._chat = chat
        self._runner: TurnRunner = chat.runner
        self._conversations = conversations
        self._settings = settings
        self._nav = navigator
        self._binding = binding
        self._panel = panel
        self._pane = pane
        self._notices = notices
        self._background = background
        self._auto_model: str | None = None  # the model this flow chose for the new chat
        self._history: tuple[tuple[Any, ...], float] | None = None  # (what, raw tokens)
        self._counting: tuple[Any, ...] | None = None  # the history being counted now
        self._loading: set[str] = set()
        self.details_dialog: QObject | None = None
        # The attachments of the message being written (AttachFlow.draft), for the estimate.
        self.draft_attachments: Callable[[], list[Attachment]] = list
        self._estimate_timer = QTimer(self, singleShot=True, interval=0)
        self._estimate_timer.timeout.connect(self.update_estimate)
        panel.describe_model = self.describe
        panel.model_marks = self.marks

    def connect_signals(self) -> None:
        nav, panel = self._nav, self._panel
        nav.opened.connect(self.on_opened)
        self._binding.endpoint_changed.connect(self.on_endpoint_changed)
        self._catalog.models_changed.connect(self.on_models_changed)
        panel.params_edited.connect(self.on_params_edited)
        panel.model_strip.refresh.clicked.connect(
            lambda: self._background.spawn(self.refresh(), "model list"))
        panel.model_strip.details.clicked.connect(self.open_details)
        self._runner.answer_finished.connect(self.on_answer_finished)
        self._runner.turn_finished.connect(lambda _c: self.invalidate())
        self._conversations.conversation_changed.connect(lambda _c: self.invalidate())
        self._pane.composer.textChanged.connect(self._estimate_timer.start)

    def endpoint(self) -> str:
        return self._binding.current_endpoint()

    # The list

    def show_models(self) -> None:
        endpoint = self.endpoint()
        fetched = self._catalog.fetched_at(endpoint)
        self._panel.set_models(self._catalog.ids(endpoint) if fetched is not None
                               else fallback_models())
        self._panel.model_strip.set_fetched(fetched, loading=endpoint in self._loading)

    async def refresh(self) -> None:
        endpoint = self.endpoint()
        self._loading.add(endpoint)
        self.show_models()
        try:
            await self._catalog.refresh(endpoint)
        except ApiError as err:  # offline or refused: the cached (or reference) list stays
            self._notices.status(
                self.tr("Model list not loaded: {0}").format(tr_error(err.to_json())), 8000)
        finally:
            self._loading.discard(endpoint)
            self.show_models()

    def on_opened(self, _conversation_id: str) -> None:
        self.show_models()
        self.choose_draft_model()
        self._panel.refresh()
        self.invalidate()

    def on_endpoint_changed(self, _endpoint_id: str) -> None:
        self.on_opened(self._nav.current)

    def on_models_changed(self, endpoint_id: str) -> None:
        if endpoint_id == self.endpoint():
            self.on_opened(self._nav.current)

    def on_params_edited(self, params: dict[str, object]) -> None:
        model = params.get("model")
        self._catalog.remember_choice(self.endpoint(), model if isinstance(model, str) else None)
        self.invalidate()

    def choose_draft_model(self) -> None:
        """A new chat starts with a model its endpoint lists: the last chosen there, else
        the default parameters' model, else the endpoint's first chat model. A model the
        user typed for this chat is kept while the endpoint lists it."""
        if self._nav.current:
            return
        endpoint = self.endpoint()
        draft = self._nav.draft_params
        model = draft.get("model") if isinstance(draft.get("model"), str) else None
        preferred = self._settings.settings.default_params.get("model")
        untouched = model in (None, preferred, self._auto_model)
        if not untouched and self._catalog.listed(endpoint, model or "") is not False:
            return
        chosen = self._catalog.default_model(
            endpoint, preferred if isinstance(preferred, str) else None)
        if chosen is None or chosen == model:
            return
        self._auto_model = chosen
        self._nav.draft_params = {**draft, "model": chosen}
        self._panel.load(self._nav.draft_params, self._nav.draft_prompt)
        self._binding.update_preview()

    # The capability table in the panel

    def describe(self, model: str) -> tuple[list[str], dict[str, str]]:
        """The model's notes, and the fields it does not take with why (the panel says
        so for set ones; unset ones are disabled with the reason as their tooltip)."""
        endpoint = self.endpoint()
        notes: list[str] = []
        not_taken: dict[str, str] = {}
        if model:
            caps = self._catalog.capabilities(endpoint, model)
            if self._catalog.listed(endpoint, model) is False:
                notes.append(self.tr("this endpoint does not list this model"))
            if caps.reasoning and not caps.hybrid_thinking:
                notes.append(self.tr("reasoning model"))
            if caps.hybrid_thinking:
                notes.append(self.tr("thinking can be switched"))
            if caps.vision:
                notes.append(self.tr("sees images"))
            if caps.context_length:
                notes.append(self.tr("context {0} tokens").format(f"{caps.context_length:,}"))
            for name, cap in FIELDS_OF.items():
                if getattr(caps, cap) is False:
                    not_taken[name] = self._why(endpoint, model, cap)
            asked = self._panel.current().get("max_tokens")
            if caps.max_output and isinstance(asked, int) and asked > caps.max_output:
                not_taken["max_tokens"] = self.tr(
                    "this model answers at most {0} tokens").format(f"{caps.max_output:,}")
            self._panel.extra.set_seed_shown(bool(caps.seed))
        else:
            self._panel.extra.set_seed_shown(False)
        self._apply_fields(not_taken)
        return notes, not_taken

    def _why(self, endpoint: str, model: str, cap: str) -> str:
        source = self._catalog.source_of(endpoint, model, cap)
        if source is Source.LEARNED:
            return self.tr("the endpoint said this model does not take it")
        if source is Source.USER:
            return self.tr("you marked it as not taken in the model's details")
        if source is Source.ENDPOINT:
            return self.tr("the endpoint reports that this model does not take it")
        return self.tr("this model does not take it (SiliconDesk's list of known models)")

    def _apply_fields(self, not_taken: dict[str, str]) -> None:
        fields, extra = self._panel.fields, self._panel.extra
        widgets = {"enable_thinking": fields.enable_thinking,
                   "thinking_budget": fields.edits["thinking_budget"],
                   "response_format": fields.response_format, "tools": fields.tools,
                   "seed": extra.seed}
        params = self._panel.current()
        for name, widget in widgets.items():
            off = name in not_taken and name not in params  # a set value stays editable
            widget.setEnabled(not off)
            widget.setToolTip(not_taken.get(name, name))

    def sees_images(self) -> bool | None:
        """Whether the model in the panel takes images (None: nobody knows)."""
        model = self._panel.model_box.currentText().strip()
        return self._catalog.capabilities(self.endpoint(), model).vision if model else None

    def marks(self, model: str) -> list[str]:
        caps = self._catalog.capabilities(self.endpoint(), model)
        return [text for text, on in ((self.tr("reasoning"), caps.reasoning),
                                      (self.tr("hybrid thinking"), caps.hybrid_thinking),
                                      (self.tr("vision"), caps.vision),
                                      (self.tr("tools"), caps.tools)) if on]

    def open_details(self) -> None:
        from app.ui.model_details import ModelDetails

        model = self._panel.model_box.currentText().strip()
        if not model:
            return
        dialog = ModelDetails(self._catalog, self.endpoint(), model, parent=self._panel)
        self.details_dialog = dialog
        dialog.open()

    # What answers teach

    def on_answer_finished(self, snapshot: AnswerSnapshot) -> None:
        turn = self._runner.turn(snapshot.conversation_id)
        request = turn.request if turn is not None else None
        endpoint = request.endpoint_id if request is not None else self.endpoint()
        model = (request.params.model if request is not None else None) or snapshot.model
        error = snapshot.error or {}
        if model and error.get("type") in REJECTED and error.get("parameter"):
            self._catalog.learn_rejection(endpoint, model, str(error["parameter"]))
        if request is None or not model or snapshot.choice != 0 or not snapshot.message_id:
            return
        usage = self._conversations.message(snapshot.message_id).usage or {}
        reported = usage.get("prompt_tokens")
        if isinstance(reported, int) and not isinstance(reported, bool) and reported > 0:
            self._catalog.calibrate(endpoint, model, prompt_tokens(request.messages), reported)

    # Tokens before sending

    def invalidate(self) -> None:
        self._estimate_timer.start()

    def _history_raw(self) -> float | None:
        """Raw tokens of what a send would post before the typed text. The history's
        are counted in a worker thread whenever the conversation, its branch or its
        parameters changed (meanwhile the last count of the same conversation is used);
        ``None`` until the first count of a conversation is in."""
        nav = self._nav
        if not nav.current:
            return prompt_tokens(request_messages([], nav.draft_prompt, None))
        conv = self._conversations.get(nav.current)
        limit = history_limit_of(conv.params)
        key: tuple[Any, ...] = (nav.current, conv.current_leaf_id, conv.system_prompt, limit,
                                conv.updated_at)
        known = self._history
        if known is None or known[0] != key:
            if self._counting != key:
                self._counting = key
                self._background.spawn(self._count_history(
                    key, nav.current, conv.current_leaf_id, conv.system_prompt, limit),
                    "token estimate")
            return known[1] if known is not None and known[0][0] == nav.current else None
        return known[1]

    async def _count_history(self, key: tuple[Any, ...], conversation_id: str,
                             leaf_id: str | None, system_prompt: str,
                             limit: int | None) -> None:
        try:
            raw = await self._conversations.read_in_background(
                lambda store: history_tokens(store, conversation_id, leaf_id, system_prompt,
                                             limit))
        except (StorageError, sqlite3.Error):  # closing, or a damaged file: no estimate
            log.info("token estimate: the history could not be read", exc_info=True)
            return
        finally:
            if self._counting == key:
                self._counting = None
        self._history = (key, raw)
        self.update_estimate()

    def update_estimate(self) -> None:
        """One keystroke costs the typed text's estimate (the history's is cached):
        about 0.2 ms on a 54k-token conversation (bench/token_estimate.py)."""
        if not self._pane.isVisible():  # the window is closing: the store may be closed
            return
        label = self._pane.token_estimate
        model = self._panel.model_box.currentText().strip()
        try:
            endpoint = self.endpoint()
            history = self._history_raw()
        except (StorageError, sqlite3.Error):  # the history closed under a pending update
            log.info("token estimate: the history could not be read", exc_info=True)
            history = None
        if history is None:
            label.hide()
            return
        draft = ChatMessage(Role.USER, self._pane.composer.toPlainText(),
                            attachments=tuple(self.draft_attachments()))
        raw = history + message_tokens(draft)
        scale = self._catalog.token_scale(endpoint, model) if model else None
        tokens = estimate(raw, scale)
        context = self._catalog.capabilities(endpoint, model).context_length if model else None
        text = (self.tr("≈ {0} / {1} tokens").format(f"{tokens:,}", f"{context:,}")
                if context else self.tr("≈ {0} tokens").format(f"{tokens:,}"))
        label.setText(text)
        label.setToolTip(self.tr("Estimated from the text, calibrated on the endpoint's own "
                                 "counts for this model") if scale else
                         self.tr("Estimated from the text; it becomes closer after the first "
                                 "answer, from the endpoint's own count"))
        over = bool(context and tokens > context)
        label.setProperty("over", over)
        label.show()

    # Context overflow

    def send_fewer(self, message_id: str) -> None:
        failed = self._conversations.message(message_id)
        conv = self._conversations.get(failed.conversation_id)
        endpoint = conv.endpoint
        model = failed.model or str(conv.params.get("model") or "")
        caps = self._catalog.capabilities(endpoint, model)
        fit = self._chat.send_fewer(message_id, caps.context_length,
                                    self._catalog.token_scale(endpoint, model))
        if fit is None:
            self._notices.notice(self.tr(
                "Nothing more can be left out: the last message alone is longer than this "
                "model's context. Shorten it, or pick a model with a longer context."))
            return
        if self._nav.current == failed.conversation_id:
            conv = self._conversations.get(failed.conversation_id)
            self._panel.load(conv.params, conv.system_prompt)
        kept = self.tr("Sent again with the last %n message(s);", "", fit.keep)
        left = self.tr("%n earlier one(s) left out (see “Messages sent” in the parameters).",
                       "", fit.left_out)
        self._notices.status(f"{kept} {left}", 8000)
