"""Review of the new renderer and block cuts: what a user would notice (each failed once)."""

from __future__ import annotations

from app.render.blocks import split_blocks
from app.render.markdown_html import MarkdownRenderer


def _render(text: str) -> str:
    blocks, _, _ = split_blocks(text)
    r = MarkdownRenderer()
    return "".join(r.block(b, i) for i, b in enumerate(blocks))


def test_a_formula_in_a_link_title_does_not_put_tags_in_the_attribute() -> None:
    html = MarkdownRenderer().text_block('[a](https://x.example "$x$ y")')
    assert 'title="<' not in html


def test_a_less_than_sign_in_a_link_address_is_percent_encoded_as_itself() -> None:
    html = MarkdownRenderer().text_block("[a](https://x.example/?a<b)")
    assert "%EE%80%82" not in html and "%3C" in html


def test_an_angle_bracket_destination_with_a_space_is_a_link() -> None:
    assert "<a href" in MarkdownRenderer().text_block("[a](<https://x.example/a b>)")


def test_a_table_longer_than_a_block_stays_a_table() -> None:
    rows = "\n".join(f"| row {i} | " + " | ".join(["some cell text here"] * 4) + " |"
                     for i in range(180))  # 900 cells: under MAX_TABLE_CELLS
    html = _render("| a | b | c | d | e |\n|---|---|---|---|---|\n" + rows + "\n")
    assert "<p>| row" not in html


def test_a_long_quote_with_code_keeps_its_code() -> None:
    text = "> ```python\n" + "".join(f"> x{i} = {i}\n> # comment {i}\n" for i in range(150)) \
        + "> ```\n>\n> After the code.\n"
    html = _render(text)
    assert "<h1>" not in html


def test_a_long_list_keeps_its_sub_items_nested() -> None:
    items = [f"{i}. **Point {i}**: " + "explanation " * 12 + "\n   - detail a " + "x " * 20
             + "\n   - detail b " + "y " * 20 for i in range(1, 30)]
    blocks, _, _ = split_blocks("\n".join(items) + "\n")
    assert all(not b.source.startswith(" ") for b in blocks)
