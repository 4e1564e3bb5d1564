"""The parameter lab through the window, against the loopback server: arms stream side by
side in their own columns, a 429 retries one arm alone, a sweep stores its siblings,
blind mode hides who is who until the pick, and the pick is the branch continued."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QToolButton

from app.domain.history import Status
from app.ui.lab.lab_window import LabWindow
from tests.loopback import LoopbackServer, Reply, Request, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]


def chunk(text: str, finish: str | None = None) -> dict[str, object]:
    return {"id": "x", "model": "m", "choices": [
        {"index": 0, "delta": {"content": text}, "finish_reason": finish}]}


def answer_for(request: Request) -> Reply:
    t = request.json().get("temperature")
    return Reply(pieces=[sse(chunk(f"temperature {t} "), done=False),
                         sse(chunk("done", "stop"))], delay=0.02)


def open_lab(app: App, prompt: str, *fields: str) -> LabWindow:
    app.window.composer.setPlainText(prompt)
    assert app.window.lab is not None
    window = app.window.lab.open_lab()
    assert window is not None
    app.qtbot.addWidget(window)
    while len(window.arms.rows) < len(fields):
        window.arms.add_arm()
    for row, text in zip(window.arms.rows, fields, strict=False):
        row.fields.setText(text)
    return window


def column_text(window: LabWindow, arm: int) -> str:
    widgets = list(window.columns[arm].view.widgets.values())
    return widgets[-1].body.toPlainText() if widgets else ""


def test_three_arms_post_at_once_each_with_its_own_fields_into_their_columns(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    together = threading.Barrier(3, timeout=5)  # each reply waits for all three requests

    def overlapping(request: Request) -> Reply:
        together.wait()
        return answer_for(request)

    server.queue(overlapping, overlapping, overlapping)
    window = open_lab(app, "同一个问题", "model=m,temperature=0.2", "model=m,temperature=0.9",
                      "model=m,temperature=1.6,seed=5")
    assert window.arms.rows[2].badge.text() == "temperature 0.2→1.6 · +seed 5"

    async def scenario() -> None:
        window.send_button.click()
        run = window.run
        assert run is not None
        await app.condition(lambda: not run.running and window.pacer.idle)
        bodies = sorted((r.json() for r in server.requests), key=lambda b: b["temperature"])
        assert [{k: v for k, v in b.items() if k != "messages"} for b in bodies] == [
            {"model": "m", "stream": True, "temperature": 0.2},
            {"model": "m", "stream": True, "temperature": 0.9},
            {"model": "m", "stream": True, "temperature": 1.6, "seed": 5}]
        assert all(b["messages"] == [{"role": "user", "content": "同一个问题"}] for b in bodies)
        for arm, t in ((1, 0.2), (2, 0.9), (3, 1.6)):
            assert column_text(window, arm).startswith(f"temperature {t} done")
            assert "finish: stop" in window.columns[arm].figures.text()
            assert "first token" in window.columns[arm].figures.text()
        assert not window.results.isHidden()
        await app.condition(lambda: window.summary.rowCount() == 3)
        assert window.diff.pending is None  # computed only when looked at
        window.results.setCurrentWidget(window.diff)
        assert window.diff.pending is not None
        await window.diff.pending  # arm 1 against arm 2, word by word
        assert [(p.kind, p.text) for p in window.diff.shown] == [
            ("same", "temperature 0."), ("removed", "2"), ("added", "9"), ("same", " done")]
        assert "line-through" in window.diff.view.toHtml()
        # While it ran, the conversation stayed on arm 1's answer (arms finish in any order).
        conv = app.parts.store.conversation(run.conversation_id)
        leaf = app.parts.store.message(conv.current_leaf_id or "")
        assert leaf.content.startswith("temperature 0.2 done")
        # Closed, the lab leaves the main view on the branch continued from: arm 1's answer.
        window.close()
        shown = list(app.window.view.widgets.values())
        assert shown[-1].body.toPlainText().startswith("temperature 0.2 done")

    app.run(scenario())


def test_a_429_on_one_arm_counts_down_in_its_column_alone(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    limited = {"left": 1}
    lock = threading.Lock()

    def replies(request: Request) -> Reply:
        with lock:
            if request.json()["temperature"] == 0.8 and limited["left"]:
                limited["left"] -= 1
                return Reply.json(429, {"message": "Request was rejected due to rate "
                                                   "limiting. Details: TPM limit reached.",
                                        "data": None}, {"Retry-After": "0"})
        return answer_for(request)

    server.queue(*([replies] * 4))
    window = open_lab(app, "hi", "model=m,temperature=0.1", "model=m,temperature=0.8",
                      "model=m,temperature=1.2")
    banners: list[tuple[int, bool, bool]] = []

    async def scenario() -> None:
        window.send_button.click()
        run = window.run
        assert run is not None
        run.retry_scheduled.connect(lambda arm, _s, _e: banners.append(
            (arm, not window.columns[arm].retry.isHidden(),
             any(not c.retry.isHidden() for n, c in window.columns.items() if n != arm))))
        await app.condition(lambda: not run.running and window.pacer.idle)
        assert banners == [(2, True, False)]  # its own countdown, nobody else's
        assert sorted(r.json()["temperature"] for r in server.requests) == [0.1, 0.8, 0.8, 1.2]
        assert [a.message.status for a in run.results()] == [Status.COMPLETE] * 3
        assert column_text(window, 2).startswith("temperature 0.8 done")
        assert window.columns[2].retry.isHidden()

    app.run(scenario())


def test_a_sweep_of_four_values_by_two_samples_stores_eight_siblings(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    server.queue(*([answer_for] * 8))
    window = open_lab(app, "sweep", "model=m,top_p=0.9")
    window.arms.rows[1].remove_button.click()
    window.sweep_field.setCurrentText("temperature")
    window.sweep_values.setText("0,0.5,1.0,1.5")
    window.samples.setValue(2)
    asked: list[int] = []
    window.confirm = lambda n: asked.append(n) or True

    async def scenario() -> None:
        window.send_button.click()
        run = window.run
        assert run is not None
        await app.condition(lambda: not run.running and window.pacer.idle, timeout=10)
        cid = run.conversation_id
        siblings = [m for m in app.parts.store.messages(cid) if m.parent_id == run.parent_id]
        assert sorted((m.params or {})["temperature"] for m in siblings) == [
            0, 0, 0.5, 0.5, 1.0, 1.0, 1.5, 1.5]
        assert all((m.params or {})["top_p"] == 0.9 for m in siblings)
        assert len(window.columns) == 8 and asked == []  # 8 is not more than 8
        await app.condition(lambda: window.summary.rowCount() == 4)
        labels = [window.summary.item(r, 0).text() for r in range(window.summary.rowCount())]
        assert labels == ["temperature=0", "temperature=0.5", "temperature=1.0",
                          "temperature=1.5"]

    app.run(scenario())


def test_more_than_eight_requests_are_asked_about_first(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    window = open_lab(app, "sweep", "model=m")
    window.sweep_field.setCurrentText("temperature")
    window.sweep_values.setText("0,1.0,1.5")
    window.samples.setValue(2)
    asked: list[int] = []
    window.confirm = lambda n: asked.append(n) or False
    window.send_button.click()
    assert asked == [12] and window.run is None and server.requests == []


class Reverse(random.Random):
    def shuffle(self, x: Any) -> None:  # type: ignore[override]
        x.reverse()


def test_blind_mode_hides_labels_and_order_until_the_pick(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    server.queue(answer_for, answer_for)
    window = open_lab(app, "which is better?", "model=m,temperature=0.3",
                      "model=m,temperature=1.3")
    window._rng = Reverse()
    window.blind.setChecked(True)

    async def scenario() -> None:
        window.send_button.click()
        run = window.run
        assert run is not None
        await app.condition(lambda: not run.running and window.pacer.idle)
        strip = window.columns_row
        order = [strip.itemAt(i).widget() for i in range(strip.count())]
        assert order == [window.columns[2], window.columns[1]]  # shuffled
        headers = [c.header.text() for c in order]
        assert headers == ["Answer A", "Answer B"]
        for column in order:
            assert "temperature" not in column.header.toolTip()
            assert column.use_button.isHidden()
            (answer,) = column.view.widgets.values()
            assert answer.footer.text() and answer.footer.isHidden()  # it names the model
            assert answer.findChild(QToolButton, "action_show_params").isHidden()
        assert window.results.isHidden()  # the summary would tell them apart
        order[0].pick_button.click()  # "Answer A" is arm 2
        assert window.columns[2].header.text().startswith("Arm 2")
        assert "temperature 0.3→1.3" in window.columns[2].header.text()
        assert not window.columns[2].use_button.isHidden()
        (answer,) = window.columns[2].view.widgets.values()
        assert not answer.findChild(QToolButton, "action_show_params").isHidden()
        picked = run.answers[2][0]
        conv = app.parts.store.conversation(run.conversation_id)
        assert conv.current_leaf_id == picked
        record = app.parts.lab.runs.get(run.id)
        assert record is not None and record.picked_id == picked and record.data["blind"]
        shown = list(app.window.view.widgets.values())
        assert shown[-1].body.toPlainText().startswith("temperature 1.3 done")

    app.run(scenario())


def test_use_these_parameters_copies_the_arm_into_the_panel(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    server.queue(answer_for, answer_for)
    window = open_lab(app, "hi", "model=m,temperature=0.3", "model=m,temperature=1.1,top_k=7")

    async def scenario() -> None:
        window.send_button.click()
        run = window.run
        assert run is not None
        await app.condition(lambda: not run.running and window.pacer.idle)
        window.columns[2].use_button.click()
        panel = app.window.panel.current()
        assert (panel["temperature"], panel["top_k"], panel["model"]) == (1.1, 7, "m")
        conv = app.parts.store.conversation(run.conversation_id)
        assert conv.params["temperature"] == 1.1
        assert app.window.lab is not None
        app.window.lab.ask_preset_name = lambda: "warm"
        window.columns[2].preset_button.click()
        assert app.parts.settings.settings.presets["warm"]["top_k"] == 7

    app.run(scenario())


def test_compare_on_a_user_message_adds_siblings_of_its_answer(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    from app.ui.message_commands import Command, MessageCommand

    app = make_app()
    server.queue(answer_for)
    app.send("first question")
    app.wait_turn()
    cid = app.window.navigator.current
    user = next(m for m in app.parts.store.messages(cid) if m.role.value == "user")
    server.queue(answer_for, answer_for)
    app.window.view.action.emit(MessageCommand(Command.COMPARE, user.id))
    assert app.window.lab is not None
    window = app.window.lab.windows[-1]
    app.qtbot.addWidget(window)
    assert window.prompt.toPlainText() == "first question" and window.prompt.isReadOnly()
    window.arms.rows[0].fields.setText("model=m,temperature=0.4")
    window.arms.rows[1].fields.setText("model=m,temperature=1.4")

    async def scenario() -> None:
        window.send_button.click()
        run = window.run
        assert run is not None and run.parent_id == user.id
        await app.condition(lambda: not run.running and window.pacer.idle)
        answers = [m for m in app.parts.store.messages(cid) if m.parent_id == user.id]
        assert len(answers) == 3  # the first answer and one per arm, siblings
        assert [m.params and m.params.get("temperature") for m in answers[1:]] in (
            [0.4, 1.4], [1.4, 0.4])
        assert [m.content for m in app.parts.store.messages(cid)
                if m.role.value == "user"] == ["first question"]  # no new question

    app.run(scenario())


def test_retry_on_a_failed_arm_asks_that_arm_again(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    from app.ui.message_commands import Command, MessageCommand

    app = make_app()
    failing = {"left": 1}

    def replies(request: Request) -> Reply:
        if request.json()["temperature"] == 1.0 and failing["left"]:
            failing["left"] -= 1
            return Reply.json(400, {"code": 20015, "message": "not today", "data": None})
        return answer_for(request)

    server.queue(*([replies] * 3))
    window = open_lab(app, "hi", "model=m,temperature=0.5", "model=m,temperature=1.0")

    async def scenario() -> None:
        window.send_button.click()
        run = window.run
        assert run is not None
        await app.condition(lambda: not run.running and window.pacer.idle)
        failed = run.answers[2][0]
        assert app.parts.store.message(failed).status is Status.ERROR
        assert "not today" in window.columns[2].figures.text()
        assert column_text(window, 1).startswith("temperature 0.5 done")  # not ended by it
        window.columns[2].view.action.emit(MessageCommand(Command.RETRY, failed))
        await app.condition(lambda: not run.running and window.pacer.idle)
        assert len(run.answers[2]) == 2
        window.columns[2].view.action.emit(MessageCommand(Command.SHOW_PARAMS, failed))
        assert app.prompter.asked[-1] == "params"
        again = app.parts.store.message(run.answers[2][1])
        assert again.status is Status.COMPLETE and again.parent_id == run.parent_id
        assert column_text(window, 2).startswith("temperature 1.0 done")

    app.run(scenario())


def test_a_field_deleted_from_an_arm_is_not_posted(make_app: AppFactory,
                                                   server: LoopbackServer) -> None:
    app = make_app()
    app.window.panel.fields.edits["n"].setText("3")  # set on the chat, then left out
    app.window.panel.flush()
    server.queue(answer_for, answer_for)
    window = open_lab(app, "q", "model=m,temperature=0.2", "model=m,temperature=0.9")

    async def scenario() -> None:
        window.send_button.click()
        run = window.run
        assert run is not None
        await app.condition(lambda: not run.running and window.pacer.idle)

    app.run(scenario())
    assert all("n" not in r.json() for r in server.requests)
    window.close()
