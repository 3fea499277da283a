"""Find VPN logs…: the VPN client logs on this machine, ready to attach in two clicks.

The dialog lists what discovery found (client, file, size, last change), the
event-log channels to collect with Event Viewer, and the files it could not
read with the reason.  The engineer ticks what to attach and, per log, may keep
only the incident window; the original is attached too, so nothing is lost.
"Scan for known errors" shows the lines that match a known failure; each can go
straight into the root cause or the steps taken, and is quoted on its log's
attachment.  Discovery, cutting and scanning run off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTreeWidgetItem,
    QVBoxLayout,
)

from handoff import paths
from handoff.evidence import vpncollect, vpnlogs
from handoff.evidence.netrun import Runner, run_process
from handoff.evidence.signatures import Match
from handoff.evidence.vpncollect import Collection, ScanResults, Selection
from handoff.evidence.vpnlogs import Discovery, Dump, FoundLog
from handoff.notes import format_size
from handoff.ui.dialogs import tr
from handoff.ui.evidence.job_dialog import (
    JobDialog,
    elide_middle,
    fit_column,
    make_button,
    make_tree,
)
from handoff.ui.evidence.vpn_findings import FindingsPanel
from handoff.ui.pages.attachments import AttachmentsPage
from handoff.ui.widgets.forms import (
    describe,
    format_local,
    from_qdatetime,
    layout_tab_order,
    to_qdatetime,
)

Discover = Callable[[], Discovery]
FilesDir = Callable[[], Path]
_ENTRY = Qt.ItemDataRole.UserRole
_NO_ENTRY = -1
_DEFAULT_BEFORE = timedelta(hours=2)
"""The incident window offered: the last two hours (the reference slice is -2 h / +30 min)."""
_FILE, _WHERE = 1, 1
"""The log table's File column; the findings' Where column (``log name:line``)."""
_WHERE_SHARE = 4
"""The Where column takes at most a quarter of the findings list (the line needs the rest)..."""
_WHERE_LEAST_CHARS = 20
"""... but room for this many characters in a narrow window."""


def _entry_of(item: QTreeWidgetItem) -> int:
    """Index into the dialog's entries of a row (``_NO_ENTRY`` for a channel or a reason)."""
    return int(item.data(0, _ENTRY))


