"""The Chinese catalogue covers every string the code marks, and every mark can be found.

Qt's lupdate finds strings by the shape of the call: it silently skips a call with keyword
arguments, takes an f-string's braces literally, and does not look inside f-strings. The
AST check below fails on each of those, so a sentence cannot slip out of the catalogue.
"""

from __future__ import annotations

import ast
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))
import translations  # noqa: E402

TS = ROOT / "app" / "i18n" / "silicondesk_zh_CN.ts"
MARKERS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
FIELD = re.compile(r"\{[^{}]*\}")


def messages(ts: Path = TS) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [(c.findtext("name") or "", m.findtext("source") or "", m.find("translation"))
            for c in root.iter("context") for m in c.iter("message")]  # type: ignore[misc]


def text_of(translation: ET.Element | None) -> str:
    """The translation, or (a plural) its first form: Chinese has one."""
    if translation is None:
        return ""
    form = translation.find("numerusform")
    return (form.text if form is not None else translation.text) or ""


def test_catalogue_matches_the_code_and_the_compiled_file() -> None:
    assert translations.check() == []


def test_every_string_has_a_finished_chinese_translation() -> None:
    found = messages()
    assert len(found) > 300
    unfinished = [(ctx, src) for ctx, src, tr in found
                  if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete")
                  or not text_of(tr).strip()]
    assert unfinished == []


def test_translations_keep_every_field_and_line_break() -> None:
    wrong = []
    for ctx, src, tr in messages():
        text = text_of(tr)
        if sorted(FIELD.findall(src)) != sorted(FIELD.findall(text)) or \
                src.count("\n") != text.count("\n"):
            wrong.append((ctx, src, text))
    assert wrong == []


def test_translations_are_chinese() -> None:
    """A copied English sentence is not a translation (names like “Top p” may stay)."""
    kept = {"SiliconDesk — {0}", "Top p", "Top k", "Min p", "Python", "JavaScript", "Base URL",
            "Shift+Enter", "{0} tok/s", "{0} KB", "{0} MB", " KB", "{where}: {what}", "{0}: {1}",
            ", ",
            "model=…,temperature=0.7,top_p=0.9,seed=3"}  # the lab's arm syntax, as typed
    english = [src for _ctx, src, tr in messages()
               if src not in kept and not re.search(r"[\u4e00-\u9fff]", text_of(tr))]
    assert english == []


def test_counted_sentences_have_their_plural_forms() -> None:
    """A "(s)" is only ever in a counted sentence (``%n``); the English catalogue gives
    each ``tr`` plural its two forms, and Chinese says it once, without "(s)"."""
    assert [src for _ctx, src, _tr in messages() if "(s)" in src and "%n" not in src] == []
    english = messages(ROOT / "app" / "i18n" / "silicondesk_en.ts")
    assert len(english) >= 6
    for _ctx, src, tr in english:
        forms = [f.text or "" for f in tr.iter("numerusform")]
        assert len(forms) == 2 and tr.get("type") is None, src
        assert all("%n" in f and "(s)" not in f for f in forms), forms
    chinese = {(ctx, src): text_of(tr) for ctx, src, tr in messages()}
    for ctx, src, _tr in english:
        assert "%n" in chinese[(ctx, src)] and "(s)" not in chinese[(ctx, src)]


def _literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str | type(None))


def _marker(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_every_marked_string_is_visible_to_lupdate() -> None:
    bad = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and _marker(inner) in MARKERS:
                        bad.append(f"{where}:{inner.lineno}: marker inside an f-string")
            if not (isinstance(node, ast.Call) and _marker(node) in MARKERS):
                continue
            name = _marker(node)
            if name == "tr" and node.args and not _literal(node.args[0]) and not \
                    isinstance(node.args[0], ast.JoinedStr):
                continue  # self.tr(VARIABLE): a string marked elsewhere (QT_TRANSLATE_NOOP)
            if "# lupdate: marked" in lines[node.lineno - 1]:
                continue  # the one lookup of strings marked where they are written
            if node.keywords:
                bad.append(f"{where}:{node.lineno}: keyword arguments hide it from lupdate")
            texts = node.args[:1] if name == "tr" else node.args[:2]
            if not texts or not all(_literal(a) for a in texts):
                bad.append(f"{where}:{node.lineno}: {name}() needs string literals")
    assert bad == []


@pytest.mark.parametrize(("setting", "system", "expected"), [
    ("system", "zh_CN", "zh_CN"), ("system", "zh_SG", "zh_CN"), ("system", "en_US", "en"),
    ("system", "zh_TW", "en"), ("system", "de_DE", "en"), ("en", "zh_CN", "en"),
    ("zh_CN", "en_US", "zh_CN"),
])
def test_language_follows_the_setting_then_the_system(setting: str, system: str,
                                                      expected: str) -> None:
    from PySide6.QtCore import QLocale

    from app.services.i18n import choose_language

    assert choose_language(setting, QLocale(system)) == expected


# Qt calls that put text on screen; a literal given to one must come through tr().
TEXT_SETTERS = {
    "setText", "setToolTip", "setPlaceholderText", "setWindowTitle", "setAccessibleName",
    "addItem", "addTab", "setTabText", "addAction", "showMessage", "show_text", "block_send",
    "setHorizontalHeaderLabels", "QLabel", "QPushButton", "QToolButton", "QCheckBox",
    "QAction", "QListWidgetItem", "QTableWidgetItem", "setStatusTip", "addRow", "question",
    "information", "warning", "critical", "getText", "getItem", "setSuffix", "setPrefix",
    "setSpecialValueText",
}
# Literals that are not words: notation, examples of input, arrows.
NOT_WORDS = {"sk-…", "http://localhost:11434/v1", "http://host:port, socks5://host:port",
             '[{"type": "function", "function": {"name": …}}]', "‹", "›", "SiliconDesk",
             "English", "简体中文"}


def test_ui_text_goes_through_tr() -> None:
    bad = []
    for path in sorted((ROOT / "app" / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _marker(node) in TEXT_SETTERS):
                continue
            values = [*node.args, *(k.value for k in node.keywords if k.arg == "text")]
            for arg in values:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and \
                        re.search(r"[A-Za-z]", arg.value) and arg.value not in NOT_WORDS:
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: {arg.value!r}")
    assert bad == []
