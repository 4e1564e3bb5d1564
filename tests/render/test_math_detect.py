from __future__ import annotations

from app.render.markdown_html import render_markdown
from app.render.math_detect import find_math


def latex(text: str) -> list[tuple[str, bool]]:
    return [(s.latex, s.display) for s in find_math(text)]


def test_inline_and_display_math_are_found() -> None:
    assert latex(r"Euler: $e^{i\pi} + 1 = 0$.") == [(r"e^{i\pi} + 1 = 0", False)]
    assert latex("$$\\int_0^1 x\\,dx = \\frac{1}{2}$$") == [(r"\int_0^1 x\,dx = \frac{1}{2}", True)]
    assert latex(r"\(a^2+b^2\) and \[c^2\]") == [("a^2+b^2", False), ("c^2", True)]
    assert latex("$$\na = b\n$$") == [("a = b", True)]


def test_prices_code_and_escapes_are_not_math() -> None:
    assert latex("It costs $5 and $10 today.") == []
    assert latex("Only $5.") == []
    assert latex(r"Escaped \$x\$ stays.") == []
    assert latex("Code `$x$` and ``$$y$$`` stay.") == []
    assert latex("$ x$ and $x $ are not math") == []


def test_exports_keep_the_latex_source() -> None:
    html = render_markdown(r"Area $\pi r^2$ and $a_1 * b_2$ here.")
    assert r'<code class="math">$\pi r^2$</code>' in html
    assert "<em>" not in html  # underscores and stars inside math are not Markdown
    assert "$a_1 * b_2$" in html
