"""A dialog that runs one background job at a time, with a status line, progress and Stop.

The VPN-log and network-test dialogs both read files or run tools that can take
minutes (a 2 GiB log, a traceroute into a black hole).  The job runs in a
:class:`~handoff.ui.workers.Worker`; while it runs, the inputs are disabled, a
progress bar and a Stop button show at the end of the status line, and Stop
cancels the job.  When nothing runs, neither is shown (a disabled Stop across
the dialog looks broken).  Closing the dialog cancels the job and waits for it,
so no worker outlives the window it reports to.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QWidget,
)

from handoff.ui.widgets.forms import describe
from handoff.ui.workers import Job, Worker

_STEPS = 1000  # progress in thousandths: byte totals overflow a QProgressBar's int
_CLOSE_WAIT_S = 10.0
_PROGRESS_WIDTH = 220


class JobDialog(QDialog):
    """Base for the evidence dialogs: ``run_job`` starts a job; one at a time.

    Object names (``name`` is the dialog's prefix): ``<name>_progress``,
    ``<name>_stop``, ``<name>_status``.  The progress bar and Stop are visible only
    while a job runs, the status line while it runs or has something to say;
    :meth:`status_row` lays the three out on one line.
    """

    def __init__(self, parent: QWidget, name: str, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_dialog")
        self._synchronous = synchronous
        self._worker: Worker | None = None
        self._on_finished: Callable[[object], None] = lambda _result: None
        self._result: object = None
        self.progress = QProgressBar(self)
        self.progress.setObjectName(f"{name}_progress")
        self.progress.setRange(0, _STEPS)
        self.progress.setVisible(False)
        self.progress.setMaximumWidth(_PROGRESS_WIDTH)
        self.progress.setAccessibleName(self.tr("Progress"))
        self.stop_button = QPushButton(self.tr("Sto&p"), self)
        self.stop_button.setObjectName(f"{name}_stop")
        self.stop_button.setToolTip(self.tr("Stop the running job; what finished is kept."))
        self.stop_button.setAutoDefault(False)  # Enter never stops a job by accident
        self.stop_button.setEnabled(False)
        self.stop_button.setVisible(False)
        self.stop_button.clicked.connect(self.stop)
        self.status = QLabel(self)
        self.status.setObjectName(f"{name}_status")
        self.status.setWordWrap(True)
        # As tall as the Stop button, so the line does not jump when a job starts; hidden
        # while there is nothing to say and nothing runs (no empty band under the dialog).
        self.status.setMinimumHeight(self.stop_button.sizeHint().height())
        self.status.setVisible(False)

    def status_row(self) -> QHBoxLayout:
        """The status line, then (only while a job runs) its progress and Stop."""
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.progress)
        row.addWidget(self.stop_button)
        return row

    @property
    def busy(self) -> bool:
        return self._worker is not None and self._worker.running

    def run_job(self, job: Job, on_finished: Callable[[object], None]) -> Worker:
        """Start ``job``; ``on_finished`` gets its result on the GUI thread, after the
        inputs are enabled again (not called when the job failed or was cancelled)."""
        if self.busy:
            raise RuntimeError("a job is already running")
        # No parent: Worker.wait() returns just before the worker emits its outcome, so
        # a child worker could be deleted with a closing dialog in mid-emit (a crash).
        worker = Worker(job, synchronous=self._synchronous)
        worker.progress.connect(self._show_progress)
        worker.finished.connect(self._keep_result)
        worker.failed.connect(self.say)
        worker.cancelled.connect(self._cancelled)
        worker.ended.connect(self._ended)
        self._worker, self._on_finished, self._result = worker, on_finished, None
        self._set_busy(True)
        worker.start()
        return worker

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text) or self.busy)

    def set_inputs_enabled(self, enabled: bool) -> None:
        """Override: enable or disable the inputs that must not change during a job."""

    def _cancelled(self) -> None:
        self.say(self.tr("Stopped."))

    def _keep_result(self, result: object) -> None:
        self._result = result

    def _ended(self) -> None:
        """Inputs back on first, then the result: its handler may start the next job."""
        self._set_busy(False)
        result, self._result = self._result, None
        if result is not None:
            self._on_finished(result)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setValue(0)
        self.progress.setVisible(busy)
        self.stop_button.setEnabled(busy)
        self.stop_button.setVisible(busy)
        self.status.setVisible(busy or bool(self.status.text()))
        self.set_inputs_enabled(not busy)

    def _show_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setValue(min(_STEPS, done * _STEPS // total))

    def done(self, result: int) -> None:
        """Closing cancels the running job and waits for it (it checks often)."""
        if self._worker is not None and self._worker.running:
            self._worker.cancel()
            self._worker.wait(_CLOSE_WAIT_S)
        super().done(result)


def make_tree(parent: QWidget, name: str, label: str, headers: list[str]) -> QTreeWidget:
    """A flat, named and described list with columns (the evidence dialogs' tables)."""
    tree = QTreeWidget(parent)
    describe(tree, name, label, label)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    return tree


def make_button(parent: QWidget, name: str, text: str, tip: str) -> QPushButton:
    button = QPushButton(text, parent)
    describe(button, name, text.replace("&", ""), tip)
    return button


class ElideMiddleDelegate(QStyledItemDelegate):
    """Cuts too long text in the middle: a path keeps its start and its file name."""

    def initStyleOption(  # noqa: N802 - Qt API
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


def elide_middle(tree: QTreeWidget, column: int) -> None:
    """Elide ``column`` of ``tree`` in the middle (the other columns elide at the end)."""
    tree.setItemDelegateForColumn(column, ElideMiddleDelegate(tree))


def fit_column(tree: QTreeWidget, column: int, most: int) -> None:
    """Make ``column`` as wide as its contents, but at most ``most`` pixels."""
    tree.resizeColumnToContents(column)
    tree.setColumnWidth(column, min(tree.columnWidth(column), most))
