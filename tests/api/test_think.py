from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from app.api.think import ThinkSplitter


def run(pieces: list[str]) -> tuple[str, str]:
    splitter = ThinkSplitter()
    reasoning, content = "", ""
    for piece in [*pieces, None]:
        r, c = splitter.feed(piece) if piece is not None else splitter.flush()
        reasoning += r
        content += c
    return reasoning, content


def cut(text: str, points: list[int]) -> list[str]:
    bounds = [0, *sorted({p % (len(text) + 1) for p in points}), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


TEXTS = [
    ("<think>\n想一想</think>\n\n答案", ("\n想一想", "答案")),
    ("  <think>a < b</thi</think>x", ("a < b</thi", "x")),
    ("no tags here <think>x</think>", ("", "no tags here <think>x</think>")),
    ("<thinking>x", ("", "<thinking>x")),
    ("<think>never closed", ("never closed", "")),
    ("<th", ("", "<th")),
]


def test_known_cases() -> None:
    for text, expected in TEXTS:
        assert run([text]) == expected, text


@given(st.sampled_from(TEXTS), st.lists(st.integers(min_value=0, max_value=60), max_size=12))
def test_any_split_gives_the_same_result(
    case: tuple[str, tuple[str, str]], points: list[int]
) -> None:
    text, expected = case
    assert run(cut(text, points)) == expected
