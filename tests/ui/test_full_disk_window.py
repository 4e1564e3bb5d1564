"""A full disk in the window: quitting always works, and the user is told."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import pytest

from app.storage.errors import history_error
from app.storage.settings import SettingsStore
from tests.ui.conftest import App


def test_quitting_works_when_the_settings_cannot_be_saved(
    make_app: Callable[..., App], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app()
    full = history_error(OSError(errno.ENOSPC, "No space left on device"), tmp_path)

    def refuse(self: SettingsStore, changes: dict[str, object]) -> None:
        raise full

    monkeypatch.setattr(SettingsStore, "save_changes", refuse)
    closed: list[bool] = []
    app.window.closed.connect(lambda: closed.append(True))
    app.window.quit_action.trigger()  # saving the window's layout fails first
    assert closed == [True] and not app.window.isVisible()


def test_a_refused_settings_save_is_said_in_the_window(
    make_app: Callable[..., App], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app()
    full = history_error(OSError(errno.ENOSPC, "No space left on device"), tmp_path)
    monkeypatch.setattr(SettingsStore, "save_changes",
                        lambda self, changes: (_ for _ in ()).throw(full))
    app.window.panel.buttons["default"].click()  # "Use as default for new chats"
    assert "disk is full" in app.window.pane.notice.label.text().lower()
    assert app.parts.settings.settings.default_params  # the change holds for this session
