"""The parameter lab as data: arms, sweeps, the plan of requests, and what a run shows.

An *arm* is a set of request fields (by their API names) and an endpoint. A *sweep*
varies one field of every arm across values, with ``samples`` answers per value. The
plan is the list of requests a run posts; each planned request is one arm of the run
(numbered from 1, the number the window's columns and the command line's rows carry).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Any

from app.domain.params import ChatParams
from app.domain.text import TextError, translate

MIN_ARMS = 2
MAX_ARMS = 6
CONFIRM_ABOVE = 8  # more requests than this: say how many and ask first

# Fields whose values are text even when they look like JSON (a model named "1").
_TEXT_FIELDS = {"model", "response_format"}


class LabSpecError(TextError):
    """An ``--arm`` or ``--sweep`` that cannot be read; the text says which part."""


@dataclass(frozen=True)
class Sweep:
    field: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class PlannedArm:
    """One request of a run."""

    number: int  # 1-based
    base: int  # which of the user's arms it comes from (1-based)
    params: ChatParams
    endpoint_id: str | None = None
    sweep_value: Any = None  # the swept field's value, when there is a sweep
    sample: int = 1  # 1-based sample of that value
    samples_in_request: int = 1  # > 1: this request asks for them with ``n``

    def to_json(self) -> dict[str, Any]:
        return {"arm": self.number, "base": self.base, "endpoint": self.endpoint_id,
                "params": self.params.posted_fields(), "sweep_value": self.sweep_value,
                "sample": self.sample, "samples_in_request": self.samples_in_request}


@dataclass(frozen=True)
class Plan:
    arms: tuple[PlannedArm, ...]
    sweep: Sweep | None = None
    samples: int = 1

    @property
    def requests(self) -> int:
        return len(self.arms)

    @property
    def needs_confirmation(self) -> bool:
        return self.requests > CONFIRM_ABOVE


# Reading arms and sweeps as the command line writes them


def _split_top_level(text: str, sep: str = ",") -> list[str]:
    """Split on ``sep`` outside brackets, braces and double quotes (``stop=["a","b"]``)."""
    parts: list[str] = []
    depth, quoted, escaped, start = 0, False, False, 0
    for i, ch in enumerate(text):
        if quoted:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def parse_value(name: str, raw: str) -> Any:
    """A field's value as typed: JSON where it reads as JSON (``0.5``, ``true``,
    ``["a","b"]``), else the text itself; ``model`` is always text."""
    if name in _TEXT_FIELDS:
        return raw
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    if isinstance(value, float) and not math.isfinite(value):
        return raw
    return value


def parse_arm(text: str) -> dict[str, Any]:
    """``model=…,temperature=…,seed=3`` → the fields, in the order written."""
    out: dict[str, Any] = {}
    for part in _split_top_level(text):
        name, eq, raw = part.partition("=")
        name = name.strip()
        if not eq or not name:
            raise LabSpecError(translate(
                "Lab", "“{part}” is not FIELD=VALUE (an arm is written "
                       "model=…,temperature=…).").format(part=part))
        out[name] = parse_value(name, raw.strip())
    return out


def parse_sweep(text: str) -> Sweep:
    """``temperature=0,0.5,1.0`` → the field and its values."""
    name, eq, raw = text.partition("=")
    name = name.strip()
    values = tuple(parse_value(name, v) for v in _split_top_level(raw))
    if not eq or not name or not values:
        raise LabSpecError(translate(
            "Lab", "“{text}” is not FIELD=V1,V2,… (a sweep is written "
                   "temperature=0,0.5,1.0).").format(text=text))
    return Sweep(name, values)


def params_with(base: dict[str, Any], changes: dict[str, Any]) -> ChatParams:
    """``base`` (stored params) with ``changes`` on top; a ``None`` change unsets."""
    merged = {**base, **changes}
    return ChatParams.from_json({k: v for k, v in merged.items() if v is not None})


def with_field(params: ChatParams, name: str, value: Any) -> ChatParams:
    return params_with(params.to_json(), {name: value})


def make_plan(arms: Sequence[tuple[ChatParams, str | None]], sweep: Sweep | None = None,
              samples: int = 1, *, use_n: bool = False) -> Plan:
    """Every request of a run: each arm once per sweep value (or once) per sample.
    ``use_n``: the samples of a value go in one request with ``n`` instead."""
    samples = max(1, samples)
    planned: list[PlannedArm] = []
    for base, (params, endpoint) in enumerate(arms, start=1):
        values: Iterable[Any] = sweep.values if sweep else (None,)
        for value in values:
            swept = with_field(params, sweep.field, value) if sweep else params
            if use_n and samples > 1:
                planned.append(PlannedArm(len(planned) + 1, base, with_field(swept, "n", samples),
                                          endpoint, value, 1, samples))
                continue
            for sample in range(1, samples + 1):
                planned.append(PlannedArm(len(planned) + 1, base, swept, endpoint, value, sample))
    return Plan(tuple(planned), sweep, samples)


# How arms differ


def differences(first: ChatParams, other: ChatParams, first_endpoint: str | None = None,
                other_endpoint: str | None = None) -> list[str]:
    """What ``other`` changes from ``first``, field by field (``temperature 0.7→1``,
    ``+seed 3``, ``−top_k``): the badge of an arm."""
    a, b = first.posted_fields(), other.posted_fields()
    out: list[str] = []
    if (first_endpoint or "") != (other_endpoint or ""):
        out.append(f"endpoint {other_endpoint or '—'}")
    for name in [*a, *(k for k in b if k not in a)]:
        if name not in b:
            out.append(f"−{name}")
        elif name not in a:
            out.append(f"+{name} {_short(b[name])}")
        elif a[name] != b[name]:
            out.append(f"{name} {_short(a[name])}→{_short(b[name])}")
    return out


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 24 else text[:23] + "…"


# What a run shows


@dataclass(frozen=True)
class AnswerFigures:
    """One answer's record, as the window's column footer and the summary read it."""

    text: str
    finish_reason: str | None
    status: str
    usage: dict[str, Any] | None = None
    timings: dict[str, Any] | None = None

    @property
    def prompt_tokens(self) -> int | None:
        return _int((self.usage or {}).get("prompt_tokens"))

    @property
    def completion_tokens(self) -> int | None:
        return _int((self.usage or {}).get("completion_tokens"))

    @property
    def reasoning_tokens(self) -> int | None:
        return _int((self.usage or {}).get("reasoning_tokens"))  # as Usage.to_json keeps it


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


_WORD = re.compile(r"[A-Za-z0-9_'’-]+|[^\sA-Za-z0-9_'’-]")


def words(text: str) -> list[str]:
    """Words of Latin script, and every other character on its own (CJK has no spaces)."""
    return _WORD.findall(text)


def distinct_2(texts: Sequence[str]) -> float | None:
    """Distinct bigrams ÷ all bigrams, over all the samples together (1.0: no repeats)."""
    bigrams: list[tuple[str, str]] = []
    for text in texts:
        w = words(text)
        bigrams.extend(pairwise(w))
    return len(set(bigrams)) / len(bigrams) if bigrams else None


def parses_as_json(text: str) -> bool:
    body = text.strip()
    if body.startswith("```"):  # a fenced block around the object
        body = body.strip("`").removeprefix("json").strip()
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        return False
    return True


@dataclass(frozen=True)
class SummaryRow:
    """One line of the run's summary: a sweep value (or an arm, without a sweep)."""

    label: str
    answers: int
    mean_chars: float | None
    mean_completion_tokens: float | None
    distinct_2: float | None
    json_ok: tuple[int, int] | None  # (parsed, asked) when JSON was asked
    finish_reasons: dict[str, int] = field(default_factory=dict)
    failed: int = 0


