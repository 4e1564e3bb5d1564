"""Load what rendering an answer needs, in a worker thread, while the model starts to
answer: the Markdown parser, Pygments and nh3. Otherwise the first tokens would pay for
it on the UI thread; at start-up nobody may need them yet. (The math font is loaded the
first time a formula is met, also in a worker: ``MathTypesetter.ready``.)"""

from __future__ import annotations


def warm_up() -> None:
    import nh3  # noqa: F401 - imported for its side effect: loaded once
    from pygments.formatters import HtmlFormatter  # noqa: F401

    from app.render.markdown_html import MarkdownRenderer

    MarkdownRenderer().document("*warm*")  # imports the parser and the sanitiser
