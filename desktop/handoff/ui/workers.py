"""Long work off the GUI thread: request → worker → result back on the GUI thread.

Exporting or opening a package hashes and zips files that may be hundreds of
megabytes; on the GUI thread that freezes the window and the Cancel button with
it.  A :class:`Worker` runs a plain callable ``job(progress, cancel_event)`` on a
thread pool and reports through queued signals, so slots always run on the GUI
thread.  The job is Qt-free (the core's ``export_package`` / ``open_package``
take exactly these two arguments).

``synchronous=True`` runs the job inside :meth:`Worker.start` and emits the same
signals directly: tests get deterministic ordering (e.g. a click on Cancel from
a ``progress`` slot reaches the job before its next chunk) without timers.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from handoff.ui.dialogs import one_line, tr

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
Job = Callable[[ProgressFn, threading.Event], object]


class _Runnable(QRunnable):
    """Holds the worker strongly until the job has run, so it cannot be collected mid-job."""

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker: Worker | None = worker
        self.setAutoDelete(True)

    def run(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.execute()


class Worker(QObject):
    """Runs one job once; emits exactly one of ``finished``, ``failed``, ``cancelled``."""

    progress = Signal(int, int)
    """(done, total) as the job reports it."""
    finished = Signal(object)
    """The job's return value."""
    failed = Signal(str)
    """A one-line reason; the traceback of an unexpected error goes to the log."""
    cancelled = Signal()
    """The job stopped early because :meth:`cancel` was called."""
    ended = Signal()
    """After any of the three outcomes: one place to clean up (close a progress dialog)."""

    def __init__(
        self,
        job: Job,
        *,
        synchronous: bool = False,
        pool: QThreadPool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._job = job
        self._synchronous = synchronous
        self._pool = pool
        self._cancel = threading.Event()
        self._returned = threading.Event()  # the job returned: no longer running
        self._done = threading.Event()  # ... and its outcome has been emitted
        self._started = False

    @property
    def running(self) -> bool:
        return self._started and not self._returned.is_set()

    def start(self) -> None:
        if self._started:
            raise RuntimeError("a Worker runs its job once")
        self._started = True
        if self._synchronous:
            self.execute()
        else:
            (self._pool or QThreadPool.globalInstance()).start(_Runnable(self))

    def cancel(self) -> None:
        """Ask the job to stop; it checks the event between chunks."""
        self._cancel.set()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the job has returned (used when the window closes)."""
        return not self._started or self._done.wait(timeout_s)

    def execute(self) -> None:
        """Run the job on the current thread and emit its outcome (the pool calls this)."""
        try:
            result = self._job(self._report, self._cancel)
        except Exception as exc:  # every failure becomes a one-line message
            self._finish(self._outcome_of(exc))
        else:
            self._finish(lambda: self.finished.emit(result))

    def _outcome_of(self, exc: Exception) -> Callable[[], None]:
        if self._cancel.is_set():
            return self.cancelled.emit
        log.info("background job failed", exc_info=exc)
        message = one_line(exc)
        return lambda: self.failed.emit(message)

    def _finish(self, emit: Callable[[], None]) -> None:
        # "Done" only after the outcome is emitted: a window that waits for the job
        # before deleting this worker (its parent) must not delete it mid-emit.
        self._returned.set()
        try:
            emit()
            self.ended.emit()
        except RuntimeError:  # the receiver's window was deleted while the job ran
            log.debug("worker outcome dropped: its QObject is gone")
        finally:
            self._done.set()

    def _report(self, done: int, total: int) -> None:
        try:
            self.progress.emit(done, total)
        except RuntimeError:
            self._cancel.set()


def run_with_progress(
    worker: Worker, parent: QWidget, label: str, *, show_after_ms: int = 400
) -> QProgressDialog:
    """Start ``worker`` behind a window-modal progress dialog whose Cancel cancels it.

    The dialog appears only if the job takes longer than ``show_after_ms`` (a
    quick open should not flash a window) and deletes itself when the job ends.
    """
    dialog = QProgressDialog(label, tr("&Cancel"), 0, 0, parent)
    dialog.setObjectName("progress")
    dialog.setWindowTitle(parent.window().windowTitle() or "Handoff")
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(show_after_ms)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.canceled.connect(worker.cancel)
    worker.progress.connect(lambda done, total: _show_progress(dialog, done, total))
    worker.ended.connect(dialog.deleteLater)
    worker.ended.connect(dialog.hide)
    if show_after_ms == 0:
        dialog.show()
    worker.start()
    return dialog


def _show_progress(dialog: QProgressDialog, done: int, total: int) -> None:
    if total > 0 and dialog.maximum() != total:
        dialog.setMaximum(total)
    dialog.setValue(min(done, total) if total > 0 else 0)
