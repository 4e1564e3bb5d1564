"""What a user sees when an answer is pathological or costly to render richly: its text,
all of it, and formulas that arrive a moment after the text."""

from __future__ import annotations

import threading
import time

from hypothesis import HealthCheck, given, settings
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QPainter, QTextDocument
from pytestqt.qtbot import QtBot

from app.render.budget import MAX_FORMULA_IMAGES
from app.render.markdown_html import MarkdownRenderer
from app.render.math_typeset import MathTypesetter, load_font
from app.ui.rich_document import RichDocument
from tests.render.hostile import hostile
from tests.render.test_bounds import markdownish


def shown(text: str) -> tuple[QTextDocument, RichDocument]:
    doc = QTextDocument()
    doc.setTextWidth(800)
    rich = RichDocument(doc, MarkdownRenderer(), MathTypesetter())
    rich.set_text(text)
    rich.finish()
    return doc, rich


def plain(doc: QTextDocument) -> str:
    """The document's text as a selection copies it, less the invisible break points."""
    return doc.toPlainText().replace("\u200b", "")


def test_a_pathological_block_is_shown_whole_with_its_markers(qapp: object) -> None:
    text = hostile("strong openers **a", 100_000)
    doc, _ = shown(text)
    # Every character, the markers as typed (a line this long is cut into paragraphs).
    assert plain(doc).split() == text.split()
    assert not any(doc.findBlockByNumber(i).charFormat().fontWeight() > 500
                   for i in range(doc.blockCount()))


def test_markdown_before_a_pathological_block_keeps_its_look(qapp: object) -> None:
    text = "# Title\n\nSome *words*.\n\n" + "[" * 30_000 + "\n"
    doc, _ = shown(text)
    visible = plain(doc)
    assert visible.startswith("Title\nSome words.\n") and visible.count("[") == 30_000
    assert doc.toHtml().count("font-style:italic") >= 1


def is_blank(image: QImage) -> bool:
    return all(image.pixelColor(x, y).alpha() == 0
               for x in range(image.width()) for y in range(image.height()))


def test_formulas_are_placeholders_until_the_event_loop_typesets_them(
    qapp: object, qtbot: QtBot
) -> None:
    typesetter = MathTypesetter()
    typesetter.wait_ready()  # the math font is loaded (see the next test for before)
    doc = QTextDocument()
    rich = RichDocument(doc, MarkdownRenderer(), typesetter)
    rich.set_text("Area $\\pi r^2$ and $\\frac{a}{b}$, but $\\frac{1}{$ stays.\n\n")
    assert rich.math_pending == 2  # laid out at once, formulas to come
    first = doc.resource(QTextDocument.ResourceType.ImageResource, QUrl("math:0"))
    assert isinstance(first, QImage) and is_blank(first)  # room kept for it
    assert "$\\frac{1}{$" in doc.toPlainText()  # unreadable: its source at once
    qtbot.waitUntil(lambda: rich.math_pending == 0)
    for name in ("math:0", "math:1"):
        image = doc.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert isinstance(image, QImage) and not is_blank(image)


def test_before_the_math_font_is_loaded_an_unreadable_formula_ends_as_its_source(
    qapp: object, qtbot: QtBot
) -> None:
    text = "Area $\\pi r^2$, but $\\frac{1}{$ stays, and **this** $\\frac{1}{$ too.\n\n"
    loading = threading.Event()
    doc = QTextDocument()
    rich = RichDocument(doc, MarkdownRenderer(), MathTypesetter(
        load=lambda: (loading.wait(10), load_font())))
    rich.set_text(text)
    assert rich.math_pending == 2  # every formula kept room, on trust
    assert doc.toHtml().count('src="math:') == 3  # the broken one twice, one name
    qtbot.wait(50)  # the event loop runs: nothing to typeset with yet
    assert rich.math_pending == 2 and "frac" not in plain(doc)
    loading.set()  # the font is there
    qtbot.waitUntil(lambda: rich.math_pending == 0)
    assert plain(doc) == "Area \ufffc, but $\\frac{1}{$ stays, and this $\\frac{1}{$ too."
    assert doc.toHtml().count('src="math:') == 1
    image = doc.resource(QTextDocument.ResourceType.ImageResource, QUrl("math:0"))
    assert isinstance(image, QImage) and not is_blank(image)
    rich.set_text(text + "And again $\\frac{1}{$.\n\n")  # later renders: source at once
    assert plain(doc).endswith("And again $\\frac{1}{$.") and rich.math_pending == 0


def test_a_formula_seen_before_is_shown_at_once(qapp: object) -> None:
    typesetter = MathTypesetter()
    for expected in (1, 0):
        doc = QTextDocument()
        rich = RichDocument(doc, MarkdownRenderer(), typesetter)
        rich.set_text("Then $e^{i\\pi} + 1 = 0$.\n\n")
        assert rich.math_pending == expected
        rich.finish_math()


