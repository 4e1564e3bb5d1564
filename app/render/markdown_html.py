"""Markdown from the model → safe HTML for Qt's rich-text engine and for exports.

Model output is untrusted. Raw HTML in it is shown as text, images become a text
placeholder (nothing is fetched or read), the result is sanitised with an allowlist
(nh3), and only http(s) and mailto links survive. Code blocks are highlighted by Pygments
after sanitising, from the code's text, so the inline styles that Qt needs come only
from us.

Rendering is linear in the text (the parser is native: ``app/render/commonmark.py``) and
bounded by a :class:`RenderBudget` per message (``app/render/budget.py``): code beyond it
is shown without colours, formulas beyond it as their LaTeX source, line breaks beyond it
as spaces.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from app.domain.text import Lookup, Text, translate
from app.render.blocks import Block, split_blocks
from app.render.budget import RenderBudget
from app.render.commonmark import to_html
from app.render.math_detect import MathSpan, find_math

if TYPE_CHECKING:
    from collections.abc import Callable

    # A formula → the name of an image resource the caller registered, or None.
    MathHook = Callable[[MathSpan], str | None]

# Private-use characters around a formula's number: Markdown leaves them alone, and the
# model's own are replaced before parsing, so a placeholder cannot be forged.
OPEN, CLOSE = "\ue000", "\ue001"
PLACEHOLDER = OPEN + "{}" + CLOSE
_PLACEHOLDER = re.compile(f"{OPEN}(\\d+){CLOSE}")
# Characters of ours that Markdown leaves alone (formula placeholders, the parser's and
# the sanitiser's stand-ins: see commonmark.py and _hide_entities): the model's are replaced.
_PRIVATE = re.compile("[\ue000-\ue00f]")
# The sanitiser (html5ever) takes time quadratic in the entities of one text node (3 s for
# a megabyte of "&#"): the escapes the parser writes go past it as single characters.
_ENTITIES = {"&amp;": "\ue003", "&lt;": "\ue004", "&gt;": "\ue005", "&quot;": "\ue006"}
_STYLE_OPENERS = ("<code>", "<em>", "<strong>", "<del>", "<a ", "<a>")
_STYLE_TAG = re.compile(r"<(/?)(code|em|strong|del|a)\b[^>]*>")
_IN_TAG = re.compile(f"<[^>]*{OPEN}[^>]*>")  # a tag with a placeholder in an attribute
_ALONE = re.compile(f"<p>{OPEN}(\\d+){CLOSE}</p>")  # a paragraph of one formula
# A table's delimiter row ("|---|:-:|", the outer pipes optional but one pipe at least),
# and the blank line that ends the table.
_TABLE_RULE = re.compile(r"^ {0,3}(?:\|[ \t]*+:?-++:?[ \t]*+(?:\|[ \t]*+:?-++:?[ \t]*+)*+\|?|"
                         r":?-++:?[ \t]*+(?:\|[ \t]*+:?-++:?[ \t]*+)++\|?)[ \t]*+$", re.M)
_TABLE_END = re.compile(r"^[ \t]*$", re.M)
_DASHES = re.compile(r"-+")  # one run per column of the delimiter row
# Qt lays out a word in time quadratic in its length (46 s for a 1 MB word): a run of
# more than BREAK_EVERY characters without a space gets an invisible break opportunity
# (U+200B) after every BREAK_EVERY, in text only (not in tags, not inside an entity).
BREAK_EVERY = 512
_LONG_RUN = re.compile(f"[^\\s<>]{{{BREAK_EVERY}}}")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)|([^<]+)")
# Up to BREAK_EVERY characters (an entity is one) without a space: two such pieces that
# touch are a longer run, broken between them. (A pattern of exactly BREAK_EVERY that had
# to fail at each of a run's last positions cost 13 ms a paragraph.)
_RUN_PIECE = re.compile(f"(?:&#?\\w{{1,10}};|[^\\s&]){{1,{BREAK_EVERY}}}")

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "del",
    "code", "pre", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
    "a", "span", "sub", "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"},
                      "td": {"align"}, "span": {"class"}}
SAFE_SCHEMES = {"http", "https", "mailto"}
MAX_TABLE_ROWS = 500
MAX_TABLE_CELLS = 1000  # cells of one table's body
MAX_COLUMNS = 64  # a wider "table" stays text
MAX_BARRED_CHARS = 32_000  # a longer block's quotes are indented, without the bar's table
QUOTE_BARS = 3  # quotes in quotes that get a bar (see MarkdownRenderer._quotes)
_QUOTE_TAG = re.compile(r"<(/)?blockquote>")
RUN_CHARS = 32_000  # text blocks parsed together in a document, at most (about)
MAX_HIGHLIGHT = 20_000  # characters of one code block that Pygments may colour


class MarkdownRenderer:
    """Renders Markdown blocks to sanitised HTML. One per thread (it keeps a formatter)."""

    def __init__(self, *, dark: bool = False, lookup: Lookup | None = None) -> None:
        """``lookup`` translates our own words (the copy link, placeholders); the window
        passes Qt's, exports keep English."""
        self._formatter: Any = None
        self.dark = dark
        self._lookup = lookup

    def say(self, text: Text) -> str:
        return text.render(self._lookup)

    def set_dark(self, dark: bool) -> None:
        """Code colours that match the theme."""
        self.dark = dark
        self._formatter = None

    def _image(self, alt: str) -> str:
        return self.say(translate("Markdown", "[image: {alt}]").format(alt=alt) if alt
                        else translate("Markdown", "[image]"))

    def text_block(self, source: str, math: MathHook | None = None,
                   budget: RenderBudget | None = None) -> str:
        """Safe HTML for a text block. Formulas are kept out of Markdown's way and become
        images through ``math`` (the message view), or stay as their source in code style
        (exports, or a formula that cannot be typeset or is beyond the budget)."""
        if budget is None:
            budget = RenderBudget()
            budget.grow(len(source))
        source = _PRIVATE.sub("\ufffd", source)  # the model's own cannot forge ours
        spans = find_math(source, budget.delimiters, budget.spans)
        budget.delimiters -= len(spans)
        budget.spans -= len(spans)
        pieces: list[str] = []
        done = 0
        for i, span in enumerate(spans):
            pieces += [source[done:span.start], PLACEHOLDER.format(i)]
            done = span.end
        pieces.append(source[done:])
        raw = to_html(_cap_tables("".join(pieces), self.say), self._image)
        safe = _unhide_entities(_cleaner().clean(_hide_entities(raw.strip())))
        safe = _cap_styles(safe, budget)
        shown = [self._formula(span, math, budget) for span in spans]
        if spans:
            # In an attribute (a link's title) a formula is its text, not markup.
            safe = _IN_TAG.sub(lambda m: _PLACEHOLDER.sub(
                lambda p: html.escape(spans[int(p.group(1))].source, quote=True),
                m.group()), safe)
            safe = _ALONE.sub(lambda m: _centred(m, spans, shown), safe)
            safe = _PLACEHOLDER.sub(lambda m: shown[int(m.group(1))], safe)
        # Our own table styling, added after sanitising (Qt reads these attributes).
        border = "#444c56" if self.dark else "#d0d7de"
        safe = self._quotes(safe, border)
        return safe.replace(
            "<table>", f'<table border="1" cellspacing="0" cellpadding="5" '
                       f'style="border-collapse: collapse; border-style: solid; margin-top: 8px; '
                       f'margin-bottom: 8px; '
                       f'border-color: {border}">')

    def _quotes(self, safe: str, bar: str) -> str:
        """Block quotes with a bar on their left: Qt draws no border-left, so a quote is
        a table of two cells, a thin coloured one and the text. Only QUOTE_BARS deep:
        Qt's layout of nested tables grows exponentially with their depth (32 quotes in
        each other hung it), so deeper quotes are indented as Qt does."""
        if "<blockquote>" not in safe or len(safe) > MAX_BARRED_CHARS:
            return safe  # (a quote of a hundred kilobytes in a table cell: seconds of layout)
        muted = "#9198a1" if self.dark else "#57606a"
        opening = (f'<table class="quote" border="0" cellspacing="0" cellpadding="0" '
                   f'style="margin-top:6px; margin-bottom:6px"><tr>'
                   f'<td width="3" bgcolor="{bar}" style="padding:0; border:none"></td>'
                   f'<td style="padding:0 0 0 12px; border:none; color:{muted}">')
        depth = 0
        barred: list[bool] = []

        def swap(match: re.Match[str]) -> str:
            nonlocal depth
            if match.group(1) is None:  # <blockquote>
                depth += 1
                barred.append(depth <= QUOTE_BARS)
                return opening if barred[-1] else match.group()
            depth -= 1
            return "</td></tr></table>" if barred.pop() else match.group()

        return _QUOTE_TAG.sub(swap, safe)

    @staticmethod
    def _formula(span: MathSpan, math: MathHook | None, budget: RenderBudget) -> str:
        name = (math(span) if math is not None and budget.formula(span.latex, span.display)
                else None)
        if name:
            return (f'<img src="{name}" style="vertical-align: middle" '
                    f'alt="{html.escape(span.source, quote=True)}">')
        if budget.sources <= 0:
            return html.escape(span.source)
        budget.sources -= 1
        return MarkdownRenderer.unread_formula(span.source)

    @staticmethod
    def unread_formula(source: str) -> str:
        """A formula shown as written (it does not read as LaTeX)."""
        return f'<code class="math">{html.escape(source)}</code>'

    def code_block(self, code: str, language: str, index: int,
                   budget: RenderBudget | None = None) -> str:
        """A highlighted code block with its language and a copy link (``copy:index``).
        Code longer than MAX_HIGHLIGHT, or beyond the budget, is shown without colours."""
        from pygments import highlight
        from pygments.formatters import HtmlFormatter

        if self._formatter is None:
            self._formatter = HtmlFormatter(nowrap=True, noclasses=True,
                                            style="github-dark" if self.dark else "friendly")
        lexer = None
        allowed = budget.code if budget is not None else MAX_HIGHLIGHT
        if language and len(code) <= min(allowed, MAX_HIGHLIGHT) and \
                (budget is None or budget.highlighted > 0):
            lexer = _lexer(language)
        if lexer is not None and budget is not None:
            budget.code -= len(code)
            budget.highlighted -= 1
        hidden = ""
        if budget is not None:
            code, more = _first_lines(code, budget)
            if more:
                hidden = html.escape(self.say(translate(
                    "Markdown", "(%n more line(s): Copy has them all)").counting(more)))
        body = (highlight(code, lexer, self._formatter) if lexer is not None
                else html.escape(code))
        if hidden:
            body = f"{body.rstrip()}\n{hidden}"
        label = html.escape(language or "text")
        copy = html.escape(self.say(translate("Markdown", "Copy")))
        head_bg = "#2d333b" if self.dark else "#eaeef2"
        code_bg = "#1c2128" if self.dark else "#f6f8fa"
        if budget is not None and budget.frames <= 0:  # the same, without Qt's frame
            return (f'<p><span style="color:#768390">{label}</span> &nbsp; '
                    f'<a href="copy:{index}">{copy}</a></p>'
                    f'<pre style="background:{code_bg}">{body.rstrip()}</pre>')
        if budget is not None:
            budget.frames -= 1
        return (
            f'<table class="code" width="100%" cellspacing="0" cellpadding="6" '
            f'style="background:{code_bg}; margin-top:8px; margin-bottom:8px">'
            f'<tr><td style="background:{head_bg}"><span style="color:#768390">{label}</span>'
            f' &nbsp; <a href="copy:{index}">{copy}</a></td></tr>'
            f'<tr><td><pre style="margin:0">{body.rstrip()}</pre></td></tr></table>'
        )

    def block(self, block: Block, index: int, math: MathHook | None = None,
              budget: RenderBudget | None = None) -> str:
        """One block. Pass the message's ``budget`` for every block of a message, in
        order (without one, each block is bounded on its own)."""
        if budget is None:
            budget = RenderBudget()
        budget.grow(len(block.source))
        if block.plain:
            return breakable(plain_paragraph(block.source, budget))
        if block.code:
            return breakable(self.code_block(block.code_text, block.language, index, budget))
        return breakable(self.text_block(block.source, math, budget))

    def document(self, text: str, math: MathHook | None = None) -> str:
        """The whole text at once (exports, finished messages); ``math`` as for
        :meth:`text_block` (the PDF export typesets formulas, the HTML export does not).
        The text is finished: a closing fence on its last line closes its code block.

        Consecutive text blocks are parsed together (the blocks exist for streaming,
        where each is rendered once; here each parse and sanitising pass costs more than
        a paragraph takes to parse)."""
        blocks, _, _ = split_blocks(text if text.endswith("\n") else text + "\n")
        budget = RenderBudget()
        out: list[str] = []
        run: list[Block] = []
        size = 0

        def flush() -> None:
            if run:
                for part in run:
                    budget.grow(len(part.source))
                source = "\n\n".join(part.source for part in run)
                out.append(breakable(self.text_block(source, math, budget)))
                run.clear()

        for index, block in enumerate(blocks):
            if block.code or block.plain:
                flush()
                size = 0
                out.append(self.block(block, index, math, budget=budget))
            else:
                run.append(block)
                size += len(block.source)
                if size > RUN_CHARS:
                    flush()
                    size = 0
        flush()
        return "\n".join(out)


