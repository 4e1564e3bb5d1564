"""What ordinary Markdown renders to, and what happens past each cap."""

from __future__ import annotations

import re

from app.render.blocks import MAX_BLOCK_CHARS, MAX_BLOCKS, PLAIN_CHARS, split_blocks
from app.render.budget import (
    MAX_CODE_FRAMES,
    MAX_FORMULA_IMAGES,
    MAX_FORMULAS,
    MAX_STYLED_RUNS,
    RenderBudget,
)
from app.render.commonmark import MAX_DEPTH
from app.render.markdown_html import BREAK_EVERY, MarkdownRenderer, render_markdown
from app.render.math_detect import MathSpan
from bench.render_worst import normal

ORDINARY = """# Title

Intro with **bold**, *italic*, `code`, ~~gone~~ and a [link](https://example.org/a "t").

1. one
2. two
   - nested

- loose

- list

| left | centre | right |
|:-----|:------:|------:|
| a    | b      | c     |

<b>raw</b> ![remote](http://127.0.0.1:9/x.png) and $x^2$.
"""


def test_ordinary_markdown_keeps_its_shape() -> None:
    html = render_markdown(ORDINARY)
    assert "<h1>Title</h1>" in html
    for tag in ("<strong>bold</strong>", "<em>italic</em>", "<code>code</code>",
                "<del>gone</del>", '<a href="https://example.org/a" title="t">link</a>'):
        assert tag in html, tag
    assert re.search(r"<ol>\s*<li>one</li>\s*<li>two\s*<ul>\s*<li>nested</li>", html)
    assert re.search(r"<ul>\s*<li>\s*<p>loose</p>\s*</li>\s*<li>\s*<p>list</p>", html)
    assert '<th align="left">left</th>' in html and '<td align="center">b</td>' in html
    assert '<td align="right">c</td>' in html and 'border="1"' in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html  # raw HTML is text
    assert "<img" not in html and "[image: remote]" in html  # never loaded
    assert '<code class="math">$x^2$</code>' in html


def test_fenced_code_has_its_language_colours_and_copy_link() -> None:
    html = render_markdown("```python\ndef f():\n    return 1\n```\n")
    assert "python" in html and 'href="copy:0"' in html and "Copy" in html
    assert "style=" in html.split("<pre", 1)[1]  # coloured by Pygments


def test_a_hundred_kilobytes_of_ordinary_markdown_render_as_markdown() -> None:
    text = normal(100_000)
    html = render_markdown(text)
    sections = text.count("## Step")
    assert html.count("<h2>") == sections
    assert html.count("<strong>bold</strong>") == sections  # no block fell back to text
    assert "**" not in html


def test_nesting_deeper_than_the_cap_is_text() -> None:
    html = render_markdown("- " * 500 + "x")
    assert html.count("<ul>") == MAX_DEPTH
    assert "- - - " in html and html.rstrip().endswith("</ul>")
    quoted = render_markdown(">" * 300 + " deep")
    bars = quoted.count('<table class="quote"')  # the outer quotes have a bar
    assert bars + quoted.count("<blockquote>") == MAX_DEPTH and "&gt;&gt;&gt;" in quoted
    assert "deep" in quoted


def test_a_pathological_block_still_renders_as_markdown() -> None:
    # 10,000 unclosed ``[`` cost python-markdown 17 s and markdown-it-py a fallback to
    # text; the native parser reads them as CommonMark does, at once.
    html = render_markdown("[" * 10_000 + "](x) *emphasis*\n\n*a*")
    assert html.count("[") == 9_999 and "<em>emphasis</em>" in html
    assert "<em>a</em>" in html  # the next block too


def test_raw_html_from_the_model_is_shown_as_text() -> None:
    html = render_markdown('<div onclick="x">hi</div>\n\n<b>bold</b> `<i>` <http://a.example/>')
    assert "&lt;div onclick" in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<code>&lt;i&gt;</code>" in html  # in code it is the same ``<``
    assert '<a href="http://a.example/">http://a.example/</a>' in html  # an autolink
    mail = render_markdown("<a@b.example> <javascript:x>")
    assert '<a href="mailto:a@b.example">a@b.example</a>' in mail and "&lt;javascript:x&gt;" in mail


