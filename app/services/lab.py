"""The parameter lab: one prompt under several settings at once, as turns of the runner.

Every planned request (an *arm*) is a :class:`~app.services.turn.TurnRequest` with a key
of its own (``lab:<run id>:<arm>``), built by the chat controller as any send is, so the
runner streams the arms side by side under the per-endpoint limit, each with its own
retries and its own failure. The answers are ordinary siblings under the run's user
message (each stored with the parameters that produced it); the run itself — its arms,
the sweep, the pick — is a :class:`~app.storage.lab_runs.LabRunRecord`.

The same service runs the window's lab and ``silicondesk lab`` (QtCore only).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.domain.attachments import Attachment
from app.domain.chat import Role
from app.domain.history import Message, Status
from app.domain.lab import AnswerFigures, Plan, PlannedArm, with_field
from app.domain.text import TextError, translate
from app.domain.validation import Problem, validate_params
from app.services.chat import ChatController
from app.services.runner import TurnRunner
from app.services.turn import AnswerSnapshot
from app.storage.history import HistoryStore
from app.storage.lab_runs import LabRunStore

KEY_PREFIX = "lab:"


class InvalidArms(TextError):
    """Some arm's fields are out of range; nothing was sent."""

    def __init__(self, problems: dict[int, list[Problem]]) -> None:
        first = next(iter(problems.items()))
        problem = first[1][0]
        text = translate("Lab", "Not sent: arm {arm}: {field}: {problem}").format(
            arm=first[0], field=problem.field, problem=problem.message)
        super().__init__(text)
        self.problems = problems


@dataclass(frozen=True)
class ArmAnswer:
    """One answer of one arm, as stored: a row of the command line's output."""

    arm: PlannedArm
    message: Message

    @property
    def figures(self) -> AnswerFigures:
        m = self.message
        return AnswerFigures(m.content, m.finish_reason, str(m.status), m.usage, m.timings)

    def to_row(self) -> dict[str, Any]:
        m = self.message
        return {"arm": self.arm.number, "params": self.arm.params.posted_fields(),
                "text": m.content, "reasoning": m.reasoning_content,
                "finish_reason": m.finish_reason, "status": str(m.status), "error": m.error,
                "usage": m.usage, "timings": m.timings}


