"""The chat controller through a real loopback server: what is stored, when, and with what."""

from __future__ import annotations

import json

from app.domain.chat import Role
from app.domain.history import Status
from tests.loopback import CAPTURES, LoopbackServer, Reply, Request, sse
from tests.services.conftest import Rig


def chunk(text: str = "", finish: str | None = None, index: int = 0, reasoning: str = "",
          usage: dict[str, int] | None = None) -> dict[str, object]:
    delta: dict[str, object] = {"content": text or None}
    if reasoning:
        delta["reasoning_content"] = reasoning
    out: dict[str, object] = {"id": "x", "model": "Qwen/Qwen3-8B", "choices": [
        {"index": index, "delta": delta, "finish_reason": finish}]}
    if usage:
        out["usage"] = usage
    return out


def new_chat(rig: Rig, **params: object) -> str:
    return rig.store.create_conversation(params={"model": "Qwen/Qwen3-8B", "stream": True,
                                                 **params}).id


def test_user_message_is_stored_before_the_request(rig: Rig, server: LoopbackServer) -> None:
    cid = new_chat(rig)
    seen_in_store: list[list[str]] = []

    def reply(request: Request) -> Reply:
        seen_in_store.append([m.content for m in rig.store.messages(cid)])
        return Reply(pieces=[sse(chunk("你好", "stop"))])

    server.queue(reply)
    rig.controller.send(cid, "你好吗？")
    rig.run()
    assert seen_in_store == [["你好吗？"]]
    body = server.requests[0].json()
    assert body["messages"] == [{"role": "user", "content": "你好吗？"}]
    assert server.requests[0].headers["authorization"].startswith("Bearer ")


def test_streamed_answer_is_stored_complete_with_its_record(
    rig: Rig, server: LoopbackServer
) -> None:
    cid = new_chat(rig, temperature=0.2)
    rig.store.set_system_prompt(cid, "Be brief.")
    server.queue(Reply(pieces=[(CAPTURES / "sf-deepseek-r1-reasoning.sse").read_bytes()]))
    updates: list[str] = []
    finished: list[str] = []
    rig.runner.answer_updated.connect(lambda snap: updates.append(snap.message_id))
    rig.runner.answer_finished.connect(lambda snap: finished.append(snap.content))
    rig.controller.send(cid, "hi")
    rig.run()
    user, answer = rig.store.messages(cid)
    assert answer.parent_id == user.id and answer.status is Status.COMPLETE
    assert answer.content == "\nHello! How can I assist you today? 😊"
    assert answer.reasoning_content.endswith("greeting.\n")
    assert answer.usage == {"prompt_tokens": 294, "completion_tokens": 51, "total_tokens": 345,
                            "reasoning_tokens": 38}
    assert answer.params == {"model": "Qwen/Qwen3-8B", "stream": True, "temperature": 0.2}
    assert answer.model == "deepseek-ai/DeepSeek-R1"  # as the server named it
    assert answer.timings is not None and "ttft" in answer.timings
    assert answer.timings["thinking_seconds"] >= 0
    assert server.requests[0].json()["messages"][0] == {"role": "system", "content": "Be brief."}
    assert len(updates) < 24  # coalesced per frame, not per delta
    assert finished == [answer.content]  # the final snapshot is what was stored
    assert rig.store.conversation(cid).current_leaf_id == answer.id


def test_stop_keeps_the_partial_answer(rig: Rig, server: LoopbackServer) -> None:
    cid = new_chat(rig)
    server.queue(Reply(pieces=[sse(chunk(f"{i} "), done=False) for i in range(100)], delay=0.03))
    rig.runner.answer_updated.connect(lambda _snap: rig.controller.stop(cid))
    rig.controller.send(cid, "count")
    rig.run()
    answer = rig.store.messages(cid)[-1]
    assert answer.status is Status.STOPPED
    assert answer.content.startswith("0 ") and len(answer.content) < 100


def test_auth_failure_is_kept_and_leads_to_the_key(rig: Rig, server: LoopbackServer) -> None:
    cid = new_chat(rig)
    server.queue(Reply.json(401, "Invalid token"))
    failed: list[str] = []
    rig.runner.auth_failed.connect(failed.append)
    rig.controller.send(cid, "my question")
    rig.run()
    user, answer = rig.store.messages(cid)
    assert user.content == "my question"  # what the user typed is still there
    assert answer.status is Status.ERROR
    assert answer.error is not None and answer.error["type"] == "AuthenticationFailed"
    assert "Invalid token" in answer.error["message"]
    assert failed == ["command-line"]


