"""Token probabilities end to end over the loopback server: the captured llama.cpp stream
is stored token by token, a model that refuses the fields is asked once more without them
(and remembered), and "continue with this token" posts the right prefix."""

from __future__ import annotations

import json

from app.domain.history import Role, Status
from app.domain.logprobs import decode, parse_choice, pieces
from app.services.continuation import INSTRUCTION
from app.storage.export import export_json
from app.storage.importer import import_into
from tests.loopback import LoopbackServer, Reply, capture, sse
from tests.services.conftest import Rig
from tests.services.test_chat import chunk, new_chat

CAPTURED = "llamacpp-logprobs.sse"


def sent_tokens() -> list[dict[str, object]]:
    """What the captured stream sent: every ``logprobs.content`` entry, in order."""
    out: list[dict[str, object]] = []
    for line in capture(CAPTURED).decode().splitlines():
        if line.startswith("data: {"):
            for choice in json.loads(line[6:])["choices"]:
                out += (choice.get("logprobs") or {}).get("content") or []
    return out


def same(stored: list[dict[str, object]], sent: list[dict[str, object]]) -> None:
    """Token by token: the text, bytes and alternatives as sent; log-probabilities to the
    6 decimal places they are kept to."""
    assert len(stored) == len(sent)
    for a, b in zip(stored, sent, strict=True):
        assert a["token"] == b["token"] and a["bytes"] == b["bytes"]
        assert abs(a["logprob"] - b["logprob"]) <= 5e-7  # type: ignore[operator]
        tops_a, tops_b = a["top_logprobs"], b["top_logprobs"]
        assert isinstance(tops_a, list) and isinstance(tops_b, list)
        assert [t["token"] for t in tops_a] == [t["token"] for t in tops_b]
        assert all(abs(x["logprob"] - y["logprob"]) <= 5e-7
                   for x, y in zip(tops_a, tops_b, strict=True))


def probabilities_chat(rig: Rig) -> str:
    return new_chat(rig, logprobs=True, top_logprobs=3)


def test_the_captured_llamacpp_stream_is_stored_token_by_token(
    rig: Rig, server: LoopbackServer
) -> None:
    cid = probabilities_chat(rig)
    server.queue(Reply(pieces=[capture(CAPTURED)]))
    rig.controller.send(cid, "Name colours")
    rig.run()
    body = server.requests[-1].json()
    assert body["logprobs"] is True and body["top_logprobs"] == 3
    answer = rig.store.messages(cid)[-1]
    assert answer.status is Status.COMPLETE
    tokens = decode(rig.store.logprobs(answer.id))
    from app.domain.logprobs import to_api
    same(to_api(tokens), sent_tokens())
    assert "".join(p.text for p in pieces(tokens)) == answer.content
    mean = sum(t.logprob for t in tokens) / len(tokens)
    assert answer.timings is not None and abs(answer.timings["logprob_mean"] - mean) < 1e-4
    # Exported in the API's shape, and imported back as it was.
    exported = json.loads(export_json(rig.store, cid))
    message = exported["conversations"][0]["messages"][-1]
    same(message["logprobs"], sent_tokens())
    assert "logprobs" not in exported["conversations"][0]["messages"][0]  # the question


def test_an_export_with_probabilities_imports_them(
    rig: Rig, server: LoopbackServer, tmp_path: object
) -> None:
    cid = probabilities_chat(rig)
    server.queue(Reply(pieces=[capture(CAPTURED)]))
    rig.controller.send(cid, "Name colours")
    rig.run()
    raw = export_json(rig.store, cid)
    answer_id = rig.store.messages(cid)[-1].id
    stored = rig.store.logprobs(answer_id)
    rig.store.delete_conversation(cid)
    rig.store.purge_deleted()
    data = json.loads(raw)
    for m in data["conversations"][0]["messages"]:  # an older file without the mean
        (m.get("timings") or {}).pop("logprob_mean", None)
    import_into(rig.store, json.dumps(data).encode())
    assert rig.store.logprobs(answer_id) == stored
    timings = rig.store.message(answer_id).timings
    assert timings is not None and "logprob_mean" in timings


def refusal(parameter: str) -> Reply:
    return Reply.json(400, {"code": 20015,
                            "message": f"The model does not support parameter {parameter}."})


def test_a_refused_field_is_retried_once_without_it_and_remembered(
    rig: Rig, server: LoopbackServer
) -> None:
    cid = probabilities_chat(rig)
    refused: list[tuple[str, str, str, str]] = []
    rig.controller.logprobs_refused.connect(lambda *a: refused.append(a))
    server.queue(refusal("top_logprobs"), Reply(pieces=[sse(chunk("Hello", "stop"))]))
    rig.controller.send(cid, "Hi")
    rig.run()
    first, second = (r.json() for r in server.requests[-2:])
    assert first["top_logprobs"] == 3 and first["logprobs"] is True
    assert "logprobs" not in second and "top_logprobs" not in second
    answer = rig.store.messages(cid)[-1]
    assert answer.status is Status.COMPLETE and answer.content == "Hello"
    assert len(server.requests) == 2  # once, not in a loop
    assert refused and refused[0][2] == "Qwen/Qwen3-8B" and refused[0][3] == "top_logprobs"
    # The next answer from that model is asked without them at once.
    server.queue(Reply(pieces=[sse(chunk("Again", "stop"))]))
    rig.controller.send(cid, "Once more")
    rig.run()
    assert len(server.requests) == 3
    assert "top_logprobs" not in server.requests[-1].json()