def _cap_styles(safe: str, budget: RenderBudget) -> str:
    """Past the budget's styled runs, code spans, emphasis and links lose their tags and
    keep their text (Qt's cost is per run of a format, not per character). The runs open
    where the budget ends are closed there."""
    runs = sum(safe.count(tag) for tag in _STYLE_OPENERS)
    if runs <= budget.styled:
        budget.styled -= runs
        return safe
    open_runs: list[str] = []
    cut = len(safe)
    for match in _STYLE_TAG.finditer(safe):
        if match.group(1):  # a closing tag
            if open_runs:
                open_runs.pop()
        elif budget.styled <= 0:
            cut = match.start()
            break
        else:
            budget.styled -= 1
            open_runs.append(match.group(2))
    closers = "".join(f"</{name}>" for name in reversed(open_runs))
    return safe[:cut] + closers + _STYLE_TAG.sub("", safe[cut:])


def _hide_entities(raw: str) -> str:
    for entity, stand_in in _ENTITIES.items():
        raw = raw.replace(entity, stand_in)
    return raw


def _unhide_entities(safe: str) -> str:
    for entity, stand_in in _ENTITIES.items():
        safe = safe.replace(stand_in, entity)
    return safe


def _centred(match: re.Match[str], spans: list[MathSpan], shown: list[str]) -> str:
    """A paragraph that is one display formula, typeset: centred."""
    index = int(match.group(1))
    if spans[index].display and shown[index].startswith("<img"):
        return f'<p align="center">{shown[index]}</p>'
    return match.group()


