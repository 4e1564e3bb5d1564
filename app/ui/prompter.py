"""Every question the window asks the user in a dialog, in one object.

Parts of the window ask through a :class:`Prompter` they are given; tests give them one
that answers by script instead of opening a dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter


class Prompter(QObject):
    def __init__(self, parent_widget: QWidget | None = None) -> None:
        super().__init__(parent_widget)
        self._widget = parent_widget

    def confirm_open(self, url: QUrl, original: str | None = None) -> bool:
        """``original``: the link as written in the message (see ``link_confirm``)."""
        from app.ui.link_confirm import confirm_link

        return confirm_link(self._widget, url, original)

    def open_url(self, url: QUrl) -> None:
        QDesktopServices.openUrl(url)

    def confirm_restart(self, busy: bool) -> bool:
        note = self.tr(" The answers being written now would stop (what arrived is kept).") \
            if busy else ""
        answer = QMessageBox.question(
            self._widget, self.tr("Language"),
            self.tr("The language changes when SiliconDesk starts again. Restart now?{0}")
            .format(note))
        return answer == QMessageBox.StandardButton.Yes

    def confirm_delete_message(self) -> bool:
        answer = QMessageBox.question(
            self._widget, self.tr("Delete message"),
            self.tr("Delete this message and every reply after it?"))
        return answer == QMessageBox.StandardButton.Yes

    def ask_save_path(self, suggested: str, pattern: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self._widget, self.tr("Export"), suggested,
                                              pattern)
        return path

    def ask_printer(self) -> QPrinter | None:
        """A printer the user chose and set up in the system's print dialog, or None."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self._widget)
        dialog.setWindowTitle(self.tr("Print"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
        return printer

    def ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self._widget, self.tr("Import"), "",
                                              self.tr("JSON files (*.json)"))
        return path

    def ask_attachments(self) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(
            self._widget, self.tr("Attach files"), "",
            self.tr("Images, text, code and PDF files (*.png *.jpg *.jpeg *.webp *.gif *.bmp "
                    "*.tif *.tiff *.txt *.md *.py *.js *.ts *.json *.csv *.html *.css *.c *.cpp "
                    "*.h *.java *.go *.rs *.sh *.yaml *.yml *.toml *.xml *.sql *.log *.pdf);;"
                    "All files (*)"))
        return paths

    def ask_folder(self, folders: list[str], current: str) -> str | None:
        folder, ok = QInputDialog.getItem(
            self._widget, self.tr("Move to folder"), self.tr("Folder (empty for none):"),
            folders, folders.index(current) if current in folders else 0, True)
        return folder if ok else None

    def about(self) -> None:
        from app import __version__

        QMessageBox.about(self._widget, self.tr("About SiliconDesk"), self.tr(
            "SiliconDesk {0}\n\nA desktop chat application for SiliconFlow and any "
            "OpenAI-compatible endpoint. Keys stay in the system keyring; conversations stay "
            "on this computer.").format(__version__))

    def show_params(self, params: dict[str, Any]) -> None:
        from app.ui.params_viewer import ParamsViewer

        self.params_viewer = ParamsViewer(params, self._widget)
        self.params_viewer.open()
