"""What SiliconDesk keeps about each endpoint's models, in ``models.json`` in the data folder:
the last model list fetched and when (start-up needs no network), the model chosen last
there, what errors taught, what the user set in the model details view, and how the
server counted prompt tokens (to calibrate the estimate).

Endpoints are keyed by their base URL's address, as keys are. Reading is defensive (a
size cap, every entry checked on its own, a damaged file ignored with a log line);
writing is atomic and 0600. A failed write raises :class:`StorageError`.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.capabilities import Capabilities, ModelInfo
from app.domain.unicode import scrub
from app.storage.atomic import write_text_atomic
from app.storage.errors import StorageError, settings_error
from app.storage.safe_read import UnsafeFile, read_capped

log = logging.getLogger(__name__)

MAX_CACHE_BYTES = 16 << 20
MAX_MODELS = 5000
MAX_NAME = 512


def model_cache_path(data_dir: Path) -> Path:
    return data_dir / "models.json"


@dataclass
class EndpointModels:
    models: list[ModelInfo] = field(default_factory=list)
    fetched_at: float | None = None  # seconds since the epoch; None: never fetched
    last_choice: str = ""
    learned: dict[str, Capabilities] = field(default_factory=dict)
    user: dict[str, Capabilities] = field(default_factory=dict)
    # model → server prompt_tokens / our raw estimate (calibrates the estimate)
    token_scale: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "models": [m.to_json() for m in self.models],
            "fetched_at": self.fetched_at,
            "last_choice": self.last_choice,
            "learned": {k: v.to_json() for k, v in self.learned.items() if v.to_json()},
            "user": {k: v.to_json() for k, v in self.user.items() if v.to_json()},
            "token_scale": dict(self.token_scale),
        }

    @classmethod
    def from_json(cls, data: Any) -> EndpointModels:
        if not isinstance(data, dict):
            return cls()
        items: list[Any] = data["models"] if isinstance(data.get("models"), list) else []
        models = [m for m in (ModelInfo.from_json(i) for i in items[:MAX_MODELS])
                  if m is not None and len(m.id) <= MAX_NAME]
        fetched = data.get("fetched_at")
        fetched_at = float(fetched) if isinstance(fetched, int | float) and not isinstance(
            fetched, bool) and math.isfinite(fetched) and fetched > 0 else None
        choice = data.get("last_choice")
        return cls(models, fetched_at,
                   scrub(choice) if isinstance(choice, str) and len(choice) <= MAX_NAME else "",
                   _table(data.get("learned")), _table(data.get("user")),
                   _ratios(data.get("token_scale")))


def _table(data: Any) -> dict[str, Capabilities]:
    if not isinstance(data, dict):
        return {}
    return {scrub(k): Capabilities.from_json(v) for k, v in list(data.items())[:MAX_MODELS]
            if isinstance(k, str) and len(k) <= MAX_NAME}


def _ratios(data: Any) -> dict[str, float]:
    if not isinstance(data, dict):
        return {}
    return {scrub(k): float(v) for k, v in list(data.items())[:MAX_MODELS]
            if isinstance(k, str) and len(k) <= MAX_NAME and isinstance(v, int | float)
            and not isinstance(v, bool) and math.isfinite(v) and 0.2 <= v <= 20}


class ModelCache:
    def __init__(self, path: Path | None) -> None:
        """``path`` None keeps everything in memory (scripts, tests that need no file)."""
        self.path = path
        self.endpoints: dict[str, EndpointModels] = self._load()

    def _load(self) -> dict[str, EndpointModels]:
        if self.path is None:
            return {}
        try:
            raw = read_capped(self.path, MAX_CACHE_BYTES)
            data = json.loads(raw.decode("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnsafeFile, ValueError, RecursionError) as exc:
            log.warning("model cache %s not read (%s); the lists are fetched again",
                        self.path, exc)
            return {}
        if not isinstance(data, dict):
            return {}
        return {scrub(k): EndpointModels.from_json(v) for k, v in data.items()
                if isinstance(k, str) and len(k) <= MAX_NAME}

    def get(self, address: str) -> EndpointModels:
        return self.endpoints.setdefault(address, EndpointModels())

    def save(self) -> None:
        """Raises :class:`StorageError` (``StorageFull`` on a full disk)."""
        if self.path is None:
            return
        data = {k: v.to_json() for k, v in self.endpoints.items()}
        try:
            write_text_atomic(self.path, scrub(json.dumps(data, ensure_ascii=False)))
        except (OSError, ValueError) as exc:
            raise settings_error(exc, self.path) from exc


__all__ = ["EndpointModels", "ModelCache", "StorageError", "model_cache_path"]
