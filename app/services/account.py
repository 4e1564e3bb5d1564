"""Endpoint-level requests the UI needs: checking a key, listing models."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.domain.models import fallback_models
from app.services.endpoints import EndpointService


class AccountService(QObject):
    models_changed = Signal(str, list)  # endpoint id, model ids

    def __init__(
        self,
        endpoints: EndpointService,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._endpoints = endpoints
        self.models: dict[str, list[str]] = {}

    async def check_key(self, endpoint_id: str | None, key: str) -> list[str]:
        """The endpoint's chat models with this key (raises the typed API error)."""
        models = await self._endpoints.client_with_key(endpoint_id, key).list_models()
        self._remember(endpoint_id, models)
        return models

    async def refresh_models(self, endpoint_id: str | None) -> list[str]:
        models = await self._endpoints.client(endpoint_id).list_models()
        self._remember(endpoint_id, models)
        return models

    def known_models(self, endpoint_id: str | None) -> list[str]:
        return self.models.get(endpoint_id or "") or fallback_models()

    def _remember(self, endpoint_id: str | None, models: list[str]) -> None:
        self.models[endpoint_id or ""] = models
        self.models_changed.emit(endpoint_id or "", models)
