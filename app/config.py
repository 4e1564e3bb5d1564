"""Where the app talks to and keeps its files: command line, then environment, then defaults.

``SILICONFLOW_API_KEY`` is read here for this process only and is never stored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app.domain.endpoint import SILICONFLOW_URL as DEFAULT_BASE_URL

ENV_BASE_URL = "SILICONFLOW_BASE_URL"
ENV_API_KEY = "SILICONFLOW_API_KEY"


@dataclass(frozen=True)
class LaunchConfig:
    base_url: str
    data_dir: Path
    base_url_from_user: bool  # given on the command line or in the environment
    env_api_key: str | None
    demo: bool = False  # talking to the built-in demo endpoint

    def __repr__(self) -> str:  # never print the key
        key = "set" if self.env_api_key else "unset"
        return (f"LaunchConfig(base_url={self.base_url!r}, data_dir={str(self.data_dir)!r}, "
                f"env_api_key={key})")


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("SiliconDesk", appauthor=False, roaming=True))


def resolve(
    base_url: str | None, data_dir: str | None, environ: dict[str, str] | None = None
) -> LaunchConfig:
    env = os.environ if environ is None else environ
    chosen = base_url or env.get(ENV_BASE_URL) or None
    return LaunchConfig(
        base_url=(chosen or DEFAULT_BASE_URL).rstrip("/"),
        data_dir=Path(data_dir).expanduser() if data_dir else default_data_dir(),
        base_url_from_user=chosen is not None,
        env_api_key=env.get(ENV_API_KEY) or None,
    )
