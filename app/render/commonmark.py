"""The Markdown parser: pulldown-cmark (CommonMark, tables, strikethrough) through
pyromark, made safe and bounded for untrusted text.

Why pulldown-cmark: it is linear in its input and fuzzed against pathological text, and
being native it parses 100 KB of dense Markdown in about 10 ms, where markdown-it-py (the
parser before it) spent 3–5 µs a character in Python and could not meet the render
budget of issue 14 (100 KB in 100 ms); cmarkgfm's bindings leak every document they
parse, and markdown-it-pyrs overflowed its stack on nested lists.

What we add around it, each a linear pass:

- Raw HTML is text. Every ``<`` of the model's (but an http(s) or mailto autolink's) is
  swapped for a private-use stand-in before parsing, so no HTML block or inline tag can
  form, and the stand-in becomes ``&lt;`` afterwards, wherever it ended up (text, code,
  an attribute).
- Lists and quotes nest at most :data:`MAX_DEPTH` deep: markers beyond it on one line are
  escaped (they show as text), and any deeper nesting built over several lines is
  flattened in the HTML.
- Bold and italics beside CJK text open and close as their writers mean
  (``app.render.cjk_emphasis``).
- Images become a text placeholder (nothing is fetched); table alignment is moved to the
  ``align`` attribute Qt reads. Which links survive is decided by the sanitiser after us
  (http(s) and mailto).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import unquote, urlsplit, urlunsplit

from app.render.cjk_emphasis import MARK_IN_URL, OWN_IN_URL, befriend, unmark

MAX_DEPTH = 8  # lists and quotes inside each other (Qt indents each 40 px or more)
STAND_IN = "\ue002"  # a ``<`` of the model's while the parser runs (the caller has
#                      replaced any of the model's own private-use characters)
# Every ``<`` but one that opens an http(s), mailto or e-mail autolink, or a link's
# web address as a link's destination (``](<https://… …>)``, which cannot be a tag); the
# look-aheads stop at the next ``<``, space or line end, so the pass stays linear.
_NOT_AUTOLINK = re.compile(
    r"(?<!\]\()<(?!(?:(?:https?|mailto):[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>)"
    r"|(?<=\]\()<(?!(?:https?|mailto):[^<>\n]*>\))", re.I)
# A line whose container markers (quote ``>``, bullet, number) go deeper than MAX_DEPTH:
# group 1 is the part up to the cap, group 2 the next marker, which is escaped. Lines that
# do not go that deep fail within their first few markers.
_MARKER = r"[ \t]*+(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))"
_TOO_DEEP = re.compile(f"^((?:{_MARKER}){{{MAX_DEPTH}}}[ \\t]*+)(>|[-+*]|\\d{{1,9}})", re.M)
_CONTAINER = re.compile(r"<(/?)(ul|ol|blockquote|li)\b[^>]*>")
_LIST_ITEM = "li"
_IMAGE = re.compile(r'<img src="[^"]*" alt="([^"]*)"(?: title="[^"]*")? />')
_LINK = re.compile(r'<a href="([^"]*)"')
_ALIGN = re.compile(r'<(t[hd]) style="text-align: (left|center|right)">')

# A placeholder for an image: its alt text, written in our words.
Placeholder = Callable[[str], str]


def to_html(source: str, placeholder: Placeholder) -> str:
    """The HTML of Markdown text (not sanitised yet: see ``markdown_html``)."""
    import pyromark

    source = befriend(source)  # bold and italics beside CJK text (cjk_emphasis)
    source = _NOT_AUTOLINK.sub(STAND_IN, source)  # the caller replaced the model's own
    source = _TOO_DEEP.sub(_escape_deeper, source)
    out = pyromark.html(source, options=pyromark.Options.ENABLE_TABLES
                        | pyromark.Options.ENABLE_STRIKETHROUGH)
    if "<img" in out:
        out = _IMAGE.sub(lambda m: _image(m, placeholder), out)
    if "text-align" in out:  # Qt reads the align attribute, not CSS
        out = _ALIGN.sub(r'<\1 align="\2">', out)
    if "<a href" in out:
        out = _LINK.sub(_link, out)
    return unmark(_flatten(out).replace(STAND_IN, "&lt;"))


def _link(match: re.Match[str]) -> str:
    # A ``<`` in an address was the stand-in while parsing (and percent-encoded so).
    href = _checked_href(match.group(1).replace("%EE%80%82", "%3C").replace(
        MARK_IN_URL, "").replace(OWN_IN_URL, MARK_IN_URL))
    return "<a" if href is None else f'<a href="{href}"'


@lru_cache(maxsize=512)
def _checked_href(escaped: str) -> str | None:
    """A web link's address with its host as the network sees it (IDNA, "xn--"), or None
    when the host cannot be one: invisible, format or space characters in it would make
    ``pay\u200bpal.example`` read as another site's name. The parser percent-encodes
    every non-ASCII byte, the host's too (and an IPv6 literal's brackets), which no
    browser resolves; other schemes are left to the sanitiser (it keeps mailto)."""
    url = html.unescape(escaped)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return escaped
    userinfo, at, hostport = parts.netloc.rpartition("@")
    hostport = unquote(hostport)
    if hostport.startswith("["):  # an IPv6 literal, with or without a port
        host, port = hostport, ""
    else:
        host, colon, port = hostport.partition(":")
        port = colon + port
    if not host or any(unicodedata.category(ch)[0] in "CZ" for ch in host):
        return None
    try:
        ascii_host = host if host.startswith("[") else host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    netloc = f"{userinfo}{at}{ascii_host}{port}"
    return html.escape(urlunsplit(parts._replace(netloc=netloc)), quote=True)


def _escape_deeper(match: re.Match[str]) -> str:
    """The first marker past the cap escaped, so it and the rest of its line are text."""
    marker = match.group(2)
    if marker.isdigit():  # a digit cannot be escaped; its ``.`` or ``)`` can
        return f"{match.group(1)}{marker}\\"
    return f"{match.group(1)}\\{marker}"


def _image(match: re.Match[str], placeholder: Placeholder) -> str:
    alt = html.unescape(match.group(1))
    return f'<span class="image-placeholder">{html.escape(placeholder(alt))}</span>'


def _flatten(out: str) -> str:
    """Lists and quotes deeper than MAX_DEPTH lose their tags (nested over several lines,
    which the per-line escape cannot see): their text stays, a line per item."""
    if sum(out.count(tag) for tag in ("<ul", "<ol", "<blockquote")) <= MAX_DEPTH:
        return out  # cannot be nested deeper than there are containers
    kept: list[bool] = []  # per open list or quote: are its tags kept?

    def tag(match: re.Match[str]) -> str:
        closing, name = match.group(1), match.group(2)
        if name == _LIST_ITEM:
            if not kept or kept[-1]:
                return match.group()
            return "" if closing else "<br />"
        if closing:
            return match.group() if kept and kept.pop() else ""
        kept.append(len(kept) < MAX_DEPTH)
        return match.group() if kept[-1] else ""

    return _CONTAINER.sub(tag, out)
