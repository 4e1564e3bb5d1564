"""Keys in the window: asking for one at first run and after a 401, checking it against
the endpoint it is for, and loading that endpoint's model list."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.api.errors import ApiError
from app.domain.endpoint import SILICONFLOW_ID, Endpoint
from app.services.account import AccountService
from app.services.background import Background
from app.services.conversations import ConversationService
from app.services.endpoints import EndpointService, key_account
from app.services.i18n import tr_error, tr_text
from app.services.keys import KeyService
from app.storage.secrets import SecretsError
from app.ui.key_dialog import KeyDialog
from app.ui.navigator import Navigator
from app.ui.notices import Notices


class KeyFlow(QObject):
    def __init__(self, endpoints: EndpointService, keys: KeyService, account: AccountService,
                 conversations: ConversationService, navigator: Navigator, *,
                 notices: Notices, background: Background, dialog_parent: QWidget,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._endpoints = endpoints
        self._keys = keys
        self._account = account
        self._conversations = conversations
        self._nav = navigator
        self._notices = notices
        self._background = background
        self._dialog_parent = dialog_parent
        self.dialog: KeyDialog | None = None

    def current_endpoint(self) -> str:
        """The endpoint of the conversation in view (or of a new one)."""
        chosen = self._conversations.get(self._nav.current).endpoint if self._nav.current \
            else None
        return self._endpoints.endpoint(chosen).id

    def ask_for_key(self, reason: str = "", endpoint_id: str | None = None) -> KeyDialog:
        if self.dialog is not None and self.dialog.isVisible():
            return self.dialog
        endpoint_id = endpoint_id or self.current_endpoint()
        endpoint = self._endpoints.endpoint(endpoint_id)
        dialog = KeyDialog(
            f"{endpoint.name} ({endpoint.base_url})",
            lambda key: self._account.check_key(endpoint_id, key),
            lambda key, session: self._endpoints.save_key(endpoint_id, key,
                                                          session_only=session),
            keyring_usable=self._keys.keyring_usable, keyring_reason=self._keys.keyring_reason,
            background=self._background, reason=reason,
            siliconflow=self._endpoints.account(endpoint_id) == SILICONFLOW_ID,
            parent=self._dialog_parent)
        self.dialog = dialog
        dialog.open()
        return dialog

    def has_key(self, endpoint: Endpoint) -> bool:
        """A key for the endpoint is known in this session (stored or typed)."""
        return bool(self._keys.key_for(key_account(endpoint.base_url)))

    def on_auth_failed(self, endpoint_id: str) -> None:
        if not self._endpoints.needs_key(endpoint_id or None):  # a key would not be sent
            self._notices.notice(self.tr(
                "The endpoint asks for a key (HTTP 401), but it is set as “No key needed”. "
                "Edit it in Settings → Endpoints, then set its key."))
            return
        self.ask_for_key(self.tr("The API key was not accepted (HTTP 401). Enter a valid key; "
                                 "your message is kept, use Retry to send it again."),
                         endpoint_id or None)

    async def ensure_key(self) -> None:
        """Ask for a key when none is known for the endpoint in view; else load its
        models."""
        endpoint = self.current_endpoint()
        if not self._endpoints.needs_key(endpoint):  # a local server: nothing to ask
            self._background.spawn(self.refresh_models(endpoint), "model list")
            return
        try:
            key = await self._endpoints.load_key(endpoint)
        except SecretsError as err:  # say it, and let the user type a key
            self._notices.notice(tr_text(err.text))
            key = None
        if not key:
            self.ask_for_key()
        else:
            self._background.spawn(self.refresh_models(endpoint), "model list")

    async def refresh_models(self, endpoint: str) -> None:
        try:
            await self._account.refresh_models(endpoint)
        except ApiError as err:  # offline or refused: the reference list stays
            self._notices.status(
                self.tr("Model list not loaded: {0}").format(tr_error(err.to_json())), 8000)
