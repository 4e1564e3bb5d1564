"""Whatever goes wrong inside a turn ends it with a stored status and a sentence, and what
arrived is kept: a disk that fills mid-answer, text the server should not have sent."""

from __future__ import annotations

import json

from app.domain.history import Status
from app.services.i18n import tr_error
from app.services.turn import AnswerSnapshot
from tests.loopback import LoopbackServer, Reply, sse
from tests.services.conftest import Rig
from tests.services.test_chat import chunk, new_chat


def test_a_disk_that_fills_mid_answer_ends_the_turn_with_what_fits(
    rig: Rig, server: LoopbackServer
) -> None:
    cid = new_chat(rig)
    big = "x" * 200_000
    server.queue(Reply(pieces=[sse(chunk("the first part "), done=False),
                               sse(chunk(big), chunk("", "stop"))], delay=0.6))
    finished: list[AnswerSnapshot] = []
    rig.runner.answer_finished.connect(finished.append)

    def fill_the_disk(snapshot: AnswerSnapshot) -> None:
        # After the first checkpoint: from now on the file may not grow (a full disk).
        pages = rig.store._conn.execute("PRAGMA page_count").fetchone()[0]
        rig.store._conn.execute(f"PRAGMA max_page_count = {pages + 1}")

    rig.runner.answer_added.connect(fill_the_disk)
    rig.controller.send(cid, "write a lot")
    rig.run()
    answer = rig.store.messages(cid)[-1]
    assert answer.status is Status.ERROR  # not left "streaming"
    assert answer.content.startswith("the first part")  # what fitted is kept
    assert answer.error is not None and "disk is full" in tr_error(answer.error).lower()
    # On screen the whole answer stays, with the same sentence.
    (snap,) = finished
    assert snap.content.endswith(big) and snap.status is Status.ERROR
    assert not rig.runner.busy


def test_lone_surrogates_are_stored_as_replacement_characters(
    rig: Rig, server: LoopbackServer
) -> None:
    cid = new_chat(rig)
    raw = (b'data: {"choices": [{"index": 0, "delta": {"content": "a\\ud83d"}}]}\n\n'
           b'data: {"choices": [{"index": 0, "delta": {"content": "b\\udc00c"}}]}\n\n'
           b'data: {"choices": [{"index": 0, "delta": {"reasoning_content": "\\udfff"},'
           b' "finish_reason": "stop"}]}\n\ndata: [DONE]\n\n')
    server.queue(Reply(pieces=[raw]))
    rig.controller.send(cid, "q")
    rig.run()
    answer = rig.store.messages(cid)[-1]
    assert answer.status is Status.COMPLETE
    assert answer.content.replace("\ufffd", "?") in ("a?b?c", "a??bc", "a?bc")
    answer.content.encode("utf-8")  # storable and showable
    json.dumps(answer.to_json() if hasattr(answer, "to_json") else answer.content)
