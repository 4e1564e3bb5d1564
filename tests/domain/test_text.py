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
