"""The link confirmation shows where a link really goes, whatever the link does to hide it."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from app.render.markdown_html import MarkdownRenderer
from app.ui.link_confirm import (
    Flag,
    LinkConfirmDialog,
    confirm_link,
    describe_link,
    find_href,
)
from app.ui.safe_browser import SafeBrowser

BIDI_CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                 "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
NEVER_OPENED = ["javascript:alert(1)", "file:///etc/passwd", "smb://evil/share",
                "ms-msdt:/id", "data:text/html,<b>x</b>", "ftp://example.org/"]


def dialog_for(qtbot: QtBot, link: str, original: str | None = None) -> LinkConfirmDialog:
    dialog = LinkConfirmDialog(QUrl(link), original)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def visible_text(dialog: QDialog) -> str:
    """Everything a person can read in the dialog, rich text as it is rendered."""
    parts = []
    for label in dialog.findChildren(QLabel):
        if label.isVisible():
            if label.textFormat() == Qt.TextFormat.RichText:
                document = QTextDocument()
                document.setHtml(label.text())
                parts.append(document.toPlainText())
            else:
                parts.append(label.text())
    parts += [edit.toPlainText() for edit in dialog.findChildren(QPlainTextEdit)
              if edit.isVisible()]
    parts += [button.text() for button in dialog.findChildren(QPushButton)
              if button.isVisible()]
    return "\n".join(parts)


def host_line(dialog: QDialog) -> str:
    document = QTextDocument()
    document.setHtml(dialog.findChild(QLabel, "linkQuestion").text())
    return document.toPlainText().splitlines()[-1]


def warning(dialog: QDialog) -> str:
    label = dialog.findChild(QLabel, "linkWarning")
    return label.text() if label.isVisible() else ""


def test_a_right_to_left_override_is_shown_encoded_and_flagged(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, "https://evil.example/\u202egnp.knab.www//:sptth")
    text = visible_text(dialog)
    assert "\u202e" not in text
    assert "https://evil.example/%E2%80%AEgnp.knab.www//:sptth" in text
    assert host_line(dialog) == "evil.example"
    assert "invisible characters" in warning(dialog)


@pytest.mark.parametrize("char", BIDI_CONTROLS + ZERO_WIDTH)
def test_every_bidi_control_and_zero_width_character_is_flagged(qtbot: QtBot,
                                                                 char: str) -> None:
    encoded = quote(char, safe="")  # (PySide drops a leading U+FEFF passed to Qt)
    assert encoded.startswith("%")
    for link in (f"https://example.org/a{char}b", f"https://example.org/a{encoded}b",
                 f"https://example.org/?q={char}", f"https://example.org/#x{char}"):
        dialog = dialog_for(qtbot, link)
        text = visible_text(dialog)
        assert char not in text, link
        assert encoded in text, link
        assert "invisible characters" in warning(dialog), link


def test_a_zero_width_space_the_parser_drops_from_the_host_is_flagged_from_the_text(
        qtbot: QtBot) -> None:
    written = "https://pay\u200bpal.example/"
    url = QUrl(written)
    assert url.host() == "paypal.example"  # Qt's IDNA mapping removed it
    assert Flag.INVISIBLE not in describe_link(url).flags
    dialog = dialog_for(qtbot, written, original=written)
    assert host_line(dialog) == "paypal.example"
    assert "invisible characters" in warning(dialog)


@pytest.mark.parametrize("char", ["\u200d", "\u202e", "\u2066"])
def test_a_host_with_a_joiner_or_bidi_control_is_never_opened(qtbot: QtBot, char: str) -> None:
    link = f"https://pay{char}pal.example/"
    assert describe_link(QUrl(link)).openable is False
    assert confirm_link(None, QUrl(link)) is False


@pytest.mark.parametrize("link", ["https://xn--pple-43d.com/login", "https://\u0430pple.com/login"])
def test_a_cyrillic_homograph_shows_its_punycode_host(qtbot: QtBot, link: str) -> None:
    dialog = dialog_for(qtbot, link)
    text = visible_text(dialog)
    assert "\u0430" not in text
    assert host_line(dialog) == "xn--pple-43d.com"
    assert "https://xn--pple-43d.com/login" in text
    assert "international letters" in warning(dialog)
    assert "mixes alphabets" in warning(dialog)


def test_a_chinese_domain_is_encoded_but_not_called_an_imitation(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, "https://例子.测试/路径")
    assert host_line(dialog) == "xn--fsqu00a.xn--0zwm56d"
    assert "https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84" in visible_text(dialog)
    assert "international letters" in warning(dialog)
    assert "mixes alphabets" not in warning(dialog)


def test_a_plain_link_shows_no_warning(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, "https://docs.siliconflow.cn/en/api-reference?x=1#top")
    assert warning(dialog) == ""
    assert host_line(dialog) == "docs.siliconflow.cn"
    assert "https://docs.siliconflow.cn/en/api-reference?x=1#top" in visible_text(dialog)


@pytest.mark.parametrize("link", ["https://bank.com@evil.example/login",
                                  "https://www.bank.com:secret@evil.example/",
                                  "https://bank.com%2Flogin@evil.example/"])
def test_a_user_name_that_looks_like_a_site_is_named_and_the_real_host_shown(
        qtbot: QtBot, link: str) -> None:
    dialog = dialog_for(qtbot, link)
    assert host_line(dialog) == "evil.example"
    assert "bank.com" not in host_line(dialog)
    assert "user name, not the site" in warning(dialog)
    assert "The site is evil.example." in warning(dialog)


def test_markup_in_a_user_name_is_shown_as_text(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, "https://%3Cb%3Ebank%3C%2Fb%3E@evil.example/")
    assert "%3Cb%3Ebank%3C%2Fb%3E@" in warning(dialog)
    assert host_line(dialog) == "evil.example"


def test_the_path_query_and_fragment_are_percent_encoded(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, "https://example.org/a b/ü?q=ü&r=<x>#frag ment")
    assert ("https://example.org/a%20b/%C3%BC?q=%C3%BC&r=%3Cx%3E#frag%20ment"
            in visible_text(dialog))
    # Encoded delimiters stay encoded: the path is shown as the server will get it.
    already = dialog_for(qtbot, "https://example.org/a%2Fb%3Fc%23d%25e")
    assert "https://example.org/a%2Fb%3Fc%23d%25e" in visible_text(already)


def test_a_very_long_link_is_elided_in_the_middle_but_keeps_its_host(qtbot: QtBot) -> None:
    link = "https://evil.example/" + "a" * 5000 + "/THE-END"
    dialog = dialog_for(qtbot, link)
    shown = dialog.findChild(QPlainTextEdit, "linkAddress").toPlainText()
    assert shown.startswith("https://evil.example/aaa")
    assert shown.endswith("/THE-END")
    assert "…" in shown
    assert len(shown) < 250
    assert host_line(dialog) == "evil.example"
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == link


def test_a_very_long_user_name_cannot_push_the_host_away(qtbot: QtBot) -> None:
    link = "https://" + "bank.com." * 600 + "@evil.example/p"
    dialog = dialog_for(qtbot, link)
    shown = dialog.findChild(QPlainTextEdit, "linkAddress").toPlainText()
    assert "@evil.example/p" in shown
    assert len(shown) < 120
    assert host_line(dialog) == "evil.example"
    assert len(warning(dialog)) < 300


@pytest.mark.parametrize("link", NEVER_OPENED)
def test_other_schemes_are_never_offered(qtbot: QtBot, link: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(LinkConfirmDialog, "exec", lambda self: asked.append(self.view.url))
    assert confirm_link(None, QUrl(link)) is False
    assert asked == []
    assert describe_link(QUrl(link)).openable is False
    dialog = dialog_for(qtbot, link)  # even built directly, it has nothing to open with
    assert dialog.open_button is None
    assert "Open\n" not in visible_text(dialog) + "\n"
    assert "not opened" in warning(dialog)


def test_return_cancels_even_when_the_open_button_has_focus(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, "https://example.org/")
    assert dialog.cancel_button.isDefault()
    assert dialog.open_button is not None
    assert not dialog.open_button.isDefault()
    dialog.activateWindow()
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Rejected

    dialog = dialog_for(qtbot, "https://example.org/")
    assert dialog.open_button is not None
    dialog.open_button.setFocus()
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.open_button, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Rejected


def _answer_with(button: str) -> None:
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, LinkConfirmDialog)
    target = dialog.open_button if button == "open" else dialog.cancel_button
    assert target is not None
    target.click()


@pytest.mark.parametrize(("button", "expected"), [("open", True), ("cancel", False)])
def test_confirm_link_answers_what_the_user_chose(qtbot: QtBot, button: str,
                                                  expected: bool) -> None:
    QTimer.singleShot(0, lambda: _answer_with(button))
    assert confirm_link(None, QUrl("https://example.org/page")) is expected


def test_a_zero_width_space_in_a_rendered_link_is_flagged_when_clicked(qtbot: QtBot) -> None:
    """From model output to the dialog. In a host the renderer refuses the link (it shows
    as text, with nothing to click); in a path it is kept, encoded, and flagged."""
    renderer = MarkdownRenderer()
    browsers = []
    for markdown in ("[PayPal](https://paypal.example/) is fine",
                     "Log in at [PayPal](https://pay\u200bpal.example/)",
                     "See [docs](https://docs.example/lo\u200bgin)"):
        browser = SafeBrowser()
        qtbot.addWidget(browser)
        browser.setHtml(renderer.text_block(markdown))
        browsers.append(browser)
    documents = [browser.document() for browser in browsers]
    clicked = QUrl("https://pay\u200bpal.example/")
    assert find_href(documents[1:2], clicked) is None  # no target left to click
    assert "PayPal" in documents[1].toPlainText()
    assert find_href(documents[:1], clicked) == "https://paypal.example/"
    assert find_href(documents, QUrl("https://other.example/")) is None
    in_path = QUrl("https://docs.example/lo%E2%80%8Bgin")
    original = find_href(documents, in_path)
    assert original is not None
    dialog = dialog_for(qtbot, in_path.toString(), original=original)
    assert "invisible characters" in warning(dialog)
    assert host_line(dialog) == "docs.example"
