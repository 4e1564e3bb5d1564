"""Endpoint-level requests the UI needs: checking a key, listing models (kept by the
:class:`~app.services.models.ModelCatalog`, cached per endpoint)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.domain.endpoint import SILICONFLOW_ID
from app.domain.models import fallback_models
from app.services.endpoints import EndpointService, key_account
from app.services.models import ModelCatalog
from app.storage.model_cache import ModelCache


class AccountService(QObject):
    models_changed = Signal(str, list)  # endpoint id, model ids

    def __init__(
        self,
        endpoints: EndpointService,
        cache: ModelCache | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``cache``: where model lists are kept between runs (None: this run only)."""
        super().__init__(parent)
        self._endpoints = endpoints
        self.catalog = ModelCatalog(endpoints, cache or ModelCache(None), parent=self)
        self.catalog.models_changed.connect(
            lambda e: self.models_changed.emit(e, self.catalog.ids(e)))

    async def check_key(self, endpoint_id: str | None, key: str) -> list[str]:
        """The endpoint's chat models with this key (raises the typed API error)."""
        endpoint = self._endpoints.endpoint(endpoint_id)
        client = self._endpoints.client_with_key(endpoint_id, key)
        models = await client.model_infos(
            chat_filter=key_account(endpoint.base_url) == SILICONFLOW_ID)
        self.catalog.remember(endpoint_id, models)
        return [m.id for m in models]

    async def refresh_models(self, endpoint_id: str | None) -> list[str]:
        return [m.id for m in await self.catalog.refresh(endpoint_id)]

    def known_models(self, endpoint_id: str | None) -> list[str]:
        """The endpoint's list as last fetched; the reference page's before any fetch."""
        if self.catalog.fetched_at(endpoint_id) is None:
            return fallback_models()
        return self.catalog.ids(endpoint_id)
