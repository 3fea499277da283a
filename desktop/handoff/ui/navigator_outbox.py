"""The side panel's Outbox section: handoffs queued, posting, failed or posted.

Reading the outbox imports pydantic models and the posting plan (~50 ms), never
httpx or the connectors, and even that only when the section is first shown, so
start-up does not pay for it.  The window refreshes the section when the outbox
runner reports a change, and forwards its progress.  Activating an item opens
the full :class:`~handoff.ui.delivery.outbox_panel.OutboxPanel` on it (Retry,
Edit, Cancel live there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from handoff.ui import theme
from handoff.ui.widgets.forms import button_row, describe, format_local

if TYPE_CHECKING:  # the outbox module is imported by the loader, on first show
    from handoff.delivery.outbox import OutboxItem
    from handoff.ui.delivery.outbox_runner import OutboxRunner

ID_ROLE = Qt.ItemDataRole.UserRole
LoadItems = Callable[[], "list[OutboxItem]"]


class OutboxSection(QWidget):
    """Every outbox item in one or two lines; Enter shows it in the outbox panel."""

    item_requested = Signal(str)
    """The id of the item to show in the outbox panel ("" for the panel alone)."""

    def __init__(self, load_items: LoadItems, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nav_outbox_section")
        self._load_items = load_items
        self.loaded = False
        self.items: list[OutboxItem] = []
        self._progress: dict[str, tuple[int, int]] = {}
        self.list = QListWidget(self)
        describe(self.list, "nav_outbox", self.tr("Outbox"),
                 self.tr("Handoffs waiting to be posted to a ticket system, being posted, "
                         "failed or posted, newest first. Enter shows the selected one in the "
                         "outbox panel."))  # fmt: skip
        self.list.itemActivated.connect(lambda *_: self.show_selected())
        self.note = QLabel(self)
        self.note.setObjectName("nav_outbox_note")
        self.note.setWordWrap(True)
        row, self.buttons = button_row(self, (
            ("nav_outbox_panel", self.tr("Outbo&x panel\u2026"), self.show_selected),
        ))  # fmt: skip
        self.buttons["nav_outbox_panel"].setAccessibleDescription(
            self.tr("Open the outbox panel to retry, edit or cancel an item.")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        layout.addLayout(row)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        """Read the outbox the first time the section is looked at."""
        super().showEvent(event)
        if not self.loaded:
            self.refresh()

    def refresh(self) -> None:
        """Read the outbox again (the runner reported a change)."""
        selected = self.selected_id()
        try:
            self.items = list(reversed(self._load_items()))  # newest first
        except OSError as exc:  # the outbox folder cannot be created or listed
            self.loaded = True
            self._render(selected)
            self._tell(self.tr("Cannot read the outbox: %s") % (exc.strerror or exc), True)
            return
        self.loaded = True
        self._render(selected)

    def follow(self, runner: OutboxRunner) -> None:
        """Stay current with ``runner``: re-read on a change, count steps as they finish."""
        runner.changed.connect(lambda _item_id: self.refresh() if self.loaded else None)
        runner.progress.connect(self._on_progress)

    def _on_progress(self, progress: object) -> None:
        """A :class:`~handoff.delivery.poster.PostProgress` (not imported: it pulls httpx)."""
        item_id = str(getattr(progress, "item_id", ""))
        self._progress[item_id] = (int(getattr(progress, "done", 0)),
                                   int(getattr(progress, "total", 0)))  # fmt: skip
        if self.loaded:
            self._render(self.selected_id())

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(ID_ROLE))

    def show_selected(self) -> None:
        self.item_requested.emit(self.selected_id() or "")

    def _render(self, selected: str | None) -> None:
        self.list.clear()
        for entry in self.items:
            item = QListWidgetItem(self._text(entry), self.list)
            item.setData(ID_ROLE, entry.id)
            item.setToolTip(entry.reason or entry.link)
            if entry.state.value == "failed":
                item.setForeground(theme.error_color())
            if entry.id == selected:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._tell("" if self.items else self.tr("Nothing waiting to be posted."), False)

    def _text(self, entry: OutboxItem) -> str:
        state = self.tr(entry.state.value)
        done, total = self._progress.get(entry.id, (entry.done_count, len(entry.steps)))
        if entry.state.value in ("posting", "queued") and total:
            state = self.tr("%1, %2 of %3 steps done").replace("%1", state) \
                .replace("%2", str(done)).replace("%3", str(total))  # fmt: skip
        detail = entry.reason or entry.link
        second = f"{state} \u00b7 {format_local(entry.updated_at)}"
        if detail:
            second += f" \u00b7 {detail}"
        return f"{entry.ticket_id} \u2014 {entry.connection}\n{second}"

    def _tell(self, text: str, problem: bool) -> None:
        self.note.setText(text)
        self.note.setStyleSheet(theme.error_style() if problem else "")
        self.note.setVisible(bool(text))
