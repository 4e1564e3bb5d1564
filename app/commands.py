"""The ``export`` and ``import`` subcommands: history in and out, without the window.

Every failure is one line on stderr with the reason and exit status 1: a damaged
history is never exported as an empty one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.config import LaunchConfig
from app.paths import history_path
from app.services.export_readable import export_text
from app.storage.atomic import write_text_atomic
from app.storage.database import StoreTooNew
from app.storage.errors import StorageError
from app.storage.history import HistoryStore, NotFoundError
from app.storage.importer import ImportFailed, import_into, read_file


def _fail(message: str) -> int:
    print(f"silicondesk: {message}", file=sys.stderr)
    return 1


def run_command(args: argparse.Namespace, config: LaunchConfig) -> int:
    if args.command == "lab":
        from app.lab_cli import run_lab  # it opens the history and the network itself

        return run_lab(args, config)
    exporting = args.command == "export"
    try:
        # Export only reads: a damaged file is refused as it is, not moved or repaired.
        store = HistoryStore.open(history_path(config.data_dir), refuse_damaged=exporting)
    except (StoreTooNew, StorageError) as exc:
        what = "nothing was exported" if exporting else "nothing was imported"
        return _fail(f"{what}: {exc}")
    for notice in store.report.notices():
        print(f"silicondesk: {notice}", file=sys.stderr)
    try:
        if exporting:
            return _export(store, args)
        return _import(store, Path(args.file), config)
    finally:
        store.close()


def _export(store: HistoryStore, args: argparse.Namespace) -> int:
    if args.format == "pdf":
        return _export_pdf(store, args)
    try:
        text = export_text(store, args.format, args.conversation,
                           with_reasoning=args.with_reasoning)
    except NotFoundError:
        return _fail(f"no conversation with id {args.conversation!r}")
    if not args.output:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    target = Path(args.output)
    try:
        write_text_atomic(target, text)
    except OSError as exc:
        return _fail(f"could not write {target}: {exc.strerror or exc}")
    return 0


def _export_pdf(store: HistoryStore, args: argparse.Namespace) -> int:
    """The PDF is laid out by Qt: a GUI application without a window (offscreen unless a
    platform is chosen), made here if the process has none."""
    if not args.output:
        return _fail("a PDF needs a file: give -o FILE")
    import os

    from PySide6.QtGui import QGuiApplication

    from app.services.export_pdf import export_pdf

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["silicondesk"])  # noqa: F841  (lives while we write)
    target = Path(args.output)
    try:
        export_pdf(store, target, args.conversation, with_reasoning=args.with_reasoning)
    except NotFoundError:
        return _fail(f"no conversation with id {args.conversation!r}")
    except OSError as exc:
        return _fail(f"could not write {target}: {exc.strerror or exc}")
    return 0


def _import(store: HistoryStore, path: Path, config: LaunchConfig) -> int:
    from app.paths import settings_path
    from app.services.settings_service import SettingsService
    from app.storage.settings import SettingsStore

    # A conversation without parameters takes the new-chat ones, as in the window.
    defaults = SettingsService(SettingsStore(settings_path(config.data_dir))).settings
    try:
        report = import_into(store, read_file(path), defaults=dict(defaults.default_params))
    except ImportFailed as exc:
        return _fail(f"{path} was not imported, nothing was changed: {exc}")
    except StorageError as exc:
        return _fail(f"{path} was not imported, nothing was changed: {exc}")
    kind = "ChatGPT export" if report.source == "chatgpt" else "SiliconDesk export"
    skipped = f", {report.skipped} already present" if report.skipped else ""
    empty = (f", {report.empty} without any readable message left out" if report.empty
             else "")
    count = f"{report.imported} conversation{'' if report.imported == 1 else 's'}"
    print(f"Imported {count} from the {kind}{skipped}{empty}.")
    return 0
