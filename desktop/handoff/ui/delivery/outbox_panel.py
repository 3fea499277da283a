"""File -> Outbox: every handoff waiting to be posted, or posted, with what to do about it.

:class:`OutboxPanel` lists every item with its state (queued with the reason,
posting step n of m, posted with a clickable link, failed with the reason,
cancelled) and offers Retry, Edit (reopen the draft) and Cancel.  The posting
itself, and the retry in the background, is the
:class:`~handoff.ui.delivery.outbox_runner.OutboxRunner`'s.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from handoff.delivery.outbox import ItemState, OutboxItem
from handoff.delivery.poster import PostProgress
from handoff.ui.delivery.outbox_runner import WAITING, OutboxRunner
from handoff.ui.dialogs import tr
from handoff.ui.widgets.forms import button_row, describe, format_local

Confirm = Callable[[QWidget, str, str], bool]


def state_text(item: OutboxItem, progress: PostProgress | None = None) -> str:
    """The item's state in a few words: ``posting: step 2 of 5``, ``queued``, ``posted``."""
    if item.state is ItemState.POSTING and progress is not None:
        text = tr("posting: step %d of %d") % (min(progress.done + 1, progress.total),
                                              progress.total)  # fmt: skip
        if progress.bytes_total:
            text += f" ({progress.bytes_done * 100 // progress.bytes_total}%)"
        return text
    if item.state is ItemState.POSTING:
        return tr("posting: step %d of %d") % (item.done_count + 1, len(item.steps))
    return tr(item.state.value)


class OutboxPanel(QDialog):
    """Every outbox item with its state; Retry, Edit (reopen the draft), Cancel."""

    edit_requested = Signal(object)
    """The item's :class:`Handoff`, to reopen in the wizard."""
    COLUMNS = ("Ticket", "Connection", "State", "Details", "Updated")

    def __init__(self, runner: OutboxRunner, confirm: Confirm, parent: QWidget) -> None:
        super().__init__(parent)
        self.runner, self.confirm = runner, confirm
        self.items: list[OutboxItem] = []
        self._progress: dict[str, PostProgress] = {}
        self.setObjectName("outbox_panel")
        self.setWindowTitle(self.tr("Outbox"))
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        describe(self.table, "outbox_items", self.tr("Outbox items"),
                 self.tr("Handoffs posted or waiting to be posted."))  # fmt: skip
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        caption = QLabel(self.tr("&Items:"), self)
        caption.setBuddy(self.table)
        row, self.buttons = button_row(self, (
            ("retry", self.tr("&Retry"), self.retry),
            ("edit", self.tr("&Edit draft"), self.edit),
            ("cancel", self.tr("&Cancel item"), self.cancel),
            ("close", self.tr("C&lose"), self.accept),
        ))  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        runner.changed.connect(self._on_changed)
        runner.progress.connect(self._on_progress)
        self.resize(860, 360)
        self.reload()

    def reload(self) -> None:
        selected = self.selected()
        self.items = list(reversed(self.runner.services.outbox.items()))  # newest first
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            self._render(row, item)
        ids = [i.id for i in self.items]
        if self.items:
            self.table.selectRow(ids.index(selected.id) if selected and selected.id in ids else 0)
        self._update_buttons()

    def _on_changed(self, _item_id: str) -> None:
        self.reload()

    def _render(self, row: int, item: OutboxItem) -> None:
        running = item.id in self.runner.workers
        state = item.model_copy(update={"state": ItemState.POSTING}) if running else item
        cells = (item.ticket_id, item.connection,
                 state_text(state, self._progress.get(item.id)), "",
                 format_local(item.updated_at))  # fmt: skip
        for column, text in enumerate(cells):
            self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setCellWidget(row, 3, _details(item))

    def _on_progress(self, progress: object) -> None:
        assert isinstance(progress, PostProgress)  # noqa: S101 - the relay carries these
        self._progress[progress.item_id] = progress
        for row, item in enumerate(self.items):
            if item.id == progress.item_id:
                cell = QTableWidgetItem(
                    state_text(item.model_copy(update={"state": ItemState.POSTING}), progress)
                )
                self.table.setItem(row, 2, cell)

    def selected(self) -> OutboxItem | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None

    def _update_buttons(self) -> None:
        item = self.selected()
        running = item is not None and item.id in self.runner.workers
        open_states = (ItemState.QUEUED, ItemState.FAILED, ItemState.CANCELLED, ItemState.POSTING)
        can_retry = item is not None and item.state in open_states and not running
        self.buttons["retry"].setEnabled(can_retry)
        self.buttons["edit"].setEnabled(item is not None and not running)
        self.buttons["cancel"].setEnabled(item is not None and item.state in WAITING)

    def retry(self) -> None:
        item = self.selected()
        services = self.runner.services
        if item is None or services.secret_for(self, item.connection) is None:
            return
        self.runner.post(item.id)

    def cancel(self) -> None:
        if (item := self.selected()) is not None:
            self.runner.cancel(item.id)

    def edit(self) -> None:
        """Reopen the item's handoff; a waiting item leaves the queue (posted again later)."""
        item = self.selected()
        if item is None:
            return
        if item.state in (ItemState.QUEUED, ItemState.FAILED) and not self.confirm(
            self, self.tr("Edit draft"),
            self.tr("Take this handoff out of the outbox and reopen it? Post it again when "
                    "you are done."),
        ):  # fmt: skip
            return
        if item.state in (ItemState.QUEUED, ItemState.FAILED):
            self.runner.cancel(item.id)
        self.edit_requested.emit(item.handoff.model_copy(deep=True))


def _details(item: OutboxItem) -> QLabel:
    """The ticket's link for a posted item (clickable), else the reason.

    Made without a parent: the table adopts it, and it never flashes at the table's corner.
    """
    label = QLabel()
    if item.state is ItemState.POSTED and item.link:
        link = html.escape(item.link, quote=True)
        todo = f" \u2014 {html.escape(item.reason)}" if item.reason else ""  # by hand, in the PSA
        label.setText(f'<a href="{link}">{link}</a>{todo}')
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setOpenExternalLinks(True)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
    else:
        label.setText(item.reason)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setToolTip(item.reason)
    label.setObjectName("details")
    return label