def test_thousands_of_formulas_keep_all_their_text(qapp: object) -> None:
    text = "$x" * 25_000 + "\n"  # 9,000 formulas: beyond the images, their source
    doc, _ = shown(text)
    images = doc.toHtml().count('src="math:')
    assert 0 < images <= MAX_FORMULA_IMAGES
    # Every formula that is not an image is there as its source, the rest as typed.
    assert plain(doc).replace("\ufffc", "$x$").count("x") == 25_000


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture], derandomize=True)
@given(markdownish())
def test_the_window_shows_any_text_a_slice_at_a_time(qapp: object, text: str) -> None:
    """The first slice of any markdown-ish 100 KB into a message's document: ten times
    the 50 ms a slice takes on a quiet machine, for a loaded one."""
    doc = QTextDocument()
    doc.setTextWidth(800)
    rich = RichDocument(doc, MarkdownRenderer(), MathTypesetter())
    started = time.perf_counter()
    rich.set_text(text)
    doc.documentLayout().documentSize()
    assert time.perf_counter() - started < 0.5
    assert rich.inserting or doc.characterCount() > 1 or not text.strip()


def held_typesetter() -> tuple[MathTypesetter, threading.Event]:
    """A typesetter whose math font arrives when the test says so."""
    loading = threading.Event()
    return MathTypesetter(load=lambda: (loading.wait(10), load_font())), loading


def test_a_formula_put_back_as_source_leaves_every_other_formula_its_own_image(
    qapp: object, qtbot: QtBot
) -> None:
    typesetter, loading = held_typesetter()
    doc = QTextDocument()
    rich = RichDocument(doc, MarkdownRenderer(), typesetter)
    first = "Broken $\\frac{1}{$ then $x^2$.\n\n"
    rich.set_text(first)
    loading.set()
    qtbot.waitUntil(lambda: rich.math_pending == 0)
    rich.set_text(first + "New $y^3 + z$.\n\n")  # the answer goes on streaming
    qtbot.waitUntil(lambda: rich.math_pending == 0)
    names = [n for n in ("math:0", "math:1", "math:2") if rich.formula_source(n)]
    assert sorted(rich.formula_source(n) for n in names) == ["$x^2$", "$y^3 + z$"]
    for name in names:
        latex = (rich.formula_source(name) or "").strip("$")
        shown = doc.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        expected = typesetter.image(latex, display=False, pixel_size=rich._style()[0],
                                    color=rich._style()[1])
        assert isinstance(shown, QImage) and expected is not None and shown == expected
    assert "$\\frac{1}{$" in plain(doc)


def test_an_unreadable_formula_shows_its_source_however_fast_the_font_arrives(
    qapp: object, qtbot: QtBot
) -> None:
    load_font()  # already in the process (another view, an export): loading is quick
    for _ in range(20):
        doc = QTextDocument()
        rich = RichDocument(doc, MarkdownRenderer(), MathTypesetter())
        rich.set_text("Broken $\\frac{1}{$ formula and $x^2$.\n\n")
        qtbot.waitUntil(lambda rich=rich: rich.math_pending == 0)
        assert plain(doc).startswith("Broken $\\frac{1}{$ formula and \ufffc")


def test_a_formula_that_recurs_is_laid_out_again_in_every_block_that_shows_it(
    qapp: object, qtbot: QtBot
) -> None:
    text = "Top $\\sum_{k=1}^{n} k^2$ end.\n\nMiddle.\n\nBottom $\\sum_{k=1}^{n} k^2$ end.\n\n"
    typesetter, loading = held_typesetter()
    doc = QTextDocument()
    doc.setTextWidth(800)
    rich = RichDocument(doc, MarkdownRenderer(), typesetter)
    rich.set_text(text)
    loading.set()
    qtbot.waitUntil(lambda: rich.math_pending == 0)
    fresh, _ = shown(text)  # the same, laid out once the image was there
    fresh_rich = RichDocument(fresh, MarkdownRenderer(), typesetter)
    fresh_rich.set_text(text)
    fresh_rich.finish_math()

    def widths(d: QTextDocument) -> list[float]:
        d.documentLayout().documentSize()
        return [round(d.findBlockByNumber(i).layout().lineAt(0).naturalTextWidth())
                for i in range(d.blockCount()) if d.findBlockByNumber(i).text()]

    assert widths(doc) == widths(fresh)


def test_a_rule_is_drawn_as_a_line_across_the_answer(qapp: object) -> None:
    doc, _ = shown("Before the rule.\n\n---\n\nAfter the rule.\n\n$$x^2$$\n\n---\n\nEnd.\n\n")
    image = QImage(800, int(doc.size().height()) + 1, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    doc.drawContents(painter)
    painter.end()
    rule = QColor("#d0d7de")
    lines = [y for y in range(image.height())
             if sum(image.pixelColor(x, y) == rule for x in range(0, 800, 8)) > 80]
    assert len(lines) >= 2 and lines[-1] - lines[0] > 20  # both rules, apart
    assert plain(doc).startswith("Before the rule.") and "End." in plain(doc)
