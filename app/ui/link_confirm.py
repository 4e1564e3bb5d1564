"""Asking before a link from model output opens, showing where it really goes.

A decoded ``QUrl.toString()`` lets the link lie: a right-to-left override turns
``https://evil.example/<U+202E>gnp.knab`` around on screen, ``xn--pple-43d.com`` reads
as ``apple.com`` with a Cyrillic first letter (U+0430), and
``https://bank.com@evil.example/`` starts with the bank's name. So the dialog shows the
encoded form (punycode host, percent-encoded path, in which no control character can
act), the real host on its own line in bold, and a warning for each trick it found.
Only http(s) links are ever offered; Cancel is the default button.

:func:`describe_link` is the pure part (what is shown, what is flagged);
:class:`LinkConfirmDialog` shows it; :func:`confirm_link` asks and answers;
:func:`find_href` recovers a clicked link's text as written, which parsing may have changed.
"""

from __future__ import annotations

import enum
import html
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.named import named

OPENABLE_SCHEMES = ("http", "https")
ELLIPSIS = "…"
# Of the part after the host: this much of its start and end are shown around an ellipsis.
KEEP_HEAD = 120
KEEP_TAIL = 60
# A user name before "@" is shortened too, so it cannot push the host out of sight.
KEEP_USER_INFO = 40

_FORMAT_LIKE = {
    "\u115f", "\u1160", "\u3164", "\uffa0",  # Hangul fillers: letters that show nothing
    "\u2800",  # braille pattern blank
    "\u034f",  # combining grapheme joiner
}
_INVISIBLE_CATEGORIES = {"Cf", "Cc", "Zl", "Zp", "Co", "Cn"}
# Scripts that are written together in one word (Japanese mixes kanji and kana).
_SCRIPT_GROUPS = {"CJK": "Han", "HIRAGANA": "Han", "KATAKANA": "Han", "IDEOGRAPHIC": "Han",
                  "HANGUL": "Han", "BOPOMOFO": "Han"}
_WIDTH_PREFIXES = ("FULLWIDTH", "HALFWIDTH", "MATHEMATICAL", "SMALL")


class Flag(enum.Enum):
    """A trick found in a link; the dialog gives each its warning line."""

    INVISIBLE = "invisible"  # bidi controls, zero-width and other format characters
    USER_INFO = "user_info"  # "bank.com@" before the real host
    IDN = "idn"  # the host has non-ASCII labels (shown as xn--…)
    MIXED_SCRIPT = "mixed_script"  # a host label mixes scripts, e.g. Latin and Cyrillic


@dataclass(frozen=True)
class LinkView:
    """What the confirmation shows for one link."""

    url: str  # the whole address, fully encoded: what opens, and what "Copy" copies
    shown: str  # ``url`` elided in the middle; scheme, user info and host always kept
    host: str  # punycode (ASCII) host, IPv6 in brackets
    user_info: str  # encoded user name (and password) before "@", or ""
    openable: bool  # http(s) with a host: the only links that are ever opened
    flags: tuple[Flag, ...]  # in Flag's order, each once


def is_invisible(char: str) -> bool:
    """A character that changes how text around it is shown, or shows as nothing."""
    if char in _FORMAT_LIKE:
        return True
    category = unicodedata.category(char)
    return category in _INVISIBLE_CATEGORIES or (category == "Zs" and char != " ")


def _decoded_parts(url: QUrl) -> list[str]:
    decoded = QUrl.ComponentFormattingOption.FullyDecoded
    return [url.userName(decoded), url.password(decoded), url.host(decoded), url.path(decoded),
            url.query(decoded), url.fragment(decoded)]


def _script(char: str) -> str | None:
    if not unicodedata.category(char).startswith("L"):
        return None  # digits, hyphens and marks belong to no script of their own
    words = unicodedata.name(char, "UNKNOWN").split()
    while len(words) > 1 and words[0] in _WIDTH_PREFIXES:
        words = words[1:]
    return _SCRIPT_GROUPS.get(words[0], words[0])


def _unicode_label(label: str) -> str:
    if label.lower().startswith("xn--"):
        try:
            return label[4:].encode("ascii").decode("punycode")
        except (UnicodeError, ValueError):
            return label
    return label


def _host_flags(ace_host: str) -> list[Flag]:
    if ":" in ace_host:  # an IPv6 address
        return []
    labels = [_unicode_label(label) for label in ace_host.split(".")]
    flags = []
    if any(not label.isascii() for label in labels) or any(
            label.lower().startswith("xn--") for label in ace_host.split(".")):
        flags.append(Flag.IDN)
    for label in labels:
        scripts = {s for s in map(_script, label) if s is not None}
        if len(scripts) > 1:
            flags.append(Flag.MIXED_SCRIPT)
            break
    return flags


def _elide(text: str, head: int, tail: int) -> str:
    if len(text) <= head + tail + len(ELLIPSIS):
        return text
    return text[:head] + ELLIPSIS + text[-tail:]


