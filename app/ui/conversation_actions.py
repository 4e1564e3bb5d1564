"""What the conversation list's menus do: export, import, folders, delete with Undo.

Export and import run in a worker thread on a connection of their own, so a large
history never freezes the window.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPoint
from PySide6.QtWidgets import QMenu, QWidget

from app.services.background import Background
from app.services.conversations import ConversationService
from app.services.i18n import tr_text
from app.storage.errors import StorageError
from app.storage.importer import ImportFailed
from app.ui.conversation_list import ID_ROLE, Sidebar
from app.ui.navigator import Navigator
from app.ui.notices import Notices
from app.ui.prompter import Prompter
from app.ui.task_progress import Cancelled, TaskProgress
from app.ui.undo_bar import UndoBar

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter  # loaded when a conversation is printed

EXTENSIONS = {"markdown": "md", "html": "html", "json": "json", "pdf": "pdf"}


class ConversationActions(QObject):
    def __init__(self, conversations: ConversationService, navigator: Navigator, *,
                 sidebar: Sidebar, prompter: Prompter, notices: Notices, undo: UndoBar,
                 progress: TaskProgress, background: Background, menu_parent: QWidget,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._conversations = conversations
        self._nav = navigator
        self._sidebar = sidebar
        self._prompter = prompter
        self._notices = notices
        self._undo = undo
        self._progress = progress
        self._background = background
        self._menu_parent = menu_parent

    # Menus

    def list_menu(self, pos: QPoint) -> None:
        index = self._sidebar.list.indexAt(pos)
        if index.isValid():
            self.conversation_menu(index).popup(self._sidebar.list.viewport().mapToGlobal(pos))

    def conversation_menu(self, index: QModelIndex) -> QMenu:
        """What can be done with the conversation at ``index`` of the list."""
        cid = index.data(ID_ROLE)
        conv = self._conversations.get(cid)
        menu = QMenu(self._menu_parent)
        menu.addAction(self.tr("Rename"), lambda: self._sidebar.list.edit(index))
        menu.addAction(self.tr("Unpin") if conv.pinned else self.tr("Pin to top"),
                       lambda: self._conversations.set_pinned(cid, not conv.pinned))
        menu.addAction(self.tr("Move to folder…"), lambda: self.move_to_folder(cid))
        menu.addSeparator()
        for fmt, label in (("markdown", self.tr("Export as Markdown…")),
                           ("html", self.tr("Export as HTML…")),
                           ("pdf", self.tr("Export as PDF…")),
                           ("json", self.tr("Export as JSON…"))):
            menu.addAction(label, partial(self.export_history, fmt, cid))
        menu.addAction(self.tr("Print…"), partial(self.print_conversation, cid))
        menu.addSeparator()
        menu.addAction(self.tr("Delete"), lambda: self.delete_conversation(cid))
        return menu

    def history_menu(self) -> QMenu:
        menu = QMenu(self._menu_parent)
        menu.addAction(self.tr("Export all conversations (JSON)…"),
                       lambda: self.export_history("json", None))
        menu.addAction(self.tr("Import (SiliconDesk JSON or ChatGPT export)…"),
                       self.import_history)
        return menu

    # Export and import

    def export_history(self, fmt: str, conversation_id: str | None) -> None:
        """Export one conversation (or all) to a file the user picks."""
        title = (self._conversations.get(conversation_id).title if conversation_id
                 else "silicondesk-history") or "conversation"
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in title).strip()
        ext = EXTENSIONS[fmt]
        path = self._prompter.ask_save_path(f"{safe or 'conversation'}.{ext}", f"*.{ext}")
        if path:
            self._progress.start(self.tr("Exporting to {0}…").format(path))
            self._background.spawn(self._export(Path(path), fmt, conversation_id), "export")

    async def _export(self, path: Path, fmt: str, conversation_id: str | None) -> None:
        try:
            await self._conversations.export_in_background(path, fmt, conversation_id)
        except OSError as err:
            self._notices.notice(self.tr("Could not write {0}: {1}").format(
                path, err.strerror or err))
            return
        except StorageError as err:
            self._notices.notice_text(err.text)
            return
        finally:
            self._progress.finish()
        self._notices.status(self.tr("Exported to {0}").format(path), 6000)

    def print_conversation(self, conversation_id: str) -> None:
        """Print the conversation as the PDF export lays it out, on the printer the user
        picks in the print dialog."""
        printer = self._prompter.ask_printer()
        if printer is None:
            return
        title = self._conversations.get(conversation_id).title or self.tr("New chat")
        printer.setDocName(title)
        self._progress.start(self.tr("Preparing “{0}” for printing…").format(title))
        self._background.spawn(self._print(printer, conversation_id), "print")

    async def _print(self, printer: QPrinter, conversation_id: str) -> None:
        from app.render.paged import document_for, paint_pages

        try:
            pages = await self._conversations.printable_in_background(conversation_id)
            doc = document_for(pages.html, pages.images, printer.pageLayout())
            paint_pages(doc, printer)
        except OSError as err:
            self._notices.notice(self.tr("Could not print: {0}").format(err.strerror or err))
            return
        except StorageError as err:
            self._notices.notice_text(err.text)
            return
        finally:
            self._progress.finish()
        self._notices.status(self.tr("Sent “{0}” to the printer").format(printer.docName()),
                             6000)

    def import_history(self) -> None:
        path = self._prompter.ask_open_path()
        if path:
            self._progress.start(self.tr("Importing {0}…").format(path))
            self._background.spawn(self._import(Path(path)), "import")

    async def _import(self, path: Path) -> None:
        try:
            report = await self._conversations.import_in_background(
                path, self._progress.report)
        except Cancelled:
            self._notices.notice(self.tr("Import cancelled; nothing was changed."))
            return
        except (ImportFailed, StorageError) as err:
            self._notices.notice(self.tr(
                "{0} was not imported, nothing was changed: {1}").format(path, tr_text(err.text)))
            return
        except OSError as err:
            self._notices.notice(self.tr("Could not read {0}: {1}").format(
                path, err.strerror or err))
            return
        finally:
            self._progress.finish()
        skipped = (self.tr(", {0} already present").format(report.skipped)
                   if report.skipped else "")
        if report.empty:
            skipped += self.tr(", {0} without any readable message left out").format(
                report.empty)
        self._notices.notice(self.tr("Imported %n conversation(s){0}.", "", report.imported)
                             .format(skipped), transient=True)

    # Folders and deleting

    def move_to_folder(self, conversation_id: str, folder: str | None = None) -> None:
        if folder is None:
            folders = ["", *self._conversations.folders()]
            folder = self._prompter.ask_folder(
                folders, self._conversations.get(conversation_id).folder)
            if folder is None:
                return
        self._conversations.set_folder(conversation_id, folder)

    def delete_conversation(self, conversation_id: str) -> None:
        title = self._conversations.get(conversation_id).title or self.tr("New chat")
        self._conversations.delete(conversation_id)
        self._undo.offer(self.tr("Deleted “{0}”").format(title),
                         lambda: self.undo_delete(conversation_id))
        self._nav.on_deleted(conversation_id)

    def undo_delete(self, conversation_id: str) -> None:
        self._conversations.undo_delete(conversation_id)
        self._nav.open(conversation_id)
