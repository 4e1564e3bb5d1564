"""Keys in the keyring: classification of backends, errors, and the real Secret Service."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend

from app.storage.secrets import SERVICE, BackendInfo, KeyStore, Safety, SecretsError, classify
from tests.helpers import wait_for_bus_name

SECURE = BackendInfo("memory", Safety.SECURE, None)


class MemoryKeyring(KeyringBackend):
    """An in-memory backend for tests, optionally failing with a given error."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, error: Exception | None = None) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        if self.error:
            raise self.error
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.error:
            raise self.error
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.items:
            raise keyring.errors.PasswordDeleteError(username)
        del self.items[(service, username)]


class PlainTextKeyring(MemoryKeyring):
    pass


PlainTextKeyring.__module__ = "keyrings.alt.file"  # how keyrings.alt's backends look


def test_round_trip_in_memory() -> None:
    backend = MemoryKeyring()
    store = KeyStore(backend, SECURE)
    store.set("siliconflow", "sk-abc")
    assert backend.items == {(SERVICE, "siliconflow"): "sk-abc"}
    assert store.get("siliconflow") == "sk-abc"
    store.delete("siliconflow")
    store.delete("siliconflow")  # deleting twice is fine
    assert store.get("siliconflow") is None


def test_fail_null_and_plaintext_backends_are_never_used_to_store() -> None:
    for backend, safety in [(fail.Keyring(), Safety.NONE), (null.Keyring(), Safety.NONE),
                            (PlainTextKeyring(), Safety.PLAINTEXT)]:
        store = KeyStore(backend)
        assert store.info.safety is safety and not store.info.usable
        assert store.info.reason
        with pytest.raises(SecretsError) as info:
            store.set("siliconflow", "sk-abc")
        assert "not stored" in str(info.value)
        assert store.get("siliconflow") is None
    assert isinstance(PlainTextKeyring().items, dict) and not PlainTextKeyring().items


def test_a_chainer_with_a_plaintext_member_is_not_trusted() -> None:
    chain = ChainerBackend()
    chain.__dict__["backends"] = [MemoryKeyring(), PlainTextKeyring()]
    assert classify(chain).safety is Safety.PLAINTEXT


@pytest.mark.parametrize(("error", "locked", "said"), [
    (keyring.errors.KeyringLocked("locked"), True, "locked"),
    (keyring.errors.InitError("no dbus"), False, "could not be opened"),
    (keyring.errors.NoKeyringError("none"), False, "No system keyring"),
    (keyring.errors.PasswordSetError("refused"), False, "refused"),
    (RuntimeError("dbus exploded"), False, "failed"),
])
def test_keyring_errors_become_clear_messages(error: Exception, locked: bool, said: str) -> None:
    store = KeyStore(MemoryKeyring(error), SECURE)
    with pytest.raises(SecretsError) as info:
        store.get("siliconflow")
    assert info.value.locked is locked and said in str(info.value)
    with pytest.raises(SecretsError):
        store.set("siliconflow", "sk-1")


@pytest.fixture(scope="module")
def secret_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A private D-Bus session with an unlocked gnome-keyring-daemon."""
    if not (shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon")):
        pytest.skip("secret_service: dbus-daemon or gnome-keyring-daemon is not installed")
    home = tmp_path_factory.mktemp("keyring-home")
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime),
           "XDG_DATA_HOME": str(home / "data")}
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                           stdout=subprocess.PIPE, text=True, env=env)
    assert bus.stdout is not None
    address = bus.stdout.readline().strip()
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    daemon = subprocess.Popen(
        ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    assert daemon.stdin is not None
    daemon.stdin.write(b"test-password")
    daemon.stdin.close()
    wait_for_bus_name(address, "org.freedesktop.secrets", timeout=10)  # ready: it owns it
    try:
        yield env
    finally:
        daemon.terminate()
        bus.terminate()
        daemon.wait(5)
        bus.wait(5)
        bus.stdout.close()


@pytest.mark.secret_service
def test_real_secret_service_round_trip(
    secret_service: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from keyring.backends import SecretService

    for name in ("DBUS_SESSION_BUS_ADDRESS", "HOME", "XDG_RUNTIME_DIR"):
        monkeypatch.setenv(name, secret_service[name])
    backend: Any = SecretService.Keyring()
    store = KeyStore(backend)
    assert store.info.safety is Safety.SECURE
    store.set("siliconflow", "sk-real-secret-service")
    assert store.get("siliconflow") == "sk-real-secret-service"
    assert KeyStore(SecretService.Keyring()).get("siliconflow") == "sk-real-secret-service"
    home = Path(secret_service["HOME"])
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".keyring" for p in files)  # the daemon saved its keyring file
    stored = b"".join(p.read_bytes() for p in files)
    assert b"sk-real-secret-service" not in stored  # encrypted at rest, not plain text
    store.delete("siliconflow")
    assert store.get("siliconflow") is None
