"""Presets and the default parameters keep their "More fields" and seed; bad ones go."""

from __future__ import annotations

from app.storage.settings_check import CHECKS


def test_presets_keep_extra_fields_and_seed() -> None:
    kept = CHECKS["presets"]({"local": {"temperature": 0.3, "seed": 7,
                                        "extra_body": {"repetition_penalty": 1.1}}})
    assert kept == {"local": {"temperature": 0.3, "seed": 7,
                              "extra_body": {"repetition_penalty": 1.1}}}


def test_extra_fields_that_set_the_request_are_dropped() -> None:
    for bad in ({"model": "x"}, {"stream": False}, "text", [1], {"temperature": 1}):
        assert CHECKS["default_params"]({"extra_body": bad, "seed": "7"}) == {}
