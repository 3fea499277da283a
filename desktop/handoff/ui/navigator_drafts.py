"""The side panel's Drafts section: every unfinished handoff, the one being edited marked.

Fed by the window from :meth:`DraftStore.scan` (at launch, and from File → Drafts…)
and kept current from the autosaver (a save updates one entry; no rescan per
keystroke).  Drafts the store set aside or left alone are listed under the
drafts, one plain line each, and stay there for the session: a scan reports a
corrupt draft once (it is moved away), so forgetting the line would hide it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from handoff.drafts import DraftInfo, DraftScan
from handoff.ui import theme
from handoff.ui.start_dialog import problem_text
from handoff.ui.widgets.forms import button_row, describe, format_local

ID_ROLE = Qt.ItemDataRole.UserRole


class DraftsSection(QWidget):
    """The drafts list, its problems, and Resume / New handoff."""

    resume_requested = Signal(str)
    """The handoff id of the draft to resume."""
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nav_drafts_section")
        self.current_id = ""
        self._infos: dict[str, DraftInfo] = {}
        self._problems: dict[str, str] = {}
        self.list = QListWidget(self)
        describe(self.list, "nav_drafts", self.tr("Saved drafts"),
                 self.tr("Unfinished handoffs on this computer, newest first. Enter resumes "
                         "the selected one."))  # fmt: skip
        self.list.itemActivated.connect(lambda *_: self.resume_selected())
        self.empty = QLabel(self.tr("No saved drafts yet."), self)
        self.empty.setObjectName("nav_drafts_empty")
        self.problems = QLabel(self)
        self.problems.setObjectName("nav_draft_problems")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setStyleSheet(theme.error_style())
        self.problems.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.problems.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader reaches it
        self.problems.setAccessibleName(self.tr("Drafts that could not be listed"))
        self.problems.hide()
        row, self.buttons = button_row(self, (
            ("nav_resume", self.tr("&Resume"), self.resume_selected),
            ("nav_new", self.tr("Ne&w handoff"), self.new_requested.emit),
        ))  # fmt: skip
        self.buttons["nav_resume"].setAccessibleDescription(
            self.tr("Continue editing the selected draft.")
        )
        self.buttons["nav_new"].setAccessibleDescription(
            self.tr("Start an empty handoff; the current one stays saved as a draft.")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.problems)
        layout.addLayout(row)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self._render()

    def show_scan(self, scan: DraftScan) -> None:
        """Show the drafts of ``scan``; add its problems to those already told."""
        self._infos = {info.handoff_id: info for info in scan.drafts}
        for problem in scan.problems:
            self._problems[str(problem.path)] = "\u26a0 " + problem_text(problem)
        self._render()

    def saved(self, info: DraftInfo) -> None:
        """The autosaver wrote ``info``'s draft: update (or add) its entry."""
        self._infos[info.handoff_id] = info
        self._render()

    def set_current(self, handoff_id: str) -> None:
        """Mark the draft being edited (it may not be saved yet)."""
        self.current_id = handoff_id
        self._render()

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(ID_ROLE))

    def resume_selected(self) -> None:
        handoff_id = self.selected_id()
        if handoff_id is not None and handoff_id != self.current_id:
            self.resume_requested.emit(handoff_id)

    def _render(self) -> None:
        selected = self.selected_id()
        self.list.clear()
        infos = sorted(self._infos.values(), key=lambda i: i.updated_at, reverse=True)
        for info in infos:
            item = QListWidgetItem(self._text(info), self.list)
            item.setData(ID_ROLE, info.handoff_id)
            if info.handoff_id == self.current_id:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            if info.handoff_id == selected:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.empty.setVisible(not infos)
        self.problems.setText("\n".join(self._problems.values()))
        self.problems.setVisible(bool(self._problems))
        self._update_buttons()

    def _text(self, info: DraftInfo) -> str:
        ticket = info.ticket_id or self.tr("(no ticket)")
        title = info.title or self.tr("(no title yet)")
        when = self.tr("changed %s") % format_local(info.updated_at)
        if info.handoff_id == self.current_id:
            when = self.tr("editing now \u00b7 %s") % when
        return f"{ticket} \u2014 {title}\n{when}"

    def _update_buttons(self) -> None:
        selected = self.selected_id()
        self.buttons["nav_resume"].setEnabled(selected is not None and selected != self.current_id)
