"""``silicondesk lab PROMPT``: the parameter lab without a window.

The same services as the window (``LabService`` on the ``TurnRunner``, QtCore only, on a
``QCoreApplication`` and the qasync loop), the same ``--base-url``, ``--data-dir``,
settings and key (the keyring, or ``SILICONFLOW_API_KEY``). Progress goes to stderr;
the answers go to stdout (or ``-o FILE``) as JSON or CSV; the run is stored in the
history as the window stores it. The exit status is 1 when any arm failed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.config import LaunchConfig
    from app.services.lab import ArmAnswer, LabRun

FIXED_COLUMNS = ("text", "reasoning", "finish_reason", "status", "error", "usage", "timings")


def add_lab_parser(sub: Any) -> None:
    """Register ``lab`` on the subcommand parsers of :func:`app.cli.build_parser`."""
    lab = sub.add_parser(
        "lab",
        help="run one prompt under several settings side by side (the parameter lab)",
        description="Post PROMPT once per arm (and per sweep value and sample), all at "
        "once within the per-endpoint limit, store every answer as a sibling in the "
        "history, and write one row per answer.")
    lab.add_argument("prompt", metavar="PROMPT")
    # SUPPRESS: given before ``lab`` too (a parent's default would overwrite it with None).
    lab.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                     help="where history, settings and logs live (as before the subcommand)")
    lab.add_argument("--base-url", metavar="URL", default=argparse.SUPPRESS,
                     help="the OpenAI-compatible endpoint (as before the subcommand)")
    lab.add_argument("--conversation", metavar="ID",
                     help="ask in this conversation (at its current branch); default: a new one")
    lab.add_argument("--arm", metavar="FIELDS", action="append", default=[],
                     help="one arm: request fields by API name, e.g. "
                     "'model=Qwen/Qwen3-8B,temperature=0.7,seed=3' (repeat for more arms; "
                     "each starts from the conversation's parameters)")
    lab.add_argument("--sweep", metavar="FIELD=V1,V2,...",
                     help="vary one field of every arm across these values")
    lab.add_argument("--samples", metavar="K", type=int, default=1,
                     help="answers per arm and value (default 1)")
    lab.add_argument("--use-n", action="store_true",
                     help="ask for the K samples in one request with n=K instead of K requests")
    lab.add_argument("--format", choices=("json", "csv"), default="json")
    lab.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    lab.add_argument("-y", "--yes", action="store_true",
                     help="post more than 8 requests without asking")


def _say(message: str) -> None:
    print(f"silicondesk lab: {message}", file=sys.stderr, flush=True)


# Output


def rows_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def rows_csv(rows: Sequence[dict[str, Any]]) -> str:
    """The same columns as JSON, ``params`` spread into one column per field (in the
    order they first appear); objects and lists are JSON, unset cells empty."""
    fields: list[str] = []
    for row in rows:
        fields.extend(f for f in row["params"] if f not in fields)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["arm", *fields, *FIXED_COLUMNS])
    for row in rows:
        writer.writerow([row["arm"], *(_cell(row["params"].get(f)) for f in fields),
                         *(_cell(row[c]) for c in FIXED_COLUMNS)])
    return out.getvalue()


# The run


def run_lab(args: argparse.Namespace, config: LaunchConfig) -> int:
    from PySide6.QtCore import QCoreApplication

    from app.config import resolve
    from app.services.event_loop import qt_event_loop

    config = resolve(getattr(args, "base_url", None), args.data_dir)
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    with qt_event_loop(app) as loop:
        return loop.run_until_complete(_run(args, config))


async def _run(args: argparse.Namespace, config: LaunchConfig) -> int:
    import httpx

    from app.api.client import ApiClient, RetryPolicy, Timeouts
    from app.domain.lab import LabSpecError
    from app.paths import history_path, settings_path
    from app.services.chat import ChatController
    from app.services.endpoints import EndpointService
    from app.services.keys import KeyService
    from app.services.lab import LabService
    from app.services.runner import TurnRunner
    from app.services.settings_service import SettingsService
    from app.storage.database import StoreTooNew
    from app.storage.history import HistoryStore
    from app.storage.lab_runs import LabRunStore
    from app.storage.secrets import KeyStore, SecretsError, system_backend
    from app.storage.settings import SettingsStore

    settings = SettingsService(SettingsStore(settings_path(config.data_dir)))
    s = settings.settings
    try:
        store = HistoryStore.open(history_path(config.data_dir))
    except StoreTooNew as err:
        _say(str(err.text))
        return 1
    http = httpx.AsyncClient(proxy=s.proxy_url if s.proxy_mode == "url" and s.proxy_url
                             else None, trust_env=s.proxy_mode == "system")
    keys = KeyService(lambda: KeyStore(system_backend()), env_key=config.env_api_key)

    def make_client(base_url: str, key: Any) -> ApiClient:
        return ApiClient(http, base_url, key, timeouts=Timeouts(s.connect_timeout,
                                                                s.read_timeout),
                         retry=RetryPolicy(max_retries=s.retry_count))

    endpoints = EndpointService(settings, keys, make_client, command_line_url=(
        config.base_url if config.base_url_from_user else None))
    runner = TurnRunner(store, limit=lambda: settings.settings.concurrent_requests)
    lab = LabService(store, LabRunStore(store), ChatController(store, endpoints, runner),
                     runner)
    try:
        return await _lab(args, store, endpoints, lab, s.default_params)
    except (LabSpecError, SecretsError) as err:
        _say(str(err.text))
        return 2
    finally:
        runner.stop_all()
        await runner.wait()
        await http.aclose()
        store.close()


async def _lab(args: argparse.Namespace, store: Any, endpoints: Any, lab: Any,
               defaults: dict[str, Any]) -> int:
    from app.domain.lab import make_plan, params_with, parse_arm, parse_sweep
    from app.services.lab import InvalidArms
    from app.services.turns import HISTORY_LIMIT
    from app.storage.history import NotFoundError

    if args.conversation:
        try:
            conv = store.conversation(args.conversation)
        except NotFoundError:
            _say(f"no conversation with id {args.conversation!r}")
            return 2
    else:
        conv = store.create_conversation(params=dict(defaults),
                                         endpoint=endpoints.default_id() or None)
    base = {k: v for k, v in conv.params.items() if k != HISTORY_LIMIT}
    specs = args.arm or [""]
    if len(specs) > 6:
        _say("at most 6 arms")
        return 2
    arms = [(params_with(base, parse_arm(spec)), None) for spec in specs]
    sweep = parse_sweep(args.sweep) if args.sweep else None
    plan = make_plan(arms, sweep, args.samples, use_n=args.use_n)
    if plan.needs_confirmation and not args.yes and not _confirm(plan.requests):
        return 2
    if not endpoints.key(conv.endpoint) and not await endpoints.load_key(conv.endpoint):
        _say("no API key: set SILICONFLOW_API_KEY, or enter one in the window for this "
             "endpoint")
        return 2
    try:
        run = lab.start(conv.id, plan, prompt=args.prompt)
    except InvalidArms as err:
        _say(str(err.text))
        return 2
    requests = f"{plan.requests} request{'' if plan.requests == 1 else 's'}"
    _say(f"conversation {conv.id}, lab run {run.id}: {requests}")
    _report_progress(run)
    await run.wait()
    return _write(args, run.results(), run)


def _confirm(count: int) -> bool:
    _say(f"this run posts {count} request{'' if count == 1 else 's'}.")
    if not sys.stdin.isatty():
        _say("not sent: add --yes to post more than 8 requests")
        return False
    print("Send them? [y/N] ", end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def _report_progress(run: LabRun) -> None:
    from app.services.i18n import tr_error

    total = len(run.plan.arms)
    run.retry_scheduled.connect(lambda arm, seconds, error: _say(
        f"arm {arm}: {tr_error(error)} retrying in {seconds:.1f} s"))
    def done(arm: int) -> None:
        ends = []
        for answer in run.results():
            if answer.arm.number == arm:
                m = answer.message
                took = (m.timings or {}).get("total_seconds")
                ends.append(f"{m.status}" + (f" ({m.finish_reason})" if m.finish_reason else "")
                            + (f" in {took} s" if took is not None else ""))
        _say(f"arm {arm} done ({len(run.done)}/{total}): {', '.join(ends)}")

    run.arm_done.connect(done)


def _write(args: argparse.Namespace, answers: list[ArmAnswer], run: LabRun) -> int:
    from pathlib import Path

    from app.services.i18n import tr_error
    from app.storage.atomic import write_text_atomic

    rows = [a.to_row() for a in answers]
    text = rows_csv(rows) if args.format == "csv" else rows_json(rows)
    if args.output:
        try:
            write_text_atomic(Path(args.output), text)
        except OSError as exc:
            _say(f"could not write {args.output}: {exc.strerror or exc}")
            return 1
    else:  # UTF-8 bytes whatever the locale, no newline translation (CSV keeps \r\n)
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    failed = run.failed
    for answer in failed:
        _say(f"arm {answer.arm.number} failed ({answer.message.status}): "
             f"{tr_error(answer.message.error)}")
    return 1 if failed else 0
