"""A dialog that runs one background job at a time, with a progress bar, Stop and a status line.

The VPN-log and network-test dialogs both read files or run tools that can take
minutes (a 2 GiB log, a traceroute into a black hole).  The job runs in a
:class:`~handoff.ui.workers.Worker`; while it runs, the inputs are disabled and
Stop cancels it.  Closing the dialog cancels the job and waits for it, so no
worker outlives the window it reports to.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QWidget,
)

from handoff.ui.widgets.forms import describe
from handoff.ui.workers import Job, Worker

_STEPS = 1000  # progress in thousandths: byte totals overflow a QProgressBar's int
_CLOSE_WAIT_S = 10.0


class JobDialog(QDialog):
    """Base for the evidence dialogs: ``run_job`` starts a job; one at a time.

    Object names (``name`` is the dialog's prefix): ``<name>_progress``,
    ``<name>_stop``, ``<name>_status``.
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
        self.stop_button = QPushButton(self.tr("Sto&p"), self)
        self.stop_button.setObjectName(f"{name}_stop")
        self.stop_button.setToolTip(self.tr("Stop the running job; what finished is kept."))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.status = QLabel(self)
        self.status.setObjectName(f"{name}_status")
        self.status.setWordWrap(True)

    def progress_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
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
        self.progress.setVisible(busy)
        self.progress.setValue(0)
        self.stop_button.setEnabled(busy)
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
