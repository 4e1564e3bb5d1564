"""Each endpoint's models: the list it gives (cached with the time it was fetched), the
model a new conversation there starts with, and the capability table of every model.

Endpoints are told apart by their base URL's address (as keys are), so the list of
``--base-url`` and of a configured endpoint at the same address are one list.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from app.domain.capabilities import (
    Capabilities,
    ModelInfo,
    Source,
    known,
    learned_from_rejection,
)
from app.domain.endpoint import SILICONFLOW_ID
from app.domain.tokens import calibrated_scale
from app.services.endpoints import EndpointService, key_account
from app.storage.errors import StorageError
from app.storage.model_cache import EndpointModels, ModelCache

log = logging.getLogger(__name__)

# Ids that are not chat models, passed over when choosing a default (lists other than
# SiliconFlow's filtered one hold embedding and speech models too).
_NOT_CHAT = re.compile(r"(?i)(embed|rerank|whisper|tts|bge-|stable-diffusion|flux|kolors)")


class ModelCatalog(QObject):
    models_changed = Signal(str)  # endpoint id whose list (or a model's table) changed

    def __init__(self, endpoints: EndpointService, cache: ModelCache, *,
                 clock: Callable[[], float] = time.time,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._endpoints = endpoints
        self._cache = cache
        self._clock = clock

    def _entry(self, endpoint_id: str | None) -> EndpointModels:
        return self._cache.get(key_account(self._endpoints.endpoint(endpoint_id).base_url))

    def _save(self) -> None:
        try:
            self._cache.save()
        except StorageError:  # a cache: this session keeps it; the next start fetches again
            log.exception("could not save the model cache")

    # The list

    def models(self, endpoint_id: str | None) -> list[ModelInfo]:
        return list(self._entry(endpoint_id).models)

    def ids(self, endpoint_id: str | None) -> list[str]:
        return [m.id for m in self._entry(endpoint_id).models]

    def fetched_at(self, endpoint_id: str | None) -> float | None:
        return self._entry(endpoint_id).fetched_at

    def listed(self, endpoint_id: str | None, model: str) -> bool | None:
        """Whether the endpoint lists ``model``; ``None`` while its list is not known."""
        entry = self._entry(endpoint_id)
        if entry.fetched_at is None:
            return None
        return any(m.id == model for m in entry.models)

    async def refresh(self, endpoint_id: str | None) -> list[ModelInfo]:
        """Fetch the list now (raises the typed API error; the cached list stays)."""
        endpoint = self._endpoints.endpoint(endpoint_id)
        siliconflow = key_account(endpoint.base_url) == SILICONFLOW_ID
        models = await self._endpoints.client(endpoint_id).model_infos(chat_filter=siliconflow)
        self.remember(endpoint_id, models)
        return models

    def remember(self, endpoint_id: str | None, models: list[ModelInfo]) -> None:
        entry = self._entry(endpoint_id)
        entry.models, entry.fetched_at = list(models), self._clock()
        self._save()
        self.models_changed.emit(self._endpoints.endpoint(endpoint_id).id)

    # Which model

    def default_model(self, endpoint_id: str | None, preferred: str | None = None) -> str | None:
        """The model a new conversation on the endpoint starts with: the user's last
        choice there, else ``preferred`` (the default parameters' model), when listed;
        else the endpoint's first chat model. ``None`` while the list is unknown."""
        entry = self._entry(endpoint_id)
        if entry.fetched_at is None or not entry.models:
            return None
        ids = [m.id for m in entry.models]
        for wanted in (entry.last_choice, preferred):
            if wanted and wanted in ids:
                return wanted
        return next((i for i in ids if not _NOT_CHAT.search(i)), ids[0])

    def remember_choice(self, endpoint_id: str | None, model: str | None) -> None:
        entry = self._entry(endpoint_id)
        if model and model != entry.last_choice and any(m.id == model for m in entry.models):
            entry.last_choice = model
            self._save()

    # Capabilities

    def layers(self, endpoint_id: str | None, model: str) -> list[tuple[Source, Capabilities]]:
        """Each source's table for ``model``, weakest first."""
        entry = self._entry(endpoint_id)
        reported = next((m.reported for m in entry.models if m.id == model), Capabilities())
        base = known(model)
        if key_account(self._endpoints.endpoint(endpoint_id).base_url) != SILICONFLOW_ID:
            # ``enable_thinking`` as a request field is SiliconFlow's: elsewhere the same
            # model switches thinking through its chat template (chat_template_kwargs).
            base = replace(base, hybrid_thinking=None)
        return [(Source.KNOWN, base), (Source.ENDPOINT, reported),
                (Source.LEARNED, entry.learned.get(model, Capabilities())),
                (Source.USER, entry.user.get(model, Capabilities()))]

    def capabilities(self, endpoint_id: str | None, model: str) -> Capabilities:
        """The table the panel uses. The endpoint's report is over the known list (a
        server knows its own context size), errors over both, the user over all."""
        out = Capabilities()
        for _source, layer in self.layers(endpoint_id, model):
            out = layer.over(out)
        return out

    def source_of(self, endpoint_id: str | None, model: str, name: str) -> Source | None:
        found = None
        for source, layer in self.layers(endpoint_id, model):
            if getattr(layer, name) is not None:
                found = source
        return found

    def set_user(self, endpoint_id: str | None, model: str, caps: Capabilities) -> None:
        """What the user set in the model details view (``None`` fields: not set)."""
        self._entry(endpoint_id).user[model] = caps
        self._save()
        self.models_changed.emit(self._endpoints.endpoint(endpoint_id).id)

    def learn_rejection(self, endpoint_id: str | None, model: str, parameter: str) -> None:
        """The endpoint answered that ``model`` does not take ``parameter``."""
        taught = learned_from_rejection(parameter)
        if not taught.to_json():
            return
        entry = self._entry(endpoint_id)
        entry.learned[model] = taught.over(entry.learned.get(model, Capabilities()))
        self._save()
        self.models_changed.emit(self._endpoints.endpoint(endpoint_id).id)

    # Token counts

    def token_scale(self, endpoint_id: str | None, model: str) -> float | None:
        return self._entry(endpoint_id).token_scale.get(model)

    def calibrate(self, endpoint_id: str | None, model: str, raw: float,
                  reported: int) -> None:
        """The server counted ``reported`` prompt tokens where the raw estimate was
        ``raw``: the model's estimates follow it from now on."""
        entry = self._entry(endpoint_id)
        scale = calibrated_scale(entry.token_scale.get(model), raw, reported)
        if scale is not None:
            entry.token_scale[model] = scale
            self._save()
