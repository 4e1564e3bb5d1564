"""Which endpoint a conversation talks to, with which key, through which client.

The one place for that decision:
- ``--base-url`` (or ``SILICONFLOW_BASE_URL``) fixes the endpoint for this run: every
  conversation talks to it, and nothing about it is saved in the settings.
- Otherwise a conversation names an endpoint of the settings; none (or one since
  removed) means the active endpoint.
- A key belongs to an endpoint's base URL (scheme, host, port, path): it is kept in the
  keyring under that address and is never sent anywhere else. SiliconFlow's key keeps
  its old name (``siliconflow``); ``SILICONFLOW_API_KEY`` serves SiliconFlow and the
  endpoint given on the same command line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QObject

from app.domain.endpoint import COMMAND_LINE_ID, SILICONFLOW_ID, SILICONFLOW_URL, Endpoint
from app.services.keys import KeyService
from app.services.settings_service import SettingsService

if TYPE_CHECKING:
    from app.api.client import ApiClient


def _address(base_url: str) -> str:
    parts = urlsplit(base_url.strip())
    scheme = parts.scheme.lower()
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:  # a port that is not a number: the address as written
        return base_url.strip()
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}{parts.path.rstrip('/')}"


def key_account(base_url: str) -> str:
    """The keyring name of the key for ``base_url``: its normalised address (scheme, host,
    port, path), so that a key is only ever sent where it was entered for."""
    address = _address(base_url)
    return SILICONFLOW_ID if address == _address(SILICONFLOW_URL) else "url:" + address


ClientFactory = Callable[[str, Callable[[], "str | None"]], "ApiClient"]


class EndpointService(QObject):
    def __init__(self, settings: SettingsService, keys: KeyService, make_client: ClientFactory,
                 *, command_line_url: str | None = None, command_line_label: str = "",
                 parent: QObject | None = None) -> None:
        """``make_client(base_url, key_provider)`` builds an ApiClient on the shared HTTP
        client with the current timeouts and retries."""
        super().__init__(parent)
        self._settings = settings
        self._keys = keys
        self._make = make_client
        self._fixed = (Endpoint(COMMAND_LINE_ID, command_line_label or command_line_url,
                                command_line_url.rstrip("/"))
                       if command_line_url else None)
        self._clients: dict[tuple[object, ...], ApiClient] = {}
        env_accounts = {SILICONFLOW_ID}
        if self._fixed is not None:
            env_accounts.add(key_account(self._fixed.base_url))
        keys.set_environment_accounts(env_accounts)
        settings.changed.connect(self._clients.clear)  # timeouts and retries apply anew

    # Which endpoint

    @property
    def fixed(self) -> bool:
        """The command line chose the endpoint for this run."""
        return self._fixed is not None

    def endpoint(self, endpoint_id: str | None = None) -> Endpoint:
        """The endpoint a conversation naming ``endpoint_id`` talks to."""
        if self._fixed is not None:
            return self._fixed
        s = self._settings.settings
        known = {e.id: e for e in s.all_endpoints()}
        if endpoint_id in known:
            return known[endpoint_id]
        return known.get(s.active_endpoint) or known[SILICONFLOW_ID]

    def choices(self) -> list[Endpoint]:
        """What the panel's endpoint box offers."""
        if self._fixed is not None:
            return [self._fixed]
        return self._settings.settings.all_endpoints()

    def default_id(self) -> str:
        """The endpoint a new conversation is made for (``""`` on the command line's)."""
        return "" if self._fixed is not None else self.endpoint(None).id

    # Keys and clients

    def account(self, endpoint_id: str | None = None) -> str:
        return key_account(self.endpoint(endpoint_id).base_url)

    def key(self, endpoint_id: str | None = None) -> str | None:
        return self._keys.key_for(self.account(endpoint_id))

    async def load_key(self, endpoint_id: str | None = None) -> str | None:
        """The stored key of the endpoint (raises ``SecretsError``)."""
        endpoint = self.endpoint(endpoint_id)
        legacy = [] if endpoint.id in (COMMAND_LINE_ID, SILICONFLOW_ID) else [endpoint.id]
        return await self._keys.load(key_account(endpoint.base_url), legacy=legacy)

    async def save_key(self, endpoint_id: str | None, key: str, *, session_only: bool) -> None:
        await self._keys.save(self.account(endpoint_id), key, session_only=session_only)

    def client(self, endpoint_id: str | None = None) -> ApiClient:
        """The endpoint's client: its key (none for a "no key needed" endpoint) and its
        own headers."""
        endpoint = self.endpoint(endpoint_id)
        account = key_account(endpoint.base_url)
        cache = (endpoint.base_url, account, endpoint.headers, endpoint.no_key)
        if cache not in self._clients:
            provider = (lambda: None) if endpoint.no_key else self._keys.provider(account)
            client = self._make(endpoint.base_url, provider)
            if endpoint.headers:
                client.extra_headers = dict(endpoint.headers)
            self._clients[cache] = client
        return self._clients[cache]

    def needs_key(self, endpoint_id: str | None = None) -> bool:
        return not self.endpoint(endpoint_id).no_key

    def client_with_key(self, endpoint_id: str | None, api_key: str) -> ApiClient:
        """A client for testing a key before it is kept."""
        endpoint = self.endpoint(endpoint_id)
        client = self._make(endpoint.base_url, lambda: api_key)
        if endpoint.headers:
            client.extra_headers = dict(endpoint.headers)
        return client
