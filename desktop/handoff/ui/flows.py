"""The shape shared by the window's background flows (export, open a package).

Each flow asks through :class:`Prompts`, runs one job at a time on a
:class:`Worker` with a progress dialog, and is "busy" while it runs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from handoff.ui.dialogs import Prompts
from handoff.ui.workers import Job, Worker, run_with_progress


class BackgroundFlow(QObject):
    """Base for a flow that runs its work off the GUI thread, one job at a time."""

    message = Signal(str)
    """A short status-bar text (cancelled, failed)."""

    def __init__(
        self,
        prompts: Prompts,
        window: QWidget,
        *,
        user: Callable[[], str],
        synchronous: bool = False,
        progress_delay_ms: int = 400,
    ) -> None:
        super().__init__(window)
        self._prompts = prompts
        self._window = window
        self._user = user
        self._synchronous = synchronous
        self._progress_delay_ms = progress_delay_ms
        self.worker: Worker | None = None
        self.progress_dialog: QProgressDialog | None = None

    @property
    def busy(self) -> bool:
        return self.worker is not None and self.worker.running

    def new_worker(self, job: Job) -> Worker:
        """A worker for ``job``, replacing the last one; connect its outcomes, then
        :meth:`start` it."""
        if self.worker is not None:
            self.worker.deleteLater()
        self.worker = Worker(job, synchronous=self._synchronous, parent=self)
        return self.worker

    def start_worker(self, worker: Worker, label: str) -> None:
        """Run ``worker`` behind a progress dialog (shown only if the job takes a while)."""
        self.progress_dialog = run_with_progress(
            worker, self._window, label, show_after_ms=self._progress_delay_ms
        )
