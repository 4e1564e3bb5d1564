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


def hostile(name: str, size: int) -> str:
    """The case ``name`` at about ``size`` characters."""
    if name == "indented list lines":
        return _indented_list(size)
    if name == "table with many columns":
        return _wide_table(size)
    unit, tail = UNITS[name]
    return (unit * (size // len(unit) + 1))[:size - len(tail)] + tail


NAMES = list(UNITS)