def summarise(rows: Sequence[tuple[str, ChatParams, AnswerFigures]]) -> list[SummaryRow]:
    """Group answers by label (in first-seen order) and sum each group up."""
    groups: dict[str, list[tuple[ChatParams, AnswerFigures]]] = {}
    for label, params, figures in rows:
        groups.setdefault(label, []).append((params, figures))
    out = []
    for label, items in groups.items():
        ok = [f for _, f in items if f.status == "complete"]
        texts = [f.text for f in ok]
        tokens = [t for t in (f.completion_tokens for f in ok) if t is not None]
        asked_json = [f for p, f in items if p.response_format == "json_object"
                      and f.status == "complete"]
        out.append(SummaryRow(
            label=label, answers=len(items),
            mean_chars=sum(map(len, texts)) / len(texts) if texts else None,
            mean_completion_tokens=sum(tokens) / len(tokens) if tokens else None,
            distinct_2=distinct_2(texts),
            json_ok=(sum(parses_as_json(f.text) for f in asked_json), len(asked_json))
            if asked_json else None,
            finish_reasons=dict(Counter(f.finish_reason or f.status for _, f in items)),
            failed=sum(f.status != "complete" for _, f in items)))
    return out


def value_label(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


# A word-level diff


@dataclass(frozen=True)
class DiffPiece:
    kind: str  # "same", "removed", "added"
    text: str


REFINE_TOKENS = 3000  # a changed block longer than this (each side) is not refined


def word_diff(a: str, b: str) -> list[DiffPiece]:
    """``a`` → ``b`` word by word (whitespace kept), adjacent pieces of a kind merged.

    Lines are matched first and only the changed blocks are diffed word by word, so two
    long answers do not cost len(a) × len(b); a changed block of more than
    ``REFINE_TOKENS`` words a side is shown as removed and added whole."""
    out: list[DiffPiece] = []

    def put(kind: str, text: str) -> None:
        if not text:
            return
        if out and out[-1].kind == kind:
            out[-1] = DiffPiece(kind, out[-1].text + text)
        else:
            out.append(DiffPiece(kind, text))

    la, lb = a.splitlines(keepends=True), b.splitlines(keepends=True)
    lines = SequenceMatcher(a=la, b=lb, autojunk=False)
    for op, i1, i2, j1, j2 in lines.get_opcodes():
        if op == "equal":
            put("same", "".join(la[i1:i2]))
            continue
        ta, tb = _tokens("".join(la[i1:i2])), _tokens("".join(lb[j1:j2]))
        if len(ta) > REFINE_TOKENS or len(tb) > REFINE_TOKENS:
            put("removed", "".join(ta))
            put("added", "".join(tb))
            continue
        for wop, k1, k2, m1, m2 in SequenceMatcher(a=ta, b=tb, autojunk=False).get_opcodes():
            if wop == "equal":
                put("same", "".join(ta[k1:k2]))
            else:
                put("removed", "".join(ta[k1:k2]))
                put("added", "".join(tb[m1:m2]))
    return out


_TOKEN = re.compile(r"\s+|[A-Za-z0-9_'’-]+|[^\sA-Za-z0-9_'’-]")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)