class VpnLogsDialog(JobDialog):
    """Object names: ``vpn_logs_table``, ``vpn_window``, ``vpn_since``, ``vpn_until``,
    ``vpn_scan``, ``vpn_matches``, ``vpn_root_cause``, ``vpn_add_step``, ``vpn_attach``,
    plus ``vpn_progress``, ``vpn_stop`` and ``vpn_status`` (see :class:`JobDialog`)."""

    discovered = Signal()
    scanned = Signal()
    attached = Signal(list)
    """The attachments added (``list[Attachment]``)."""

    def __init__(
        self,
        page: AttachmentsPage,
        *,
        discover: Discover = vpnlogs.discover,
        files_dir: FilesDir | None = None,
        runner: Runner = run_process,
        synchronous: bool = False,
    ) -> None:
        super().__init__(page, "vpn", synchronous=synchronous)
        self.page, self.session = page, page.session
        self._discover, self._runner = discover, runner
        self._files_dir = files_dir or (lambda: paths.draft_files_dir(self.session.handoff.id))
        self._entries: list[FoundLog | Dump] = []
        self._windows: dict[int, tuple[datetime, datetime]] = {}
        self._quotes: dict[str, list[str]] = {}
        self.setWindowTitle(self.tr("VPN client logs"))
        self._build()

    # -- layout ------------------------------------------------------------------

    def _build(self) -> None:
        self.summary = QLabel(self.tr("Looking for VPN client logs\u2026"), self)
        headers = [self.tr("Client"), self.tr("File"), self.tr("Size"), self.tr("Modified")]
        self.table = make_tree(self, "vpn_logs_table", self.tr("VPN logs found"), headers)
        self.table.currentItemChanged.connect(self._show_window)
        elide_middle(self.table, _FILE)
        self.findings = FindingsPanel(self.session, self._quote, self.say, self)
        elide_middle(self.findings.tree, _WHERE)
        self.scan_button = make_button(
            self, "vpn_scan", self.tr("&Scan for known errors"),
            self.tr("Look for known failures in the ticked logs."),
        )  # fmt: skip
        self.scan_button.clicked.connect(self.scan)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.attach_button = make_button(
            self, "vpn_attach", self.tr("&Attach ticked logs"),
            self.tr("Attach the ticked logs (and the extracts of their incident windows)."),
        )  # fmt: skip
        self.buttons.addButton(self.attach_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.attach_button.clicked.connect(self.attach)
        self._layout()

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 2)
        layout.addLayout(self._window_row())
        layout.addWidget(self.scan_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.findings, 1)
        layout.addLayout(self.status_row())
        layout.addWidget(self.buttons)
        self.resize(820, 620)
        layout_tab_order(self)

    def _window_row(self) -> QHBoxLayout:
        self.window_box = QCheckBox(self.tr("Attach only the &incident window, from"), self)
        describe(
            self.window_box,
            "vpn_window",
            self.tr("Only the incident window"),
            self.tr("Also attach an extract with only the lines in this time window."),
        )
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        self.since = self._time_edit("vpn_since", self.tr("Window start"), now - _DEFAULT_BEFORE)
        self.until = self._time_edit("vpn_until", self.tr("Window end"), now)
        self.window_box.toggled.connect(self._store_window)
        self.since.dateTimeChanged.connect(self._store_window)
        self.until.dateTimeChanged.connect(self._store_window)
        row = QHBoxLayout()
        for widget in (self.window_box, self.since, QLabel(self.tr("to"), self), self.until):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _time_edit(self, name: str, label: str, value: datetime) -> QDateTimeEdit:
        edit = QDateTimeEdit(to_qdatetime(value), self)
        describe(edit, name, label, label)
        edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        edit.setCalendarPopup(True)
        return edit

    # -- discovery -----------------------------------------------------------------

    def refresh(self) -> None:
        """Look for logs again (off the GUI thread)."""
        self.run_job(lambda _progress, _cancel: self._discover(), self._show_discovery)

    def _show_discovery(self, result: object) -> None:
        if not isinstance(result, Discovery):
            return
        self.table.clear()
        self._entries, self._windows = [], {}
        entries: list[FoundLog | Dump] = [*result.logs, *result.dumps]
        for entry in entries:
            self._add_entry(entry)
        for channel in result.channels:
            self._add_info([channel.client, f"\u201c{channel.channel}\u201d", channel.how, ""])
        for skipped in result.skipped:
            self._add_info([skipped.client, skipped.path.name, skipped.reason, ""])
        for column in range(self.table.columnCount()):
            self.table.resizeColumnToContents(column)
        self.summary.setText(self._summary_text(result))
        self.discovered.emit()

    def _add_entry(self, entry: FoundLog | Dump) -> None:
        path = entry.path if isinstance(entry, FoundLog) else entry.binary
        name = (
            path.name if isinstance(entry, FoundLog) else self.tr("%s (dump as text)") % path.name
        )
        item = QTreeWidgetItem(
            [entry.client, name, format_size(entry.size), format_local(entry.modified)]
        )
        item.setToolTip(1, str(path))
        item.setData(0, _ENTRY, len(self._entries))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Unchecked)
        self._entries.append(entry)
        self.table.addTopLevelItem(item)

    def _add_info(self, texts: list[str]) -> None:
        item = QTreeWidgetItem(texts)
        item.setData(0, _ENTRY, _NO_ENTRY)  # an int on every row: PySide 6.12 mishandles None
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setToolTip(2, texts[2])
        self.table.addTopLevelItem(item)

    def _summary_text(self, found: Discovery) -> str:
        if not found.logs and not found.dumps:
            return self.tr("No VPN client log files found here.")
        clients = ", ".join(dict.fromkeys(e.client for e in self._entries))
        return self.tr("Found %d log(s) from %s. Tick what to attach.") % (
            len(self._entries),
            clients,
        )

    # -- selection and the incident window ------------------------------------------

    def entry_items(self) -> list[QTreeWidgetItem]:
        """The checkable rows (one per log or dump), in order."""
        items = (self.table.topLevelItem(i) for i in range(self.table.topLevelItemCount()))
        return [item for item in items if item is not None and _entry_of(item) != _NO_ENTRY]

    def _ticked(self) -> list[int]:
        return [
            _entry_of(item)
            for item in self.entry_items()
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def _current_entry(self) -> int | None:
        item = self.table.currentItem()
        index = _NO_ENTRY if item is None else _entry_of(item)
        return None if index == _NO_ENTRY else index

    def _show_window(self) -> None:
        index = self._current_entry()
        window = self._windows.get(index) if index is not None else None
        for widget in (self.window_box, self.since, self.until):
            widget.setEnabled(index is not None and not self.busy)
        with (
            QSignalBlocker(self.window_box),
            QSignalBlocker(self.since),
            QSignalBlocker(self.until),
        ):
            self.window_box.setChecked(window is not None)
            if window is not None:
                self.since.setDateTime(to_qdatetime(window[0]))
                self.until.setDateTime(to_qdatetime(window[1]))

    def _store_window(self) -> None:
        index = self._current_entry()
        if index is None:
            return
        if self.window_box.isChecked():
            since, until = (
                from_qdatetime(self.since.dateTime()),
                from_qdatetime(self.until.dateTime()),
            )
            self._windows[index] = (since, until)
        else:
            self._windows.pop(index, None)

    def set_window(self, index: int, since: datetime, until: datetime) -> None:
        """Keep only [since, until] of entry ``index`` (what the window row edits)."""
        self._windows[index] = (since, until)

    # -- scanning for known errors -----------------------------------------------------

    def scan(self) -> None:
        logs = [e for i in self._ticked() if isinstance(e := self._entries[i], FoundLog)]
        if not logs:
            self.say(self.tr("Tick the logs to scan first."))
            return
        self.say(self.tr("Scanning\u2026"))
        self.run_job(
            lambda progress, cancel: vpncollect.scan_logs(logs, progress=progress, cancel=cancel),
            self._show_matches,
        )

    def _show_matches(self, result: object) -> None:
        if isinstance(result, ScanResults):
            self.say(self.findings.show_results(result))
            self._size_findings(result.matches)
            self.scanned.emit()

    def _size_findings(self, matches: list[Match]) -> None:
        """The Where column: the full path and line as its tooltip, as wide as it needs
        up to a share of the list (longer names are cut in the middle)."""
        tree = self.findings.tree
        for number, match in enumerate(matches):  # the panel lists them in this order
            if item := tree.topLevelItem(number):
                where = self.tr("{path}, line {line}").format(path=match.path, line=match.line_no)
                item.setToolTip(_WHERE, where)
        least = tree.fontMetrics().horizontalAdvance("x" * _WHERE_LEAST_CHARS)
        fit_column(tree, _WHERE, max(tree.viewport().width() // _WHERE_SHARE, least))

    def _quote(self, match: Match) -> None:
        """Quote the line on its log's attachment (now, or when the log is attached)."""
        source = str(match.path.absolute())
        for attachment in self.session.handoff.attachments:
            if attachment.source == source:
                if match.quote not in attachment.quotes:
                    attachment.quotes = [*attachment.quotes, match.quote]
                return
        quotes = self._quotes.setdefault(source, [])
        if match.quote not in quotes:
            quotes.append(match.quote)

    # -- attaching -----------------------------------------------------------------------

    def selections(self) -> list[Selection]:
        chosen = []
        for index in self._ticked():
            since, until = self._windows.get(index, (None, None))
            chosen.append(Selection(self._entries[index], since, until))
        return chosen

    def attach(self) -> None:
        chosen = self.selections()
        if not chosen:
            self.say(self.tr("Tick the logs to attach first."))
            return
        folder, runner = self._files_dir(), self._runner
        self.say(self.tr("Attaching\u2026"))
        self.run_job(
            lambda progress, cancel: vpncollect.collect(
                chosen, folder, runner=runner, progress=progress, cancel=cancel
            ),
            self._attach_done,
        )

    def _attach_done(self, result: object) -> None:
        if not isinstance(result, Collection):
            return
        existing = {a.source: a for a in self.session.handoff.attachments if a.source}
        added = []
        for item in result.items:
            source = str(item.log.path.absolute())
            quotes = self._quotes.pop(source, [])
            added += vpncollect.attachments_for(item, existing.get(source), quotes)
        self.page.model.extend(added)
        if not added and result.items:
            self.session.mark_changed()  # quotes added to logs already attached
        text = self.tr("Attached %d file(s).") % len(added)
        if result.cancelled:
            text = self.tr("Stopped. ") + text
        self.say(" ".join([text, *result.problems]))
        self.attached.emit(added)
        if not result.problems and not result.cancelled:
            self.accept()

    # -- state -----------------------------------------------------------------------------

    def set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.table, self.scan_button, self.attach_button, self.findings):
            widget.setEnabled(enabled)
        self._show_window()
        self.findings.update_buttons()


def open_dialog(
    page: AttachmentsPage,
    *,
    discover: Discover = vpnlogs.discover,
    files_dir: FilesDir | None = None,
    runner: Runner = run_process,
    synchronous: bool = False,
) -> VpnLogsDialog:
    """Open the dialog on ``page`` (window-modal, deleted when closed) and start discovery."""
    dialog = VpnLogsDialog(
        page, discover=discover, files_dir=files_dir, runner=runner, synchronous=synchronous
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.refresh()
    return dialog


def install(page: AttachmentsPage, **options: Any) -> QAction:
    """Add "Find VPN logs…" to the page's evidence bar; ``options`` go to
    :func:`open_dialog` (fakes, for tests)."""
    action = QAction(tr("Find &VPN logs\u2026"), page)
    action.setObjectName("vpn_logs_action")
    action.setToolTip(tr("Find the VPN client logs on this computer and attach them."))
    action.triggered.connect(lambda: open_dialog(page, **options))
    page.add_action(action)
    return action
