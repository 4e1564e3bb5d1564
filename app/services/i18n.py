"""The window's language: Qt translators for our strings and Qt's own, chosen once at start.

The catalogue's source is ``app/i18n/silicondesk_zh_CN.ts`` (made with ``pyside6-lupdate``,
translated by hand); the compiled ``.qm`` beside it ships with the package
(``tests/test_translations.py`` fails when it is not compiled from the ``.ts``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.domain.text import Text
from app.domain.validation import Problem

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "i18n"
TRANSLATED = ("zh_CN",)


def lookup(context: str, source: str) -> str:
    return QCoreApplication.translate(context, source)  # lupdate: marked where written


def tr_text(text: Text | str) -> str:
    """A sentence from a lower layer in the window's language."""
    return text if isinstance(text, str) else text.render(lookup)


def tr_problem(problem: Problem) -> str:
    """A parameter problem as shown beside Send: the field's API name, then why."""
    return field_problem(problem.field, tr_text(problem.message))


def field_problem(field: str, why: str) -> str:
    return QCoreApplication.translate("Validation", "{0}: {1}").format(field, why)


def tr_error(error: dict[str, Any] | None) -> str:
    """A saved error (``ApiError.to_json()``) in the window's language, with the server's
    own words as it said them."""
    if not error:
        return ""
    text = Text.from_json(error.get("text"))
    if text is None:  # saved before errors carried their sentence
        return str(error.get("message") or "")
    said = error.get("detail")
    if not said:
        return tr_text(text)
    return QCoreApplication.translate("ApiError", "{error} The server said: “{said}”").format(
        error=tr_text(text), said=said)


def choose_language(setting: str, system: QLocale | None = None) -> str:
    """``en`` or a translated language, from the setting or (``system``) the locale."""
    if setting in TRANSLATED or setting == "en":
        return setting
    locale = system if system is not None else QLocale.system()
    for name in locale.uiLanguages():
        tag = name.replace("-", "_")
        if tag.startswith(("zh_Hans", "zh_CN", "zh_SG")) or tag == "zh":
            return "zh_CN"
        if tag.startswith("zh"):  # Traditional Chinese readers get English, not Simplified
            return "en"
        if tag.startswith("en"):
            return "en"
    return "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install our catalogue and Qt's own (dialog buttons, text-field menus) for
    ``language``; keep the returned objects alive for as long as the app runs. English
    has a catalogue of plural forms only ("1 conversation", "2 conversations")."""
    if language not in TRANSLATED:
        language = "en"
    installed = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    catalogues = [(f"silicondesk_{language}", str(CATALOGUE_DIR))]
    if language != "en":
        catalogues.insert(0, (f"qtbase_{language}", qt_dir))
    for name, folder in catalogues:
        translator = QTranslator(app)
        if translator.load(name, folder) and app.installTranslator(translator):
            installed.append(translator)
    if language != "en":
        QLocale.setDefault(QLocale(language))
    return installed
