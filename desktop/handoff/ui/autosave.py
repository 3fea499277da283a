"""Autosave: nothing the engineer types is lost, and typing never waits for the disk.

On every change a single-shot timer starts (if it is not already running), so a
snapshot is taken at most ``delay_ms`` after the first unsaved keystroke, even
while the engineer keeps typing (a pure debounce would never save during a long
paragraph).  The snapshot is the model's JSON, serialized on the GUI thread (a
cheap, consistent copy: the model is only ever touched there), and handed to ONE
serial writer thread which calls :meth:`DraftStore.write_snapshot` (temp file,
fsync, rename).  While a write is in flight only the newest snapshot waits; older
ones are dropped, since each snapshot is the whole draft.

A failed write (disk full, read-only folder) keeps the text in memory, is
reported through :attr:`Autosaver.failed`, and is retried with the next change,
the next flush or on close.
"""

from __future__ import annotations

import threading
from typing import NamedTuple

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from handoff.drafts import DraftError, DraftStore
from handoff.ui.dialogs import one_line
from handoff.ui.session import DraftSession

DEFAULT_DELAY_MS = 300


class _Snapshot(NamedTuple):
    generation: int
    handoff_id: str
    text: str


class Autosaver(QObject):
    """Saves ``session.handoff`` into ``store`` after changes; see the module docstring."""

    saved = Signal(str)
    """The path of the draft file just written (emitted on the GUI thread's queue)."""
    failed = Signal(str)
    """A one-line reason the draft could not be written."""

    def __init__(
        self,
        session: DraftSession,
        store: DraftStore,
        *,
        delay_ms: int = DEFAULT_DELAY_MS,
        synchronous: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._store = store
        self._synchronous = synchronous
        self._timer = QTimer(self)
        self._timer.setObjectName("autosave-timer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one writer: snapshots land in order
        self._lock = threading.Lock()
        self._pending: _Snapshot | None = None
        self._writing = False
        self._generation = 0  # GUI thread only
        self._queued = 0  # GUI thread only: newest generation handed to the writer
        self._saved = 0  # under _lock: newest generation on disk
        self._failed = False  # under _lock: the last write failed, retry even if unchanged
        session.changed.connect(self._on_changed)

    @property
    def dirty(self) -> bool:
        """True while some change is not on disk yet (pending, in flight or failed)."""
        with self._lock:
            return self._saved != self._generation

    def save_now(self) -> None:
        """Write the current handoff even if unchanged (a new draft from a package)."""
        self._generation += 1
        self.flush()

    def flush(self) -> None:
        """Snapshot now, if anything changed since the last snapshot, and queue it."""
        self._timer.stop()
        with self._lock:
            retry = self._failed
        if self._queued == self._generation and not retry:
            return
        self._queued = self._generation
        handoff = self._session.handoff
        snapshot = _Snapshot(self._generation, handoff.id, handoff.to_json())
        if self._synchronous:
            self._write(snapshot)
            return
        with self._lock:
            self._pending = snapshot
            if self._writing:
                return
            self._writing = True
        self._pool.start(self._drain)

    def flush_sync(self) -> bool:
        """Wait for the writer, then write what is left on this thread; True if all is on disk.

        For closing the window and for the crash handler: when it returns, the
        draft file holds everything typed (unless the disk refused it).
        """
        self._timer.stop()
        self._pool.waitForDone()
        if self.dirty:
            handoff = self._session.handoff
            self._write(_Snapshot(self._generation, handoff.id, handoff.to_json()))
        return not self.dirty

    def _on_changed(self) -> None:
        self._generation += 1
        if self._synchronous:
            self.flush()
        elif not self._timer.isActive():
            self._timer.start()

    def _drain(self) -> None:
        """Writer thread: write the newest pending snapshot until none is left."""
        while True:
            with self._lock:
                snapshot, self._pending = self._pending, None
                if snapshot is None:
                    self._writing = False
                    return
            self._write(snapshot)

    def _write(self, snapshot: _Snapshot) -> None:
        try:
            path = self._store.write_snapshot(snapshot.handoff_id, snapshot.text)
        except (DraftError, OSError) as exc:
            with self._lock:
                self._failed = True
            self.failed.emit(one_line(exc))
            return
        with self._lock:
            self._saved = max(self._saved, snapshot.generation)
            self._failed = False
        self.saved.emit(str(path))
