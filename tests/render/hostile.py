"""Hostile model output: each case is a unit repeated to a chosen size, one per class of
input that made a Markdown renderer super-linear or made it crash. Shared by the render
tests and ``bench/render_worst.py``."""

from __future__ import annotations

# name → (unit, tail): the text is the unit repeated to the size, then the tail.
UNITS: dict[str, tuple[str, str]] = {
    "open brackets [": ("[", ""),
    "backticks `": ("`", ""),
    "code-span openers `a": ("`a ", ""),
    r"math openers \(": ("\\(", ""),
    "math openers $x": ("$x", ""),
    "dollars $": ("$", ""),
    r"display openers \[": ("\\[", ""),
    "one long word": ("a", ""),
    "one long line of punctuation": ("a*b_c[d](e`f\\g<h>&i;", ""),
    "nested list items - ": ("- ", "x"),
    "nested ordered items 1. ": ("1. ", "x"),
    "indented list lines": ("", ""),  # built by _indented_list
    "quote markers >": (">", "x"),
    "quote and list > - ": ("> - ", "x"),
    "stars *": ("*", ""),
    "underscores _": ("_", ""),
    "emphasis openers *a": ("*a ", ""),
    "strong openers **a": ("**a ", ""),
    "mixed emphasis *_": ("*_", "x"),
    "link openers [a](": ("[a](", ""),
    "link middles ](": ("](", ""),
    "image openers ![": ("![", ""),
    "reference links [a][": ("[a][", ""),
    "angle brackets <": ("<", ""),
    "html tags <div>": ("<div>", "x"),
    "unclosed attributes <a href=\"": ('<a href="', ""),
    "autolinks <http://": ("<http://a", ""),
    "entities &#": ("&#", ""),
    "backslashes \\": ("\\", ""),
    "pipes |": ("|", ""),
    "table with many columns": ("", ""),  # built by _wide_table
    "table with many rows": ("| 1 | 2 |\n", ""),
    "many formulas $x_i$": ("$x_{1}^{2}$ ", ""),
    "many display formulas": ("$$\\frac{a}{b}$$\n", ""),
    "many short lines": ("a\n", ""),
    "many blank lines": ("\n", "x"),
    "many headings": ("# h\n", ""),
    "setext underlines": ("a\n=\n", ""),
    "indented code": ("    code\n", ""),
    "fence markers": ("```\n", ""),
    "braces in math": ("$" + "{" * 30, ""),
    "code fences with code": ("```python\ndef f(x):\n    return x * 2  # c\n```\n", ""),
    "one long fenced block": ("", ""),  # built by _long_code
    "named and numeric entities": ("&amp;&lt;&#x4e2d;&#20013;&nbsp;", ""),
    "CJK without spaces": ("中文文本没有空格，模型的回答。", ""),
    "CJK paragraphs": ("这是一个**中文**段落，包含`代码`和$x^2$。\n\n", ""),
}

# The classes of hostile input named in issue 14, for the bench's worst case per class.
CLASSES: dict[str, list[str]] = {
    "link brackets": ["open brackets [", "link openers [a](", "link middles ](",
                      "image openers ![", "reference links [a]["],
    "backticks and code spans": ["backticks `", "code-span openers `a"],
    "formula openers": [r"math openers \(", "math openers $x", "dollars $",
                        r"display openers \[", "braces in math"],
    "long line without spaces": ["one long word", "one long line of punctuation",
                                 "CJK without spaces"],
    "nested lists": ["nested list items - ", "nested ordered items 1. ",
                     "indented list lines"],
    "nested quotes": ["quote markers >", "quote and list > - "],
    "many formulas": ["many formulas $x_i$", "many display formulas"],
    "huge tables": ["pipes |", "table with many columns", "table with many rows"],
    "code fences": ["fence markers", "indented code", "code fences with code",
                    "one long fenced block"],
    "emphasis runs": ["stars *", "underscores _", "emphasis openers *a",
                      "strong openers **a", "mixed emphasis *_"],
    "entities": ["entities &#", "named and numeric entities", "backslashes \\"],
    "HTML-ish tags": ["angle brackets <", "html tags <div>", "unclosed attributes <a href=\"",
                      "autolinks <http://"],
    "CJK text": ["CJK paragraphs"],
    "many lines and blocks": ["many short lines", "many blank lines", "many headings",
                              "setext underlines"],
}


def _indented_list(size: int) -> str:
    lines = []
    total = depth = 0
    while total < size:
        line = "    " * depth + "- item\n"
        lines.append(line)
        total += len(line)
        depth = (depth + 1) % 200
    return "".join(lines)


def _wide_table(size: int) -> str:
    columns = max(2, size // 8)
    head = "|" + "a|" * columns
    rule = "|" + "-|" * columns
    return f"{head}\n{rule}\n{'|' + 'b|' * columns}\n"[:size]


def _long_code(size: int) -> str:
    line = "    value = compute(value, 42)  # a comment\n"
    return "```python\n" + line * max(1, (size - 14) // len(line)) + "```\n"


def hostile(name: str, size: int) -> str:
    """The case ``name`` at about ``size`` characters."""
    if name == "one long fenced block":
        return _long_code(size)
    if name == "indented list lines":
        return _indented_list(size)
    if name == "table with many columns":
        return _wide_table(size)
    unit, tail = UNITS[name]
    return (unit * (size // len(unit) + 1))[:size - len(tail)] + tail


NAMES = list(UNITS)
assert sorted(n for c in CLASSES.values() for n in c) == sorted(NAMES)
