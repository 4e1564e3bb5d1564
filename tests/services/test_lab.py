"""The lab service through a real loopback server: arms side by side, each with its own
fields, retries and failure; sweeps stored as siblings; the run's record and pick."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import pytest

from app.domain.history import Status
from app.domain.lab import Sweep, make_plan
from app.domain.params import ChatParams
from app.services.lab import InvalidArms, LabRun, LabService
from app.storage.lab_runs import LabRunStore
from tests.loopback import LoopbackServer, Reply, Request, sse
from tests.services.conftest import Rig


def chunk(text: str, finish: str | None = None) -> dict[str, object]:
    return {"id": "x", "model": "m", "choices": [
        {"index": 0, "delta": {"content": text}, "finish_reason": finish}]}


def answer_for(request: Request) -> Reply:
    """Each answer names the temperature it was asked with."""
    t = request.json().get("temperature")
    return Reply(pieces=[sse(chunk(f"t={t} "), done=False), sse(chunk("end", "stop"))],
                 delay=0.01)


def lab(rig: Rig) -> LabService:
    return LabService(rig.store, LabRunStore(rig.store), rig.controller, rig.runner)


def conversation(rig: Rig) -> str:
    return rig.store.create_conversation(params={"model": "m", "stream": True}).id


def arms(*temperatures: float, **fields: object) -> list[tuple[ChatParams, str | None]]:
    return [(ChatParams.from_json({"model": "m", "stream": True, "temperature": t, **fields}),
             None) for t in temperatures]


def run_to_end(rig: Rig, run: LabRun) -> None:
    rig.loop.run_until_complete(asyncio.wait_for(run.wait(), 10))


def serve(server: LoopbackServer, handler: Callable[[Request], Reply], count: int) -> None:
    server.queue(*([handler] * count))


def test_three_arms_post_at_once_each_with_exactly_its_fields(
    rig: Rig, server: LoopbackServer
) -> None:
    cid = conversation(rig)
    together = threading.Barrier(3, timeout=5)  # no reply until all three are in

    def overlapping(request: Request) -> Reply:
        together.wait()
        return answer_for(request)

    serve(server, overlapping, 3)
    run = lab(rig).start(cid, make_plan(arms(0.0, 0.5, 1.5, seed=7)), prompt="同一个问题")
    run_to_end(rig, run)
    bodies = sorted((r.json() for r in server.requests), key=lambda b: b["temperature"])
    for body, t in zip(bodies, (0.0, 0.5, 1.5), strict=True):
        assert body == {"model": "m", "messages": [{"role": "user", "content": "同一个问题"}],
                        "stream": True, "temperature": t, "seed": 7}
    texts = {a.arm.number: a.message.content for a in run.results()}
    assert texts == {1: "t=0.0 end", 2: "t=0.5 end", 3: "t=1.5 end"}
    user = rig.store.message(run.parent_id)
    siblings = [m for m in rig.store.messages(cid) if m.parent_id == user.id]
    assert sorted((m.params or {}).get("temperature", -1) for m in siblings) == [0.0, 0.5, 1.5]
    assert all(m.params and m.params["seed"] == 7 for m in siblings)


def test_a_429_retries_that_arm_alone_and_the_others_finish(
    rig: Rig, server: LoopbackServer
) -> None:
    cid = conversation(rig)
    limited = {"left": 1}
    lock = threading.Lock()

    def replies(request: Request) -> Reply:
        with lock:
            if request.json()["temperature"] == 1.0 and limited["left"]:
                limited["left"] -= 1
                return Reply.json(429, {"message": "Request was rejected due to rate "
                                                   "limiting. Details: RPM limit reached.",
                                        "data": None}, {"Retry-After": "0"})
        return answer_for(request)

    serve(server, replies, 4)
    service = lab(rig)
    run = service.start(cid, make_plan(arms(0.2, 1.0, 1.8)), prompt="hi")
    retries: list[int] = []
    run.retry_scheduled.connect(lambda arm, _s, _e: retries.append(arm))
    run_to_end(rig, run)
    posted = [r.json()["temperature"] for r in server.requests]
    assert sorted(posted) == [0.2, 1.0, 1.0, 1.8]
    assert retries == [2]
    assert [(a.arm.number, a.message.status) for a in run.results()] == [
        (1, Status.COMPLETE), (2, Status.COMPLETE), (3, Status.COMPLETE)]


def test_one_arm_failing_does_not_end_the_others(rig: Rig, server: LoopbackServer) -> None:
    cid = conversation(rig)

    def replies(request: Request) -> Reply:
        if request.json()["temperature"] == 0.5:
            return Reply.json(400, {"code": 20015, "message": "bad top_k", "data": None})
        return answer_for(request)

    serve(server, replies, 3)
    run = lab(rig).start(cid, make_plan(arms(0.1, 0.5, 0.9)), prompt="hi")
    run_to_end(rig, run)
    assert [(a.arm.number, a.message.status) for a in run.results()] == [
        (1, Status.COMPLETE), (2, Status.ERROR), (3, Status.COMPLETE)]
    assert [a.arm.number for a in run.failed] == [2]
    assert "bad top_k" in run.failed[0].message.error["message"]


def test_a_sweep_of_four_values_by_two_samples_stores_eight_siblings(
    rig: Rig, server: LoopbackServer
) -> None:
    cid = conversation(rig)
    serve(server, answer_for, 8)
    plan = make_plan(arms(0.7)[:1], Sweep("temperature", (0, 0.5, 1.0, 1.5)), samples=2)
    assert plan.requests == 8 and not plan.needs_confirmation
    run = lab(rig).start(cid, plan, prompt="sweep me")
    run_to_end(rig, run)
    siblings = [m for m in rig.store.messages(cid) if m.parent_id == run.parent_id]
    assert len(siblings) == 8
    assert sorted(m.params["temperature"] for m in siblings) == [0, 0, 0.5, 0.5, 1.0, 1.0,
                                                                  1.5, 1.5]
    assert all(m.status is Status.COMPLETE for m in siblings)
    record = LabRunStore(rig.store).get(run.id)
    assert record is not None
    assert [(a["sweep_value"], a["sample"]) for a in record.data["arms"]] == [
        (0, 1), (0, 2), (0.5, 1), (0.5, 2), (1.0, 1), (1.0, 2), (1.5, 1), (1.5, 2)]
    assert record.data["sweep"] == {"field": "temperature", "values": [0, 0.5, 1.0, 1.5]}


def test_picking_an_arm_makes_it_the_branch_and_is_recorded(
    rig: Rig, server: LoopbackServer
) -> None:
    cid = conversation(rig)
    serve(server, answer_for, 2)
    run = lab(rig).start(cid, make_plan(arms(0.3, 0.6)), prompt="hi", blind=True)
    run_to_end(rig, run)
    second = run.answers[2][0]
    assert rig.store.conversation(cid).current_leaf_id == run.answers[1][0]
    run.pick(second)
    assert rig.store.conversation(cid).current_leaf_id == second
    record = LabRunStore(rig.store).get(run.id)
    assert record is not None and record.picked_id == second and record.data["blind"]


def test_arms_out_of_range_are_refused_before_anything_is_sent(
    rig: Rig, server: LoopbackServer
) -> None:
    cid = conversation(rig)
    with pytest.raises(InvalidArms) as caught:
        lab(rig).start(cid, make_plan(arms(0.3, 9.0)), prompt="hi")
    assert list(caught.value.problems) == [2]
    assert server.requests == [] and rig.store.messages(cid) == []


def choices_for(request: Request, honour_n: bool) -> Reply:
    body = request.json()
    count = body.get("n", 1) if honour_n else 1
    pieces = [sse({"id": "x", "model": "m", "choices": [
        {"index": i, "delta": {"content": f"t={body['temperature']} #{i}"},
         "finish_reason": "stop"} for i in range(count)]})]
    return Reply(pieces=pieces)


@pytest.mark.parametrize("honour_n", [True, False])
def test_samples_with_n_are_topped_up_by_single_requests_where_n_is_ignored(
    rig: Rig, server: LoopbackServer, honour_n: bool
) -> None:
    cid = conversation(rig)
    server.default = lambda request: choices_for(request, honour_n)
    plan = make_plan(arms(0.7)[:1], Sweep("temperature", (0.2, 1.2)), samples=2, use_n=True)
    assert plan.requests == 2
    run = lab(rig).start(cid, plan, prompt="hi")
    run_to_end(rig, run)
    posted = sorted((r.json()["temperature"], r.json().get("n", 0)) for r in server.requests)
    if honour_n:
        assert posted == [(0.2, 2), (1.2, 2)]
    else:  # each value asked once with n=2, then once more without n
        assert posted == [(0.2, 0), (0.2, 2), (1.2, 0), (1.2, 2)]
    siblings = [m for m in rig.store.messages(cid) if m.parent_id == run.parent_id]
    assert sorted((m.params or {})["temperature"] for m in siblings) == [0.2, 0.2, 1.2, 1.2]
    assert all(m.status is Status.COMPLETE for m in siblings)
    record = LabRunStore(rig.store).get(run.id)
    assert record is not None
    assert sum(len(a["answers"]) for a in record.data["arms"]) == 4


def test_arms_wait_for_a_free_slot_under_the_per_endpoint_limit(
    rig: Rig, server: LoopbackServer
) -> None:
    from app.services.chat import ChatController
    from app.services.runner import TurnRunner

    cid = conversation(rig)
    lock = threading.Lock()
    now = {"open": 0, "most": 0}

    def counted(request: Request) -> Reply:
        with lock:
            now["open"] += 1
            now["most"] = max(now["most"], now["open"])
        reply = answer_for(request)
        reply.first_delay = 0.1  # long enough for every arm that can to be on the wire
        return reply

    server.queue(*([counted] * 4))
    runner = TurnRunner(rig.store, limit=lambda: 2)
    runner.key_finished.connect(lambda _key: now.update(open=now["open"] - 1))
    controller = ChatController(rig.store, rig.controller._endpoints, runner)
    service = LabService(rig.store, LabRunStore(rig.store), controller, runner)
    run = service.start(cid, make_plan(arms(0.1, 0.6, 1.1, 1.6)), prompt="hi")
    run_to_end(rig, run)
    assert now["most"] == 2 and len(server.requests) == 4
    assert [a.message.status for a in run.results()] == [Status.COMPLETE] * 4