def test_a_second_refusal_is_not_retried_again(rig: Rig, server: LoopbackServer) -> None:
    cid = probabilities_chat(rig)
    server.queue(refusal("logprobs"), refusal("logprobs"))
    rig.controller.send(cid, "Hi")
    rig.run()
    assert len(server.requests) == 2
    assert rig.store.messages(cid)[-1].status is Status.ERROR


def test_continue_with_this_token_posts_the_prefix_and_makes_a_sibling(
    rig: Rig, server: LoopbackServer
) -> None:
    cid = probabilities_chat(rig)
    server.queue(Reply(pieces=[capture(CAPTURED)]))
    rig.controller.send(cid, "Name colours")
    rig.run()
    old = rig.store.messages(cid)[-1]
    tokens = decode(rig.store.logprobs(old.id))
    # Token 2 is " Golden"; its first alternative is " Red".
    assert tokens[2].token == " Golden" and tokens[2].top[0].token == " Red"
    server.queue(Reply(pieces=[sse(chunk(" and Blue", "stop"))]))
    assert rig.controller.continue_with_token(old.id, 2, 0)
    rig.run()
    body = server.requests[-1].json()
    assert body["messages"][-2:] == [{"role": "assistant", "content": "1. Red"},
                                     {"role": "user", "content": INSTRUCTION}]
    assert body["top_logprobs"] == 3  # the parameters of the answer it started from
    messages = rig.store.messages(cid)
    new = messages[-1]
    assert [m.role for m in messages] == [Role.USER, Role.ASSISTANT, Role.ASSISTANT]
    assert new.parent_id == old.parent_id and new.content == "1. Red and Blue"
    assert rig.store.conversation(cid).current_leaf_id == new.id
    assert old.content == rig.store.message(old.id).content  # the first answer stays
    assert not rig.controller.continue_with_token(old.id, 99, 0)


def test_a_chosen_alternative_given_as_bytes_is_continued_as_its_text(
    rig: Rig, server: LoopbackServer
) -> None:
    cid = probabilities_chat(rig)
    lp = {"content": [{"token": "Hi", "logprob": -0.1, "bytes": None, "top_logprobs": [
        {"token": "Hi", "logprob": -0.1, "bytes": None},
        {"token": "你", "logprob": -2.5, "bytes": [228, 189, 160]}]}]}
    first = chunk("Hi", "stop")
    first["choices"][0]["logprobs"] = lp  # type: ignore[index]
    server.queue(Reply(pieces=[sse(first)]))
    rig.controller.send(cid, "Say hi")
    rig.run()
    old = rig.store.messages(cid)[-1]
    server.queue(Reply(pieces=[sse(chunk("好", "stop"))]))
    assert rig.controller.continue_with_token(old.id, 0, 1)
    rig.run()
    body = server.requests[-1].json()
    assert body["messages"][-2]["content"] == "你"
    new = rig.store.messages(cid)[-1]
    assert new.content == "你好"
    assert [t.token for t in decode(rig.store.logprobs(new.id))] == ["你"]  # no tokens came


def test_hostile_logprobs_are_bounded() -> None:
    choice = {"logprobs": {"content": [
        {"token": "x" * 10_000, "logprob": float("-inf"), "bytes": [999],
         "top_logprobs": [{"token": "y", "logprob": 5}] * 100},
        {"token": None, "logprob": -1}, "garbage"]}}
    tokens = parse_choice(choice)
    assert len(tokens) == 1 and len(tokens[0].token) == 256 and tokens[0].bytes is None
    assert tokens[0].logprob == -9999.0 and len(tokens[0].top) == 20
    assert tokens[0].top[0].logprob == 0.0


def test_a_whole_answer_not_streamed_keeps_its_probabilities(
    rig: Rig, server: LoopbackServer
) -> None:
    cid = new_chat(rig, stream=False, logprobs=True, top_logprobs=1)
    server.queue(Reply.json(200, {"id": "c", "model": "m", "choices": [{
        "index": 0, "finish_reason": "stop",
        "message": {"role": "assistant", "content": "Hi!"},
        "logprobs": {"content": [
            {"token": "Hi", "logprob": -0.25, "bytes": [72, 105],
             "top_logprobs": [{"token": "Hi", "logprob": -0.25, "bytes": [72, 105]}]},
            {"token": "!", "logprob": -1.5, "bytes": [33], "top_logprobs": []}]}}]}))
    rig.controller.send(cid, "Hello")
    rig.run()
    answer = rig.store.messages(cid)[-1]
    tokens = decode(rig.store.logprobs(answer.id))
    assert [(t.token, t.logprob, t.bytes) for t in tokens] == [
        ("Hi", -0.25, (72, 105)), ("!", -1.5, (33,))]
    assert answer.timings is not None and answer.timings["logprob_mean"] == -0.875


def test_the_demo_endpoint_sends_probabilities_when_asked() -> None:
    from app.api.demo_server import reply_for

    asked = {"messages": [{"role": "user", "content": "写点代码"}], "logprobs": True,
             "top_logprobs": 5}
    status, events = reply_for(asked)
    assert status == 200
    text, tokens = "", []
    for event in events:
        choice = json.loads(event.decode()[len("data: "):])["choices"][0]
        text += choice["delta"].get("content") or ""
        tokens += parse_choice(choice)
    assert tokens and "".join(p.text for p in pieces(tokens)) == text
    assert all(len(t.top) == 5 and any(a.token == t.token for a in t.top) for t in tokens)
    plain = reply_for({"messages": asked["messages"]})[1]
    assert b"logprobs" not in b"".join(plain)  # only when asked
