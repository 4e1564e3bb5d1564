"""Markdown from the model → safe HTML for Qt's rich-text engine and for exports.

Model output is untrusted. Raw HTML in it is shown as text (the HTML parsers of
python-markdown are removed), images become a text placeholder (nothing is fetched or
read), the result is sanitised with an allowlist (nh3), and only http(s) and mailto
links survive. Code blocks are highlighted by Pygments after sanitising, from the
code's text, so the inline styles that Qt needs come only from us.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from app.domain.text import Lookup, Text, translate
from app.render.blocks import Block, split_blocks
from app.render.math_detect import MathSpan, find_math

if TYPE_CHECKING:
    from collections.abc import Callable

    import markdown

    # A formula → the name of an image resource the caller registered, or None.
    MathHook = Callable[[MathSpan], str | None]

PLACEHOLDER = "MATHXPLACEHOLDER{}END"

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "del",
    "code", "pre", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
    "a", "span", "sub", "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"},
                      "td": {"align"}, "span": {"class"}}
SAFE_SCHEMES = {"http", "https", "mailto"}
MAX_TABLE_ROWS = 500


def _converter(say: Callable[[Text], str]) -> markdown.Markdown:
    """python-markdown with its HTML parsers removed and images made placeholders.

    Imported here, on first use, so that start-up does not pay for it.
    """
    import xml.etree.ElementTree as ET

    import markdown
    from markdown.extensions import Extension
    from markdown.treeprocessors import Treeprocessor

    class NoImages(Treeprocessor):
        """Images are never loaded: each becomes a labelled placeholder in text."""

        def run(self, root: ET.Element) -> None:
            for parent in root.iter():
                for child in list(parent):
                    if child.tag == "img":
                        alt = child.get("alt") or ""
                        child.tag = "span"
                        child.attrib.clear()
                        child.set("class", "image-placeholder")
                        child.text = say(translate("Markdown", "[image: {alt}]").format(
                            alt=alt) if alt else translate("Markdown", "[image]"))

    class Safe(Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
            md.treeprocessors.register(NoImages(md), "no_images", 0)

    return markdown.Markdown(extensions=["tables", "sane_lists", Safe()])


class MarkdownRenderer:
    """Renders Markdown blocks to sanitised HTML. One per thread (python-markdown keeps state)."""

    def __init__(self, *, dark: bool = False, lookup: Lookup | None = None) -> None:
        """``lookup`` translates our own words (the copy link, placeholders); the window
        passes Qt's, exports keep English."""
        self._md: markdown.Markdown | None = None
        self._formatter: Any = None
        self.dark = dark
        self._lookup = lookup

    def say(self, text: Text) -> str:
        return text.render(self._lookup)

    def set_dark(self, dark: bool) -> None:
        """Code colours that match the theme."""
        self.dark = dark
        self._formatter = None

    def text_block(self, source: str, math: MathHook | None = None) -> str:
        """Safe HTML for a text block. Formulas are kept out of Markdown's way and become
        images through ``math`` (the message view), or stay as their source in code style
        (exports, or a formula that cannot be typeset)."""
        import nh3

        if self._md is None:
            self._md = _converter(self.say)
        self._md.reset()
        spans = find_math(source)
        original = source
        for i, span in reversed(list(enumerate(spans))):
            source = source[:span.start] + PLACEHOLDER.format(i) + source[span.end:]
        raw = self._md.convert(_cap_tables(source, self.say))
        safe = str(nh3.clean(raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                             url_schemes=SAFE_SCHEMES, link_rel=None))
        # Our own table styling, added after sanitising (Qt reads these attributes).
        for i, span in enumerate(spans):
            name = math(span) if math is not None else None
            shown = (f'<img src="{name}" style="vertical-align: middle" '
                     f'alt="{html.escape(span.source, quote=True)}">'
                     if name else f'<code class="math">{html.escape(span.source)}</code>')
            if name and span.display and len(spans) == 1 and \
                    original.strip() == span.source.strip():
                return f'<p align="center">{shown}</p>'  # a formula on its own: centred
            safe = safe.replace(PLACEHOLDER.format(i), shown)
        border = "#444c56" if self.dark else "#d0d7de"
        return safe.replace(
            "<table>", f'<table border="1" cellspacing="0" cellpadding="5" '
                       f'style="border-collapse: collapse; border-style: solid; margin-top: 8px; '
                       f'margin-bottom: 8px; '
                       f'border-color: {border}">')

    def code_block(self, code: str, language: str, index: int) -> str:
        """A highlighted code block with its language and a copy link (``copy:index``)."""
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import get_lexer_by_name
        from pygments.util import ClassNotFound

        if self._formatter is None:
            self._formatter = HtmlFormatter(nowrap=True, noclasses=True,
                                            style="github-dark" if self.dark else "friendly")
        try:
            lexer = get_lexer_by_name(language) if language else None
        except ClassNotFound:
            lexer = None
        body = (highlight(code, lexer, self._formatter) if lexer is not None
                else html.escape(code))
        label = html.escape(language or "text")
        copy = html.escape(self.say(translate("Markdown", "Copy")))
        head_bg = "#2d333b" if self.dark else "#eaeef2"
        code_bg = "#1c2128" if self.dark else "#f6f8fa"
        return (
            f'<table class="code" width="100%" cellspacing="0" cellpadding="6" '
            f'style="background:{code_bg}; margin-top:8px; margin-bottom:8px">'
            f'<tr><td style="background:{head_bg}"><span style="color:#768390">{label}</span>'
            f' &nbsp; <a href="copy:{index}">{copy}</a></td></tr>'
            f'<tr><td><pre style="margin:0">{body.rstrip()}</pre></td></tr></table>'
        )

    def block(self, block: Block, index: int, math: MathHook | None = None) -> str:
        if block.code:
            return self.code_block(block.code_text, block.language, index)
        return self.text_block(block.source, math)

    def document(self, text: str) -> str:
        """The whole text at once (exports, finished messages)."""
        blocks, _, _ = split_blocks(text)
        return "\n".join(self.block(b, i) for i, b in enumerate(blocks))


def _cap_tables(source: str, say: Callable[[Text], str]) -> str:
    """Huge tables are cut to MAX_TABLE_ROWS rows so rendering stays quick."""
    lines = source.split("\n")
    if sum(1 for line in lines if line.lstrip().startswith("|")) <= MAX_TABLE_ROWS:
        return source
    out: list[str] = []
    rows = 0
    for line in lines:
        if line.lstrip().startswith("|"):
            rows += 1
            if rows > MAX_TABLE_ROWS:
                continue
        out.append(line)
    note = translate("Markdown", "(table cut at {rows} rows)").format(rows=MAX_TABLE_ROWS)
    out.append(f"\n*{say(note)}*")
    return "\n".join(out)


def plain_escape(text: str) -> str:
    """Text shown as text in HTML (user messages, reasoning)."""
    return html.escape(text).replace("\n", "<br>")


def render_markdown(text: str, **kw: Any) -> str:
    return MarkdownRenderer(**kw).document(text)
