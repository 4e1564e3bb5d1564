"""Worst-case render time of hostile model output: ``python bench/render_worst.py``.

Renders every case of ``tests/render/hostile.py`` (and ordinary Markdown) at 100 KB and
1 MB along three paths:

- ``html``: ``MarkdownRenderer.document``, the whole text to sanitised HTML (exports).
- ``doc``: the whole text given at once to a message's QTextDocument
  (``RichDocument.set_text``, as "Show more" or coming back to a streaming answer does),
  laid out at 800 px.
- ``window``: a finished answer opened in the window (a ``MessageWidget`` 800 px wide,
  which lays out the first ``SHOWN_CHARS`` of a longer text).

``doc`` and ``window`` insert a long text a slice at a time: their figure is the time to
the first paint (the first slice, laid out); `` slice`` is the longest later turn of the
event loop (inserting, laying out, typesetting formulas) and `` all`` the time until all
of it is laid out, formulas typeset.

Prints each figure, the worst case per class of issue 14 (``CLASSES``) and the worst per
size and path against the budget (the first paint of 100 KB ≤ 100 ms, of 1 MB ≤ 1 s; any
later slice ≤ 50 ms). Exits 1 if one is missed.

``--timeout S`` runs each case in its own process and gives up after S seconds (for
measuring code that may hang); ``--sizes``, ``--paths`` and ``--cases`` narrow the run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))

from bench.common import Row  # noqa: E402
from tests.render.hostile import CLASSES, NAMES, hostile  # noqa: E402

BUDGET_S = {100_000: 0.1, 1_000_000: 1.0}  # to the first paint
SLICE_BUDGET_S = 0.05  # any later turn of the event loop (lateness max, as when streaming)
SLICED = ("doc", "window")  # paths that insert a long text a slice at a time
LATER, ALL = " slice", " all"  # their columns: the longest later slice, the whole time
NORMAL = "ordinary Markdown"


def normal(size: int) -> str:
    """Ordinary answers: headings, lists, a table, code, formulas, links."""
    unit = """## Step {i}

