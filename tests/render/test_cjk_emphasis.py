"""Bold and italics beside Chinese text open and close as the writer meant, as a
Chinese reader of any chat app expects; text without CJK renders as CommonMark says."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.render.cjk_emphasis import MARK, OWN, befriend, unmark
from app.render.markdown_html import render_markdown


def shown(source: str) -> str:
    return render_markdown(source)


@pytest.mark.parametrize(("source", "expected"), [
    ("**注意：**这是重点", "<strong>注意：</strong>这是重点"),
    ("中文**“引用”**中文", "中文<strong>“引用”</strong>中文"),
    ("**结论（重要）**后面", "<strong>结论（重要）</strong>后面"),
    ("*强调：*后面", "<em>强调：</em>后面"),
    ("价格**100%**涨了", "<strong>100%</strong>涨了"),
    ("**第一步：**打开。**第二步：**关闭。", "<strong>第二步：</strong>关闭"),
    ("「**重要**」的事", "「<strong>重要</strong>」的事"),
])
def test_cjk_labels_and_quotes_are_bold(source: str, expected: str) -> None:
    html = shown(source)
    assert expected in html and "*" not in html and MARK not in html


@pytest.mark.parametrize("source", [
    "`**代码：**x` 和 **粗体：**后",  # in code: as written
    "```\n**代码：**x\n```",
])
def test_code_keeps_its_asterisks(source: str) -> None:
    assert "**代码：**x" in shown(source)


def test_a_list_item_label_is_bold_and_the_bullet_stays_a_bullet() -> None:
    html = shown("* 列表项 **注意：**内容\n* 第二项")
    assert html.count("<li>") == 2 and "<strong>注意：</strong>内容" in html


@pytest.mark.parametrize("source", ["**Note:**text", "2**10 是 1024", "a * b 和 c * d"])
def test_what_commonmark_leaves_as_text_stays_so_without_a_cjk_neighbour(
    source: str,
) -> None:
    assert "*" in shown(source)


def test_the_models_own_hair_space_is_kept() -> None:
    assert f"a{MARK}b <strong>中文：</strong>测试" in shown(f"a{MARK}b **中文：**测试")
    assert f"a{MARK}b" in shown(f"a{MARK}b")


def test_a_link_inside_keeps_its_address() -> None:
    html = shown("**[链接](https://example.com/a_b)**后面")
    assert '<a href="https://example.com/a_b">链接</a></strong>后面' in html


@given(st.text(alphabet=st.sampled_from([*"ab *：“”中文`\n_", MARK]), max_size=60))
@settings(max_examples=300, deadline=None)
def test_the_pass_only_adds_stand_ins(source: str) -> None:
    assert unmark(befriend(source)) == source
    if not set(source) & set("：中文"):  # the CJK ones of the alphabet
        assert befriend(source) == source.replace(MARK, OWN)  # nothing else changes
