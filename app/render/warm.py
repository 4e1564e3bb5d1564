"""Load what rendering an answer needs, in a worker thread, while the model starts to
answer: the Markdown parser, Pygments, nh3 and ziamath with its math font (together about
80 ms). Otherwise the first tokens and the first formula would pay for it on the UI
thread; at start-up nobody may need them yet."""

from __future__ import annotations


def warm_up() -> None:
    import nh3  # noqa: F401 - imported for its side effect: loaded once
    from pygments.formatters import HtmlFormatter  # noqa: F401

    from app.render.markdown_html import MarkdownRenderer
    from app.render.math_typeset import import_ziamath

    MarkdownRenderer().document("*warm*")  # imports the parser and the sanitiser

    ziamath = import_ziamath()
    ziamath.Latex("x^2", size=16).svg()  # type: ignore[attr-defined]  # loads the font
