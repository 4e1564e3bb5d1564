"""The baseline: a bare PySide6 window that prints when it first paints."""

from __future__ import annotations

import sys
import time

from PySide6.QtWidgets import QApplication, QWidget

STARTED = time.perf_counter()


class Window(QWidget):
    painted = False

    def paintEvent(self, event: object) -> None:
        if not self.painted:
            self.painted = True
            print("painted", flush=True)


def main() -> None:
    app = QApplication(sys.argv[:1])
    window = Window()
    window.resize(1280, 800)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
