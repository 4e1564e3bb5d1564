"""Load what rendering an answer needs, in a worker thread, while the model starts to
answer: python-markdown, Pygments, nh3 and ziamath with its math font (together about
80 ms). Otherwise the first tokens and the first formula would pay for it on the UI
thread; at start-up nobody may need them yet."""

from __future__ import annotations


def warm_up() -> None:
    import markdown  # noqa: F401 - imported for its side effect: loaded once
    import nh3  # noqa: F401
    from pygments.formatters import HtmlFormatter  # noqa: F401

    from app.render.math_typeset import import_ziamath

    ziamath = import_ziamath()
    ziamath.Latex("x^2", size=16).svg()  # type: ignore[attr-defined]  # loads the font
