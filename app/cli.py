"""The command line: ``silicondesk [--base-url URL] [--data-dir DIR]`` and its subcommands."""

from __future__ import annotations

import argparse

from app import __version__


def build_parser() -> argparse.ArgumentParser:
    data_dir_help = ("where history, settings and logs live (default: the platform's user "
                     "data folder)")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", help=data_dir_help)
    # A subcommand takes --data-dir too, without a default of its own: one given before the
    # subcommand (``silicondesk --data-dir D export …``) must not be reset to None by it.
    after = argparse.ArgumentParser(add_help=False)
    after.add_argument("--data-dir", metavar="DIR", help=data_dir_help,
                       default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="silicondesk",
        description="A desktop chat application for the SiliconFlow chat-completions API "
        "and any OpenAI-compatible endpoint.",
        parents=[common],
        epilog="Environment: SILICONFLOW_BASE_URL sets the endpoint; SILICONFLOW_API_KEY "
        "gives a key for this run only (never stored); SILICONDESK_LOG_LEVEL (DEBUG, INFO, "
        "WARNING, ERROR) sets how much goes to the log file (default INFO).",
    )
    parser.add_argument("--version", action="version", version=f"SiliconDesk {__version__}")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="the OpenAI-compatible endpoint (default: https://api.siliconflow.cn/v1)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="try the app without a key: a local endpoint on 127.0.0.1 answers with sample "
        "replies (history goes to a temporary folder unless --data-dir is given)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    export = sub.add_parser(
        "export", parents=[after], help="write conversations as JSON, Markdown, HTML or PDF"
    )
    export.add_argument("--format", choices=("json", "markdown", "html", "pdf"),
                        default="json", help="pdf needs -o FILE")
    export.add_argument("--conversation", metavar="ID", help="only this conversation")
    export.add_argument(
        "--with-reasoning",
        action="store_true",
        help="include the model's reasoning (Markdown, HTML, PDF)",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    imp = sub.add_parser(
        "import",
        parents=[after],
        help="import a SiliconDesk JSON export or ChatGPT's conversations.json",
    )
    imp.add_argument("file", metavar="FILE")
    from app.lab_cli import add_lab_parser  # argparse only; Qt loads when the lab runs

    add_lab_parser(sub)
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
