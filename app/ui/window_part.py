"""The base of the main window's parts (mixins kept in files of their own).

For the type checker a part is the main window, so its methods may use the window's
widgets and services; at run time it is a plain object mixed into :class:`MainWindow`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

    WindowPart = MainWindow
else:
    WindowPart = object
