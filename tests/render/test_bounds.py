"""No text the model sends can make rendering slow or make it fail.

The budgets asserted here (1 s for 100 KB, 5 s for 1 MB) are ten and five times the
targets, for a loaded 2-core machine; ``bench/render_worst.py`` prints the real figures.
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.render.markdown_html import render_markdown
from app.render.math_detect import find_math
from tests.render.hostile import NAMES, hostile

KB100 = 100_000
SLOW_100KB = 1.0
SLOW_1MB = 5.0


def timed(text: str) -> float:
    started = time.perf_counter()
    render_markdown(text)
    return time.perf_counter() - started


@pytest.mark.parametrize("name", NAMES)
def test_each_hostile_case_of_100_kb_renders_quickly(name: str) -> None:
    assert timed(hostile(name, KB100)) < SLOW_100KB


@pytest.mark.parametrize("name", ["open brackets [", "backticks `", "one long word",
                                  "nested list items - ", "many formulas $x_i$",
                                  "many short lines"])
def test_a_megabyte_renders_within_seconds(name: str) -> None:
    assert timed(hostile(name, 1_000_000)) < SLOW_1MB


# Markdown-ish pieces: every character the parser, the formula finder and the block
# splitter treat specially, and some words.
PIECES = ["[", "]", "(", ")", "![", "](", "`", "``", "```", "~~~", "*", "**", "_", "__",
          "~~", "$", "$$", "\\(", "\\)", "\\[", "\\]", "\\", "<", ">", "<a href=\"", "&#",
          "&amp;", "|", "|-|", "- ", "1. ", "# ", "=", "\n", "\n\n", "    ", "\t", " ",
          "word", "x_1", "{", "}", "http://a.b/", "\ue000", "é", "中文"]


@st.composite
def markdownish(draw: st.DrawFn) -> str:
    """A few units of random pieces, each repeated, to up to 100 KB in all."""
    units = draw(st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12),
                          min_size=1, max_size=4))
    size = draw(st.integers(min_value=1, max_value=KB100))
    share = size // len(units) + 1
    text = "".join(("".join(u) * (share // len("".join(u)) + 1))[:share] for u in units)
    return text[:size]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True)
@given(markdownish())
def test_any_markdownish_text_renders_within_budget(text: str) -> None:
    assert timed(text) < SLOW_100KB


# The formula finder before it was made linear, for texts without code spans (whose
# pairing it now does as CommonMark does).
OLD_MATH = re.compile(
    r"(?<!\\)\$\$(?P<dd>.+?)(?<!\\)\$\$"
    r"|\\\[(?P<bd>.+?)\\\]"
    r"|\\\((?P<bi>.+?)\\\)"
    r"|(?<![\\$])\$(?=\S)(?P<di>[^$\n]+?)(?<=\S)(?<!\\)\$(?![\d$])",
    re.S,
)


def old_find(text: str) -> list[tuple[int, int, str]]:
    found = []
    for m in OLD_MATH.finditer(text):
        latex = next(g for g in m.group("dd", "bd", "bi", "di") if g is not None)
        if latex.strip():
            found.append((m.start(), m.end(), latex.strip()))
    return found


@settings(max_examples=200, derandomize=True)
@given(st.lists(st.sampled_from(["$", "$$", "\\(", "\\)", "\\[", "\\]", "\\", "x", " ",
                                 "\n", "5", "a b"]), max_size=30).map("".join))
def test_the_linear_formula_finder_finds_what_the_regex_found(text: str) -> None:
    assert [(s.start, s.end, s.latex) for s in find_math(text)] == old_find(text)


def test_formula_finding_is_linear() -> None:
    for text in ("\\(" * 50_000, "$x" * 50_000, "`" * 10_000, "`a " * 100_000,
                 "$$" * 50_000, "\\[" * 50_000):
        started = time.perf_counter()
        find_math(text)
        assert time.perf_counter() - started < 0.5, text[:4]
