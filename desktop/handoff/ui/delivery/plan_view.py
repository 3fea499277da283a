"""What will be posted, step by step, in the ticket system's own words.

One row per :class:`~handoff.delivery.plan.PostStep`: the note and the reply with
their length, each attachment with its size against the system's limit, the status
and the assignee as the system names them (from the ticket's lookup, else "matched
by name when posting").  An attachment over the limit gets a choice under its row:
post it split into parts, or keep it on this computer (see
:mod:`handoff.delivery.split`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QTreeWidget, QTreeWidgetItem, QWidget

from handoff.delivery.connector import ConnectionProfile
from handoff.delivery.plan import PostStep, StepKind, plan, resolve_assignee, resolve_status
from handoff.delivery.prefill import Lookup
from handoff.delivery.split import KEEP, SPLIT, file_size, human_size, parts_needed
from handoff.model import Handoff
from handoff.ui.widgets.forms import describe


class PlanView(QTreeWidget):
    """The plan of one post; a too-large attachment's choice is ``too_large_<id>``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        describe(self, "plan", self.tr("What will be posted"),
                 self.tr("Each step, in the order it is posted."))  # fmt: skip
        self.setHeaderLabels([self.tr("Step"), self.tr("Details")])
        self.setColumnWidth(0, 260)
        self.decisions: dict[str, QComboBox] = {}
        self._limit: int | None = None
        self._info: Lookup | None = None
        self._profile: ConnectionProfile | None = None

    def show_plan(
        self, h: Handoff, *, user_reply: bool, limit: int | None,
        info: Lookup | None, profile: ConnectionProfile | None,
    ) -> None:  # fmt: skip
        """Render the steps of posting ``h`` to ``profile``'s system (limit: its file limit)."""
        self._limit, self._info, self._profile = limit, info, profile
        self.clear()
        self.decisions.clear()
        for step in plan(h, user_reply=user_reply):
            self._row(step, h)
        self.expandAll()

    def choices(self) -> dict[str, str]:
        """Attachment id -> :data:`~handoff.delivery.split.KEEP` or ``SPLIT``."""
        return {a: str(c.currentData()) for a, c in self.decisions.items()}

    def _row(self, step: PostStep, h: Handoff) -> None:
        row = QTreeWidgetItem(self, [step.label, self._detail(step, h)])
        row.setToolTip(1, row.text(1))
        limit = self._limit
        if step.kind is not StepKind.ATTACHMENT or limit is None:
            return
        attachment = next(a for a in h.attachments if a.id == step.attachment_id)
        size = file_size(attachment)
        if size <= limit:
            return
        combo = QComboBox(self)
        describe(combo, f"too_large_{attachment.id}", self.tr("What to do with %s") % step.name,
                 self.tr("The file is over the system's limit."))  # fmt: skip
        combo.addItem(self.tr("Post it split into %d parts") % parts_needed(size, limit), SPLIT)
        combo.addItem(self.tr("Keep it on this computer (the note says so)"), KEEP)
        child = QTreeWidgetItem(row, [""])
        self.setItemWidget(child, 1, combo)
        self.decisions[attachment.id] = combo

    def _detail(self, step: PostStep, h: Handoff) -> str:
        if step.kind is StepKind.ATTACHMENT:
            attachment = next(a for a in h.attachments if a.id == step.attachment_id)
            return self._size_detail(file_size(attachment), self._limit)
        if step.kind in (StepKind.STATUS, StepKind.ASSIGN):
            return self._choice_detail(step, h)
        if step.kind in (StepKind.NOTE, StepKind.USER_REPLY):
            return self.tr("%n line(s)", "", len(step.text.splitlines()))
        return ""

    def _size_detail(self, size: int, limit: int | None) -> str:
        if limit is None:
            return self.tr("%s (no size limit)") % human_size(size)
        if size > limit:
            return self.tr(
                "%s: over the system's %s limit \u2014 keep it on this computer or post it split"
            ) % (human_size(size), human_size(limit))
        return self.tr("%s of at most %s") % (human_size(size), human_size(limit))

    def _choice_detail(self, step: PostStep, h: Handoff) -> str:
        """The status / assignee in the system's own words, from the ticket's lookup."""
        profile = self._profile
        if self._info is None or profile is None:
            return self.tr("matched by name when posting (fetch the ticket to see it)")
        info = self._info.info
        if step.kind is StepKind.STATUS and h.status is not None:
            choice = resolve_status(h.status, info.statuses, profile.status_map)
        else:
            choice = resolve_assignee(h.assignee, info.assignees, profile.assignee_map)
        if choice is None:
            return self.tr("\u26a0 no match in this system: set it in Settings \u2192 "
                           "Ticket systems")  # fmt: skip
        return self.tr("as \u201c%s\u201d") % choice.name