Some **bold** and *italic* text with `code`, a [link](https://example.org/{i}) and a
formula $x_{i}^2 + y = {i}$. A second sentence follows, long enough to wrap once or
twice in the window, with a price of $5 and a few more words.

1. first item
2. second item with `inline code`
   - nested point
3. third

| name | value |
|:-----|------:|
| a    | {i}   |

```python
def f(x):
    return x * {i}
```

> A quote, to be sure.

"""
    out: list[str] = []
    total = i = 0
    while total < size:
        piece = unit.format(i=i)
        out.append(piece)
        total += len(piece)
        i += 1
    return "".join(out)[:size]


def text_of(name: str, size: int) -> str:
    return normal(size) if name == NORMAL else hostile(name, size)


def render_html(text: str) -> None:
    from app.render.markdown_html import MarkdownRenderer

    MarkdownRenderer().document(text)


def _app() -> object:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


# "first": seconds to the first paint, "slice": the longest turn of the event loop after
# it, "all": until everything is laid out (formulas typeset too)
_late: dict[str, float] = {}


def _rest(rich: object, doc: object) -> None:
    """The event loop inserting the rest a slice at a time: the longest turn, and the time
    until everything (formulas too) is laid out."""
    from PySide6.QtWidgets import QApplication

    from app.ui.rich_document import RichDocument

    assert isinstance(rich, RichDocument)
    longest = total = 0.0
    while rich.inserting or rich.math_pending:
        started = time.perf_counter()
        QApplication.processEvents()
        doc.documentLayout().documentSize()  # type: ignore[attr-defined]
        spent = time.perf_counter() - started
        longest, total = max(longest, spent), total + spent
    _late["slice"], _late["all"] = longest, total


def render_doc(text: str) -> None:
    from PySide6.QtGui import QTextDocument, QTextOption

    from app.render.markdown_html import MarkdownRenderer
    from app.render.math_typeset import MathTypesetter
    from app.ui.rich_document import RichDocument

    _ = _app()
    doc = QTextDocument()
    doc.setTextWidth(800)
    option = QTextOption()  # as in the message's QTextBrowser
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    rich = RichDocument(doc, MarkdownRenderer(), MathTypesetter())
    started = time.perf_counter()
    rich.set_text(text)
    doc.documentLayout().documentSize()  # laid out, as when shown
    first = time.perf_counter() - started
    _rest(rich, doc)
    _late["first"] = first
    _late["all"] += first


def render_window(text: str) -> None:
    from app.domain.history import Message, Role
    from app.render.markdown_html import MarkdownRenderer
    from app.render.math_typeset import MathTypesetter
    from app.ui.message_widget import MessageWidget

    _ = _app()
    message = Message("m", "c", None, Role.ASSISTANT, content=text)
    started = time.perf_counter()
    widget = MessageWidget(message, MarkdownRenderer(), fold_thinking=True,
                           typesetter=MathTypesetter())
    widget.resize(800, 600)
    widget.body.document().setTextWidth(800)
    widget.body.document().documentLayout().documentSize()
    first = time.perf_counter() - started
    _rest(widget.rich, widget.body.document())
    _late["first"] = first
    _late["all"] += first


PATHS = {"html": render_html, "doc": render_doc, "window": render_window}


def warm() -> None:
    for render in PATHS.values():
        render("warm *up* $x$ `c`\n\n```py\nx\n```\n")


def measure(path: str, name: str, size: int) -> tuple[float, str]:
    """The time to the first paint: the whole render for ``html``; for ``doc`` and
    ``window`` the first slice, the later ones going to ``_late``."""
    text = text_of(name, size)
    started = time.perf_counter()
    _late.clear()
    try:
        PATHS[path](text)
    except Exception as err:  # a crash is a result here, reported as such
        return time.perf_counter() - started, type(err).__name__
    return _late.get("first", time.perf_counter() - started), ""


def measure_apart(path: str, name: str, size: int, timeout: float) -> tuple[float, str]:
    try:
        out = subprocess.run([sys.executable, __file__, "--one", path, name, str(size)],
                             capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return timeout, "timeout"
    lines = out.stdout.strip().splitlines()
    if not lines:
        return 0.0, f"exit {out.returncode}"
    seconds, _, error = lines[-1].partition(" ")
    return float(seconds), error


def worst(paths: list[str], sizes: list[int], names: list[str]
          ) -> dict[tuple[str, int], tuple[float, str]]:
    """(path, size) → (the longest render in seconds, its case), in this process."""
    warm()
    found: dict[tuple[str, int], tuple[float, str]] = {}
    for name in names:
        for size in sizes:
            for path in paths:
                seconds, _ = measure(path, name, size)
                if seconds > found.get((path, size), (-1.0, ""))[0]:
                    found[(path, size)] = (seconds, name)
    return found


def rows() -> list[Row]:
    """Bench rows for ``bench/run.py``: the worst hostile case per size and path (ordinary
    Markdown is left out: it is the reference, not a hostile case)."""
    found = worst(list(PATHS), list(BUDGET_S), NAMES)
    return [Row(f"render: worst of {len(NAMES)} hostile {size // 1000} KB ({path})",
                seconds * 1000, BUDGET_S[size] * 1000, "ms")
            for (path, size), (seconds, _) in sorted(found.items())]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=0)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--paths", default="html,doc,window")
    parser.add_argument("--cases", default="")
    parser.add_argument("--one", nargs=3)
    args = parser.parse_args()
    if args.one:
        path, name, size = args.one
        warm()
        seconds, error = measure(path, name, int(size))
        print(f"{seconds:.4f} {error}")
        return 0
    names = [NORMAL, *NAMES]
    if args.cases:
        names = [n for n in names if any(c in n for c in args.cases.split(","))]
    sizes = [int(s) for s in args.sizes.split(",")]
    paths = args.paths.split(",")
    if not args.timeout:
        warm()
    worst: dict[tuple[str, int], tuple[float, str]] = {}
    each: dict[tuple[str, str, int], float] = {}  # (case, path, size) → seconds
    failed = False
    columns = [(p, s) for s in sizes for p in paths]
    if not args.timeout:  # the later slices are read from this process
        columns = [c for s in sizes for p in paths
                   for c in ([(p, s), (p + LATER, s), (p + ALL, s)] if p in SLICED
                             else [(p, s)])]
    print(f"{'case':36} " + " ".join(f"{p + ' ' + str(s // 1000) + ' KB':>13}"
                                      for p, s in columns))
    for name in names:
        cells = []
        for path, size in columns:
            if path.endswith(LATER):
                seconds, error = _late.get("slice", 0.0), ""
            elif path.endswith(ALL):
                seconds, error = _late.get("all", 0.0), ""
            else:
                seconds, error = (measure_apart(path, name, size, args.timeout)
                                  if args.timeout else measure(path, name, size))
            failed = failed or bool(error)
            each[(name, path, size)] = seconds
            cells.append(f"{seconds * 1000:7.0f} ms {error[:4]:3}")
            if not path.endswith(ALL) and seconds > worst.get((path, size), (-1.0, ""))[0]:
                worst[(path, size)] = (seconds, name)
        print(f"{name:36} " + " ".join(cells), flush=True)
    print()
    print(f"{'worst per class':36} " + " ".join(f"{p + ' ' + str(s // 1000) + ' KB':>13}"
                                                 for p, s in columns))
    for group, members in {NORMAL: [NORMAL], **CLASSES}.items():
        cells = []
        for path, size in columns:
            seconds = max((each.get((n, path, size), -1.0) for n in members), default=-1.0)
            cells.append(f"{seconds * 1000:7.0f} ms    " if seconds >= 0 else f"{'-':>13}")
        if any(c.strip() != "-" for c in cells):
            print(f"{group:36} " + " ".join(cells))
    print()
    for (path, size), (seconds, name) in sorted(worst.items()):
        budget = SLICE_BUDGET_S if path.endswith(LATER) else BUDGET_S.get(size, size / 1e6)
        verdict = "pass" if seconds <= budget else "FAIL"
        failed = failed or seconds > budget
        print(f"worst render, {path:6} {size // 1000:5} KB: {seconds * 1000:7.0f} ms "
              f"(≤ {budget * 1000:.0f} ms) {verdict}  [{name}]")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
