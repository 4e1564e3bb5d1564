"""Attaching files to the message being written: the composer's Attach… button, a paste
(Ctrl+V with an image or files on the clipboard) and a drop anywhere on the window all
end here. Each file is prepared off the GUI thread (``Attacher``); the tray shows it.

Before a send with images, the model is checked: one not known to see images gets an
inline warning (send anyway, or pick a vision model); images are never dropped silently.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QWidget

from app.domain.attachments import Attachment, Detail
from app.domain.text import Text, translate
from app.services.attacher import Attacher
from app.ui.attachment_tray import AttachmentChip, AttachmentTray
from app.ui.chat_pane import ChatPane
from app.ui.composer import local_files, raw_image
from app.ui.notices import Notices
from app.ui.thumbnails import encode_png


class AttachFlow(QObject):
    def __init__(self, attacher: Attacher, *, pane: ChatPane, notices: Notices,
                 ask_paths: Callable[[], list[str]], sees_images: Callable[[], bool | None],
                 model_name: Callable[[], str], pick_model: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._attacher = attacher
        self._pane = pane
        self._tray: AttachmentTray = pane.attachment_tray
        self._notices = notices
        self._ask_paths = ask_paths
        self._sees_images = sees_images
        self._model_name = model_name
        self._pick_model = pick_model
        self._chips: dict[int, AttachmentChip] = {}  # ticket → chip, in the order attached
        # Files still being read when their chat was left: ticket → where they go when ready
        self._parked: dict[int, Callable[[Attachment], None]] = {}
        self._send_anyway = False
        self._kept_tickets = itertools.count(-1, -1)  # chips of attachments already made
        composer = pane.composer
        composer.has_attachments = lambda: bool(self._chips)
        composer.files_offered.connect(self.attach_paths)
        composer.image_offered.connect(self.attach_image)
        pane.attach_button.clicked.connect(self.choose_files)
        pane.vision_banner.clicked.connect(self._on_send_anyway)
        pane.vision_pick.clicked.connect(self._on_pick_model)
        attacher.started.connect(self._on_started)
        attacher.ready.connect(self._on_ready)
        attacher.refused.connect(self._on_refused)
        self.changed: list[Callable[[], None]] = []  # told when the draft changes

    # Adding

    def choose_files(self) -> None:
        self.attach_paths([Path(p) for p in self._ask_paths() if p])

    def attach_paths(self, paths: list[Path]) -> None:
        for path in paths:
            if path.is_dir():
                self._notices.notice_text(translate(
                    "Attachments", "{name} is a folder; attach the files in it instead."
                ).format(name=path.name))
                continue
            self._attacher.attach_file(path)

    def attach_image(self, image: object) -> None:
        """A pasted image: encoded bytes as the clipboard held them, or a QImage."""
        if isinstance(image, tuple):
            data, suffix = image
            self._attacher.attach_bytes(data, self.tr("Pasted image") + f".{suffix}")
        elif isinstance(image, QImage):
            copy = image.copy()  # the clipboard's image may change under the worker
            self._attacher.attach_made(lambda: encode_png(copy),
                                       self.tr("Pasted image") + ".png")

    def watch_drops(self, window: QWidget) -> None:
        """Files dropped anywhere on ``window`` are attached."""
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
                event, QDragEnterEvent | QDropEvent):
            mime = event.mimeData()
            if local_files(mime) or raw_image(mime) is not None or mime.hasImage():
                event.acceptProposedAction()
                return True
        if kind is QEvent.Type.Drop and isinstance(event, QDropEvent):
            mime = event.mimeData()
            files = local_files(mime)
            raw = raw_image(mime)
            if files:
                self.attach_paths(files)
            elif raw is not None:
                self.attach_image(raw)
            elif mime.hasImage():
                self.attach_image(mime.imageData())
            else:
                return False
            event.acceptProposedAction()
            return True
        return super().eventFilter(watched, event)

    # The draft

    @property
    def preparing(self) -> bool:
        return any(chip.attachment is None for chip in self._chips.values())

    def draft(self) -> list[Attachment]:
        return [chip.attachment for chip in self._chips.values() if chip.attachment is not None]

    def clear(self) -> None:
        for ticket in list(self._chips):
            self._remove(ticket)
        self._pane.vision_banner.dismiss()

    def set_draft(self, attachments: tuple[Attachment, ...] | list[Attachment]) -> None:
        """The attachments of a message being edited, back in the tray."""
        self.clear()
        for attachment in attachments:
            ticket = next(self._kept_tickets)
            self._on_started(ticket, attachment.name)
            self._on_ready(ticket, attachment)

    def park(self, deliver: Callable[[Attachment], None]) -> None:
        """The files still being prepared leave the tray but go on being prepared; each
        one, once ready, goes to ``deliver`` (the draft of the chat they were added in)."""
        for ticket, chip in list(self._chips.items()):
            if chip.attachment is None:
                del self._chips[ticket]
                self._tray.remove_chip(chip)
                self._parked[ticket] = deliver
        self._changed()

    def add_ready(self, attachment: Attachment) -> None:
        """One attachment already made, into the tray (a parked file, back in its chat)."""
        ticket = next(self._kept_tickets)
        self._on_started(ticket, attachment.name)
        self._on_ready(ticket, attachment)

    def may_send(self) -> bool:
        """Whether a send can go now; if not, the pane says why (files still being
        prepared, or images for a model not known to see them)."""
        if self.preparing:
            self._pane.notice.show_text(self.tr(
                "The attachments are still being prepared; send when they show."))
            return False
        if self._send_anyway or not any(a.is_image for a in self.draft()):
            return True
        if self._sees_images() is True:
            return True
        model = self._model_name() or self.tr("This model")
        self._pane.vision_banner.show_text(self.tr(
            "{0} is not known to see images. Send the images anyway, or pick a vision "
            "model.").format(model))
        return False

    def sent(self) -> None:
        self._send_anyway = False
        self.clear()

    # Reports from the attacher

    def _on_started(self, ticket: int, name: str) -> None:
        chip = AttachmentChip(name)
        chip.removed.connect(lambda: self._remove(ticket))
        chip.detail_changed.connect(lambda detail: self._set_detail(ticket, detail))
        self._chips[ticket] = chip
        self._tray.add_chip(chip)
        self._changed()

    def _on_ready(self, ticket: int, attachment: object) -> None:
        deliver = self._parked.pop(ticket, None)
        if deliver is not None and isinstance(attachment, Attachment):
            deliver(attachment)
            return
        chip = self._chips.get(ticket)
        if chip is not None and isinstance(attachment, Attachment):
            chip.set_attachment(attachment)
            self._tray.refit()
            self._changed()

    def _on_refused(self, ticket: int, reason: object) -> None:
        self._parked.pop(ticket, None)
        if ticket in self._chips:
            self._remove(ticket)
        if isinstance(reason, Text):
            self._notices.notice_text(reason)

    def _remove(self, ticket: int) -> None:
        chip = self._chips.pop(ticket, None)
        if chip is None:
            return
        self._attacher.cancel(ticket)
        self._tray.remove_chip(chip)
        if not any(a.is_image for a in self.draft()):
            self._pane.vision_banner.dismiss()
        self._changed()

    def _set_detail(self, ticket: int, detail: object) -> None:
        chip = self._chips.get(ticket)
        if chip is not None and chip.attachment is not None and detail in set(Detail):
            chip.set_attachment(chip.attachment.with_detail(Detail(str(detail))))
            self._changed()

    def _changed(self) -> None:
        for listener in self.changed:
            listener()

    # The vision warning

    def _on_send_anyway(self) -> None:
        self._pane.vision_banner.dismiss()
        self._send_anyway = True
        self._pane.composer.submit()

    def _on_pick_model(self) -> None:
        self._pane.vision_banner.dismiss()
        self._pick_model()
