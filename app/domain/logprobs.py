"""Token log-probabilities of an answer: the API's shape, a compact stored form, the text
each token shows, and an answer's mean log-probability and perplexity.

The API (OpenAI's shape; llama.cpp's server and vLLM send the same) gives, per generated
token, ``{"token", "logprob", "bytes", "top_logprobs": [{"token", "logprob", "bytes"}]}``.

Stored form (``messages.logprobs``): compact JSON ``[1, bytes_flag, rows]``.
- A log-probability is kept to float32 precision (what servers compute in; the shortest
  decimal that reads back to the same float32), so ``-2.4737603664398193`` is ``-2.4737604``.
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
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.unicode import join_surrogates

MAX_TOP = 20  # the API's top_logprobs range is 0–20
MAX_TOKEN_CHARS = 256  # a token longer than this is a hostile server's
FLOOR = -9999.0  # what -inf, NaN or nonsense becomes
VERSION = 1
LOGPROB_FIELDS = ("logprobs", "top_logprobs")  # the request fields that ask for them
SHOWN_TOP = 5  # what "Show probabilities" asks for


@dataclass(frozen=True)
class Alternative:
    token: str
    logprob: float
    bytes: tuple[int, ...] | None = None

    @property
    def probability(self) -> float:
        return math.exp(self.logprob)


@dataclass(frozen=True)
class TokenLogprob:
    """One generated token, its log-probability and the top alternatives the server sent
    (the chosen token is usually among them)."""

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

def short(value: float) -> float:
    """The shortest decimal that is the same float32 as ``value``."""
    try:
        single = struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:
        return FLOOR
    for digits in range(5, 10):
        candidate = float(f"{value:.{digits}g}")
        if struct.unpack("f", struct.pack("f", candidate))[0] == single:
            return candidate
    return float(single)


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
    rows: list[list[Any]] = []
    for t in tokens:
        alts: list[Any] = []
        chosen = -1
        for i, a in enumerate(t.top):
            alts.append(_enc_token(a.token, a.bytes, flag))
            alts.append(short(a.logprob))
            if chosen < 0 and a.token == t.token and a.bytes == t.bytes and \
                    short(a.logprob) == short(t.logprob):
                chosen = i
        if chosen >= 0:
            rows.append([alts, chosen])
        else:
            rows.append([alts, _enc_token(t.token, t.bytes, flag), short(t.logprob)])
    return json.dumps([VERSION, flag, rows], ensure_ascii=False, separators=(",", ":"))


def decode(text: str | None) -> list[TokenLogprob]:
    """Tokens from the stored text; nothing when it is missing or unreadable."""
    if not text:
        return []
    try:
        data = json.loads(text)
        version, flag, rows = data
        if version != VERSION:
            return []
        out: list[TokenLogprob] = []
        for row in rows:
            flat = row[0]
            top = tuple(_dec_alternative(flat[i], flat[i + 1], flag)
                        for i in range(0, len(flat) - 1, 2))
            if len(row) == 2:
                a = top[int(row[1])]
                out.append(TokenLogprob(a.token, a.logprob, a.bytes, top))
            else:
                token, raw = _dec_token(row[1], flag)
                out.append(TokenLogprob(token, float(row[2]), raw, top))
        return out
    except (ValueError, TypeError, IndexError, KeyError, RecursionError):
        return []


# Reading them

def mean_logprob(tokens: Sequence[TokenLogprob]) -> float | None:
    if not tokens:
        return None
    return sum(t.logprob for t in tokens) / len(tokens)


def perplexity(mean: float | None) -> float | None:
    """exp(−mean log-probability): 1 is certain; the number of equally likely tokens the
    model hesitated between, on average."""
    if mean is None:
        return None
    return math.exp(min(-mean, 700.0))


@dataclass(frozen=True)
class Piece:
    """What one or more tokens show: tokens whose bytes split a UTF-8 character are
    joined (``first`` to ``last``, inclusive)."""

    text: str
    first: int
    last: int


def pieces(tokens: Sequence[TokenLogprob]) -> list[Piece]:
    """The text of each token for display. A token with ``bytes`` is read through its
    bytes (so halves of a character join); one without shows its ``token`` string."""
    out: list[Piece] = []
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    start = -1
    text = ""
    for i, t in enumerate(tokens):
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
    return "".join(p.text for p in pieces(tokens[:index]))


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
