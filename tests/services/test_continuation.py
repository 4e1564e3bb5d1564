"""Continue a cut answer: the shape each endpoint takes, the fallback when it is refused,
and the answer stitched whole — with nothing extra in the conversation."""

from __future__ import annotations

from dataclasses import replace

from app.domain.chat import ChatMessage, Role
from app.domain.history import Status
from app.domain.params import ChatParams
from app.services.continuation import INSTRUCTION, Shape, continued, shape_for
from app.services.turn import TurnRequest
from tests.loopback import LoopbackServer, Reply, sse
from tests.services.conftest import Rig
from tests.services.test_chat import chunk, new_chat

QUESTION = [ChatMessage(Role.USER, "Write a poem")]


def test_each_endpoint_gets_the_shape_it_documents() -> None:
    assert shape_for("https://api.siliconflow.cn/v1") is Shape.PREFIX_FIELD
    assert shape_for("https://api.siliconflow.com/v1") is Shape.PREFIX_FIELD
    assert shape_for("https://api.deepseek.com/beta") is Shape.ASSISTANT_PREFIX
    assert shape_for("https://api.deepseek.com/v1") is Shape.INSTRUCTION  # beta only
    assert shape_for("http://127.0.0.1:8080/v1") is Shape.INSTRUCTION
    messages, extra = continued(Shape.PREFIX_FIELD, QUESTION, "Roses are")
    assert messages == QUESTION and extra == {"prefix": "Roses are"}
    messages, extra = continued(Shape.ASSISTANT_PREFIX, QUESTION, "Roses are")
    assert messages[-1].to_api() == {"role": "assistant", "content": "Roses are",
                                     "prefix": True} and extra == {}
    messages, extra = continued(Shape.CONTINUE_FINAL, QUESTION, "Roses are")
    assert messages[-1].to_api() == {"role": "assistant", "content": "Roses are"}
    assert extra == {"continue_final_message": True, "add_generation_prompt": False}
    messages, extra = continued(Shape.INSTRUCTION, QUESTION, "Roses are")
    assert [m.to_api() for m in messages[-2:]] == [
        {"role": "assistant", "content": "Roses are"}, {"role": "user", "content": INSTRUCTION}]


def cut_answer(rig: Rig, server: LoopbackServer) -> tuple[str, str]:
    cid = new_chat(rig, max_tokens=3)
    server.queue(Reply(pieces=[sse(chunk("Roses are", "length"))]))
    rig.controller.send(cid, "Write a poem")
    rig.run()
    return cid, rig.store.messages(cid)[-1].id


def test_continue_stitches_the_answer_and_adds_no_visible_turn(
    rig: Rig, server: LoopbackServer
) -> None:
    cid, cut = cut_answer(rig, server)
    server.queue(Reply(pieces=[sse(chunk(" red, violets", "stop"))]))
    assert rig.controller.continue_answer(cut)
    rig.run()
    body = server.requests[-1].json()
    assert body["messages"][-2:] == [{"role": "assistant", "content": "Roses are"},
                                     {"role": "user", "content": INSTRUCTION}]
    assert body["max_tokens"] == 3  # the parameters of the cut answer
    messages = rig.store.messages(cid)
    assert [m.role for m in messages] == [Role.USER, Role.ASSISTANT, Role.ASSISTANT]
    old, new = messages[1], messages[2]
    assert old.content == "Roses are" and old.id == cut  # the cut answer stays as it was
    assert new.parent_id == old.parent_id and new.status is Status.COMPLETE
    assert new.content == "Roses are red, violets"
    assert rig.store.conversation(cid).current_leaf_id == new.id


def test_a_refused_shape_falls_back_to_the_instruction_once_and_is_remembered(
    rig: Rig, server: LoopbackServer
) -> None:
    cid, cut = cut_answer(rig, server)
    base = rig.controller._request(cid, rig.store.message(cut).parent_id)
    shaped = replace(base, extra={"prefix": "Roses are"}, prefix="Roses are")
    plain_messages, _ = continued(Shape.INSTRUCTION, list(base.messages), "Roses are")
    request = replace(shaped, fallback=replace(shaped, extra=None,
                                               messages=tuple(plain_messages)))
    server.queue(Reply.json(400, {"code": 20015, "message": "unsupported parameter prefix"}),
                 Reply(pieces=[sse(chunk(" red", "stop"))]))
    fell_back: list[TurnRequest] = []
    rig.runner.fell_back.connect(fell_back.append)
    rig.runner.start(request)
    rig.run()
    first, second = (r.json() for r in server.requests[-2:])
    assert first["prefix"] == "Roses are" and "prefix" not in second
    assert second["messages"][-1] == {"role": "user", "content": INSTRUCTION}
    answer = rig.store.messages(cid)[-1]
    assert answer.content == "Roses are red" and answer.status is Status.COMPLETE
    assert len(fell_back) == 1
    assert (base.client.base_url, ChatParams.from_json({"model": "Qwen/Qwen3-8B"}).model) in \
        rig.controller._plain_continue
