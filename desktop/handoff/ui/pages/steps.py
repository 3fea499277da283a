"""Page 2: the steps already taken, so the next technician repeats none of them.

The procedure names the tests every VPN / login ticket goes through; one click on a
preset adds that step with its kind and command filled in and puts the cursor in
the *result* cell, because a step without its result is the one that gets repeated.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QGridLayout, QGroupBox, QPushButton, QWidget

from handoff.lint import Section
from handoff.model import Step, StepKind
from handoff.ui.pages.base import HandoffPage
from handoff.ui.session import DraftSession
from handoff.ui.widgets.forms import chain_tab_order
from handoff.ui.widgets.record_model import Column, ColumnKind, RecordTableModel
from handoff.ui.widgets.record_table import RecordListEditor

KIND, ACTION, COMMAND, RESULT = range(4)
"""Column numbers of the steps table."""

_PRESET_COLUMNS = 4


@dataclass(frozen=True)
class Preset:
    """A one-click step: the button's name and text, and what the new step says."""

    key: str
    button: str
    kind: StepKind
    action: str
    command: str = ""

    def step(self) -> Step:
        return Step(kind=self.kind, action=self.action, command=self.command, result="")


class StepsPage(HandoffPage):
    """A table of steps (kind, action, command/test, result) plus preset buttons.

    Object names: ``steps_table``, ``steps_add``, ``steps_remove``, ``steps_up``,
    ``steps_down`` and ``preset_<key>`` for each of :attr:`presets`.
    """

    section = Section.STEPS

    def __init__(self, session: DraftSession) -> None:
        super().__init__(
            session,
            self.tr("Steps already taken"),
            self.tr("Everything you tried, with its result, so nobody repeats it."),
        )
        self.model = RecordTableModel(
            lambda: self.session.handoff.steps_taken, self._columns(), session.mark_changed, self
        )
        self.editor = RecordListEditor(
            self.model,
            prefix="steps",
            name=self.tr("Steps already taken"),
            description=self.tr(
                "Enter edits a cell, Delete removes the step, typing starts editing."
            ),
            labels={
                "add": self.tr("&Add step"),
                "remove": self.tr("&Remove"),
                "up": self.tr("Move &up"),
                "down": self.tr("Move do&wn"),
            },
            new_item=lambda: Step(kind=StepKind.ACTION),
            new_item_column=ACTION,  # most steps are actions: type what you did straight away
            parent=self,
        )
        self.table = self.editor.view
        self.presets = self._presets()
        self.preset_buttons: dict[str, QPushButton] = {}
        self.body.addWidget(self._preset_box())
        self.body.addWidget(self.editor, 1)
        chain_tab_order([*self.preset_buttons.values(), *self.editor.focus_widgets()])

    def _columns(self) -> list[Column]:
        kinds = tuple((kind.label, kind.value) for kind in StepKind)
        return [
            Column("kind", self.tr("Kind"), ColumnKind.CHOICE, self.tr("What sort of step"), kinds),
            Column("action", self.tr("Action"), tooltip=self.tr("What you did"), stretch=True),
            Column("command", self.tr("Command / test"), tooltip=self.tr("Exact command line")),
            Column("result", self.tr("Result"), tooltip=self.tr("What happened"), stretch=True),
        ]

    def _presets(self) -> list[Preset]:
        test, action, command = StepKind.TEST, StepKind.ACTION, StepKind.COMMAND
        tr = self.tr
        return [
            Preset("ping", tr("&Ping"), test, tr("Pinged the gateway"), "ping <host>"),
            Preset("nslookup", tr("ns&lookup"), test, tr("Checked DNS resolution"),
                   "nslookup <name>"),
            Preset("reboot", tr("Reb&oot"), action, tr("Rebooted the device")),
            Preset("reinstall", tr("Re&install app"), action,
                   tr("Reinstalled the <app/client>")),
            Preset("clear_credentials", tr("&Cleared credentials"), action,
                   tr("Cleared saved credentials (Credential Manager and the app)")),
            Preset("reset_mfa", tr("Reset &MFA"), action, tr("Reset MFA registration")),
            Preset("ad_groups", tr("AD &group membership"), command,
                   tr("Checked AD group membership"),
                   "Get-ADPrincipalGroupMembership <user> | Select Name"),
            Preset("hotspot", tr("Hot&spot test"), test, tr("Tested on a mobile hotspot")),
            Preset("flush_dns", tr("Flush &DNS"), command, tr("Flushed the DNS cache"),
                   "ipconfig /flushdns"),
            Preset("event_logs", tr("&Event logs"), StepKind.LOG_REVIEWED,
                   tr("Checked the event logs"), "eventvwr.msc"),
            Preset("other_user", tr("&Known-good user/device"), test,
                   tr("Tested with another user / on another device")),
        ]  # fmt: skip

    def _preset_box(self) -> QWidget:
        box = QGroupBox(self.tr("Quick add a common test"), self)
        grid = QGridLayout(box)
        for number, preset in enumerate(self.presets):
            button = QPushButton(preset.button, box)
            button.setObjectName(f"preset_{preset.key}")
            button.setAutoDefault(False)
            tip = self.tr("Adds the step \u201c{action}\u201d; you then type its result.")
            button.setToolTip(tip.format(action=preset.action))
            button.setAccessibleDescription(button.toolTip())
            button.clicked.connect(lambda _=False, p=preset: self.add_preset(p))
            grid.addWidget(button, *divmod(number, _PRESET_COLUMNS))
            self.preset_buttons[preset.key] = button
        return box

    def add_preset(self, preset: Preset) -> int:
        """Add the preset's step and ask for its result right away; returns the row."""
        return self.editor.append(preset.step(), edit_column=RESULT)

    def load(self) -> None:
        self.model.refresh()
        self.editor.update_buttons()