def describe_link(url: QUrl, original: str | None = None) -> LinkView:
    """What to show for ``url``. ``original`` is the link's text as written, when the
    caller has it: parsing drops some invisible characters from a host (``ev<U+200B>il``
    becomes ``evil``), so only the original text still shows that someone put them there."""
    encoded = QUrl.ComponentFormattingOption.FullyEncoded
    full = url.toString(encoded)
    scheme = url.scheme().lower()
    ace_host = url.host(encoded)
    host = f"[{ace_host}]" if ":" in ace_host else ace_host
    user_info = url.userInfo(encoded)
    flags: set[Flag] = set()
    texts = [*_decoded_parts(url), *([original] if original is not None else [])]
    if any(is_invisible(char) for text in texts for char in text):
        flags.add(Flag.INVISIBLE)
    if user_info:
        flags.add(Flag.USER_INFO)
    flags.update(_host_flags(ace_host))

    authority = url.authority(encoded)
    prefix = f"{scheme}://{authority}"
    if authority and full.lower().startswith(prefix.lower()):
        rest = full[len(prefix):]
        port = f":{url.port()}" if url.port() != -1 else ""
        user = _elide(user_info, KEEP_USER_INFO // 2, KEEP_USER_INFO // 2)
        shown = f"{scheme}://{user + '@' if user_info else ''}{host}{port}"
        shown += _elide(rest, KEEP_HEAD, KEEP_TAIL)
    else:  # no authority (javascript:, mailto:): nothing to keep whole
        shown = _elide(full, KEEP_HEAD, KEEP_TAIL)
    openable = url.isValid() and scheme in OPENABLE_SCHEMES and bool(ace_host)
    return LinkView(url=full, shown=shown, host=host, user_info=user_info,
                    openable=openable, flags=tuple(f for f in Flag if f in flags))


def find_href(documents: Iterable[QTextDocument], url: QUrl) -> str | None:
    """The ``href`` as written in ``documents`` that became the clicked ``url``
    (``anchorClicked`` gives only the parsed QUrl, from which Qt's IDNA mapping has
    already dropped zero-width characters in the host). Of several, one with invisible
    characters is preferred, so the warning is not lost."""
    found: str | None = None
    for document in documents:
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                href = fragments.fragment().charFormat().anchorHref()
                if href and href != found and QUrl(href) == url:
                    if any(map(is_invisible, href)):
                        return href
                    found = href
                fragments += 1
            block = block.next()
    return found


class LinkConfirmDialog(QDialog):
    """Open or Cancel for one link; Cancel is the default, so Return does not open it."""

    def __init__(self, url: QUrl, original: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkConfirmDialog")
        self.setWindowTitle(self.tr("Open link"))
        self.setMinimumWidth(460)
        self.view = view = describe_link(url, original)

        question = named(QLabel(), "linkQuestion")
        question.setTextFormat(Qt.TextFormat.RichText)
        question.setWordWrap(True)
        sentence = html.escape(self.tr("Open this address in your browser? It goes to {0}"))
        question.setText(sentence.format(
            f"<br><b style='font-size: large'>{html.escape(view.host)}</b>"))
        self.address = named(QPlainTextEdit(), "linkAddress")
        self.address.setReadOnly(True)
        self.address.setPlainText(view.shown)
        self.address.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.address.setMaximumHeight(self.address.fontMetrics().lineSpacing() * 5 + 12)
        self.address.setAccessibleName(self.tr("Address"))
        self.warning = named(QLabel(), "linkWarning")
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setWordWrap(True)
        lines = [self._warning(flag) for flag in view.flags]
        if not view.openable:
            lines.append(self.tr("Links of this kind are not opened."))
        self.warning.setText("\n".join(lines))
        self.warning.setVisible(bool(lines))
        self.warning.setStyleSheet("QLabel { color: #b35900; }")

        buttons = named(QDialogButtonBox(), "linkButtons")
        self.copy_button = named(QPushButton(self.tr("Copy address")), "linkCopy")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self._copy)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button: QPushButton | None = None
        if view.openable:
            self.open_button = named(QPushButton(self.tr("Open")), "linkOpen")
            self.open_button.setAutoDefault(False)  # Return never opens, even when focused
            buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("linkCancel")
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.address)
        layout.addWidget(self.warning)
        layout.addWidget(buttons)
        self.cancel_button.setFocus()

    def _warning(self, flag: Flag) -> str:
        if flag is Flag.INVISIBLE:
            return self.tr("The address contains invisible characters that can make it read "
                           "differently; they are shown encoded (%E2%80%AE and the like).")
        if flag is Flag.USER_INFO:
            return self.tr("The address starts with “{0}@”: that is a user name, not the "
                           "site. The site is {1}.").format(
                _elide(self.view.user_info, KEEP_USER_INFO // 2, KEEP_USER_INFO // 2),
                self.view.host)
        if flag is Flag.IDN:
            return self.tr("The site's name uses international letters; it is shown "
                           "encoded (xn--…), as your browser will look it up.")
        return self.tr("The site's name mixes alphabets (for example Latin and Cyrillic "
                       "letters that look alike): it may imitate another site.")

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.view.url)


def confirm_link(parent: QWidget | None, url: QUrl, original: str | None = None) -> bool:
    """Ask; ``True`` only for an http(s) link the user chose to open. Other schemes are
    refused without asking."""
    if not describe_link(url, original).openable:
        return False
    dialog = LinkConfirmDialog(url, original, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
