"""Page 4: what still needs doing (and by whom), and what blocks it.

"No blockers" is an explicit answer, not the absence of one: a handoff with an
empty blockers list and the box unticked is still unanswered.  Ticking the box
takes any listed blockers out of the handoff (kept on the page, so unticking
brings them back); adding a blocker unticks it again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QGroupBox, QPushButton, QVBoxLayout, QWidget

from handoff.lint import Section
from handoff.model import Blocker, BlockerKind, Handoff, RemainingStep
from handoff.ui.pages.base import HandoffPage
from handoff.ui.session import DraftSession
from handoff.ui.widgets.forms import chain_tab_order, describe, sync_checked
from handoff.ui.widgets.record_model import Column, ColumnKind, RecordTableModel
from handoff.ui.widgets.record_table import RecordListEditor

_TIMED_KINDS = (BlockerKind.USER_AVAILABILITY, BlockerKind.APPROVAL)
"""Blocker kinds that can carry a date/time (when the user is free, when approval is due)."""

WHEN_COLUMN = 2


def _has_time(blocker: Any) -> bool:
    return isinstance(blocker, Blocker) and blocker.kind in _TIMED_KINDS


class RemainingPage(HandoffPage):
    """Remaining steps (action, owner) and blockers (kind, description, when).

    Object names: ``remaining_table`` / ``remaining_add`` / ``remaining_remove`` /
    ``remaining_up`` / ``remaining_down``; ``blockers_table`` / ``blockers_add`` /
    ``blockers_remove`` / ``blockers_clear_time``; ``no_blockers`` (checkbox).
    """

    section = Section.REMAINING

    def __init__(self, session: DraftSession) -> None:
        super().__init__(
            session,
            self.tr("Remaining steps & blockers"),
            self.tr("What still needs doing, who does it, and what is in the way."),
        )
        self._set_aside: list[Blocker] = []
        self._set_aside_from: Handoff | None = None
        self.remaining = self._remaining_editor()
        self.blockers = self._blockers_editor()
        self.no_blockers = QCheckBox(self.tr("No blocker&s: nothing is in the way"), self)
        describe(
            self.no_blockers,
            "no_blockers",
            self.tr("No blockers"),
            self.tr("Tick to say explicitly that nothing blocks the next steps."),
        )
        self.no_blockers.toggled.connect(self._set_no_blockers)
        self.blockers.model.rowsInserted.connect(self._blocker_added)
        self.body.addWidget(self._group(self.tr("Remaining steps"), self.remaining), 1)
        self.body.addWidget(
            self._group(self.tr("Blockers and approvals"), self.no_blockers, self.blockers), 1
        )
        chain_tab_order(
            [*self.remaining.focus_widgets(), self.no_blockers, *self.blockers.focus_widgets()]
        )

    def _group(self, title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title, self)
        layout = QVBoxLayout(box)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    def _remaining_editor(self) -> RecordListEditor:
        owners = (
            self.tr("Next available tech"),
            self.tr("Escalation team"),
            self.tr("Networking team"),
            self.tr("Vendor"),
            self.tr("The user"),
        )
        columns = [
            Column("action", self.tr("Action"), tooltip=self.tr("What to do next"), stretch=True),
            Column(
                "owner",
                self.tr("Owner"),
                ColumnKind.SUGGEST,
                self.tr("Who or which team does it (pick one or type a name)"),
                tuple((owner, owner) for owner in owners),
            ),
        ]
        model = RecordTableModel(
            lambda: self.session.handoff.remaining_steps, columns, self.session.mark_changed, self
        )
        return RecordListEditor(
            model,
            prefix="remaining",
            name=self.tr("Remaining steps"),
            description=self.tr("Enter edits a cell, Delete removes the step."),
            labels={
                "add": self.tr("&Add step"),
                "remove": self.tr("&Remove step"),
                "up": self.tr("Move &up"),
                "down": self.tr("Move do&wn"),
            },
            new_item=RemainingStep,
            parent=self,
        )

    def _blockers_editor(self) -> RecordListEditor:
        kinds = tuple((kind.label, kind.value) for kind in BlockerKind)
        columns = [
            Column("kind", self.tr("Kind"), ColumnKind.CHOICE, self.tr("What blocks"), kinds),
            Column("description", self.tr("Description"), stretch=True,
                   tooltip=self.tr("What exactly is needed, from whom")),
            Column("when", self.tr("When"), ColumnKind.DATETIME, editable_if=_has_time,
                   tooltip=self.tr("User availability / approval: when (your local time)")),
        ]  # fmt: skip
        model = RecordTableModel(
            lambda: self.session.handoff.blockers.items, columns, self.session.mark_changed, self
        )
        editor = RecordListEditor(
            model,
            prefix="blockers",
            name=self.tr("Blockers"),
            description=self.tr("Enter edits a cell, Delete removes the blocker."),
            labels={"add": self.tr("Add b&locker"), "remove": self.tr("Remove blo&cker")},
            new_item=Blocker,
            movable=False,
            parent=self,
        )
        self.clear_time = QPushButton(self.tr("Clear ti&me"), editor)
        self.clear_time.setObjectName("blockers_clear_time")
        self.clear_time.setToolTip(self.tr("Remove the date/time from the selected blocker."))
        self.clear_time.clicked.connect(self._clear_time)
        editor.add_button(self.clear_time)
        return editor

    def _clear_time(self) -> None:
        row = self.blockers.current_row()
        if 0 <= row < self.blockers.model.rowCount():
            self.blockers.model.setData(self.blockers.model.index(row, WHEN_COLUMN), None)

    def _set_no_blockers(self, checked: bool) -> None:
        blockers = self.session.handoff.blockers
        blockers.none = checked
        if checked and blockers.items:
            self._set_aside = list(blockers.items)
            self._set_aside_from = self.session.handoff
            blockers.items.clear()
        elif not checked and not blockers.items and self._set_aside:
            blockers.items.extend(self._set_aside)
            self._set_aside = []
        self.blockers.model.refresh()
        self._update_enabled()
        self.session.mark_changed()

    def _blocker_added(self) -> None:
        """A blocker contradicts "no blockers"; the insert itself calls mark_changed."""
        self.session.handoff.blockers.none = False
        self._set_aside = []
        sync_checked(self.no_blockers, False)
        self._update_enabled()

    def _update_enabled(self) -> None:
        enabled = not self.no_blockers.isChecked()
        self.blockers.view.setEnabled(enabled)
        self.clear_time.setEnabled(enabled)
        self.blockers.update_buttons()
        if not enabled:
            self.blockers.remove.setEnabled(False)

    def load(self) -> None:
        handoff = self.session.handoff
        self.remaining.model.refresh()
        self.blockers.model.refresh()
        self.remaining.update_buttons()
        if self._set_aside_from is not handoff:
            self._set_aside = []  # they belonged to the handoff that was replaced
        sync_checked(self.no_blockers, handoff.blockers.none)
        self._update_enabled()