def test_dropped_connection_keeps_what_arrived(rig: Rig, server: LoopbackServer) -> None:
    cid = new_chat(rig)
    server.queue(Reply(pieces=[sse(chunk("部分回答"), done=False)], abort=True))
    rig.controller.send(cid, "q")
    rig.run()
    answer = rig.store.messages(cid)[-1]
    assert answer.status is Status.INTERRUPTED and answer.content == "部分回答"
    assert answer.error is not None and answer.error["type"] == "StreamInterrupted"


def test_retry_wait_is_announced(rig: Rig, server: LoopbackServer) -> None:
    cid = new_chat(rig)
    server.queue(Reply.json(429, {"message": "TPM limit reached."}, {"Retry-After": "0"}),
                 Reply(pieces=[sse(chunk("ok", "stop"))]))
    waits: list[tuple[str, float, str]] = []
    rig.runner.retry_scheduled.connect(
        lambda c, s, e: waits.append((c, s, e["message"])))
    rig.controller.send(cid, "q")
    rig.run()
    assert waits and waits[0][0] == cid and "TPM" in waits[0][2]
    assert rig.store.messages(cid)[-1].content == "ok"


def test_n_choices_become_siblings(rig: Rig, server: LoopbackServer) -> None:
    cid = new_chat(rig, n=2)
    server.queue(Reply(pieces=[sse(chunk("A", index=0), chunk("B", index=1),
                                   chunk("", "stop", 0), chunk("", "stop", 1))]))
    rig.controller.send(cid, "q")
    rig.run()
    user, first, second = rig.store.messages(cid)
    assert (first.content, second.content) == ("A", "B")
    assert first.parent_id == second.parent_id == user.id
    assert rig.store.conversation(cid).current_leaf_id == first.id


def test_regenerate_and_edit_make_branches(rig: Rig, server: LoopbackServer) -> None:
    cid = new_chat(rig)
    server.queue(*[Reply(pieces=[sse(chunk(t, "stop"))]) for t in ("one", "two", "three")])
    rig.controller.send(cid, "first question")
    rig.run()
    user, one = rig.store.messages(cid)
    rig.controller.regenerate(one.id)
    rig.run()
    rig.controller.edit_and_resend(user.id, "edited question")
    rig.run()
    messages = rig.store.messages(cid)
    assert [m.content for m in messages] == ["first question", "one", "two", "edited question",
                                             "three"]
    assert messages[2].parent_id == user.id  # a sibling of "one"
    assert messages[3].parent_id is None  # a sibling of the first question
    assert server.requests[2].json()["messages"] == [{"role": "user",
                                                      "content": "edited question"}]


def test_tool_results_continue_with_the_right_call_id(rig: Rig, server: LoopbackServer) -> None:
    cid = new_chat(rig)
    server.queue(Reply(pieces=[(CAPTURES / "sf-kimi-toolcall-reconstructed.sse").read_bytes()]),
                 Reply(pieces=[sse(chunk("The report says hi.", "stop"))]))
    rig.controller.send(cid, "summarise /tmp/report.pdf")
    rig.run()
    answer = rig.store.messages(cid)[-1]
    assert answer.tool_calls[0].id == "functions.files_extract:0"
    rig.controller.submit_tool_results(answer.id, {"functions.files_extract:0": "hi"})
    rig.run()
    sent = server.requests[1].json()["messages"]
    assert sent[1]["tool_calls"][0]["id"] == "functions.files_extract:0"
    assert sent[1]["content"] is None
    assert sent[2] == {"role": "tool", "content": "hi", "tool_call_id": "functions.files_extract:0"}
    assert rig.store.messages(cid)[-1].content == "The report says hi."
    assert json.loads(sent[1]["tool_calls"][0]["function"]["arguments"]) == {
        "path": "/tmp/report.pdf"}


def test_invalid_params_send_nothing(rig: Rig, server: LoopbackServer) -> None:
    cid = new_chat(rig, max_tokens=0)
    problems: list[object] = []
    rig.controller.invalid_params.connect(lambda c, p: problems.extend(p))
    rig.controller.send(cid, "q")
    rig.run()
    assert server.requests == []
    assert [p.field for p in problems] == ["max_tokens"]  # type: ignore[attr-defined]
    assert [m.role for m in rig.store.messages(cid)] == [Role.USER]  # the text is kept