@lru_cache(maxsize=1)
def _cleaner() -> Any:
    """The sanitiser, configured once (configuring it cost more than cleaning a
    paragraph). Safe to share between threads: it keeps no state between texts."""
    import nh3

    return nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                       url_schemes=SAFE_SCHEMES, link_rel=None)


@lru_cache(maxsize=64)
def _lexer(language: str) -> Any:
    """The lexer for a fence's language, or None. Looking one up by name scans every
    lexer Pygments has (0.2 ms); a lexer keeps no state between texts, so it is reused."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language)
    except ClassNotFound:
        return None


def _cap_tables(source: str, say: Callable[[Text], str]) -> str:
    """Tables Qt can lay out quickly (it spends about 50 µs a cell: 2 s for 64 columns of
    500 rows): one wider than MAX_COLUMNS stays text, and one longer than MAX_TABLE_ROWS
    rows or MAX_TABLE_CELLS cells is cut there, with a note (Copy keeps all of it)."""
    if "|" not in source or "-" not in source:
        return source
    out: list[str] = []
    done = 0
    for rule in _TABLE_RULE.finditer(source):
        if rule.start() < done:
            continue  # within a table already cut
        columns = len(_DASHES.findall(rule.group()))
        if columns > MAX_COLUMNS:  # escaped, the rule is text: so is the table
            out += [source[done:rule.start()], "\\"]
            done = rule.start()
            continue
        rows = min(MAX_TABLE_ROWS, max(1, MAX_TABLE_CELLS // columns))
        end = _TABLE_END.search(source, rule.end())
        stop = end.start() if end else len(source)
        body = source[rule.end():stop].split("\n")[1:]  # [0] is the rule line's end
        if len(body) <= rows:
            continue
        note = translate("Markdown", "(table cut at {rows} rows)").format(rows=rows)
        out += [source[done:rule.end()], "\n", "\n".join(body[:rows]),
                f"\n\n*{say(note)}*\n"]
        done = stop
    out.append(source[done:])
    return "".join(out)


def breakable(markup: str) -> str:
    """HTML whose long runs without a space can wrap (see BREAK_EVERY)."""
    if _LONG_RUN.search(markup) is None:
        return markup

    def piece(match: re.Match[str]) -> str:
        text = match.group(2)
        if text is None or len(text) <= BREAK_EVERY:
            return match.group()
        pieces: list[str] = []
        done = last = 0
        for run in _RUN_PIECE.finditer(text):
            if run.start() == last and last:
                pieces += [text[done:last], "\u200b"]
                done = last
            last = run.end()
        pieces.append(text[done:])
        return "".join(pieces)

    return _TAG_OR_TEXT.sub(piece, markup)


def plain_escape(text: str) -> str:
    """Text shown as text in HTML (user messages, reasoning)."""
    return html.escape(text).replace("\n", "<br>")


def plain_paragraph(text: str, budget: RenderBudget | None = None) -> str:
    """A block shown as its text, when rendering it as Markdown would cost too much.
    Past the budget's line breaks, lines are joined by spaces (Qt spends 15 µs on each
    line break: 7 s for a megabyte of short lines)."""
    breaks = text.count("\n")
    if budget is None or breaks <= budget.lines:
        if budget is not None:
            budget.lines -= breaks
        return f"<p>{plain_escape(text)}</p>"
    cut = _nth_newline(text, budget.lines)
    budget.lines = 0
    return f"<p>{plain_escape(text[:cut])} {html.escape(text[cut:].replace(chr(10), ' '))}</p>"


def _nth_newline(text: str, n: int) -> int:
    """Where the ``n``-th line break is (0: at the start)."""
    position = -1
    for _ in range(n):
        position = text.find("\n", position + 1)
    return max(position, 0)


def _first_lines(code: str, budget: RenderBudget) -> tuple[str, int]:
    """The code's lines that the budget's line breaks allow, and how many more it has."""
    breaks = code.count("\n")
    if breaks <= budget.lines:
        budget.lines -= breaks
        return code, 0
    cut = _nth_newline(code, budget.lines)
    budget.lines = 0
    return code[:cut], breaks - code.count("\n", 0, cut)


def render_markdown(text: str, **kw: Any) -> str:
    return MarkdownRenderer(**kw).document(text)
