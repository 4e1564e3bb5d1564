"""The start-up check names the system packages Qt's window needs when they are missing."""

from __future__ import annotations

from pathlib import Path

from app.qt_check import XCB_NEEDS, explain, missing_packages


def test_missing_libraries_are_named_by_package(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    for prefix in XCB_NEEDS:
        if prefix != "libxcb-cursor.so":
            (lib / (prefix + ".0")).write_bytes(b"")
    missing = missing_packages({"DISPLAY": ":0"}, (str(lib),))
    assert missing == ["libxcb-cursor0"]
    assert "sudo apt install libxcb-cursor0" in explain(missing)
    (lib / "libxcb-cursor.so.0").write_bytes(b"")
    assert missing_packages({"DISPLAY": ":0"}, (str(lib),)) == []


def test_it_says_nothing_where_it_cannot_tell(tmp_path: Path) -> None:
    assert missing_packages({"QT_QPA_PLATFORM": "offscreen"}, (str(tmp_path),)) == []
    assert missing_packages({"DISPLAY": ":0"}, (str(tmp_path / "nowhere"),)) == []
    assert missing_packages({"WAYLAND_DISPLAY": "wayland-0"}, (str(tmp_path),)) == []


def test_this_machine_has_what_it_needs() -> None:
    assert missing_packages({"DISPLAY": ":0"}) == []  # .ci/run installs them
