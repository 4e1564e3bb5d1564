"""Search hits: the match highlighted, never the store's «» marks; one row per conversation
when its messages matched as well as its title."""

from __future__ import annotations

from app.domain.history import SearchHit
from app.ui.search_hits import dedupe, plain_snippet, snippet_html


def test_matches_are_highlighted_and_the_marks_dropped() -> None:
    html = snippet_html("…我们去«北京»看<长城>，«北京»…", "#ffee00")
    assert "«" not in html and "»" not in html
    assert html.count('background:#ffee00') == 2
    assert "&lt;长城&gt;" in html  # the text itself is escaped, never markup
    assert plain_snippet("a «b» c") == "a b c"


def test_a_title_hit_is_dropped_when_a_message_of_it_matched() -> None:
    hits = [SearchHit("c1", None, "docker", "«docker»", 1),
            SearchHit("c1", "m1", "docker", "run «docker» compose", 1),
            SearchHit("c2", None, "docker notes", "«docker» notes", 1)]
    assert [(h.conversation_id, h.message_id) for h in dedupe(hits)] == [
        ("c1", "m1"), ("c2", None)]
