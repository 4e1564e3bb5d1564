"""Sentences from the layers without Qt: English by default, translated by a lookup."""

from __future__ import annotations

import json

from app.domain.text import Text, plain, translate

CATALOGUE = {("Demo", "Retrying in {seconds} s ({why})."): "{seconds} 秒后重试（{why}）。",
             ("Demo", "rate limited"): "触发限流"}


def lookup(context: str, source: str) -> str:
    return CATALOGUE.get((context, source), source)


def test_english_by_default_and_translated_with_nested_values() -> None:
    text = translate("Demo", "Retrying in {seconds} s ({why}).").format(
        seconds=3, why=translate("Demo", "rate limited"))
    assert str(text) == "Retrying in 3 s (rate limited)."
    assert text.render(lookup) == "3 秒后重试（触发限流）。"


def test_saved_and_loaded_it_still_translates() -> None:
    text = translate("Demo", "Retrying in {seconds} s ({why}).").format(
        seconds=3, why=translate("Demo", "rate limited"))
    loaded = Text.from_json(json.loads(json.dumps(text.to_json())))
    assert loaded == text and loaded is not None
    assert loaded.render(lookup) == "3 秒后重试（触发限流）。"
    assert Text.from_json({"source": 1}) is None and Text.from_json("text") is None


def test_a_broken_translation_falls_back_to_english_not_to_an_error() -> None:
    text = translate("Demo", "Retrying in {seconds} s ({why}).").format(seconds=3, why="x")
    assert text.render(lambda _c, _s: "{secs} 秒后重试") == "Retrying in 3 s (x)."


def test_words_not_ours_are_shown_as_they_are() -> None:
    said = plain("模型 {不存在}")
    assert said.render(lookup) == "模型 {不存在}" and str(said) == "模型 {不存在}"


def test_a_counted_sentence_agrees_with_its_number_and_survives_saving() -> None:
    from app.domain.text import Text, translate

    lines = translate("Markdown", "(%n more line(s): Copy has them all)")
    assert str(lines.counting(1)) == "(1 more line: Copy has them all)"
    assert str(lines.counting(12)) == "(12 more lines: Copy has them all)"
    chinese = {("Markdown", "(%n more line(s): Copy has them all)"): "（还有 %n 行）"}
    assert lines.counting(3).render(lambda c, s: chinese.get((c, s), s)) == "（还有 3 行）"
    # An English window (its catalogue has no entry for it) gets the English forms.
    assert lines.counting(1).render(lambda c, s: s) == "(1 more line: Copy has them all)"
    saved = Text.from_json(lines.counting(2).to_json())
    assert saved is not None and str(saved) == "(2 more lines: Copy has them all)"
    read = translate("History", "{conversations} ({messages}) could be read").format(
        conversations=translate("History", "%n conversation(s)").counting(1),
        messages=translate("History", "%n message(s)").counting(2))
    assert str(read) == "1 conversation (2 messages) could be read"
