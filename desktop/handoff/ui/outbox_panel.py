"""File -> Outbox: every handoff waiting to be posted, and the retrier that posts them.

:class:`OutboxRunner` is the only place the app posts from: a one-thread pool, so
the outbox is written by one job at a time (a Post from the Review page and a
background retry never race for an item), with a :class:`Worker` per attempt
that reports progress and can be cancelled.  Items left ``queued`` (offline, a
server error) are retried by a :class:`QTimer` every ``probe_ms`` once they are
due, with exponential backoff and jitter per item, so a dead server is not
hammered.  "The network came back" is noticed by a cheap TCP probe of the hosts
that were unreachable at the last try: when one answers again, its items are
due at once.  The timer runs only while something is waiting and is stopped by
:meth:`OutboxRunner.stop` when the window closes.

:class:`OutboxPanel` lists every item with its state (queued with the reason,
posting step n of m, posted with a clickable link, failed with the reason,
cancelled) and offers Retry, Edit (reopen the draft) and Cancel.

:class:`DeliveryServices` is what the delivery windows share (profiles, this
run's secrets, the outbox, the prefill cache, retry timing), made once by the
main window; tests build their own.
"""

from __future__ import annotations

import html
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from handoff.delivery.connections import ConnectionStore, KeyringUnavailable, ProfileError
from handoff.delivery.connector import ConnectionProfile, Connector, ConnectorError
from handoff.delivery.connectors import connect
from handoff.delivery.http import RetryPolicy
from handoff.delivery.outbox import ItemState, Outbox, OutboxError, OutboxItem
from handoff.delivery.poster import Poster, PostProgress
from handoff.delivery.prefill import TicketCache
from handoff.ui.dialogs import tr
from handoff.ui.widgets.forms import describe, format_local
from handoff.ui.workers import Worker

Confirm = Callable[[QWidget, str, str], bool]
WAITING = (ItemState.QUEUED, ItemState.POSTING)
MAX_BACKOFF_S = 30 * 60.0
PROBE_TIMEOUT_S = 3.0

SecretAsk = Callable[[QWidget, str], "str | None"]


def ask_secret(parent: QWidget, connection: str) -> str | None:
    """Ask for a connection's secret (blocking, password echo); None when cancelled."""
    text, ok = QInputDialog.getText(
        parent, tr("Secret for %s") % connection,
        tr("API token / secret for %s (kept in memory until Handoff closes):") % connection,
        QLineEdit.EchoMode.Password,
    )  # fmt: skip
    return text.strip() if ok and text.strip() else None


class Secrets:
    """This run's secrets: the OS keyring first, else what the engineer typed (memory only)."""

    def __init__(self, store: ConnectionStore) -> None:
        self.store = store
        self._memory: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        if (kept := self._memory.get(name.casefold())) is not None:
            return kept
        try:
            saved = self.store.get_secret(name)
        except KeyringUnavailable:
            return None
        if saved:  # the background retrier asks often: one keyring read per run
            self._memory[name.casefold()] = saved
        return saved

    def keep(self, name: str, secret: str, *, save: bool) -> str:
        """Hold ``secret`` for this run and, if ``save``, in the keyring; "" or why not saved."""
        self._memory[name.casefold()] = secret
        if not save:
            return ""
        try:
            self.store.set_secret(name, secret)
        except KeyringUnavailable as exc:
            return str(exc)
        return ""

    def forget(self, name: str) -> None:
        self._memory.pop(name.casefold(), None)

    def keyring_problem(self) -> str:
        """The plain sentence why secrets cannot be saved here, or ""."""
        try:
            self.store.backend()
        except KeyringUnavailable as exc:
            return str(exc)
        return ""


@dataclass
class DeliveryServices:
    """What the delivery windows share; built once by the main window (tests pass their own)."""

    store: ConnectionStore = field(default_factory=ConnectionStore)
    cache: TicketCache = field(default_factory=TicketCache)
    policy: RetryPolicy | None = None
    """Retry timing of posts (None: the real backoff)."""
    quick_policy: RetryPolicy = field(default_factory=lambda: RetryPolicy(max_tries=1))
    """Tests and lookups the engineer waits for: one try, then the reason (or the cache)."""
    ask: SecretAsk = ask_secret
    probe_ms: int = 30_000
    """How often the outbox retrier looks for items that are due."""
    start_ms: int = 3000
    """How long after start-up the window first retries queued items."""
    synchronous: bool = False
    secrets: Secrets = field(init=False)
    _outbox: Outbox | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.secrets = Secrets(self.store)

    @property
    def outbox(self) -> Outbox:
        if self._outbox is None:
            self._outbox = Outbox()
        return self._outbox

    def connect(self, profile: ConnectionProfile, secret: str, *, quick: bool = False) -> Connector:
        return connect(profile, secret, policy=self.quick_policy if quick else self.policy)

    def connector(self, name: str) -> tuple[Connector, ConnectionProfile]:
        """The poster's factory; no secret at hand keeps the item queued, with the reason."""
        try:
            profile = self.store.get(name)
        except ProfileError as exc:
            raise ConnectorError(str(exc)) from None
        secret = self.secrets.get(profile.name)
        if not secret:
            raise ConnectorError(
                f"no secret for {profile.name} in this run: press Retry in the Outbox to enter it",
                retryable=True,
            )  # fmt: skip
        return self.connect(profile, secret), profile

    def secret_for(self, parent: QWidget, name: str) -> str | None:
        """The secret, asking the engineer (GUI thread) when neither memory nor keyring has it."""
        if secret := self.secrets.get(name):
            return secret
        if typed := self.ask(parent, name):
            self.secrets.keep(name, typed, save=False)
        return typed


def button_row(
    parent: QWidget, specs: Iterable[tuple[str, str, Callable[[], object]]]
) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    """Push buttons in a row, by object name (``(name, text with mnemonic, slot)``)."""
    row, buttons = QHBoxLayout(), {}
    for name, text, slot in specs:
        button = QPushButton(text, parent)
        button.setObjectName(name)
        button.clicked.connect(slot)
        row.addWidget(button)
        buttons[name] = button
    return row, buttons


def reachable(url: str, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """Whether a TCP connection to the URL's host and port opens (nothing is sent)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            return True
    except OSError:
        return False


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