class LabRun(QObject):
    """One run: its arms streaming, then its record. Signals carry the arm number."""

    answer_added = Signal(int, object)  # arm, AnswerSnapshot
    answer_updated = Signal(int, object)  # arm, AnswerSnapshot (at most once per frame)
    answer_finished = Signal(int, object)  # arm, AnswerSnapshot (final, stored)
    retry_scheduled = Signal(int, float, object)  # arm, seconds, error json
    retry_cleared = Signal(int)
    arm_done = Signal(int)
    arm_planned = Signal(object)  # PlannedArm: a request added to the run (a top-up)
    finished = Signal()
    picked = Signal(str)  # the answer's message id

    def __init__(self, run_id: str, conversation_id: str, parent_id: str, plan: Plan, *,
                 blind: bool, store: HistoryStore, runs: LabRunStore, runner: TurnRunner,
                 post: Callable[[LabRun, PlannedArm], None] = lambda _run, _arm: None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.id = run_id
        self.conversation_id = conversation_id
        self.parent_id = parent_id
        self.plan = plan
        self.blind = blind
        self.picked_id: str | None = None
        self.answers: dict[int, list[str]] = {a.number: [] for a in plan.arms}
        self.done: set[int] = set()
        self._store = store
        self._runs = runs
        self._runner = runner
        self._post = post
        self._over = asyncio.get_event_loop().create_future()

    def key(self, arm: int) -> str:
        return f"{KEY_PREFIX}{self.id}:{arm}"

    @property
    def running(self) -> bool:
        return len(self.done) < len(self.plan.arms)

    def arm(self, number: int) -> PlannedArm:
        return self.plan.arms[number - 1]

    def arm_of(self, message_id: str) -> int | None:
        return next((n for n, ids in self.answers.items() if message_id in ids), None)

    def stop(self) -> None:
        for arm in self.plan.arms:
            self._runner.stop(self.key(arm.number))

    def stop_arm(self, number: int) -> None:
        self._runner.stop(self.key(number))

    def retry_arm(self, number: int) -> bool:
        """Ask again with this arm's request: one more answer beside the others."""
        if number not in self.done or self._runner.running(self.key(number)):
            return False
        self.done.discard(number)
        if self._over.done():
            self._over = asyncio.get_event_loop().create_future()
        self._post(self, self.arm(number))
        return True

    async def wait(self) -> None:
        await asyncio.shield(self._over)

    def results(self) -> list[ArmAnswer]:
        """Every answer, arm by arm in plan order, choices in order."""
        out = []
        for arm in self.plan.arms:
            for message_id in self.answers[arm.number]:
                out.append(ArmAnswer(arm, self._store.message(message_id)))
        return out

    @property
    def failed(self) -> list[ArmAnswer]:
        return [a for a in self.results() if a.message.status is not Status.COMPLETE]

    def pick(self, message_id: str) -> None:
        """This answer is the branch the conversation continues from."""
        self.picked_id = message_id
        self._runs.pick(self.id, message_id)
        leaf = self._store.newest_leaf_under(message_id) or message_id
        self._store.set_current_leaf(self.conversation_id, leaf)
        self.picked.emit(message_id)

    def record(self) -> dict[str, Any]:
        sweep = self.plan.sweep
        return {
            "arms": [{**a.to_json(), "answers": list(self.answers[a.number])}
                     for a in self.plan.arms],
            "sweep": {"field": sweep.field, "values": list(sweep.values)} if sweep else None,
            "samples": self.plan.samples, "blind": self.blind,
        }

    # What the runner reports (dispatched by LabService)

    def on_snapshot(self, kind: str, arm: int, snapshot: AnswerSnapshot) -> None:
        if kind == "added" and snapshot.message_id \
                and snapshot.message_id not in self.answers[arm]:
            self.answers[arm].append(snapshot.message_id)
        getattr(self, f"answer_{kind}").emit(arm, snapshot)

    def on_arm_done(self, arm: int) -> None:
        self._top_up(arm)  # before it counts as done: the run is not over yet
        self.done.add(arm)
        self._runs.update(self.id, self.record())
        self.arm_done.emit(arm)
        if not self.running:
            self._end()

    def _top_up(self, number: int) -> None:
        """A request that asked for its samples with ``n`` and got fewer (the model does
        not honour ``n``): the missing samples are asked for one request each."""
        arm = self.arm(number)
        got = self.answers[number]
        if arm.samples_in_request <= 1 or len(got) >= arm.samples_in_request or not got:
            return
        if any(self._store.message(m).status is not Status.COMPLETE for m in got):
            return
        single = with_field(arm.params, "n", None)
        for sample in range(len(got) + 1, arm.samples_in_request + 1):
            extra = PlannedArm(len(self.plan.arms) + 1, arm.base, single, arm.endpoint_id,
                               arm.sweep_value, sample)
            self.plan = replace(self.plan, arms=(*self.plan.arms, extra))
            self.answers[extra.number] = []
            self.arm_planned.emit(extra)
            self._post(self, extra)

    def _end(self) -> None:
        """The conversation continues from the first arm's answer until the user picks."""
        first = next((ids[0] for ids in self.answers.values() if ids), None)
        if first is not None:
            self._store.set_current_leaf(self.conversation_id, first)
        if not self._over.done():
            self._over.set_result(None)
        self.finished.emit()


class LabService(QObject):
    run_started = Signal(object)  # LabRun
    run_finished = Signal(str, str)  # conversation id, run id

    def __init__(self, store: HistoryStore, runs: LabRunStore, chat: ChatController,
                 runner: TurnRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._runs = runs
        self._chat = chat
        self._runner = runner
        self._live: dict[str, LabRun] = {}  # the runs of this session, by id
        runner.answer_added.connect(lambda s: self._on_snapshot("added", s))
        runner.answer_updated.connect(lambda s: self._on_snapshot("updated", s))
        runner.answer_finished.connect(lambda s: self._on_snapshot("finished", s))
        runner.key_retry_scheduled.connect(self._on_retry)
        runner.key_retry_cleared.connect(self._on_retry_cleared)
        runner.key_finished.connect(self._on_key_finished)

    def set_store(self, store: HistoryStore) -> None:
        self._store = store
        self._runs.set_history(store)

    @property
    def runs(self) -> LabRunStore:
        return self._runs

    def start(self, conversation_id: str, plan: Plan, *, parent_id: str | None = None,
              prompt: str | None = None, blind: bool = False,
              attachments: Sequence[Attachment] = ()) -> LabRun:
        """Run ``plan`` on the user message ``parent_id``, or on ``prompt`` (with
        ``attachments``) stored as a new user message at the conversation's current branch
        (before any I/O)."""
        problems = {a.number: p for a in plan.arms if (p := validate_params(a.params))}
        if problems:
            raise InvalidArms(problems)
        if prompt is not None:
            conv = self._store.conversation(conversation_id)
            parent_id = self._store.add_message(conversation_id, conv.current_leaf_id,
                                                Role.USER, prompt, attachments=attachments).id
        assert parent_id is not None
        record = self._runs.add(conversation_id, parent_id, {})
        run = LabRun(record.id, conversation_id, parent_id, plan, blind=blind,
                     store=self._store, runs=self._runs, runner=self._runner,
                     post=self._post, parent=self)
        self._runs.update(run.id, run.record())
        self._live[run.id] = run
        run.finished.connect(lambda: self._on_run_finished(run))
        self.run_started.emit(run)
        for arm in plan.arms:
            self._post(run, arm)
        return run

    def _post(self, run: LabRun, arm: PlannedArm) -> None:
        # The messages are read by each arm's turn, in a worker (a long history).
        request = self._chat.request_for(run.conversation_id, run.parent_id, arm.params,
                                         key=run.key(arm.number), endpoint_id=arm.endpoint_id,
                                         read=False)
        # Until a pick, the conversation shows the first arm's answer: the others are added
        # beside it, so the branch in view does not jump as arms finish.
        first = arm is run.plan.arms[0]
        self._runner.start(replace(request, shows_branch=first))

    def _on_run_finished(self, run: LabRun) -> None:
        # The run stays known: an arm of it can be asked again (Retry in its column).
        self.run_finished.emit(run.conversation_id, run.id)

    def _route(self, key: str) -> tuple[LabRun, int] | None:
        if not key.startswith(KEY_PREFIX):
            return None
        run_id, _, arm = key[len(KEY_PREFIX):].rpartition(":")
        run = self._live.get(run_id)
        return (run, int(arm)) if run is not None and arm.isdigit() else None

    def _on_snapshot(self, kind: str, snapshot: AnswerSnapshot) -> None:
        routed = self._route(snapshot.key)
        if routed is not None:
            routed[0].on_snapshot(kind, routed[1], snapshot)

    def _on_retry(self, key: str, seconds: float, error: dict[str, Any]) -> None:
        routed = self._route(key)
        if routed is not None:
            routed[0].retry_scheduled.emit(routed[1], seconds, error)

    def _on_retry_cleared(self, key: str) -> None:
        routed = self._route(key)
        if routed is not None:
            routed[0].retry_cleared.emit(routed[1])

    def _on_key_finished(self, key: str) -> None:
        routed = self._route(key)
        if routed is not None:
            routed[0].on_arm_done(routed[1])
