"""The look: Fusion with a light or dark palette (following the system unless overridden)
and a small stylesheet for the message blocks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

LIGHT = {
    "window": "#f6f7f9", "base": "#ffffff", "text": "#1f2328", "muted": "#656d76",
    "border": "#d8dee4", "user": "#eef4ff", "accent": "#4f46e5", "accent_text": "#ffffff",
    "sidebar": "#eff1f4", "card": "#f6f8fa", "banner": "#fff4d6", "highlight": "#dbe4ff",
    "code": "#f6f8fa", "field": "#ffffff", "field_border": "#c9d1d9", "handle": "#c4cbd3",
    "disabled": "#8c959f",
}
DARK = {
    "window": "#17191c", "base": "#1e2125", "text": "#e6e8eb", "muted": "#9198a1",
    "border": "#30363d", "user": "#23293a", "accent": "#7c7ff2", "accent_text": "#ffffff",
    "sidebar": "#141619", "card": "#262a30", "banner": "#4a3b12", "highlight": "#2f3656",
    "code": "#1c2128", "field": "#262b31", "field_border": "#444c56", "handle": "#3d444d",
    "disabled": "#6e7681",
}


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    if scheme == Qt.ColorScheme.Unknown:
        return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return scheme == Qt.ColorScheme.Dark


def is_dark(theme: str) -> bool:
    return theme == "dark" or (theme == "system" and system_is_dark())


def apply_theme(app: QApplication, theme: str) -> bool:
    """Apply ``theme`` ("system", "light", "dark"); returns whether it is dark."""
    dark = is_dark(theme)
    c = DARK if dark else LIGHT
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: c["window"], QPalette.ColorRole.Base: c["base"],
        QPalette.ColorRole.AlternateBase: c["card"], QPalette.ColorRole.Text: c["text"],
        QPalette.ColorRole.WindowText: c["text"], QPalette.ColorRole.Button: c["base"],
        QPalette.ColorRole.ButtonText: c["text"], QPalette.ColorRole.Highlight: c["accent"],
        QPalette.ColorRole.HighlightedText: c["accent_text"],
        QPalette.ColorRole.PlaceholderText: c["muted"], QPalette.ColorRole.ToolTipBase: c["base"],
        QPalette.ColorRole.ToolTipText: c["text"], QPalette.ColorRole.Link: c["accent"],
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled  # a disabled field must look disabled
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        palette.setColor(disabled, role, QColor(c["disabled"]))
    palette.setColor(disabled, QPalette.ColorRole.Base, QColor(c["window"]))
    palette.setColor(disabled, QPalette.ColorRole.Button, QColor(c["window"]))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setFamilies(["Inter", "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei",
                      "PingFang SC", "sans-serif"])
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    app.setStyleSheet(STYLE.format(**c))
    return dark


STYLE = """
QMainWindow, QDialog {{ background: {window}; }}
#sidebar {{ background: {sidebar}; }}
#paramPanel {{ background: {sidebar}; }}
#messageContainer {{ background: {base}; }}
#messageView {{ border: none; background: {base}; }}
#userMessage {{ background: {user}; border-radius: 12px; }}
#userMessage[highlight="true"], #assistantMessage[highlight="true"] {{
    border: 2px solid {accent}; }}
#assistantMessage {{ background: {base}; border: 1px solid {border}; border-radius: 12px; }}
#roleLabel {{ color: {muted}; font-weight: 600; }}
#messageFooter, #siblingPosition, #keyringNote {{ color: {muted}; }}
#thinkingToggle {{ color: {muted}; border: none; }}
#thinkingText {{ color: {muted}; background: {card}; border-radius: 8px; }}
#toolCallCard {{ background: {card}; border: 1px solid {border}; border-radius: 8px; }}
#toolCallName {{ font-weight: 600; }}
#attachmentChip {{ background: {card}; border: 1px solid {border}; border-radius: 8px; }}
#attachmentInfo {{ color: {muted}; }}
#attachmentTray, #attachmentTrayInner {{ background: transparent; }}
QToolButton#attachmentThumbnail {{ border: 1px solid {border}; border-radius: 6px;
                                  padding: 2px; background: {base}; }}
QToolButton#fileChip {{ border: 1px solid {border}; border-radius: 6px; padding: 3px 8px;
                       background: {card}; }}
#statusText {{ color: {muted}; }}
#retryBanner {{ background: {banner}; border-radius: 8px; }}
#emptyState {{ color: {muted}; font-size: 15px; }}
#panelTitle {{ font-weight: 600; font-size: 14px; }}
#messageColumn {{ background: transparent; }}
#composer {{ background: {base}; border: 1px solid {border}; border-radius: 10px;
            padding: 6px; }}
#composer:focus {{ border: 1px solid {accent}; }}
QPushButton#sendButton, QPushButton#newChatButton, QPushButton#testKeyButton {{
    background: {accent}; color: {accent_text}; border: none; border-radius: 8px;
    padding: 7px 16px; font-weight: 600; }}
QPushButton#sendButton:disabled {{ background: {border}; color: {muted}; }}
QPushButton#stopButton {{ border: 1px solid {border}; border-radius: 8px; padding: 7px 16px; }}
#conversationList, #searchResults {{ border: none; background: transparent; }}
QLineEdit#conversationSearch {{ border: 1px solid {border}; border-radius: 8px; padding: 5px 8px;
                                background: {base}; }}
QToolButton {{ color: {muted}; }}
QToolButton:hover {{ color: {text}; }}
QSplitter::handle {{ background: {border}; }}
QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox {{
    background: {field}; border: 1px solid {field_border}; border-radius: 6px;
    padding: 3px 6px; color: {text}; }}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QAbstractSpinBox:focus {{
    border: 1px solid {accent}; }}
QLineEdit:disabled, QPlainTextEdit:disabled, QComboBox:disabled, QAbstractSpinBox:disabled {{
    background: {window}; color: {disabled}; border: 1px dashed {field_border}; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 0; }}
QScrollBar::handle:vertical {{ background: {handle}; border-radius: 4px; min-height: 24px;
                               margin: 1px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: transparent; }}
QPushButton#status_retry, QPushButton#status_continue, QPushButton#status_fix_key,
QPushButton#status_pick_model, QPushButton#status_fix_params, QPushButton#status_settings {{
    padding: 3px 12px; }}
"""
