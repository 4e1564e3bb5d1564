"""``silicondesk lab`` as a script runs it: a subprocess against the loopback server.
Its JSON and CSV carry exactly what was posted and streamed; the run is in the export."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.loopback import LoopbackServer, Reply, Request, sse

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-lab-cli-0123456789"


@dataclass
class Done:
    returncode: int
    raw: bytes  # stdout as written
    stderr: str

    @property
    def stdout(self) -> str:
        return self.raw.decode("utf-8")


def silicondesk(*args: str, data_dir: Path) -> Done:
    env = {**os.environ, "SILICONFLOW_API_KEY": KEY, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("SILICONFLOW_BASE_URL", None)
    where = [*args[:1], "--data-dir", str(data_dir), *args[1:]]  # after the subcommand
    if args[0] == "--base-url":  # ... or before it, as the window takes it
        where = ["--data-dir", str(data_dir), *args]
    done = subprocess.run([sys.executable, "-m", "app", *where],
                          capture_output=True, cwd=ROOT, env=env, timeout=60, check=False)
    return Done(done.returncode, done.stdout, done.stderr.decode("utf-8", "replace"))


def pieces_for(t: Any) -> tuple[list[str], list[str]]:
    """What the server streams for temperature ``t``: reasoning, then content pieces with
    the characters a CSV or JSON writer could get wrong."""
    return ([f"想 {t}", "…\n"], [f'答 "{t}", ', "line\r\ntwo,", " 🙂\t end"])


def streamed(request: Request) -> Reply:
    body = request.json()
    t = body.get("temperature")
    if t == 1.99:
        return Reply.json(400, {"code": 20015, "message": "temperature too high",
                                "data": None})
    reasoning, content = pieces_for(t)
    chunks: list[Any] = [{"id": "c", "model": body["model"], "choices": [
        {"index": 0, "delta": {"content": None, "reasoning_content": r}}]} for r in reasoning]
    chunks += [{"id": "c", "model": body["model"], "choices": [
        {"index": 0, "delta": {"content": c}, "finish_reason": None}]} for c in content]
    chunks.append({"id": "c", "model": body["model"], "choices": [
        {"index": 0, "delta": {}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 9, "total_tokens": 14,
                  "completion_tokens_details": {"reasoning_tokens": 3}}})
    return Reply(pieces=[sse(c, done=False) for c in chunks] + [b"data: [DONE]\n\n"])


def serve(server: LoopbackServer, count: int) -> None:
    lock = threading.Lock()

    def locked(request: Request) -> Reply:
        with lock:
            return streamed(request)

    server.queue(*([locked] * count))


def posted(server: LoopbackServer) -> dict[Any, dict[str, Any]]:
    """The fields of each request, by temperature, without the messages."""
    out = {}
    for r in server.requests:
        body = r.json()
        body.pop("messages")
        out[body.get("temperature")] = body
    return out


def test_json_and_csv_carry_what_was_posted_and_streamed(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve(server, 3)
    out = tmp_path / "run.json"
    done = silicondesk("--base-url", server.url, "lab", "比较一下", "--arm",
                       "model=Qwen/Qwen3-8B,temperature=0.25,seed=7",
                       "--arm", "model=Qwen/Qwen3-8B,temperature=1.5,top_k=20,logprobs=true,"
                       "top_logprobs=2", "--arm", 'model=m2,temperature=1,stop=["a,b","c"]',
                       "-o", str(out), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert ": 3 requests\n" in done.stderr and "arm 3 done" in done.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    sent = posted(server)
    assert [r["arm"] for r in rows] == [1, 2, 3]
    for row in rows:
        t = row["params"]["temperature"]
        assert row["params"] == sent[t]  # the fields exactly as posted, in their order
        assert list(row["params"]) == list(sent[t])
        reasoning, content = pieces_for(t)
        assert row["text"] == "".join(content) and row["reasoning"] == "".join(reasoning)
        assert (row["finish_reason"], row["status"], row["error"]) == ("stop", "complete", None)
        assert row["usage"] == {"prompt_tokens": 5, "completion_tokens": 9, "total_tokens": 14,
                                "reasoning_tokens": 3}
        assert set(row["timings"]) >= {"ttft", "total_seconds"}
    # Each arm starts from the new conversation's parameters (the default: model, stream).
    assert sent[0.25] == {"model": "Qwen/Qwen3-8B", "stream": True, "temperature": 0.25,
                          "seed": 7}
    assert sent[1.5] == {"model": "Qwen/Qwen3-8B", "stream": True, "temperature": 1.5,
                         "top_k": 20, "logprobs": True, "top_logprobs": 2}
    assert sent[1] == {"model": "m2", "stream": True, "stop": ["a,b", "c"], "temperature": 1}
    assert list(rows[0]) == ["arm", "params", "text", "reasoning", "finish_reason", "status",
                             "error", "usage", "timings"]

    # CSV: the same rows, params spread into a column per field.
    serve(server, 3)
    server.requests.clear()
    done = silicondesk("--base-url", server.url, "lab", "比较一下", "--format", "csv",
                       "--arm", "model=Qwen/Qwen3-8B,temperature=0.25,seed=7",
                       "--arm", "model=Qwen/Qwen3-8B,temperature=1.5,top_k=20",
                       data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout, newline="")))
    assert list(table[0]) == ["arm", "model", "stream", "temperature", "seed", "top_k", "text",
                              "reasoning", "finish_reason", "status", "error", "usage",
                              "timings"]
    for line, t in zip(table, (0.25, 1.5), strict=True):
        assert line["temperature"] == str(t)
        assert line["text"] == "".join(pieces_for(t)[1])  # \r\n, quotes, commas intact
        assert line["reasoning"] == "".join(pieces_for(t)[0])
    assert (table[0]["seed"], table[0]["top_k"]) == ("7", "")
    assert (table[1]["seed"], table[1]["top_k"]) == ("", "20")

    # Both runs are in the history's export, with their arms.
    export = silicondesk("export", data_dir=tmp_path)
    data = json.loads(export.stdout)
    runs = [run for conv in data["conversations"] for run in conv.get("lab_runs", [])]
    assert len(runs) == 2
    assert [a["params"]["temperature"] for a in runs[0]["arms"]] == [0.25, 1.5, 1]
    assert all(len(a["answers"]) == 1 for run in runs for a in run["arms"])
    # ... and survive export → import → export byte for byte.
    other = tmp_path / "other"
    (tmp_path / "export.json").write_bytes(export.raw)
    assert silicondesk("import", str(tmp_path / "export.json"), data_dir=other).returncode == 0
    assert silicondesk("export", data_dir=other).raw == export.raw


def test_a_failed_arm_is_a_row_that_says_why_and_the_exit_is_nonzero(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve(server, 2)
    done = silicondesk("--base-url", server.url, "lab", "hi", "--arm", "model=m,temperature=1.99",
                       "--arm", "model=m,temperature=0.5", data_dir=tmp_path)
    assert done.returncode == 1
    rows = json.loads(done.stdout)
    assert [(r["arm"], r["status"]) for r in rows] == [(1, "error"), (2, "complete")]
    assert "temperature too high" in rows[0]["error"]["message"]
    assert "arm 1 failed" in done.stderr and "temperature too high" in done.stderr


def test_more_than_eight_requests_are_not_sent_without_yes(
    server: LoopbackServer, tmp_path: Path
) -> None:
    done = silicondesk("--base-url", server.url, "lab", "hi", "--arm", "model=m",
                       "--sweep", "temperature=0,0.5,1,1.5,2", "--samples", "2",
                       data_dir=tmp_path)
    assert done.returncode == 2 and "posts 10 requests" in done.stderr
    assert server.requests == []


def test_an_arm_out_of_range_is_refused_before_anything_is_sent(
    server: LoopbackServer, tmp_path: Path
) -> None:
    done = silicondesk("--base-url", server.url, "lab", "hi", "--arm", "model=m,temperature=9.5",
                       "--arm", "model=m,temperature=0.5", data_dir=tmp_path)
    assert done.returncode == 2 and "arm 1: temperature" in done.stderr
    assert server.requests == []
