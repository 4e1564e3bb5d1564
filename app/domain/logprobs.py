"""Token log-probabilities of an answer: the API's shape, a compact stored form, the text
each token shows, and an answer's mean log-probability and perplexity.

The API (OpenAI's shape; llama.cpp's server and vLLM send the same) gives, per generated
token, ``{"token", "logprob", "bytes", "top_logprobs": [{"token", "logprob", "bytes"}]}``.

Stored form (``messages.logprobs``): compact JSON ``[1, bytes_flag, rows]``.
- A log-probability is kept to 6 decimal places (``-2.4737603664398193`` is
  ``-2.47376``): the probability it gives is off by less than one part in a million.
- A token is a string when its ``bytes`` are the answer's default (``bytes_flag`` 0: null,
  1: the token's UTF-8), else ``[token, byte, byte, …]``.
- A row is ``[alternatives, i]`` when the chosen token is ``alternatives[i]`` (the usual
  case: no number is stored twice), else ``[alternatives, token, logprob]``;
  ``alternatives`` is flat: ``[token, logprob, token, logprob, …]``.
"""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, overload

from app.domain.unicode import join_surrogates

MAX_TOP = 20  # the API's top_logprobs range is 0–20
MAX_TOKEN_CHARS = 256  # a token longer than this is a hostile server's
FLOOR = -9999.0  # what -inf, NaN or nonsense becomes
VERSION = 1
LOGPROB_FIELDS = ("logprobs", "top_logprobs")  # the request fields that ask for them
SHOWN_TOP = 5  # what "Show probabilities" asks for


class Alternative(NamedTuple):
    token: str
    logprob: float
    bytes: tuple[int, ...] | None = None

    @property
    def probability(self) -> float:
        return math.exp(self.logprob)


class TokenLogprob(NamedTuple):
    """One generated token, its log-probability and the top alternatives the server sent
    (the chosen token is usually among them). Tuples: an answer has tens of thousands."""

    token: str
    logprob: float
    bytes: tuple[int, ...] | None = None
    top: tuple[Alternative, ...] = ()

    @property
    def probability(self) -> float:
        return math.exp(self.logprob)

    @property
    def chosen(self) -> Alternative:
        return Alternative(self.token, self.logprob, self.bytes)


# Reading the API's shape (untrusted: whatever does not fit is left out)

