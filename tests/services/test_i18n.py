"""Errors saved with an answer are shown in the window's language, old ones as they were."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.api.errors import error_from_response
from app.services.i18n import install_translators, tr_error


def test_a_saved_error_is_translated_and_keeps_the_server_words(qapp: QApplication) -> None:
    saved = error_from_response(429, {}, b'{"message": "TPM limit reached"}').to_json()
    assert tr_error(saved) == ("Rate limited (TPM): the endpoint asks you to slow down. "
                               "The server said: “TPM limit reached”")
    translators = install_translators(qapp, "zh_CN")
    try:
        assert tr_error(saved) == ("触发限流（TPM）：端点要求降低请求频率。"
                                   "服务器原话：“TPM limit reached”")
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_an_error_saved_before_translation_shows_its_message(qapp: QApplication) -> None:
    assert tr_error({"type": "RateLimited", "message": "Rate limited: slow down."}) == \
        "Rate limited: slow down."
    assert tr_error(None) == ""
