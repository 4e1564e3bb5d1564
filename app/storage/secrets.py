"""API keys in the operating system's keyring — the only module that imports ``keyring``.

A backend that would keep a key in a plain file (keyrings.alt), or none at all (``fail``,
``null``), is never used to store: :func:`classify` says so, and the UI offers a
session-only key or the environment variable instead. Keyring errors become
:class:`SecretsError` with a sentence a person understands.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from app.domain.endpoint import SILICONFLOW_KEYS_PAGE
from app.domain.text import Text, TextError, plain, translate

# keyring is imported where it is used: importing it loads every backend module, which
# costs tens of milliseconds that start-up does not need (the keyring is opened in a
# worker thread after the window shows).
if TYPE_CHECKING:
    import keyring.backend

SERVICE = "SiliconDesk"
KEYS_PAGE = SILICONFLOW_KEYS_PAGE


class Safety(StrEnum):
    SECURE = "secure"  # Secret Service, KWallet, macOS Keychain, Windows Credential Locker
    PLAINTEXT = "plaintext"  # keyrings.alt and the like: the key would sit in a file
    NONE = "none"  # no usable keyring


@dataclass(frozen=True)
class BackendInfo:
    name: str
    safety: Safety
    reason: Text | None  # why it is not usable (None when secure)

    @property
    def usable(self) -> bool:
        return self.safety is Safety.SECURE


class SecretsError(TextError):
    """The keyring could not do what was asked; ``locked`` when unlocking would help."""

    def __init__(self, text: Text | str, *, locked: bool = False) -> None:
        super().__init__(plain(text) if isinstance(text, str) else text)
        self.locked = locked


_SECURE_MODULES = (
    "keyring.backends.SecretService",
    "keyring.backends.kwallet",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
    "keyring.backends.libsecret",
)


def _classify_one(backend: keyring.backend.KeyringBackend) -> BackendInfo:
    module = type(backend).__module__
    name = f"{module}.{type(backend).__name__}"
    if module.startswith("keyrings.alt") or "file" in type(backend).__name__.lower():
        return BackendInfo(name, Safety.PLAINTEXT, translate(
            "Keyring", "The only keyring available keeps keys in a file on disk "
                       "(keyrings.alt), where backups and other programs can read them."))
    if module in ("keyring.backends.fail", "keyring.backends.null"):
        return BackendInfo(name, Safety.NONE, translate(
            "Keyring", "No system keyring is available (no Secret Service, KWallet, "
                       "Keychain or Credential Locker was found)."))
    if module.startswith(_SECURE_MODULES):
        return BackendInfo(name, Safety.SECURE, None)
    text = translate("Keyring", "The keyring backend {name} is not one SiliconDesk knows to "
                                "be safe.")
    return BackendInfo(name, Safety.PLAINTEXT, text.format(name=name))


def classify(backend: keyring.backend.KeyringBackend) -> BackendInfo:
    """How safe it is to store a key with ``backend``."""
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        infos = [_classify_one(b) for b in backend.backends]
        secure = [i for i in infos if i.usable]
        if secure and not any(i.safety is Safety.PLAINTEXT for i in infos):
            return secure[0]
        if any(i.safety is Safety.PLAINTEXT for i in infos):
            return next(i for i in infos if i.safety is Safety.PLAINTEXT)
        return BackendInfo("keyring.backends.chainer", Safety.NONE,
                           translate("Keyring", "No system keyring is available."))
    return _classify_one(backend)


def system_backend() -> keyring.backend.KeyringBackend:
    import keyring

    return keyring.get_keyring()


def _wrap(exc: Exception) -> SecretsError:
    import keyring.errors

    if isinstance(exc, keyring.errors.KeyringLocked):
        return SecretsError(translate(
            "Keyring", "The system keyring is locked. Unlock it (you may be asked for your "
                       "login password) and try again."), locked=True)
    if isinstance(exc, keyring.errors.InitError):
        return SecretsError(translate(
            "Keyring", "The system keyring could not be opened. Check that it is running, "
                       "then try again."))
    if isinstance(exc, keyring.errors.NoKeyringError):
        return SecretsError(translate("Keyring", "No system keyring is available."))
    if isinstance(exc, keyring.errors.PasswordSetError):
        return SecretsError(translate("Keyring", "The system keyring refused to store the key."))
    text = translate("Keyring", "The system keyring failed ({kind}). Try again.")
    return SecretsError(text.format(kind=type(exc).__name__))


class KeyStore:
    """Keys per endpoint id, in the given keyring backend."""

    def __init__(
        self, backend: keyring.backend.KeyringBackend | None, info: BackendInfo | None = None
    ) -> None:
        """``backend`` None (with ``info``) stands for no keyring: nothing is read or kept."""
        if backend is None and (info is None or info.usable):
            raise ValueError("a KeyStore without a backend must say why it is not usable")
        self._backend: Any = backend
        self.info = info or classify(backend)  # type: ignore[arg-type]

    def get(self, endpoint_id: str) -> str | None:
        if not self.info.usable:
            return None
        try:
            key: str | None = self._backend.get_password(SERVICE, endpoint_id)
            return key
        except Exception as exc:  # every keyring backend raises its own errors
            raise _wrap(exc) from exc

    def set(self, endpoint_id: str, key: str) -> None:
        if not self.info.usable:
            text = translate("Keyring", "{reason} The key was not stored.")
            raise SecretsError(text.format(reason=self.info.reason or ""))
        try:
            self._backend.set_password(SERVICE, endpoint_id, key)
        except Exception as exc:
            raise _wrap(exc) from exc

    def delete(self, endpoint_id: str) -> None:
        if not self.info.usable:
            return
        import keyring.errors

        try:
            self._backend.delete_password(SERVICE, endpoint_id)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing was stored
        except Exception as exc:
            raise _wrap(exc) from exc

