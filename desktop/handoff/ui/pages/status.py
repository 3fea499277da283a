"""Page 6: status, who picks the ticket up, priority and the SLA clock.

The time left to the SLA is shown live (a 30 s timer that runs only while the
page is visible) and turns to a warning colour under two hours, because that is
when the user must be told about a delay.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QSignalBlocker, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from handoff.lint import Section
from handoff.model import AssigneeKind, Priority, Status, utc_now
from handoff.notes import format_time_left
from handoff.ui import theme
from handoff.ui.pages.base import HandoffPage
from handoff.ui.session import DraftSession
from handoff.ui.widgets.forms import (
    chain_tab_order,
    describe,
    from_qdatetime,
    sync_checked,
    sync_combo_data,
    sync_line,
    to_qdatetime,
)
from handoff.ui.widgets.record_table import next_full_hour

TICK_MS = 30_000
"""How often the time-left label is refreshed."""
WARN_BELOW = timedelta(hours=2)


class StatusPage(HandoffPage):
    """Status radios, assignee (kind, name, @mention), priority, SLA due + time left.

    Object names: ``status_<value>`` (radios, in :attr:`status_buttons`),
    ``assignee_kind``, ``assignee_name``, ``assignee_mention``, ``priority``,
    ``has_sla``, ``sla_due``, ``time_left``.  :attr:`clock` gives "now" (tests pin it).
    """

    section = Section.STATUS

    def __init__(self, session: DraftSession, *, clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__(
            session,
            self.tr("Status, assignment & urgency"),
            self.tr("Where the ticket stands, who picks it up, and how urgent it is."),
        )
        self.clock = clock
        self.status_group = QButtonGroup(self)
        self.status_buttons: dict[Status, QRadioButton] = {}
        self.body.addWidget(self._status_box())
        self.body.addWidget(self._assignee_box())
        self.body.addWidget(self._urgency_box())
        self.body.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.update_time_left)
        chain_tab_order(
            [
                *self.status_buttons.values(),
                self.assignee_kind,
                self.assignee_name,
                self.assignee_mention,
                self.priority,
                self.has_sla,
                self.sla_due,
            ]
        )

    # -- building -------------------------------------------------------------

    def _status_box(self) -> QWidget:
        box = QGroupBox(self.tr("Status"), self)
        layout = QVBoxLayout(box)
        texts = {
            Status.IN_PROGRESS: self.tr("&In progress"),
            Status.WAITING_ON_USER: self.tr("Waiting on &user"),
            Status.WAITING_ON_VENDOR: self.tr("Waiting on vend&or"),
            Status.WAITING_ON_ESCALATION: self.tr("Waiting on &escalation team"),
        }
        for status, text in texts.items():
            button = QRadioButton(text, box)
            describe(
                button, f"status_{status.value}", text.replace("&", ""), self.tr("Ticket status")
            )
            button.toggled.connect(lambda on, s=status: self._set_status(s, on))
            self.status_group.addButton(button)
            self.status_buttons[status] = button
            layout.addWidget(button)
        return box

    def _assignee_box(self) -> QWidget:
        box = QGroupBox(self.tr("Assign to"), self)
        form = QFormLayout(box)
        self.assignee_kind = QComboBox(box)
        describe(self.assignee_kind, "assignee_kind", self.tr("Assign to"),
                 self.tr("Who picks the ticket up next."))  # fmt: skip
        self.assignee_kind.addItem(self.tr("Choose\u2026"), "")
        for kind in AssigneeKind:
            self.assignee_kind.addItem(kind.label, kind.value)
        self.assignee_kind.currentIndexChanged.connect(self._set_assignee_kind)
        self.assignee_name = QLineEdit(box)
        describe(
            self.assignee_name,
            "assignee_name",
            self.tr("Name"),
            self.tr("The person's name (required for a named person) or the queue's name."),
        )
        self.assignee_name.textChanged.connect(self._set_assignee_name)
        self.assignee_mention = QLineEdit(box)
        describe(self.assignee_mention, "assignee_mention", self.tr("Mention"),
                 self.tr("Handle to @mention in the internal note, e.g. jsmith."))  # fmt: skip
        self.assignee_mention.setPlaceholderText(self.tr("@jsmith"))
        self.assignee_mention.textChanged.connect(self._set_mention)
        self.name_label = QLabel(box)
        self.name_label.setBuddy(self.assignee_name)
        for text, field in ((self.tr("Assi&gn to:"), self.assignee_kind),
                            (None, self.assignee_name),
                            (self.tr("@&mention:"), self.assignee_mention)):  # fmt: skip
            label = self.name_label if text is None else QLabel(text, box)
            label.setBuddy(field)
            form.addRow(label, field)
        self._update_name_label()
        return box

    def _urgency_box(self) -> QWidget:
        box = QGroupBox(self.tr("Urgency"), self)
        form = QFormLayout(box)
        self.priority = QComboBox(box)
        describe(self.priority, "priority", self.tr("Priority"), self.tr("The ticket priority."))
        self.priority.addItem(self.tr("Not set"), "")
        for priority in Priority:
            self.priority.addItem(priority.label, priority.value)
        self.priority.currentIndexChanged.connect(self._set_priority)
        self.has_sla = QCheckBox(self.tr("SLA &due:"), box)
        describe(self.has_sla, "has_sla", self.tr("Has an SLA due time"),
                 self.tr("Tick when the ticket has an SLA due time."))  # fmt: skip
        self.has_sla.toggled.connect(self._set_has_sla)
        self.sla_due = QDateTimeEdit(next_full_hour(), box)
        describe(self.sla_due, "sla_due", self.tr("SLA due"),
                 self.tr("When the SLA is due, in your local time."))  # fmt: skip
        self.sla_due.setCalendarPopup(True)
        self.sla_due.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.sla_due.setEnabled(False)
        self.sla_due.dateTimeChanged.connect(self._set_sla_due)
        self.time_left = QLabel(box)
        self.time_left.setObjectName("time_left")
        self.time_left.setAccessibleName(self.tr("Time left until the SLA is due"))
        due_row = QHBoxLayout()
        due_row.addWidget(self.sla_due)
        due_row.addWidget(self.time_left, 1)
        priority_label = QLabel(self.tr("&Priority:"), box)
        priority_label.setBuddy(self.priority)
        form.addRow(priority_label, self.priority)
        form.addRow(self.has_sla, due_row)
        return box

    # -- writing user input into the handoff ------------------------------------

    def _set_status(self, status: Status, checked: bool) -> None:
        if checked:
            self.session.handoff.status = status
            self.session.mark_changed()

    def _set_assignee_kind(self) -> None:
        value = self.assignee_kind.currentData()
        self.session.handoff.assignee.kind = AssigneeKind(value) if value else None
        self._update_name_label()
        self.session.mark_changed()

    def _set_assignee_name(self, text: str) -> None:
        self.session.handoff.assignee.name = text
        self.session.mark_changed()

    def _set_mention(self, text: str) -> None:
        self.session.handoff.assignee.mention = text
        self.session.mark_changed()

    def _set_priority(self) -> None:
        value = self.priority.currentData()
        self.session.handoff.urgency.priority = Priority(value) if value else None
        self.session.mark_changed()

    def _set_has_sla(self, checked: bool) -> None:
        self.sla_due.setEnabled(checked)
        due = from_qdatetime(self.sla_due.dateTime()) if checked else None
        self.session.handoff.urgency.sla_due = due
        self.update_time_left()
        self.session.mark_changed()

    def _set_sla_due(self) -> None:
        if self.has_sla.isChecked():
            self.session.handoff.urgency.sla_due = from_qdatetime(self.sla_due.dateTime())
            self.update_time_left()
            self.session.mark_changed()

    # -- rendering ----------------------------------------------------------------

    def _update_name_label(self) -> None:
        person = self.session.handoff.assignee.kind is AssigneeKind.PERSON
        self.name_label.setText(
            self.tr("Person's n&ame (required):") if person else self.tr("Queue n&ame (optional):")
        )
        self.assignee_name.setPlaceholderText(
            self.tr("Who picks it up") if person else self.tr("e.g. Tier 2, Network ops")
        )

    def update_time_left(self) -> None:
        """Re-read the clock: "5 h 20 min left", warning colour under two hours."""
        delta = self.session.handoff.urgency.time_left(self.clock())
        warning = delta is not None and delta < WARN_BELOW
        self.time_left.setText(format_time_left(delta))
        self.time_left.setProperty("warning", warning)
        self.time_left.setStyleSheet(theme.error_style(bold=True) if warning else "")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.update_time_left()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        self.timer.stop()
        super().hideEvent(event)

    def load(self) -> None:
        handoff = self.session.handoff
        self._load_status(handoff.status)
        sync_combo_data(
            self.assignee_kind, handoff.assignee.kind.value if handoff.assignee.kind else ""
        )
        sync_line(self.assignee_name, handoff.assignee.name)
        sync_line(self.assignee_mention, handoff.assignee.mention)
        priority = handoff.urgency.priority
        sync_combo_data(self.priority, priority.value if priority else "")
        due = handoff.urgency.sla_due
        sync_checked(self.has_sla, due is not None)
        self.sla_due.setEnabled(due is not None)
        if due is not None and from_qdatetime(self.sla_due.dateTime()) != due:
            with QSignalBlocker(self.sla_due):
                self.sla_due.setDateTime(to_qdatetime(due))
        self._update_name_label()
        self.update_time_left()

    def _load_status(self, status: Status | None) -> None:
        wanted = self.status_buttons[status] if status is not None else None
        if self.status_group.checkedButton() is wanted:
            return
        self.status_group.setExclusive(False)  # the only way to show "none chosen"
        for button in self.status_buttons.values():
            with QSignalBlocker(button):
                button.setChecked(button is wanted)
        self.status_group.setExclusive(True)