def _logprob(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    if not math.isfinite(value) or value < FLOOR:
        return FLOOR
    return float(min(value, 0.0))


def _bytes(value: Any) -> tuple[int, ...] | None:
    if not isinstance(value, list) or len(value) > 4 * MAX_TOKEN_CHARS:
        return None
    if all(isinstance(b, int) and not isinstance(b, bool) and 0 <= b < 256 for b in value):
        return tuple(value)
    return None


def _token(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return join_surrogates(value[:MAX_TOKEN_CHARS])


def _alternative(value: Any) -> Alternative | None:
    if not isinstance(value, dict):
        return None
    token, logprob = _token(value.get("token")), _logprob(value.get("logprob"))
    if token is None or logprob is None:
        return None
    return Alternative(token, logprob, _bytes(value.get("bytes")))


def parse_content(value: Any) -> list[TokenLogprob]:
    """``choices[i].logprobs.content`` as sent; entries that are not tokens are skipped."""
    out: list[TokenLogprob] = []
    if not isinstance(value, list):
        return out
    for entry in value:
        first = _alternative(entry)
        if first is None:
            continue
        assert isinstance(entry, dict)
        top_raw = entry.get("top_logprobs")
        top = tuple(a for a in (_alternative(t) for t in (
            top_raw[:MAX_TOP] if isinstance(top_raw, list) else [])) if a is not None)
        out.append(TokenLogprob(first.token, first.logprob, first.bytes, top))
    return out


def parse_choice(choice: Any) -> list[TokenLogprob]:
    """The tokens of one choice object (``choice.logprobs.content``), streamed or not."""
    if not isinstance(choice, dict):
        return []
    logprobs = choice.get("logprobs")
    return parse_content(logprobs.get("content")) if isinstance(logprobs, dict) else []


def to_api(tokens: Iterable[TokenLogprob]) -> list[dict[str, Any]]:
    """The API's shape again (the JSON export carries it)."""
    def one(a: Alternative | TokenLogprob) -> dict[str, Any]:
        return {"token": a.token, "logprob": a.logprob,
                "bytes": list(a.bytes) if a.bytes is not None else None}
    return [{**one(t), "top_logprobs": [one(a) for a in t.top]} for t in tokens]


# The stored form

PLACES = 6


def short(value: float) -> float:
    """``value`` as stored (see the module's docstring)."""
    return round(value, PLACES)


def _default_bytes(token: str, flag: int) -> tuple[int, ...] | None:
    return tuple(token.encode("utf-8", "surrogatepass")) if flag else None


def _enc_token(token: str, raw: tuple[int, ...] | None, flag: int) -> str | list[Any]:
    if raw == _default_bytes(token, flag):
        return token
    return [token, *(raw or ())] if raw is not None else [token, -1]


def _dec_token(value: Any, flag: int) -> tuple[str, tuple[int, ...] | None]:
    if isinstance(value, str):
        return value, _default_bytes(value, flag)
    token = str(value[0])
    rest = value[1:]
    if rest == [-1]:
        return token, None
    return token, tuple(int(b) for b in rest)


def _dec_alternative(token: Any, logprob: Any, flag: int) -> Alternative:
    text, raw = _dec_token(token, flag)
    return Alternative(text, float(logprob), raw)


def encode(tokens: Sequence[TokenLogprob]) -> str | None:
    """The compact stored text; ``None`` for no tokens."""
    if not tokens:
        return None
    utf8 = sum(1 for t in tokens if t.bytes is not None and
               t.bytes == _default_bytes(t.token, 1))
    flag = 1 if utf8 * 2 > len(tokens) else 0
    rows = [_row(t, flag) for t in tokens]
    return json.dumps([VERSION, flag, rows], ensure_ascii=False, separators=(",", ":"))


def _row(t: TokenLogprob, flag: int) -> list[Any]:
    alts: list[Any] = []
    chosen = -1
    logprob = short(t.logprob)
    for i, a in enumerate(t.top):
        alts.append(_enc_token(a.token, a.bytes, flag))
        alts.append(short(a.logprob))
        if chosen < 0 and alts[-1] == logprob and a.token == t.token and a.bytes == t.bytes:
            chosen = i
    if chosen >= 0:
        return [alts, chosen]
    return [alts, _enc_token(t.token, t.bytes, flag), logprob]


class Encoder:
    """The stored text built as tokens stream in (the same form as :func:`encode`; the
    bytes default is the first token's), so the end of a long answer does not stall
    the window encoding all of it at once."""

    def __init__(self) -> None:
        self._flag: int | None = None
        self._rows: list[str] = []
        self.count = 0
        self.logprob_sum = 0.0

    def add(self, tokens: Iterable[TokenLogprob]) -> None:
        for t in tokens:
            if self._flag is None:
                self._flag = int(t.bytes is not None and t.bytes == _default_bytes(t.token, 1))
            self._rows.append(json.dumps(_row(t, self._flag), ensure_ascii=False,
                                         separators=(",", ":")))
            self.count += 1
            self.logprob_sum += t.logprob

    @property
    def mean(self) -> float | None:
        return self.logprob_sum / self.count if self.count else None

    def text(self) -> str | None:
        if not self._rows:
            return None
        return f"[{VERSION},{self._flag},[{','.join(self._rows)}]]"


class StoredTokens(Sequence[TokenLogprob]):
    """Tokens read from the stored text, built as they are read: an answer of 20,000
    tokens has 100,000 alternatives, and the view needs them one token at a time (a
    hover). :attr:`heads` are the chosen tokens alone, all made at once."""

    def __init__(self, flag: int, rows: list[Any]) -> None:
        self._flag = flag
        self._rows = rows
        self._heads: list[Alternative] | None = None
        if rows:  # a damaged text fails here, not at a hover
            self._head(rows[0])
            self._head(rows[-1])

    @property
    def heads(self) -> list[Alternative]:
        if self._heads is None:
            self._heads = [self._head(row) for row in self._rows]
        return self._heads

    def first_heads(self, count: int) -> list[Alternative]:
        """The first ``count`` chosen tokens (what a view lays out first)."""
        if self._heads is not None or count >= len(self._rows):
            return self.heads[:count]
        return [self._head(row) for row in self._rows[:count]]

    def _head(self, row: list[Any]) -> Alternative:
        if len(row) == 2:
            flat, i = row[0], int(row[1])
            return _dec_alternative(flat[2 * i], flat[2 * i + 1], self._flag)
        return _dec_alternative(row[1], row[2], self._flag)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> TokenLogprob: ...
    @overload
    def __getitem__(self, index: slice) -> list[TokenLogprob]: ...

    def __getitem__(self, index: int | slice) -> TokenLogprob | list[TokenLogprob]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        row = self._rows[index]
        flat = row[0]
        head = self._heads[index] if self._heads is not None else self._head(row)
        top = tuple(_dec_alternative(flat[i], flat[i + 1], self._flag)
                    for i in range(0, len(flat) - 1, 2))
        return TokenLogprob(head.token, head.logprob, head.bytes, top)


def decode(text: str | None) -> Sequence[TokenLogprob]:
    """Tokens from the stored text; nothing when it is missing or unreadable."""
    if not text:
        return []
    try:
        version, flag, rows = json.loads(text)
        if version != VERSION or not isinstance(rows, list):
            return []
        return StoredTokens(int(flag), rows)
    except (ValueError, TypeError, IndexError, KeyError, RecursionError):
        return []


def heads(tokens: Sequence[TokenLogprob],
          count: int | None = None) -> Sequence[Alternative | TokenLogprob]:
    """The (first ``count``) chosen tokens — text, bytes, log-probability — without
    building their alternatives."""
    if isinstance(tokens, StoredTokens):
        return tokens.heads if count is None else tokens.first_heads(count)
    return tokens if count is None else tokens[:count]


# Reading them

def mean_logprob(tokens: Sequence[TokenLogprob]) -> float | None:
    if not tokens:
        return None
    return sum(t.logprob for t in heads(tokens)) / len(tokens)


def perplexity(mean: float | None) -> float | None:
    """exp(−mean log-probability): 1 is certain; the number of equally likely tokens the
    model hesitated between, on average."""
    if mean is None:
        return None
    return math.exp(min(-mean, 700.0))


class Piece(NamedTuple):
    """What one or more tokens show: tokens whose bytes split a UTF-8 character are
    joined (``first`` to ``last``, inclusive)."""

    text: str
    first: int
    last: int


def pieces(tokens: Sequence[Alternative | TokenLogprob]) -> list[Piece]:
    """The text of each token for display. A token with ``bytes`` is read through its
    bytes (so halves of a character join); one without shows its ``token`` string."""
    out: list[Piece] = []
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    start = -1
    text = ""
    for i, t in enumerate(tokens):
        if t.bytes is None and start < 0:  # the common case: the token's own string
            out.append(Piece(t.token, i, i))
            continue
        if t.bytes is None:
            if start >= 0:
                out.append(Piece(text + decoder.decode(b"", final=True), start, i - 1))
                decoder.reset()
                start, text = -1, ""
            out.append(Piece(t.token, i, i))
            continue
        if start < 0:
            start = i
        text += decoder.decode(bytes(t.bytes))
        if not decoder.getstate()[0]:  # nothing held back: the character is complete
            out.append(Piece(text, start, i))
            start, text = -1, ""
    if start >= 0:
        out.append(Piece(text + decoder.decode(b"", final=True), start, len(tokens) - 1))
    return out


def text_before(tokens: Sequence[TokenLogprob], index: int) -> str:
    """The answer's text up to (not including) token ``index``, as shown."""
    return "".join(p.text for p in pieces(heads(tokens)[:index]))


def replaced_at(tokens: Sequence[TokenLogprob], index: int,
                choice: Alternative) -> list[TokenLogprob]:
    """The tokens up to ``index``, then ``choice`` in place of the token there (with the
    same alternatives): the start of a "continue with this token" answer."""
    at = tokens[index]
    return [*tokens[:index], TokenLogprob(choice.token, choice.logprob, choice.bytes, at.top)]



def alternative_text(choice: Alternative) -> str:
    if choice.bytes is None:
        return choice.token
    return bytes(choice.bytes).decode("utf-8", "replace")


def candidates(token: TokenLogprob) -> tuple[list[str], tuple[float, ...], int]:
    """The distribution the server sent at ``token``: its alternatives' texts and
    log-probabilities, most likely first (the chosen token added if it was not among
    them), and where the chosen token is. Renormalised over these when reshaped
    (``app.domain.sampling.reshape``: a log-probability is the logit less a constant)."""
    alts = list(token.top)
    if not any(a.token == token.token for a in alts):
        alts.append(token.chosen)
    alts.sort(key=lambda a: -a.logprob)
    chosen = next(i for i, a in enumerate(alts) if a.token == token.token)
    return [alternative_text(a) for a in alts], tuple(a.logprob for a in alts), chosen
