"""What the conversation list's menus do: export, import, folders, delete with Undo.

A part of the main window (see ``window_part``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu

from app.services.i18n import tr_text
from app.storage.importer import ImportFailed
from app.ui.conversation_list import ID_ROLE
from app.ui.window_part import WindowPart


class HistoryActions(WindowPart):
    def _list_menu(self, pos: object) -> None:
        index = self.sidebar.list.indexAt(pos)  # type: ignore[arg-type]
        if not index.isValid():
            return
        cid = index.data(ID_ROLE)
        conv = self.conversations.get(cid)
        menu = QMenu(self)
        menu.addAction(self.tr("Rename"), lambda: self.sidebar.list.edit(index))
        menu.addAction(self.tr("Unpin") if conv.pinned else self.tr("Pin to top"),
                       lambda: self.conversations.set_pinned(cid, not conv.pinned))
        menu.addAction(self.tr("Move to folder…"), lambda: self.move_to_folder(cid))
        menu.addSeparator()
        for fmt, label in (("markdown", self.tr("Export as Markdown…")),
                           ("html", self.tr("Export as HTML…")),
                           ("json", self.tr("Export as JSON…"))):
            menu.addAction(label, lambda f=fmt: self.export_history(f, cid))
        menu.addSeparator()
        menu.addAction(self.tr("Delete"), lambda: self.delete_conversation(cid))
        menu.popup(self.sidebar.list.viewport().mapToGlobal(pos))  # type: ignore[arg-type]

    def _history_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.tr("Export all conversations (JSON)…"),
                       lambda: self.export_history("json", None))
        menu.addAction(self.tr("Import (SiliconDesk JSON or ChatGPT export)…"),
                       self.import_history)
        return menu

    def _ask_save_path(self, suggested: str, pattern: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), suggested, pattern)
        return path

    def _ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import"), "",
                                              self.tr("JSON files (*.json)"))
        return path

    def export_history(self, fmt: str, conversation_id: str | None) -> None:
        """Export one conversation (or all) to a file the user picks."""
        ext = {"markdown": "md", "html": "html", "json": "json"}[fmt]
        title = (self.conversations.get(conversation_id).title if conversation_id
                 else "silicondesk-history") or "conversation"
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in title).strip()
        path = self.ask_save_path(f"{safe or 'conversation'}.{ext}", f"*.{ext}")
        if not path:
            return
        try:
            self.conversations.export_to(Path(path), fmt, conversation_id)
        except OSError as err:
            self.pane.notice.show_text(self.tr("Could not write {0}: {1}").format(
                path, err.strerror or err))
            return
        self.statusBar().showMessage(self.tr("Exported to {0}").format(path), 6000)

    def import_history(self) -> None:
        path = self.ask_open_path()
        if not path:
            return
        try:
            report = self.conversations.import_file(Path(path))
        except ImportFailed as err:
            self.pane.notice.show_text(self.tr(
                "{0} was not imported, nothing was changed: {1}").format(path, tr_text(err.text)))
            return
        except OSError as err:
            self.pane.notice.show_text(self.tr("Could not read {0}: {1}").format(
                path, err.strerror or err))
            return
        skipped = (self.tr(", {0} already present").format(report.skipped)
                   if report.skipped else "")
        self.pane.notice.show_text(self.tr("Imported {0} conversation(s){1}.").format(
            report.imported, skipped))

    def move_to_folder(self, conversation_id: str, folder: str | None = None) -> None:
        if folder is None:
            folders = ["", *self.conversations.folders()]
            current = self.conversations.get(conversation_id).folder
            folder, ok = QInputDialog.getItem(self, self.tr("Move to folder"),
                                              self.tr("Folder (empty for none):"), folders,
                                              folders.index(current) if current in folders
                                              else 0, True)
            if not ok:
                return
        self.conversations.set_folder(conversation_id, folder)

    def delete_conversation(self, conversation_id: str) -> None:
        title = self.conversations.get(conversation_id).title or self.tr("New chat")
        self.conversations.delete(conversation_id)
        self._undo = conversation_id
        self.statusBar().showMessage(self.tr("Deleted “{0}”").format(title), 10_000)
        self.undo_button.show()
        QTimer.singleShot(10_000, self.undo_button.hide)
        if conversation_id == self._conversation:
            summaries = self.conversations.summaries()
            self._conversation = ""
            if summaries:
                self.open_conversation(summaries[0].id)
            else:
                self.view.show_path([], {})

    def undo_delete(self) -> None:
        if self._undo:
            self.conversations.undo_delete(self._undo)
            self.open_conversation(self._undo)
            self._undo = None
        self.undo_button.hide()
        self.statusBar().clearMessage()
