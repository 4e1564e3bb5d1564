"""Which key each endpoint uses, from where: the environment, this session, the keyring.

``SILICONFLOW_API_KEY`` serves the built-in endpoint (and one given with --base-url) for
this process only. Keyring calls run in a worker thread with a time limit, so a keyring
that hangs (a locked collection waiting on a prompt) never freezes the window.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from app.domain.endpoint import SILICONFLOW_ID
from app.domain.text import translate
from app.services.i18n import tr_text
from app.storage.secrets import BackendInfo, KeyStore, Safety, SecretsError

KEYRING_TIMEOUT = 10.0
T = TypeVar("T")


class KeyService(QObject):
    key_changed = Signal(str)  # endpoint id

    def __init__(
        self,
        keystore: KeyStore | Callable[[], KeyStore],
        *,
        env_key: str | None = None,
        timeout: float = KEYRING_TIMEOUT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # A factory is called off the UI thread by ready(): finding the system keyring
        # probes D-Bus, which can be slow at start-up.
        self._factory = keystore if callable(keystore) else None
        self._keystore = keystore if isinstance(keystore, KeyStore) else KeyStore(
            None, BackendInfo("not yet opened", Safety.NONE,
                        translate("Keyring", "The system keyring is not open yet.")))
        self._env_key = env_key
        self._env_accounts: set[str] = {SILICONFLOW_ID}
        self._timeout = timeout
        self._session: dict[str, str] = {}
        self._stored: dict[str, str] = {}

    async def ready(self) -> None:
        """Find the system keyring (once)."""
        if self._factory is not None:
            factory, self._factory = self._factory, None
            try:
                self._keystore = await self._run(factory)
            except SecretsError as err:
                self._keystore = KeyStore(None, BackendInfo(
                    "unavailable", Safety.NONE, err.text))

    @property
    def keyring_usable(self) -> bool:
        return self._keystore.info.usable

    @property
    def keyring_reason(self) -> str:
        """Why keys cannot be kept, in the window's language ('' when they can)."""
        reason = self._keystore.info.reason
        return tr_text(reason) if reason else ""

    def set_environment_accounts(self, accounts: set[str]) -> None:
        """The accounts ``SILICONFLOW_API_KEY`` serves (SiliconFlow, and the endpoint given
        on the same command line)."""
        self._env_accounts = set(accounts)

    def key_for(self, account: str) -> str | None:
        if self._env_key and account in self._env_accounts:
            return self._env_key
        return self._session.get(account) or self._stored.get(account)

    def provider(self, account: str) -> Callable[[], str | None]:
        return lambda: self.key_for(account)

    def from_environment(self, account: str) -> bool:
        return bool(self._env_key) and account in self._env_accounts

    def known_secrets(self) -> list[str]:
        """Every key in memory, for masking in logs."""
        keys = [*self._session.values(), *self._stored.values()]
        return [k for k in [self._env_key, *keys] if k]

    async def _run(self, fn: Callable[[], T]) -> T:
        try:
            return await asyncio.wait_for(asyncio.to_thread(fn), self._timeout)
        except TimeoutError:
            raise SecretsError(translate(
                "Keyring", "The system keyring did not answer. It may be waiting for you to "
                           "unlock it; unlock it and try again."), locked=True) from None

    async def load(self, account: str, *, legacy: list[str] | None = None) -> str | None:
        """Read the stored key (raises :class:`SecretsError`). A key found under a
        ``legacy`` name (an endpoint's id, before keys were kept by address) moves to
        ``account``."""
        await self.ready()
        if self.key_for(account):
            return self.key_for(account)
        store = self._keystore
        key = await self._run(partial(store.get, account))
        for old in legacy or []:
            if key:
                break
            key = await self._run(partial(store.get, old))
            if key:
                await self._run(partial(store.set, account, key))
                await self._run(partial(store.delete, old))
        if key:
            self._stored[account] = key
        return key

    async def save(self, account: str, key: str, *, session_only: bool) -> None:
        await self.ready()
        key = key.strip()
        if session_only:
            self._session[account] = key
        else:
            await self._run(lambda: self._keystore.set(account, key))
            self._session.pop(account, None)
            self._stored[account] = key
        self.key_changed.emit(account)

    async def forget(self, account: str) -> None:
        self._session.pop(account, None)
        self._stored.pop(account, None)
        await self._run(lambda: self._keystore.delete(account))
        self.key_changed.emit(account)

