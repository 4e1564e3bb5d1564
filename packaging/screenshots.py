"""Render the main window with a realistic conversation to PNG: light and dark, in English
and in Simplified Chinese.

    python packaging/screenshots.py [OUTPUT_DIR]

The conversation streams from a local scripted endpoint through the real window, the
same path a user's chat takes; nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.__main__ import scripted_composition  # noqa: E402
from app.services.event_loop import qt_event_loop  # noqa: E402
from app.services.i18n import install_translators  # noqa: E402
from tests.loopback import LoopbackServer, Reply, sse  # noqa: E402

QUESTION = "用 Python 写一个函数，统计一段中文文本里出现最多的 3 个词，并说明复杂度。"
THINKING = ("用户想要统计中文词频。中文没有空格分词，需要用 jieba 之类的分词库；"
            "统计用 collections.Counter，most_common(3) 即可。复杂度是线性的。")
ANSWER = """可以用 `jieba` 分词，再用 `Counter` 计数：

```python
from collections import Counter

import jieba


def top_words(text: str, k: int = 3) -> list[tuple[str, int]]:
    words = [w for w in jieba.cut(text) if len(w) > 1]
    return Counter(words).most_common(k)
```

| 步骤 | 复杂度 |
|---|---|
| 分词 | O(n) |
| 计数 | O(n) |
| 取前 k 个 | O(m log k) |

- **n** 是文本长度，**m** 是不同词的个数。
- 过滤单字词可以去掉“的”“了”等虚词。
"""


MATH_QUESTION = "解释一下二次方程的求根公式。"
MATH_THINKING = "用户想了解求根公式，给出推导要点和判别式的含义。"
MATH_ANSWER = r"""对方程 $ax^2 + bx + c = 0$（$a \ne 0$），配方可得：

$$x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}$$

其中判别式 $\Delta = b^2 - 4ac$ 决定根的情况：

- $\Delta > 0$：两个不同的实根；
- $\Delta = 0$：一个重根 $x = -\frac{b}{2a}$；
- $\Delta < 0$：一对共轭复根。

例如 $x^2 - 5x + 6 = 0$ 的根是 $x_1 = 2$、$x_2 = 3$，而一杯咖啡 $5 不是公式。
"""


def answer_stream(thinking: str = THINKING, answer: str = ANSWER) -> bytes:
    chunks: list[object] = []
    for i in range(0, len(thinking), 6):
        chunks.append({"model": "deepseek-ai/DeepSeek-R1", "choices": [
            {"index": 0, "delta": {"reasoning_content": thinking[i:i + 6], "content": None}}]})
    for i in range(0, len(answer), 8):
        chunks.append({"model": "deepseek-ai/DeepSeek-R1", "choices": [
            {"index": 0, "delta": {"content": answer[i:i + 8]}}]})
    chunks.append({"model": "deepseek-ai/DeepSeek-R1", "choices": [
        {"index": 0, "delta": {}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 38, "completion_tokens": 412, "total_tokens": 450,
                  "completion_tokens_details": {"reasoning_tokens": 96}}})
    return sse(*chunks)


async def shoot(app: QApplication, out: Path, theme: str, server: LoopbackServer,
                name: str = "window", question: str = QUESTION, thinking: str = THINKING,
                answer_text: str = ANSWER) -> Path:
    data = Path(tempfile.mkdtemp(prefix="silicondesk-shot-"))
    async with httpx.AsyncClient() as http:
        parts = scripted_composition(
            app, data, server.url, http, theme=theme,
            default_params={"model": "deepseek-ai/DeepSeek-R1", "stream": True,
                            "temperature": 0.6})
        window = parts.window
        window.show()
        for title in ("旅行计划：北京三日游", "Docker compose 日志排查", "周报润色"):
            conv = parts.store.create_conversation(title=title)
            parts.store.set_folder(conv.id, "工作" if "Docker" in title else "")
        window.sidebar.refresh()
        window.navigator.new_chat()
        body = answer_stream(thinking, answer_text)
        server.queue(Reply(pieces=[body[i:i + 250] for i in range(0, len(body), 250)],
                           delay=0.12))
        window.composer.setPlainText(question)
        window.composer.submit()
        await parts.chat.wait()
        await asyncio.sleep(0.3)
        answer = list(window.view.widgets.values())[-1]
        answer.thinking.set_open(True)
        await asyncio.sleep(0.2)
        target = out / f"{name}-{theme}.png"
        window.grab().save(str(target))
        window.close()
        await parts.aclose()
    return target


ATTACH_QUESTION = "这张截图里的设置对吗？另外帮我看看这个配置文件。"
ATTACH_ANSWER = """截图里 **代理** 设为“系统”，但配置文件里写的是 `socks5://127.0.0.1:1080`，两者不一致：

1. 如果要走本地代理，把设置改为“手动”并填写同一地址；
2. 否则删掉配置文件中的 `proxy` 一行。

`timeout = 5` 也偏短，流式回答建议 300 秒。
"""
CONFIG = "[network]\nproxy = \"socks5://127.0.0.1:1080\"\ntimeout = 5\n"


async def shoot_attachments(app: QApplication, out: Path, theme: str,
                            server: LoopbackServer) -> Path:
    """A question with a screenshot and a file, answered; a photo waits in the tray."""
    from tests.attach_files import photo_jpeg, screenshot_png

    data = Path(tempfile.mkdtemp(prefix="silicondesk-shot-"))
    shot, config, photo = data / "设置截图.png", data / "config.toml", data / "IMG_2041.jpg"
    shot.write_bytes(screenshot_png(1600, 1000))
    config.write_text(CONFIG, encoding="utf-8")
    photo.write_bytes(photo_jpeg(1200, 800, gps=False))
    async with httpx.AsyncClient() as http:
        parts = scripted_composition(
            app, data, server.url, http, theme=theme,
            default_params={"model": "Qwen/Qwen2.5-VL-72B-Instruct", "stream": True})
        window = parts.window
        window.show()
        window.navigator.new_chat()
        window.attach.attach_paths([shot, config])
        await parts.attacher.wait()
        body = answer_stream("", ATTACH_ANSWER)
        server.queue(Reply(pieces=[body[i:i + 250] for i in range(0, len(body), 250)],
                           delay=0.05))
        window.composer.setPlainText(ATTACH_QUESTION)
        window.composer.submit()
        await parts.chat.wait()
        window.attach.attach_paths([photo])
        await parts.attacher.wait()
        window.composer.setPlainText("再看看这张照片")
        await asyncio.sleep(0.3)
        target = out / f"attachments-{theme}.png"
        window.grab().save(str(target))
        window.close()
        await parts.aclose()
    return target


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    server = LoopbackServer().start()
    server.default = Reply.json(200, json.loads('{"object": "list", "data": []}'))
    with qt_event_loop(app) as loop:
        for theme in ("light", "dark"):
            print(loop.run_until_complete(shoot(app, out, theme, server)))
            print(loop.run_until_complete(shoot(app, out, theme, server, "math", MATH_QUESTION,
                                                MATH_THINKING, MATH_ANSWER)))
        translators = install_translators(app, "zh_CN")
        for theme in ("light", "dark"):
            print(loop.run_until_complete(shoot(app, out, theme, server, "window-zh_CN")))
            print(loop.run_until_complete(shoot_attachments(app, out, theme, server)))
        for translator in translators:
            app.removeTranslator(translator)
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
