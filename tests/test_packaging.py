"""Desktop integration files validate with the freedesktop tools."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "io.github.silicondesk.SiliconDesk"


def test_desktop_entry_validates() -> None:
    if not shutil.which("desktop-file-validate"):
        pytest.skip("desktop-file-validate is not installed (.ci/run installs it)")
    out = subprocess.run(["desktop-file-validate", str(ROOT / "resources" / f"{APP_ID}.desktop")],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0 and "error" not in out.stdout.lower(), out.stdout


def test_appstream_metainfo_validates() -> None:
    if not shutil.which("appstreamcli"):
        pytest.skip("appstreamcli is not installed (.ci/run installs it)")
    out = subprocess.run(["appstreamcli", "validate", "--no-net",
                          str(ROOT / "resources" / f"{APP_ID}.metainfo.xml")],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def test_icon_set_is_complete() -> None:
    base = ROOT / "resources" / "icons" / "hicolor"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert (base / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (base / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (ROOT / "app" / "ui" / "assets" / "silicondesk.svg").is_file()  # in the wheel
