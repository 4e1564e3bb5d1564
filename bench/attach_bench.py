"""Attaching a 24-megapixel photo and a 6000×4000 PNG: how long preparing takes (in a
worker thread) and how late the GUI thread's event loop runs meanwhile, through the
real window (the file goes in by the Attach… path, the chip gets its thumbnail).

    python bench/attach_bench.py
"""

from __future__ import annotations

import asyncio
import io
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
from common import Row
from PIL import Image
from PySide6.QtWidgets import QApplication
from streaming import Heartbeat, percentile

from app.__main__ import scripted_composition
from app.services.event_loop import qt_event_loop
from tests.attach_files import photo_jpeg


def big_png(width: int, height: int) -> bytes:
    noise = Image.effect_noise((width // 4, height // 4), 40).convert("RGB")
    out = io.BytesIO()
    noise.resize((width, height)).save(out, "PNG", compress_level=1)
    return out.getvalue()


async def attach_once(app: QApplication, path: Path) -> dict[str, float]:
    data = Path(tempfile.mkdtemp(prefix="silicondesk-bench-"))
    async with httpx.AsyncClient() as http:
        parts = scripted_composition(app, data, "http://127.0.0.1:9/v1", http)
        window = parts.window
        window.show()
        await asyncio.sleep(0.2)
        beat = Heartbeat()
        beat.start()
        started = time.perf_counter()
        window.attach.attach_paths([path])
        await parts.attacher.wait()
        await asyncio.sleep(0)  # the chip's thumbnail is made on the GUI thread
        seconds = time.perf_counter() - started
        await asyncio.sleep(0.05)
        beat.stop()
        assert window.attach.draft(), "the attachment was refused"
        window.close()
        await parts.aclose()
    return {"seconds": seconds, "p99": percentile(beat.late, 0.99), "max": max(beat.late)}


def rows() -> tuple[list[Row], list[str]]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    out: list[Row] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        photo = Path(tmp) / "IMG_24MP.jpg"
        photo.write_bytes(photo_jpeg(6000, 4000))
        png = Path(tmp) / "poster.png"
        png.write_bytes(big_png(6000, 4000))
        with qt_event_loop(app) as loop:
            for label, path in (("24-MP JPEG photo", photo), ("6000×4000 PNG", png)):
                runs = [loop.run_until_complete(attach_once(app, path)) for _ in range(3)]
                worst = max(runs, key=lambda r: r["p99"])
                notes.append(f"attach {label} ({path.stat().st_size / 1e6:.1f} MB): "
                             f"ready in {min(r['seconds'] for r in runs):.2f}–"
                             f"{max(r['seconds'] for r in runs):.2f} s; lateness p99 "
                             f"{worst['p99']:.1f} ms, max {worst['max']:.1f} ms (3 runs)")
                out.append(Row(f"attach {label}: loop lateness p99", worst["p99"], 16.0, "ms"))
    return out, notes


if __name__ == "__main__":
    result, said = rows()
    for line in said:
        print(line)
    for row in result:
        print(row.line())
