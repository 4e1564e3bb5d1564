"""The parameter lab's window: a prompt at one point of a conversation, its arms (and an
optional sweep), then one column per request streaming side by side, a summary, a diff,
blind mode, and the pick that decides the branch the conversation continues from."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.attachments import Attachment
from app.domain.endpoint import Endpoint
from app.domain.history import Message
from app.domain.lab import (
    AnswerFigures,
    LabSpecError,
    Plan,
    PlannedArm,
    differences,
    make_plan,
    parse_sweep,
    summarise,
    value_label,
)
from app.render.markdown_html import MarkdownRenderer
from app.services.conversations import ConversationService
from app.services.i18n import tr_text
from app.services.lab import InvalidArms, LabRun, LabService
from app.services.turn import AnswerSnapshot
from app.ui.lab.arms_editor import ArmsEditor
from app.ui.lab.lab_column import LabColumn
from app.ui.lab.lab_results import DiffView, SummaryTable
from app.ui.lab.pacer import LivePacer
from app.ui.message_commands import Command, MessageCommand
from app.ui.named import named

SWEEP_FIELDS = ("temperature", "top_p", "top_k", "min_p", "frequency_penalty",
                "thinking_budget", "max_tokens")


class LabWindow(QWidget):
    use_params = Signal(dict)  # params to copy into the panel
    save_preset = Signal(dict)  # params to keep as a new preset
    closed = Signal(str)  # conversation id

    def __init__(self, lab: LabService, conversations: ConversationService,
                 conversation_id: str, *, parent_id: str | None, prompt: str,
                 endpoints: list[Endpoint], renderer: MarkdownRenderer,
                 panel_params: Callable[[], dict[str, Any]],
                 presets: Callable[[], dict[str, dict[str, Any]]],
                 rng: random.Random | None = None, attachments: Sequence[Attachment] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("labWindow")
        self.setWindowTitle(self.tr("Parameter lab"))
        self.resize(1280, 860)
        self._lab = lab
        self._conversations = conversations
        self.conversation_id = conversation_id
        self.parent_id = parent_id
        self._renderer = renderer
        self._rng = rng or random.Random()
        self.confirm: Callable[[int], bool] = self._ask
        self.show_params: Callable[[dict[str, Any]], None] | None = None
        self.run: LabRun | None = None
        self.summarising: asyncio.Future[None] | None = None  # the summary, being counted
        self.columns: dict[int, LabColumn] = {}
        self._arm_of: dict[str, int] = {}  # message id → arm
        self.pacer = LivePacer(self._render_live, self._render_final, parent=self)

        self.prompt = named(QPlainTextEdit(prompt), "labPrompt")
        self.prompt.setReadOnly(parent_id is not None)
        self.prompt.setMaximumHeight(90)
        self.attachments = tuple(attachments)  # the composer's, for a new question
        if self.attachments:
            self.prompt.setToolTip(self.tr("With the attachments: {0}").format(
                ", ".join(a.name for a in self.attachments)))
        self.arms = ArmsEditor(endpoints, panel_params, presets)
        conv = conversations.get(conversation_id)
        # An arm's text is its whole set of fields (it starts as the panel's): only the
        # streaming the columns need comes from the conversation, so a field deleted from
        # the text is not posted.
        self.arms.base = {k: v for k, v in conv.params.items() if k == "stream"}
        self.sweep_field = named(QComboBox(), "labSweepField")
        self.sweep_field.setEditable(True)
        self.sweep_field.addItems(["", *SWEEP_FIELDS])
        self.sweep_values = named(QLineEdit(), "labSweepValues")
        self.sweep_values.setPlaceholderText(self.tr("values, e.g. 0,0.5,1.0,1.5"))
        self.samples = named(QSpinBox(), "labSamples")
        self.samples.setRange(1, 20)
        self.use_n = named(QCheckBox(self.tr("Ask with n")), "labUseN")
        self.use_n.setToolTip(self.tr("One request per value with n = samples instead of "
                                      "one request per sample; samples a model does not "
                                      "return as choices are asked for one by one"))
        self.blind = named(QCheckBox(self.tr("Blind: hide labels and shuffle")), "labBlind")
        self.send_button = named(QPushButton(self.tr("Send")), "labSend")
        self.stop_button = named(QPushButton(self.tr("Stop")), "labStop")
        self.stop_button.hide()
        self.problem = named(QLabel(), "labProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.hide()

        self.columns_row = QHBoxLayout()
        strip = named(QWidget(), "labColumns")
        strip.setLayout(self.columns_row)
        self.columns_area = QScrollArea()
        self.columns_area.setWidgetResizable(True)
        self.columns_area.setWidget(strip)
        self.summary = SummaryTable()
        self.diff = DiffView()
        self.results = named(QTabWidget(), "labResults")
        self.results.addTab(self.summary, self.tr("Summary"))
        self.results.addTab(self.diff, self.tr("Diff"))
        self.results.hide()
        self._build_layout()
        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.stop)
        self.arms.add_arm()
        self.arms.add_arm()

    def _build_layout(self) -> None:
        setup = QWidget()
        form = QVBoxLayout(setup)
        form.addWidget(QLabel(self.tr("Prompt")))
        form.addWidget(self.prompt)
        form.addWidget(self.arms)
        sweep = QHBoxLayout()
        sweep.addWidget(QLabel(self.tr("Sweep")))
        sweep.addWidget(self.sweep_field)
        sweep.addWidget(self.sweep_values, 1)
        sweep.addWidget(QLabel(self.tr("Samples")))
        sweep.addWidget(self.samples)
        sweep.addWidget(self.use_n)
        sweep.addWidget(self.blind)
        sweep.addWidget(self.send_button)
        sweep.addWidget(self.stop_button)
        form.addLayout(sweep)
        form.addWidget(self.problem)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(setup)
        split.addWidget(self.columns_area)
        split.addWidget(self.results)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 1)
        split.setSizes([260, 520, 180])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    # Sending

    def plan(self) -> Plan:
        """What Send would post (raises LabSpecError)."""
        field = self.sweep_field.currentText().strip()
        sweep = parse_sweep(f"{field}={self.sweep_values.text()}") if field else None
        return make_plan(self.arms.arms(), sweep, self.samples.value(),
                         use_n=self.use_n.isChecked())

    def _ask(self, count: int) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Parameter lab"),
            self.tr("This run posts %n request(s). Send them?", "", count),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def send(self) -> None:
        if self.run is not None:
            return
        try:
            plan = self.plan()
        except LabSpecError as err:
            self._say(tr_text(err.text))
            return
        if plan.requests < 2:
            self._say(self.tr("A lab compares at least 2 requests: add an arm, a sweep or "
                              "samples."))
            return
        if plan.needs_confirmation and not self.confirm(plan.requests):
            return
        text = self.prompt.toPlainText()
        if self.parent_id is None and not text.strip():
            self._say(self.tr("Type the prompt first."))
            return
        try:
            run = self._lab.start(self.conversation_id, plan, parent_id=self.parent_id,
                                  prompt=None if self.parent_id else text,
                                  attachments=() if self.parent_id else self.attachments,
                                  blind=self.blind.isChecked())
        except InvalidArms as err:
            self._say(tr_text(err.text))
            return
        self._say("")
        self.parent_id = run.parent_id
        self.prompt.setReadOnly(True)
        self._show_run(run)

    def _show_run(self, run: LabRun) -> None:
        self.run = run
        for widget in (self.arms, self.sweep_field, self.sweep_values, self.samples,
                       self.use_n, self.blind):
            widget.setEnabled(False)
        self.send_button.hide()
        self.stop_button.show()
        order = list(run.plan.arms)
        if run.blind:
            self._rng.shuffle(order)
        for arm in order:
            self._add_column(arm)
        run.arm_planned.connect(self._add_column)
        run.answer_added.connect(self._on_added)
        run.answer_updated.connect(lambda _n, s: self.pacer.update(s))
        run.answer_finished.connect(self._on_finished)
        run.retry_scheduled.connect(lambda n, sec, err: self.columns[n].count_down(sec, err))
        run.retry_cleared.connect(lambda n: self.columns[n].retry.dismiss())
        run.arm_done.connect(lambda n: self.columns[n].done())
        run.finished.connect(self._on_run_finished)

    def _add_column(self, arm: PlannedArm) -> None:
        assert self.run is not None
        first = self.run.plan.arms[0]
        badge = " · ".join(differences(first.params, arm.params, first.endpoint_id,
                                       arm.endpoint_id))
        column = LabColumn(arm, badge, self._renderer)
        if self.run.blind and self.run.picked_id is None:
            position = len(self.columns)
            column.set_blind(self.tr("Answer {0}").format(chr(ord("A") + position))
                             if position < 26 else str(position + 1))
        column.pick.connect(self.pick)
        column.use_params.connect(lambda n: self.use_params.emit(self._params_of(n)))
        column.save_preset.connect(lambda n: self.save_preset.emit(self._params_of(n)))
        column.retry.clicked.connect(lambda n=arm.number: self._stop_arm(n))
        column.view.action.connect(lambda command, n=arm.number: self._on_command(n, command))
        self.columns[arm.number] = column
        self.columns_row.addWidget(column)

    def _params_of(self, number: int) -> dict[str, Any]:
        assert self.run is not None
        return self.run.arm(number).params.to_json()

    def _on_command(self, number: int, command: object) -> None:
        """The buttons of an answer in a column: copy it, show its parameters, or ask
        that arm again."""
        if not isinstance(command, MessageCommand) or self.run is None:
            return
        if command.command is Command.COPY:
            QGuiApplication.clipboard().setText(
                self._conversations.message(command.message_id).content)
        elif command.command is Command.SHOW_PARAMS and self.show_params is not None:
            self.show_params(self._conversations.message(command.message_id).params or {})
        elif command.command in (Command.RETRY, Command.REGENERATE) \
                and self.run.retry_arm(number):
            self.stop_button.show()

    def _stop_arm(self, number: int) -> None:
        if self.run is not None:
            self.run.stop_arm(number)

    def stop(self) -> None:
        if self.run is not None:
            self.run.stop()

    # The run's reports

    def _on_added(self, number: int, snapshot: AnswerSnapshot) -> None:
        if not snapshot.message_id:
            return
        self._arm_of[snapshot.message_id] = number
        message = self._conversations.message(snapshot.message_id)
        self.columns[number].add(snapshot.onto(message), snapshot)
        self.pacer.added(snapshot)

    def _on_finished(self, number: int, snapshot: AnswerSnapshot) -> None:
        if snapshot.message_id:
            message = self._conversations.message(snapshot.message_id)
            self.pacer.finished(snapshot.onto(message))

    def _render_live(self, snapshot: AnswerSnapshot) -> None:
        self.columns[self._arm_of[snapshot.message_id]].update_live(snapshot)

    def _render_final(self, message: Message) -> None:
        self.columns[self._arm_of[message.id]].finish(message)

    def _on_run_finished(self) -> None:
        self.stop_button.hide()
        self._show_results()

    def _show_results(self) -> None:
        run = self.run
        if run is None or (run.blind and run.picked_id is None):
            return  # blind: nothing that tells the arms apart before the pick
        answers = run.results()
        sweep = run.plan.sweep
        rows = []
        several = len({a.base for a in run.plan.arms}) > 1
        for answer in answers:
            label = self.tr("Arm {0}").format(answer.arm.base) if several or not sweep else ""
            if sweep:
                value = f"{sweep.field}={value_label(answer.arm.sweep_value)}"
                label = f"{label} · {value}" if label else value
            m = answer.message
            rows.append((label, answer.arm.params, AnswerFigures(
                m.content, m.finish_reason, str(m.status), m.usage, m.timings)))
        # In a worker thread: four answers of 100 KB take 33 ms to count their bigrams.
        self.summarising = asyncio.ensure_future(self._summarise(run, rows))
        self.diff.set_answers([self.columns[a.arm.number].title() for a in answers],
                              [a.message.content for a in answers])
        self.results.show()

    async def _summarise(self, run: LabRun,
                         rows: list[tuple[str, Any, AnswerFigures]]) -> None:
        summary = await asyncio.to_thread(summarise, rows)
        if shiboken6.isValid(self) and self.run is run:  # (the window may have closed)
            self.summary.show_rows(summary)

    # Picking

    def pick(self, number: int) -> None:
        run = self.run
        column = self.columns.get(number)
        if run is None or column is None or not column.messages:
            return
        run.pick(column.messages[0])
        for other in self.columns.values():
            other.show_picked(other is column)
            other.set_blind("")
        self._show_results()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window leaves the run going; its answers are stored as they come."""
        event.accept()
        self.closed.emit(self.conversation_id)
