"""The drafts on this machine: resume one, or start a new handoff.

Shown at start-up when drafts exist or were set aside: an engineer whose laptop
died mid-ticket gets straight back to it with one Enter, and a draft that could
not be read is told before anything else happens.  Afterwards the side panel's
Drafts section (File → Drafts…, Ctrl+1) lists the same drafts without a modal.
Drafts that could not be read were moved aside by the store and a draft from a
newer Handoff was left alone; each is told in one line, so nothing disappears silently.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from handoff.drafts import DraftProblem, DraftScan


def problem_text(problem: DraftProblem) -> str:
    """One line for a draft that was not listed (the side panel shows the same line)."""
    if problem.moved_to is not None:
        return (
            QCoreApplication.translate("StartDialog", "%1: %2 \u2014 moved to %3")
            .replace("%1", problem.path.name)
            .replace("%2", problem.reason)
            .replace("%3", str(problem.moved_to))
        )
    return f"{problem.path.name}: {problem.reason}"


class StartDialog(QDialog):
    """Lists ``scan.drafts`` (ticket, title, last saved) and ``scan.problems``."""

    resume_requested = Signal(str)
    """The handoff id of the draft to resume."""
    new_requested = Signal()

    def __init__(self, scan: DraftScan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Handoff \u2014 drafts"))
        self.resize(640, 360)
        layout = QVBoxLayout(self)
        intro = QLabel(self._intro(scan), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.drafts = self._draft_list(scan)
        intro.setBuddy(self.drafts)
        layout.addWidget(self.drafts, 1)
        self.drafts.setVisible(bool(scan.drafts))
        for problem in scan.problems:
            line = QLabel("\u26a0 " + problem_text(problem), self)
            line.setObjectName("draft_problem")
            line.setWordWrap(True)
            layout.addWidget(line)
        layout.addWidget(self._buttons())

    def _intro(self, scan: DraftScan) -> str:
        if scan.drafts:
            return self.tr("&Unfinished handoffs on this computer. Resume one, or start anew:")
        return self.tr("No unfinished handoffs to resume.")

    def _draft_list(self, scan: DraftScan) -> QTreeWidget:
        tree = QTreeWidget(self)
        tree.setObjectName("drafts")
        tree.setAccessibleName(self.tr("Saved drafts"))
        tree.setAccessibleDescription(
            self.tr("Drafts saved on this computer; Enter resumes the selected one.")
        )
        tree.setHeaderLabels([self.tr("Ticket"), self.tr("Title"), self.tr("Last saved")])
        tree.setRootIsDecorated(False)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        first: QTreeWidgetItem | None = None
        for info in scan.drafts:
            saved = info.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
            title = info.title or self.tr("(no title yet)")
            item = QTreeWidgetItem(tree, [info.ticket_id or self.tr("(no ticket)"), title, saved])
            item.setData(0, Qt.ItemDataRole.UserRole, info.handoff_id)
            first = first or item
        if first is not None:
            tree.setCurrentItem(first)
        tree.itemActivated.connect(lambda *_: self._resume())
        return tree

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox(self)
        self.resume_button = QPushButton(self.tr("&Resume"), self)
        self.resume_button.setObjectName("resume")
        self.resume_button.setEnabled(self.drafts.topLevelItemCount() > 0)
        self.resume_button.setDefault(True)
        self.new_button = QPushButton(self.tr("&New handoff"), self)
        self.new_button.setObjectName("new_handoff")
        box.addButton(self.resume_button, QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(self.new_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.resume_button.clicked.connect(self._resume)
        self.new_button.clicked.connect(self._new)
        return box

    def selected_id(self) -> str | None:
        item = self.drafts.currentItem()
        return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole))

    def _resume(self) -> None:
        handoff_id = self.selected_id()
        if handoff_id is None:
            return
        self.accept()
        self.resume_requested.emit(handoff_id)

    def _new(self) -> None:
        self.reject()
        self.new_requested.emit()