def test_a_model_cannot_forge_the_parsers_stand_in() -> None:
    html = render_markdown("\ue002b>x\ue002/b>")
    assert "<b>" not in html and "&lt;" not in html and "\ufffd" in html


class Hook:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, span: MathSpan) -> str:
        self.calls.append(span.latex)
        return f"math:{len(self.calls)}"


def test_formulas_beyond_the_cap_stay_latex_source() -> None:
    hook = Hook()
    renderer = MarkdownRenderer()
    budget = RenderBudget()
    text = " ".join(f"$x_{{{i}}}$" for i in range(300))
    html = renderer.text_block(text, hook, budget)
    assert len(hook.calls) == MAX_FORMULAS
    assert html.count("<img") == MAX_FORMULAS
    assert '<code class="math">$x_{299}$</code>' in html
    same = MarkdownRenderer().text_block("$y$ " * 1000, Hook(), RenderBudget())
    assert same.count("<img") == MAX_FORMULA_IMAGES  # Qt pays for every image shown


def test_code_beyond_the_frame_cap_keeps_its_copy_link() -> None:
    html = render_markdown("```py\nx = 1\n```\n\n" * (MAX_CODE_FRAMES + 5))
    assert html.count('<table class="code"') == MAX_CODE_FRAMES
    assert f'href="copy:{MAX_CODE_FRAMES + 4}"' in html
    assert html.count("<pre") == MAX_CODE_FRAMES + 5


def test_a_placeholder_cannot_be_forged() -> None:
    hook = Hook()
    html = MarkdownRenderer().text_block("\ue0000\ue001 and $a$", hook)
    assert html.count("<img") == 1 and "\ufffd0\ufffd" in html


def test_a_long_word_can_wrap_and_links_stay_whole() -> None:
    url = "https://example.org/" + "a" * 700
    html = render_markdown("b" * 2000 + f" [x]({url})")
    assert html.count("\u200b") == 2000 // BREAK_EVERY
    assert f'href="{url}"' in html


def test_long_blocks_are_cut_and_too_many_blocks_end_as_text() -> None:
    text = "word\n" * (MAX_BLOCK_CHARS // 5 * 2 + 10)
    blocks, finished, _ = split_blocks(text)
    assert len(blocks) == 3 and finished == 2
    assert all(len(b.source) <= MAX_BLOCK_CHARS + 5 for b in blocks)
    many, finished, _ = split_blocks("p\n\n" * (MAX_BLOCKS * 4) + "end")
    assert not many[MAX_BLOCKS - 2].plain and all(b.plain for b in many[MAX_BLOCKS - 1:])
    assert all(len(b.source) < PLAIN_CHARS + 10 for b in many)  # each laid out quickly
    assert "p\n\np" in many[-1].source and many[-1].source.endswith("end")
    assert finished == len(many) - 1  # the complete plain parts are finished too
    assert "".join(b.source for b in many).count("p") == MAX_BLOCKS * 4
    html = render_markdown("p\n\n" * (MAX_BLOCKS * 2))
    assert html.count("<p>p</p>") == MAX_BLOCKS - 1 and html.count("<br><br>p") > 1400


def test_a_links_host_is_as_the_network_sees_it() -> None:
    html = render_markdown("[a](https://中文.example/路) [b](http://[::1]:8080/x) "
                           "[c](https://pay\u200bpal.example/) [d](javascript:alert(1))")
    assert 'href="https://xn--fiq228c.example/%E8%B7%AF"' in html  # IDNA, path encoded
    assert 'href="http://[::1]:8080/x"' in html
    assert "<a>c</a>" in html  # an invisible character in the host: nothing to click
    assert "<a>d</a>" in html  # nor a script


def test_styled_runs_past_the_budget_keep_their_text() -> None:
    html = render_markdown("`a` *b* " * (MAX_STYLED_RUNS))
    assert html.count("<code>") + html.count("<em>") == MAX_STYLED_RUNS
    assert html.count("</code>") + html.count("</em>") == MAX_STYLED_RUNS  # tags paired
    assert html.count("a") - html.count("<a") >= MAX_STYLED_RUNS  # every letter shown
