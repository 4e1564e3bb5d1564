"""The Markdown parser: markdown-it-py (CommonMark, tables, strikethrough), made safe and
bounded for untrusted text.

Why markdown-it-py and not python-markdown: python-markdown rescans text in many places
(17 s for 10,000 ``[``, quadratic block splitting for headings, a RecursionError for 500
nested list markers); markdown-it-py is a port of markdown-it, whose parser is linear and
checked against pathological inputs. Linear is not yet bounded — Python spends 10–20 µs
on a position where many rules are tried — so every rule attempt is counted against a
:class:`Meter`, and a parse that runs out raises :class:`OverBudget`; the caller then
shows that block as text. Lists and quotes nest at most :data:`MAX_DEPTH` deep; deeper
markers stay text.

Raw HTML is text (``html`` off) and images become a text placeholder; which links survive
is decided by the sanitiser after us (http(s) and mailto).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

MAX_DEPTH = 32  # lists and quotes inside each other
MAX_INLINE_NESTING = 100  # markdown-it's own cap for emphasis and links inside each other
BLOCK_STEP = 3  # a block rule attempt costs about three inline ones (up to 25 µs)
MAX_COLUMNS = 64  # a wider "table" stays text
_HR = re.compile(r"[ \t]*+([-*_])(?:[ \t]*+\1){2,}+[ \t]*+")
_CONTAINER_TERMINATES = ["paragraph", "reference", "blockquote", "list"]

# A placeholder for an image: its alt text, written in our words.
Placeholder = Callable[[str], str]


class OverBudget(Exception):
    """The parse used up its :class:`Meter`."""


@dataclass
class Meter:
    """Rule attempts a parse may still make."""

    left: int

    def tick(self, cost: int = 1) -> None:
        self.left -= cost
        if self.left < 0:
            raise OverBudget


def _meter(env: EnvType) -> Meter:
    meter = env["meter"]
    assert isinstance(meter, Meter)
    return meter


def _count_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    _meter(state.env).tick(BLOCK_STEP)
    return False  # counts, never matches: the real rules follow


def _count_inline(state: StateInline, silent: bool) -> bool:
    _meter(state.env).tick()
    return False


BlockRule = Callable[["StateBlock", int, int, bool], bool]


def _capped(rule: BlockRule) -> BlockRule:
    """A container rule that refuses to open a container deeper than MAX_DEPTH: the line
    is then read by the next rules (a paragraph), so the markers show as text."""

    def capped(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        depth = int(state.env.get("depth", 0))
        if depth >= MAX_DEPTH:
            return False
        state.env["depth"] = depth + 1
        try:
            return rule(state, start, end, silent)
        finally:
            state.env["depth"] = depth

    return capped


def _line(state: StateBlock, line: int) -> tuple[int, int]:
    return state.bMarks[line] + state.tShift[line], state.eMarks[line]


def _quick_hr(rule: BlockRule) -> BlockRule:
    """markdown-it's rule for a thematic break reads the whole line in Python, once per
    list or quote around it (32 × 100 KB for one line of nested ``- ``): a regular
    expression turns down the lines that are not one first."""

    def hr(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not _HR.fullmatch(state.src, *_line(state, start)):
            return False
        return rule(state, start, end, silent)

    return hr


def _narrow_table(rule: BlockRule) -> BlockRule:
    """A table with more than MAX_COLUMNS columns stays text (each cell costs tokens)."""

    def table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        first, last = _line(state, start)
        if state.src.count("|", first, last) > MAX_COLUMNS + 1:
            return False
        return rule(state, start, end, silent)

    return table


def _any_link(url: str) -> bool:
    return True


def parser(placeholder: Placeholder) -> MarkdownIt:
    """A parser for :func:`to_html`. Imported here, on first use, so that start-up does not
    pay for it."""
    from markdown_it import MarkdownIt, rules_block
    from markdown_it.renderer import RendererHTML

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                   "maxNesting": MAX_INLINE_NESTING})
    md.enable(["table", "strikethrough"])
    # Every link target parses (as with python-markdown before): an image's is never
    # used, and a link's is checked by the sanitiser, which keeps only http(s) and
    # mailto. Refusing them here would show ``![x](file:///…)`` with its path as text.
    md.validateLink = _any_link  # type: ignore[method-assign]
    md.block.ruler.at("blockquote", _capped(rules_block.blockquote),
                      {"alt": _CONTAINER_TERMINATES})
    md.block.ruler.at("list", _capped(rules_block.list_block),
                      {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.at("hr", _quick_hr(rules_block.hr), {"alt": _CONTAINER_TERMINATES})
    md.block.ruler.at("table", _narrow_table(rules_block.table),
                      {"alt": ["paragraph", "reference"]})
    md.block.ruler.before("table", "meter", _count_block, {"alt": _CONTAINER_TERMINATES})
    md.inline.ruler.before("text", "meter", _count_inline)
    # Looking for the end of a link's label skips over tokens one by one, again for each
    # ``[`` that has none (quadratic for 10,000 ``[``): every skip is counted too.
    skip_token = md.inline.skipToken

    def counted_skip(state: StateInline) -> None:
        _meter(state.env).tick()
        skip_token(state)

    md.inline.skipToken = counted_skip  # type: ignore[method-assign]

    html_renderer = md.renderer
    assert isinstance(html_renderer, RendererHTML)

    def image(_renderer: object, tokens: Sequence[Token], idx: int, options: OptionsDict,
               env: EnvType) -> str:
        token = tokens[idx]
        alt = html_renderer.renderInlineAsText(token.children or [], options, env)
        return f'<span class="image-placeholder">{html.escape(placeholder(alt))}</span>'

    def cell(_renderer: object, tokens: Sequence[Token], idx: int, options: OptionsDict,
              env: EnvType) -> str:
        token = tokens[idx]
        style = str(token.attrs.pop("style", ""))
        if style.startswith("text-align:"):  # Qt reads the align attribute, not CSS
            token.attrs["align"] = style.removeprefix("text-align:")
        return html_renderer.renderToken(tokens, idx, options, env)

    def strike(_renderer: object, tokens: Sequence[Token], idx: int, options: OptionsDict,
                env: EnvType) -> str:
        return "<del>" if tokens[idx].nesting == 1 else "</del>"

    md.add_render_rule("image", image)
    for name in ("th_open", "td_open"):
        md.add_render_rule(name, cell)
    for name in ("s_open", "s_close"):
        md.add_render_rule(name, strike)
    return md


def to_html(md: MarkdownIt, source: str, steps: int) -> tuple[str, int]:
    """(HTML, steps left). Raises OverBudget after ``steps`` rule attempts, or at once
    when the source has more lines than that (each line costs at least one step, and
    markdown-it reads every character before the first rule runs)."""
    if source.count("\n") * BLOCK_STEP > steps:
        raise OverBudget
    meter = Meter(steps)
    env: dict[str, Any] = {"meter": meter}
    tokens = md.parse(source, env)
    return md.renderer.render(tokens, md.options, env), meter.left
