"""The lab's columns follow their streams within a time budget per tick: a column that
cannot keep up lags and catches up, and its final state is shown once it has."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.domain.chat import Role
from app.domain.history import Message, Status
from app.services.turn import AnswerSnapshot
from app.ui.lab.pacer import BUDGET_S, LivePacer


def snap(mid: str, content: str) -> AnswerSnapshot:
    return AnswerSnapshot(mid, "c", 0, "m", content, "", (), None, Status.STREAMING, None,
                          False, 0.0)


class Rig:
    """Rendering costs 10 µs per character on a fake clock."""

    def __init__(self, qapp: object) -> None:
        self.now = 0.0
        self.shown: dict[str, int] = {}
        self.steps: list[tuple[str, int]] = []
        self.finished: list[tuple[str, int, int]] = []  # id, length, shown then
        self.pacer = LivePacer(self.render, self.finish, clock=lambda: self.now)

    def render(self, snapshot: AnswerSnapshot) -> None:
        added = len(snapshot.content) - self.shown.get(snapshot.message_id, 0)
        self.now += added * 10e-6
        self.shown[snapshot.message_id] = len(snapshot.content)
        self.steps.append((snapshot.message_id, added))

    def add(self, snapshot: AnswerSnapshot) -> None:
        """As the window does: the view shows the first bytes, the pacer is told."""
        self.shown[snapshot.message_id] = len(snapshot.content)
        self.pacer.added(snapshot)

    def finish(self, message: Message) -> None:
        self.finished.append((message.id, len(message.content),
                              self.shown.get(message.id, 0)))


def test_each_tick_renders_one_answer_within_the_budget(qapp: object) -> None:
    rig = Rig(qapp)
    for mid in ("a", "b"):
        rig.add(snap(mid, ""))
        rig.pacer.update(snap(mid, "x" * 20_000))
    while not rig.pacer.idle:
        rig.pacer.tick()
    assert rig.shown == {"a": 20_000, "b": 20_000}
    assert [mid for mid, _ in rig.steps[:4]] == ["a", "b", "a", "b"]  # round robin
    later = [chars for _, chars in rig.steps[4:-2]]
    assert later and max(later) * 10e-6 <= BUDGET_S * 1.5  # the chunk fits the budget


def test_a_finished_answer_is_shown_whole_only_after_catching_up(qapp: object) -> None:
    rig = Rig(qapp)
    rig.add(snap("a", "hi"))
    rig.pacer.update(snap("a", "y" * 5_000))
    message = Message("a", "c", None, Role.ASSISTANT, "y" * 6_000, status=Status.COMPLETE)
    rig.pacer.finished(message)
    assert rig.finished == []  # 2 characters on screen: not yet
    while not rig.pacer.idle:
        rig.pacer.tick()
    assert rig.finished == [("a", 6_000, 6_000)]


def test_a_short_answer_finishes_at_once(qapp: object) -> None:
    rig = Rig(qapp)
    rig.add(snap("a", "done"))
    rig.pacer.finished(Message("a", "c", None, Role.ASSISTANT, "done"))
    assert rig.finished == [("a", 4, 4)] and rig.pacer.idle


def test_arms_that_end_together_are_shown_one_a_turn(qapp: object, qtbot: QtBot) -> None:
    rig = Rig(qapp)
    for name in "abcd":
        rig.add(snap(name, "done"))
    for name in "abcd":
        rig.pacer.finished(Message(name, "c", None, Role.ASSISTANT, "done"))
    assert [f[0] for f in rig.finished] == ["a"]  # one before the event loop runs again
    qtbot.waitUntil(lambda: rig.pacer.idle)
    assert [f[0] for f in rig.finished] == ["a", "b", "c", "d"]
