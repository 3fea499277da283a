"""The known errors a scan found in VPN logs, each one click from the root cause or the steps.

A finding is only useful in the handoff if it lands where the next technician
reads: "Use as root cause" appends the signature's suggested root-cause line
(certainty "suspected" if none was chosen: a log line suggests, it does not
prove) and "Add as step" records that the log was reviewed, with the line.
Either way the line is quoted on its log's attachment, through ``quote``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QTreeWidgetItem, QVBoxLayout, QWidget

from handoff.evidence.signatures import Match
from handoff.evidence.vpncollect import ScanResults
from handoff.model import Certainty
from handoff.ui.evidence.job_dialog import make_button, make_tree
from handoff.ui.session import DraftSession

_MATCH = Qt.ItemDataRole.UserRole


class FindingsPanel(QWidget):
    """Object names: ``vpn_matches`` (the list), ``vpn_root_cause``, ``vpn_add_step``."""

    def __init__(
        self,
        session: DraftSession,
        quote: Callable[[Match], None],
        say: Callable[[str], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.session, self._quote, self._say = session, quote, say
        self._matches: list[Match] = []
        headers = [self.tr("Finding"), self.tr("Where"), self.tr("Line")]
        self.tree = make_tree(self, "vpn_matches", self.tr("Known errors found"), headers)
        self.tree.currentItemChanged.connect(self.update_buttons)
        self.root_cause_button = make_button(
            self, "vpn_root_cause", self.tr("Use as &root cause"),
            self.tr("Add this finding to the root cause."),
        )  # fmt: skip
        self.root_cause_button.clicked.connect(self.use_as_root_cause)
        self.step_button = make_button(
            self, "vpn_add_step", self.tr("Add as s&tep"),
            self.tr("Add 'log reviewed' with this line to the steps taken."),
        )  # fmt: skip
        self.step_button.clicked.connect(self.add_as_step)
        self._layout()
        self.update_buttons()

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.root_cause_button)
        row.addWidget(self.step_button)
        layout.addLayout(row)

    def show_results(self, result: ScanResults) -> str:
        """List the matches (the first selected); returns the one-line summary."""
        self.tree.clear()
        self._matches = list(result.matches)
        for index, match in enumerate(self._matches):
            where = f"{match.path.name}:{match.line_no}"
            item = QTreeWidgetItem([match.signature.title, where, match.quote])
            item.setToolTip(0, match.signature.meaning)
            item.setToolTip(2, match.quote)
            item.setData(0, _MATCH, index)
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        if first := self.tree.topLevelItem(0):
            self.tree.setCurrentItem(first)
        text = self.tr("%d known error line(s) found.") % len(self._matches)
        if result.cancelled:
            text = self.tr("Stopped. ") + text
        return " ".join([text, *result.problems])

    def current_match(self) -> Match | None:
        item = self.tree.currentItem()
        return None if item is None else self._matches[int(item.data(0, _MATCH))]

    def use_as_root_cause(self) -> None:
        match = self.current_match()
        if match is None:
            return
        root = self.session.handoff.root_cause
        line = match.root_cause_line()
        if line not in root.text:
            root.text = f"{root.text.rstrip()}\n{line}".strip()
        if root.certainty is None:
            root.certainty = Certainty.SUSPECTED
        self._quote(match)
        self.session.mark_changed()
        self._say(self.tr("Root cause: %s") % line)

    def add_as_step(self) -> None:
        match = self.current_match()
        if match is None:
            return
        step = match.step()
        self.session.handoff.steps_taken.append(step)
        self._quote(match)
        self.session.mark_changed()
        self._say(self.tr("Step added: %s") % step.result)

    def update_buttons(self) -> None:
        has_match = self.current_match() is not None and self.isEnabled()
        self.root_cause_button.setEnabled(has_match)
        self.step_button.setEnabled(has_match)
