"""The connection editor's "in this system's words" box: our statuses and teams -> theirs.

The handoff has a fixed vocabulary (:class:`Status`, the team kinds of
:class:`AssigneeKind`); each ticket system has its own, configurable one.  This box
shows, per value of ours, "Automatic" (the by-name match of
:func:`~handoff.delivery.plan.resolve_status` / ``resolve_assignee``, with the name it
stands for when the system's names are known), the system's names, and whatever was
saved before.  The names depend on the ticket's board or workflow, so they are read
from a sample ticket (the connection editor runs that lookup; the prefill cache
answers offline).  A typed name not in the list is kept as a value of its own.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from handoff.delivery.connector import Choice, ConnectionProfile
from handoff.delivery.plan import resolve_assignee, resolve_status
from handoff.delivery.prefill import Lookup
from handoff.model import Assignee, AssigneeKind, Status
from handoff.ui.dialogs import tr
from handoff.ui.widgets.forms import labelled_row

TEAM_KINDS: list[AssigneeKind] = [k for k in AssigneeKind if k is not AssigneeKind.PERSON]


class MappingBox(QGroupBox):
    """Sample ticket, "Fetch names", and one editable choice per status and team kind.

    Object names: ``sample_ticket``, ``fetch_names``, ``names_source``,
    ``map_status_<value>``, ``map_assignee_<value>``.
    """

    def __init__(self, profile: ConnectionProfile | None, parent: QWidget | None = None) -> None:
        super().__init__(tr("Status and assignee in this system's words"), parent)
        self._status_map = dict(profile.status_map) if profile else {}
        self._assignee_map = dict(profile.assignee_map) if profile else {}
        form = QFormLayout(self)
        self.sample = QLineEdit(self)
        labelled_row(form, self.tr("Sa&mple ticket:"), self.sample, "sample_ticket",
                     self.tr("A ticket to read the system's statuses, members and queues "
                             "from."))  # fmt: skip
        self.fetch_button = QPushButton(self.tr("&Fetch names"), self)
        self.fetch_button.setObjectName("fetch_names")
        self.names_source = QLabel(self.tr("Names not fetched yet: matched by name when posting."),
                                   self)  # fmt: skip
        self.names_source.setObjectName("names_source")
        form.addRow(self.fetch_button, self.names_source)
        self.status_combos = {s: self._combo(form, s.label, f"map_status_{s.value}")
                              for s in Status}  # fmt: skip
        self.assignee_combos = {k: self._combo(form, k.label, f"map_assignee_{k.value}")
                                for k in TEAM_KINDS}  # fmt: skip
        self.fill([], [])

    def _combo(self, form: QFormLayout, label: str, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        labelled_row(form, f"{label}:", combo, name,
                     self.tr("What %s is called in this system.") % label)  # fmt: skip
        return combo

    def show_names(self, found: Lookup) -> None:
        """The system's names from a ticket lookup (fetched now, or the cached copy)."""
        info = found.info
        self.names_source.setText(
            self.tr("Names from ticket %s, %s") % (info.ticket_id, found.describe())
        )
        self.fill(info.statuses, info.assignees)

    def fill(self, statuses: list[Choice], assignees: list[Choice]) -> None:
        for status, combo in self.status_combos.items():
            auto = resolve_status(status, statuses, {})
            _fill(combo, auto, statuses, self._status_map.get(status))
        for kind, combo in self.assignee_combos.items():
            auto = resolve_assignee(Assignee(kind=kind), assignees, {})
            _fill(combo, auto, assignees, self._assignee_map.get(kind))

    def status_map(self) -> dict[Status, Choice]:
        """The chosen statuses; "Automatic" ones are left out (matched by name)."""
        return {s: c for s, combo in self.status_combos.items()
                if (c := _mapped(combo, "status")) is not None}  # fmt: skip

    def assignee_map(self) -> dict[AssigneeKind, Choice]:
        return {k: c for k, combo in self.assignee_combos.items()
                if (c := _mapped(combo, "queue")) is not None}  # fmt: skip


def _fill(combo: QComboBox, auto: Choice | None, choices: list[Choice], now: Choice | None) -> None:
    """ "Automatic" (with the name match it stands for), the system's names, the saved one."""
    combo.clear()
    combo.addItem(tr("Automatic: %s") % auto.name if auto else tr("Automatic (by name)"), None)
    for choice in choices:
        combo.addItem(choice.name, choice)
    if now is not None and not any(c.id == now.id for c in choices):
        combo.addItem(now.name, now)
    combo.setCurrentIndex(combo.findText(now.name) if now is not None else 0)


def _mapped(combo: QComboBox, kind: str) -> Choice | None:
    """The chosen value; a typed name not in the list becomes a Choice of its own."""
    text = combo.currentText().strip()
    index = combo.findText(text)
    if index >= 0:
        data = combo.itemData(index)
        return data if isinstance(data, Choice) else None
    return Choice(id=text, name=text, kind=kind) if text else None
