from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.render.blocks import IncrementalSplitter, split_blocks

ANSWER = """# Title

Some text
over two lines.

```python
def f():

    return 1
```
- a
- b

| x | y |
|---|---|
| 1 | 2 |

~~~
unclosed"""


def test_blocks_of_a_whole_answer() -> None:
    blocks, finished, _ = split_blocks(ANSWER)
    kinds = [(b.code, b.language, b.closed) for b in blocks]
    assert kinds == [(False, "", True), (False, "", True), (True, "python", True),
                     (False, "", True), (False, "", True), (True, "", False)]
    assert blocks[2].code_text == "def f():\n\n    return 1"  # blank lines stay inside code
    assert finished == 5
    assert blocks[5].code_text == "unclosed"


def test_the_line_being_written_is_never_finished() -> None:
    assert split_blocks("para\n\nstill typ")[1] == 1
    assert split_blocks("```py\ncode\n```")[1] == 0  # the closing fence may grow
    assert split_blocks("```py\ncode\n```\n")[1] == 1


def _fed(text: str, cuts: list[int]) -> None:
    splitter = IncrementalSplitter()
    tail = []
    for cut in [*sorted(c % (len(text) + 1) for c in cuts), len(text)]:
        _, tail = splitter.update(text[:cut])
    whole, _, _ = split_blocks(text)
    assert [*splitter.finished, *tail] == whole


@settings(max_examples=60)
@given(st.lists(st.integers(min_value=1, max_value=1000), max_size=30))
def test_incremental_equals_whole_for_any_feed(cuts: list[int]) -> None:
    _fed(ANSWER, cuts)
    _fed(LOOSE, cuts)

LOOSE = """Steps:

1. **First** do this.

2. Second, which
   goes on here.

3. Third has a paragraph:

    An indented paragraph of item three.

```bash
run it
```

- one

- two

Done.
"""


def test_a_loose_list_stays_one_block_until_the_text_after_it() -> None:
    blocks, finished, _ = split_blocks(LOOSE)
    assert [b.source.split("\n")[0] for b in blocks] == [
        "Steps:", "1. **First** do this.", "```bash", "- one", "Done."]
    assert blocks[1].source.endswith("    An indented paragraph of item three.")
    assert finished == 4  # “Done.” is a paragraph: only a blank line after it finishes it
    assert split_blocks("- one\n\n- tw")[1] == 0  # the item being written keeps it open
    assert split_blocks("- one\n\nPara")[1] == 0  # not yet known to end the list
    assert split_blocks("- one\n\nPara\n")[1] == 1


def test_a_loose_list_renders_as_one_list() -> None:
    from app.render.markdown_html import render_markdown

    html = render_markdown("1. a\n\n2. b\n\n3. c\n")
    assert html.count("<ol") == 1 and html.count("<li>") == 3

