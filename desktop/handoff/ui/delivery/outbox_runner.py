"""The only place the app posts from, and the retrier that posts what is left queued.

:class:`OutboxRunner` posts on a one-thread pool, so the outbox is written by one job
at a time (a Post from the Review page and a background retry never race for an
item), with a :class:`Worker` per attempt that reports progress and can be
cancelled.  Items left ``queued`` (offline, a server error) are retried by a
:class:`QTimer` every ``probe_ms`` once they are due, with exponential backoff and
jitter per item, so a dead server is not hammered.  "The network came back" is
noticed by a cheap TCP probe of the hosts that were unreachable at the last try:
when one answers again, its items are due at once.  The timer runs only while
something is waiting and is stopped by :meth:`OutboxRunner.stop` when the window
closes.
"""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from handoff.delivery.connections import ProfileError
from handoff.delivery.http import RetryPolicy
from handoff.delivery.outbox import ItemState, OutboxError, OutboxItem
from handoff.delivery.poster import Poster
from handoff.ui.delivery.services import DeliveryServices
from handoff.ui.workers import Worker

WAITING = (ItemState.QUEUED, ItemState.POSTING)
MAX_BACKOFF_S = 30 * 60.0
PROBE_TIMEOUT_S = 3.0


def reachable(url: str, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """Whether a TCP connection to the URL's host and port opens (nothing is sent)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            return True
    except OSError:
        return False


class _Relay(QObject):
    """Carries the poster's progress from the worker thread to the GUI thread (queued)."""

    progress = Signal(object)


class OutboxRunner(QObject):
    """Posts outbox items one at a time and retries queued ones when due (module doc)."""

    progress = Signal(object)
    """A :class:`PostProgress` of the item being posted."""
    changed = Signal(str)
    """An item's state changed (it started, ended or was cancelled)."""

    def __init__(self, services: DeliveryServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self)
        self._timer.setObjectName("outbox-retry")
        self._timer.setInterval(services.probe_ms)
        self._timer.timeout.connect(self.retry_due)
        self._relay = _Relay(self)
        self._relay.progress.connect(self.progress)
        self.workers: dict[str, Worker] = {}
        self._failures: dict[str, int] = {}
        self._due: dict[str, float] = {}
        self._down: set[str] = set()
        self._probe: Worker | None = None
        self._stopped = False

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Try what is due now, then keep looking every ``probe_ms`` while anything waits."""
        self._stopped = False
        self.retry_due()

    def stop(self) -> None:
        """Stop the timer and every attempt (at its next safe point); wait for them."""
        self._stopped = True
        self._timer.stop()
        for worker in [*self.workers.values(), *([self._probe] if self._probe else [])]:
            worker.cancel()
        self._pool.waitForDone()
        for worker in list(self.workers.values()):
            worker.wait()

    # -- posting -------------------------------------------------------------------------

    def post(self, item_id: str) -> Worker:
        """Post (or resume) an item now; the running attempt if there already is one."""
        if (running := self.workers.get(item_id)) is not None:
            return running
        services = self.services
        poster = Poster(services.outbox, services.connector, policy=services.policy,
                        progress=self._relay.progress.emit)  # fmt: skip
        try:
            url = self._url(services.outbox.load(item_id).connection)
        except OutboxError:
            url = ""

        def job(_progress: object, cancel: threading.Event) -> tuple[OutboxItem, bool]:
            if cancel.is_set():
                return self._mark_cancelled(item_id), False
            item = poster.post(item_id, cancel)
            return item, item.state is ItemState.QUEUED and bool(url) and not reachable(url)

        worker = Worker(job, synchronous=self.services.synchronous, pool=self._pool, parent=self)
        self.workers[item_id] = worker
        worker.finished.connect(self._ended)
        worker.failed.connect(lambda _reason: self._forget(item_id))
        worker.cancelled.connect(lambda: self._forget(item_id))
        self.changed.emit(item_id)
        worker.start()
        return worker

    def _forget(self, item_id: str) -> None:
        if (worker := self.workers.pop(item_id, None)) is not None:
            worker.deleteLater()
        self.changed.emit(item_id)

    def _ended(self, outcome: object) -> None:
        """Back off a queued item (noting an unreachable host); forget a finished one."""
        assert isinstance(outcome, tuple)  # noqa: S101 - the post job's (item, host down)
        item, host_down = outcome
        assert isinstance(item, OutboxItem)  # noqa: S101
        if host_down:
            self._down.add(self._url(item.connection))
        if item.state is ItemState.QUEUED:
            failures = self._failures[item.id] = self._failures.get(item.id, 0) + 1
            base = self.services.probe_ms / 1000
            delay = RetryPolicy(base=base, cap=MAX_BACKOFF_S).delay(failures - 1)
            self._due[item.id] = time.monotonic() + delay
            if not self._stopped:
                self._timer.start()
        else:
            self._failures.pop(item.id, None)
            self._due.pop(item.id, None)
        self._forget(item.id)

    def _mark_cancelled(self, item_id: str) -> OutboxItem:
        item = self.services.outbox.load(item_id)
        if item.state is not ItemState.POSTED:
            item.state, item.reason = ItemState.CANCELLED, "cancelled by the engineer"
            self.services.outbox.save(item)
        return item

    def cancel(self, item_id: str) -> None:
        """Stop an attempt at its next safe point, or cancel an item that is not running."""
        outbox = self.services.outbox
        if (worker := self.workers.get(item_id)) is not None:
            worker.cancel()
            outbox.request_cancel(item_id)
        elif outbox.is_locked(item_id):
            outbox.request_cancel(item_id)  # another Handoff posts it
        else:
            self._mark_cancelled(item_id)
            self.changed.emit(item_id)

    # -- retrying in the background ----------------------------------------------------------

    def _url(self, connection: str) -> str:
        try:
            return self.services.store.get(connection).url
        except ProfileError:
            return ""

    def waiting(self) -> list[OutboxItem]:
        """Queued or interrupted items nobody is posting, whose secret is at hand."""
        outbox, secrets = self.services.outbox, self.services.secrets
        return [i for i in outbox.items()
                if i.state in WAITING and i.id not in self.workers
                and not outbox.is_locked(i.id) and secrets.get(i.connection)]  # fmt: skip

    def retry_due(self) -> None:
        """The timer's tick: post the items that are due; probe the hosts that were down."""
        if self._stopped:
            return
        waiting, now = self.waiting(), time.monotonic()
        for item in waiting:
            if self._due.get(item.id, 0.0) <= now:
                self.post(item.id)
        later = [i for i in waiting if i.id not in self.workers]
        if not later and not self.workers:
            self._timer.stop()
        elif not self._timer.isActive():
            self._timer.start()
        urls = {u for i in later if (u := self._url(i.connection)) in self._down}
        if urls and self._probe is None:
            self._start_probe(urls)

    def _start_probe(self, urls: set[str]) -> None:
        def job(_progress: object, _cancel: threading.Event) -> set[str]:
            return {url for url in urls if reachable(url)}

        self._probe = Worker(job, synchronous=self.services.synchronous, pool=self._pool,
                             parent=self)  # fmt: skip
        self._probe.finished.connect(self._network_back)
        self._probe.ended.connect(self._probe_done)
        self._probe.start()

    def _probe_done(self) -> None:
        if self._probe is not None:
            self._probe.deleteLater()
            self._probe = None

    def _network_back(self, urls: object) -> None:
        assert isinstance(urls, set)  # noqa: S101 - the probe job returns one
        if not urls:
            return
        self._down -= urls
        for item in self.services.outbox.items():
            if self._url(item.connection) in urls:
                self._due.pop(item.id, None)
        self.retry_due()
