"""The readable export as a PDF, or ready to print: the HTML export's pages with
formulas typeset (``app/render/paged.py`` lays them out)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QImage

from app.domain.text import Lookup
from app.paths import ensure_private_dir
from app.render.paged import FormulaImages, write_pdf
from app.services.export_readable import export_html
from app.storage.export import selected
from app.storage.history import HistoryStore


@dataclass
class Printable:
    """What goes on paper: the export's HTML and the images it names."""

    html: str
    images: dict[str, QImage] = field(default_factory=dict)
    title: str = ""


def printable(store: HistoryStore, conversation_id: str | None = None, *,
              with_reasoning: bool = False, lookup: Lookup | None = None) -> Printable:
    formulas = FormulaImages()
    html = export_html(store, conversation_id, with_reasoning=with_reasoning, lookup=lookup,
                       math=formulas)
    convs = selected(store, conversation_id)
    title = convs[0].title if len(convs) == 1 else ""
    return Printable(html, formulas.images, title)


def export_pdf(store: HistoryStore, path: Path, conversation_id: str | None = None, *,
               with_reasoning: bool = False, lookup: Lookup | None = None) -> int:
    """Write the PDF beside ``path`` and rename it over (never half a file); returns the
    number of pages. Raises OSError."""
    pages = printable(store, conversation_id, with_reasoning=with_reasoning, lookup=lookup)
    ensure_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".pdf")
    os.close(fd)
    try:
        count = write_pdf(pages.html, pages.images, Path(tmp), pages.title)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
