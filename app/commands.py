"""The ``export`` and ``import`` subcommands: history in and out, without the window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.config import LaunchConfig
from app.paths import history_path
from app.services.export_readable import export_text
from app.storage.atomic import write_text_atomic
from app.storage.database import StoreTooNew
from app.storage.history import HistoryStore, NotFoundError
from app.storage.importer import ImportFailed, import_into


def _fail(message: str) -> int:
    print(f"silicondesk: {message}", file=sys.stderr)
    return 1


def run_command(args: argparse.Namespace, config: LaunchConfig) -> int:
    if args.command == "lab":
        from app.lab_cli import run_lab  # it opens the history and the network itself

        return run_lab(args, config)
    try:
        store = HistoryStore.open(history_path(config.data_dir))
    except StoreTooNew as exc:
        return _fail(str(exc))
    if store.report.moved_aside:
        print(f"silicondesk: the history file was damaged and has been kept at "
              f"{store.report.moved_aside}; a new one was started.", file=sys.stderr)
    try:
        if args.command == "export":
            return _export(store, args)
        return _import(store, Path(args.file))
    finally:
        store.close()


def _export(store: HistoryStore, args: argparse.Namespace) -> int:
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


def _import(store: HistoryStore, path: Path) -> int:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return _fail(f"could not read {path}: {exc.strerror or exc}")
    try:
        report = import_into(store, raw)
    except ImportFailed as exc:
        return _fail(f"{path} was not imported, nothing was changed: {exc}")
    kind = "ChatGPT export" if report.source == "chatgpt" else "SiliconDesk export"
    skipped = f", {report.skipped} already present" if report.skipped else ""
    print(f"Imported {report.imported} conversation(s) from the {kind}{skipped}.")
    return 0
