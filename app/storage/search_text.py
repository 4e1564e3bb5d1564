"""Text for the full-text index, queries against it, and snippets.

SQLite's tokenizers do not split Chinese: ``unicode61`` makes a whole run of Han
characters one token, and ``trigram`` cannot match fewer than three characters, so
"北京" would never be found. Runs of CJK characters are therefore indexed as
overlapping bigrams (column ``bi``) and single characters (column ``uni``); a query of
two or more CJK characters is a phrase of bigrams, one CJK character a unigram, and
other words prefix matches.
"""

from __future__ import annotations

import re

_CJK = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f"
)
CJK_RUN = re.compile(f"[{_CJK}]+")
WORD = re.compile(rf"[^\W{_CJK}]+|[{_CJK}]+", re.UNICODE)


def _bigrams(run: str) -> str:
    if len(run) == 1:
        return run
    return " ".join(run[i : i + 2] for i in range(len(run) - 1))


def index_columns(text: str) -> tuple[str, str]:
    """(bi, uni) column text for ``text``."""
    bi = CJK_RUN.sub(lambda m: f" {_bigrams(m.group())} ", text)
    uni = " ".join(" ".join(m.group()) for m in CJK_RUN.finditer(text))
    return bi, uni


def match_query(query: str) -> str | None:
    """An FTS5 MATCH expression for what the user typed; ``None`` if nothing to search."""
    parts: list[str] = []
    for token in WORD.findall(query):
        if CJK_RUN.fullmatch(token):
            if len(token) == 1:
                parts.append(f'uni : "{token}"')
            else:
                parts.append(f'bi : "{_bigrams(token)}"')
        else:
            safe = token.replace('"', "")
            if safe:
                parts.append(f'bi : "{safe}"*')
    return " AND ".join(parts) or None


def terms(query: str) -> list[str]:
    return [t for t in WORD.findall(query) if t]


def snippet(text: str, query: str, width: int = 36) -> str:
    """The first match of any query term in ``text`` with some context, marked «…»."""
    flat = " ".join(text.split())
    lowered = flat.casefold()
    best: tuple[int, int] | None = None
    for term in terms(query):
        at = lowered.find(term.casefold())
        if at >= 0 and (best is None or at < best[0]):
            best = (at, len(term))
    if best is None:
        return flat[: width * 2] + ("…" if len(flat) > width * 2 else "")
    at, size = best
    start = max(0, at - width)
    end = min(len(flat), at + size + width)
    return (
        ("…" if start > 0 else "")
        + flat[start:at]
        + "«" + flat[at : at + size] + "»"
        + flat[at + size : end]
        + ("…" if end < len(flat) else "")
    )
