"""Everything the first turn loads, loaded in a worker thread before it is needed.

Without it the first turn paid on the GUI thread for: the first request importing
anyio's asyncio backend (httpx loads it lazily, ~60 ms), the Markdown parser's first
setup and the compiled rules of each Pygments lexer used. These were the stall ~0.3 s
into the first stream of the benchmark. (The math font, 14 MB that most chats never
need, is loaded when a formula is first met: ``MathTypesetter.ready``.) The caches
filled here are the process's; the renderer made here is this thread's own.
"""

from __future__ import annotations

import importlib

from app.render.markdown_html import MarkdownRenderer
from app.render.warm import warm_up

LANGUAGES = ("python", "bash", "json", "javascript", "typescript", "c", "cpp", "java",
             "go", "rust", "sql", "html", "css", "yaml")
SAMPLE = "\n\n".join(
    ["# Title\n\nSome **bold**, `code` and a [link](https://example.com).",
     "- one\n- two", "| a | b |\n|---|---|\n| 1 | 2 |",
     *(f"```{language}\nx = 1\n```" for language in LANGUAGES)])
NETWORK = ("anyio._backends._asyncio", "anyio.streams.tls", "anyio.streams.stapled",
           "anyio.streams.memory", "anyio.to_thread", "anyio.lowlevel")


def warm_up_first_turn() -> None:
    for name in NETWORK:  # what httpx's first request imports
        try:
            importlib.import_module(name)
        except ImportError:  # another anyio: its first request loads what it needs
            continue
    MarkdownRenderer().document(SAMPLE)  # the first tokens need this: before the math
    warm_up()
