"""Which endpoint and key a conversation uses: a key belongs to one base URL."""

from __future__ import annotations

import asyncio
from pathlib import Path

from app.domain.endpoint import SILICONFLOW_ID
from app.services.endpoints import EndpointService, key_account
from app.services.keys import KeyService
from app.services.settings_service import SettingsService
from app.storage.secrets import KeyStore
from app.storage.settings import SettingsStore
from tests.storage.test_secrets import SECURE, MemoryKeyring


def service(tmp_path: Path, backend: MemoryKeyring, url: str | None = None,
            env_key: str | None = None, **settings: object) -> EndpointService:
    store = SettingsService(SettingsStore(tmp_path / "settings.json"))
    if settings:
        store.update(**settings)
    keys = KeyService(KeyStore(backend, SECURE), env_key=env_key)
    return EndpointService(store, keys, lambda base, key: (base, key()),  # type: ignore[arg-type,return-value]
                           command_line_url=url)


def test_the_account_is_the_normalised_address() -> None:
    assert key_account("https://api.siliconflow.cn/v1") == SILICONFLOW_ID
    assert key_account("HTTPS://API.SiliconFlow.cn:443/v1/") == SILICONFLOW_ID
    assert key_account("http://localhost:8080/v1") == "url:http://localhost:8080/v1"
    assert key_account("http://localhost/v1") == "url:http://localhost:80/v1"
    for other in ("http://localhost:8081/v1", "https://localhost:8080/v1",
                  "http://localhost:8080/v2", "http://127.0.0.1:8080/v1"):
        assert key_account(other) != key_account("http://localhost:8080/v1")


def test_a_key_entered_for_one_base_url_is_never_sent_to_another(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    first = service(tmp_path, backend, "http://127.0.0.1:9001/v1")
    asyncio.run(first.save_key(None, "sk-for-9001", session_only=False))
    assert first.client() == ("http://127.0.0.1:9001/v1", "sk-for-9001")
    # A later run with another --base-url: no key, not the one above.
    second = service(tmp_path, backend, "http://127.0.0.1:9002/v1")
    assert asyncio.run(second.load_key()) is None
    assert second.client() == ("http://127.0.0.1:9002/v1", None)
    again = service(tmp_path, backend, "http://127.0.0.1:9001/v1")
    assert asyncio.run(again.load_key()) == "sk-for-9001"


def test_the_environment_key_serves_siliconflow_and_the_command_line_endpoint_only(
    tmp_path: Path,
) -> None:
    backend = MemoryKeyring()
    endpoints = [{"id": "local", "name": "Local", "base_url": "http://127.0.0.1:9003/v1"}]
    plain_run = service(tmp_path, backend, env_key="sk-env", endpoints=endpoints)
    assert plain_run.key(SILICONFLOW_ID) == "sk-env"
    assert plain_run.key("local") is None  # another server never gets SiliconFlow's key
    cli_run = service(tmp_path, backend, "http://127.0.0.1:9004/v1", env_key="sk-env")
    assert cli_run.key() == "sk-env"  # given on the same command line


def test_the_command_line_endpoint_is_for_this_run_only(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    endpoints = [{"id": "local", "name": "Local", "base_url": "http://127.0.0.1:9005/v1"}]
    cli_run = service(tmp_path, backend, "http://127.0.0.1:9006/v1", endpoints=endpoints)
    assert cli_run.fixed and [e.base_url for e in cli_run.choices()] == [
        "http://127.0.0.1:9006/v1"]
    assert cli_run.endpoint("local").base_url == "http://127.0.0.1:9006/v1"
    assert cli_run.default_id() == ""  # a conversation made now names no endpoint
    later = service(tmp_path, backend, endpoints=endpoints)
    assert not later.fixed and len(later.choices()) == 2  # the selector works again
    assert later.endpoint("local").base_url == "http://127.0.0.1:9005/v1"
    assert later.endpoint("removed-since").id == SILICONFLOW_ID


def test_a_key_kept_under_an_old_endpoint_id_moves_to_its_address(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    backend.set_password("SiliconDesk", "local", "sk-old")
    endpoints = [{"id": "local", "name": "Local", "base_url": "http://127.0.0.1:9007/v1"}]
    run = service(tmp_path, backend, endpoints=endpoints)
    assert asyncio.run(run.load_key("local")) == "sk-old"
    assert backend.items == {("SiliconDesk", "url:http://127.0.0.1:9007/v1"): "sk-old"}
