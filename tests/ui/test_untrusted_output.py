"""Model output is untrusted: a hostile answer fetches nothing, reads nothing, runs nothing."""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from app.render.markdown_html import render_markdown
from tests.loopback import LoopbackServer, Reply, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]


def hostile(image_server: str, fifo: Path) -> str:
    rows = "\n".join(f"| {i} | {'x' * 20} |" for i in range(3000))
    return f"""# Hostile

<script>alert('x')</script>
<img src="{image_server}/remote.png"> ![remote]({image_server}/md.png)
![local](file:///etc/passwd) ![abs](/etc/passwd) <img src="{fifo}">
![fifo]({fifo})
[js](javascript:alert(1)) [file](file:///etc/passwd) [smb](smb://evil/share)
[ok](https://example.org/page?q=1)
<a href="https://example.org/raw">raw html link</a>
<iframe src="{image_server}/frame"></iframe>

| n | v |
|---|---|
{rows}
"""


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.png"
    os.mkfifo(path)
    return path


def nobody_reads(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as err:
        return err.errno == errno.ENXIO  # no reader has the FIFO open
    os.close(fd)
    return False


def test_sanitised_html_has_no_active_content(fifo: Path) -> None:
    html = render_markdown(hostile("http://127.0.0.1:9", fifo))
    for bad in ("<script", "<img", "<iframe", "javascript:", "file:", "smb:", "/etc/passwd\""):
        assert bad not in html, bad
    assert 'href="https://example.org/page?q=1"' in html
    assert "&lt;script&gt;" in html  # shown as text
    assert "table cut at 500 rows" in html


def test_hostile_answer_causes_no_request_no_read_no_hang(
    make_app: AppFactory, server: LoopbackServer, fifo: Path
) -> None:
    images = LoopbackServer().start()
    try:
        app = make_app()
        text = hostile(images.url, fifo)
        body = sse({"choices": [{"index": 0, "delta": {"content": text}}]},
                   {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        server.queue(Reply(pieces=[body[i:i + 4096] for i in range(0, len(body), 4096)]))
        started = time.monotonic()
        app.send("be evil")
        app.wait_turn(timeout=30)
        app.pump(0.3)
        answer = list(app.window.view.widgets.values())[-1]
        answer.grab()  # paint it: painting must not load anything either
        assert time.monotonic() - started < 20
        assert images.requests == []
        assert nobody_reads(fifo)
        shown = answer.body.toPlainText()
        assert "<script>alert('x')</script>" in shown  # raw HTML is shown as text
        assert "[image: local]" in shown
    finally:
        images.stop()


def test_only_confirmed_http_links_open(make_app: AppFactory) -> None:
    app = make_app()
    for link in ("javascript:alert(1)", "file:///etc/passwd", "smb://evil/share",
                 "ms-msdt:/id", "https://evil.example/x"):
        app.window.messages.open_link(QUrl(link))
    app.prompter.open_answer = True
    app.window.messages.open_link(QUrl("https://example.org/page?q=1"))
    assert app.prompter.asked == ["open https://evil.example/x",
                                  "open https://example.org/page?q=1"]
    assert app.prompter.opened == ["https://example.org/page?q=1"]  # the declined one stays shut
