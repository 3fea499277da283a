"""'Add Event Viewer log…': read .evtx files, pick the events to quote, attach.

The engineer opens (or, on Windows, collects) Event Viewer logs; each is read
off the GUI thread (``Worker`` with progress and Cancel) by the Qt-free
:mod:`handoff.evidence.evtx`.  The dialog shows each log's summary and a
sortable table of the errors and warnings, cut to an incident window that
defaults to the two hours before the latest event.  Ticked events become
one-line quotes in the handoff.  "Attach" writes a readable extract of every
log (CSV or JSON Lines plus a text summary) and adds the original .evtx (kind
EVENT_LOG) and the extract (kind LOG_EXTRACT, ``derived_from`` the original).

``install(page)`` puts the action on the attachments page.  Everything with a
side effect is injected: the file chooser, where extracts go, the wevtutil
runner, whether this is Windows, and a synchronous worker for tests.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from handoff import paths
from handoff.evidence import wevtutil
from handoff.evidence.evtx_report import (
    Extract,
    ExtractFormat,
    summary_lines,
    write_extract,
)
from handoff.model import Attachment, utc_now
from handoff.ui.dialogs import tr
from handoff.ui.evidence.evtx_model import (
    TIME,
    EventTableModel,
    Loaded,
    LoadedLog,
    Row,
    WindowProxy,
    attachments_for,
    collect_and_load,
    load_logs,
)
from handoff.ui.pages.attachments import AttachmentsPage
from handoff.ui.session import DraftSession
from handoff.ui.widgets.forms import describe, from_qdatetime, layout_tab_order, to_qdatetime
from handoff.ui.workers import ProgressFn, Worker, run_with_progress

ChooseFiles = Callable[[], list[Path]]
AddAttachments = Callable[[list[Attachment]], None]
DEFAULT_WINDOW = timedelta(hours=2)
EVTX_FILTER = "Event Viewer logs (*.evtx);;All files (*)"
_TIME_FORMAT = "yyyy-MM-dd HH:mm:ss"


class EvtxDialog(QDialog):
    """Object names: ``evtx_open``, ``evtx_collect``, ``evtx_summary``, ``evtx_since``,
    ``evtx_until``, ``evtx_reload``, ``evtx_format``, ``evtx_message``, ``evtx_table``,
    ``evtx_ticked``, ``evtx_attach``."""

    def __init__(
        self,
        session: DraftSession,
        parent: QWidget | None = None,
        *,
        add: AddAttachments | None = None,
        choose_files: ChooseFiles | None = None,
        files_dir: Callable[[], Path] | None = None,
        runner: wevtutil.Runner | None = None,
        is_windows: bool | None = None,
        synchronous: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("evtx_dialog")
        self.setWindowTitle(self.tr("Event Viewer log"))
        self.session = session
        self.add = add or self._add_to_session
        self.choose_files = choose_files or self._ask_for_files
        self.files_dir = files_dir or self._default_files_dir
        self.runner = runner
        self.synchronous = synchronous
        self.logs: list[LoadedLog] = []
        self.worker: Worker | None = None
        self.model = EventTableModel(self)
        self.proxy = WindowProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build(sys.platform == "win32" if is_windows is None else is_windows)
        self._set_window(utc_now() - DEFAULT_WINDOW, utc_now() + wevtutil.AFTER)

    # -- layout ---------------------------------------------------------------------

    def _button(self, name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _time_edit(self, name: str, accessible: str, tip: str) -> QDateTimeEdit:
        edit = QDateTimeEdit(self)
        describe(edit, name, accessible, tip)
        edit.setDisplayFormat(_TIME_FORMAT)
        edit.setCalendarPopup(True)
        edit.dateTimeChanged.connect(self._window_changed)
        return edit

    def _build(self, windows: bool) -> None:
        self.open_button = self._button(
            "evtx_open", self.tr("&Open .evtx\u2026"), self.ask_and_load
        )
        self.collect_button = self._button(
            "evtx_collect", self.tr("&Collect from this PC\u2026"), self.collect
        )
        self.collect_button.setVisible(windows)
        self.summary = self._label("evtx_summary")
        self.message = self._label("evtx_message")
        self.message.setVisible(False)  # shown only with something to say (see _say)
        self.ticked = self._label("evtx_ticked")
        self.since = self._time_edit(
            "evtx_since",
            self.tr("From"),
            self.tr("Start of the time window: older events are left out."),
        )
        self.until = self._time_edit(
            "evtx_until",
            self.tr("To"),
            self.tr("End of the time window: newer events are left out."),
        )
        self.reload_button = self._button(
            "evtx_reload", self.tr("&Re-read for this window"), self.reload
        )
        self.reload_button.setVisible(False)
        self.format = QComboBox(self)
        describe(self.format, "evtx_format", self.tr("Extract as"),
                 self.tr("File format of the extract of the ticked events."))  # fmt: skip
        self.format.addItem(self.tr("CSV (spreadsheet)"), "csv")
        self.format.addItem(self.tr("JSON Lines (scripts)"), "jsonl")
        self.table = self._table()
        self.buttons = self._button_box()
        self._lay_out()
        self._update_ticked()

    def _table(self) -> QTableView:
        table = QTableView(self)
        describe(table, "evtx_table", self.tr("Events"),
                 self.tr("Errors and warnings in the time window; Space ticks an event to quote "
                         "it in the handoff."))  # fmt: skip
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(TIME, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setVisible(False)
        self.model.dataChanged.connect(self._update_ticked)
        self.model.modelReset.connect(self._update_ticked)
        return table

    def _button_box(self) -> QDialogButtonBox:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.attach_button = box.addButton(
            self.tr("&Attach"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.attach_button.setObjectName("evtx_attach")
        self.attach_button.setEnabled(False)
        box.accepted.connect(self.attach)
        box.rejected.connect(self.reject)
        return box

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        for widget in (self.open_button, self.collect_button):
            top.addWidget(widget)
        top.addStretch(1)
        window = QHBoxLayout()
        for text, edit in ((self.tr("Errors and warnings &from"), self.since),
                           (self.tr("&to"), self.until)):  # fmt: skip
            caption = QLabel(text, self)
            caption.setBuddy(edit)
            window.addWidget(caption)
            window.addWidget(edit)
        window.addWidget(self.reload_button)
        window.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.ticked, 1)
        extract_as = QLabel(self.tr("E&xtract as"), self)
        extract_as.setBuddy(self.format)
        bottom.addWidget(extract_as)
        bottom.addWidget(self.format)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(window)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(980, 640)
        layout_tab_order(self)

    # -- the window -----------------------------------------------------------------

    def incident_window(self) -> tuple[datetime, datetime]:
        """The incident window the edits show, as aware UTC times."""
        return from_qdatetime(self.since.dateTime()), from_qdatetime(self.until.dateTime())

    def _set_window(self, since: datetime, until: datetime) -> None:
        self.since.setDateTime(to_qdatetime(since))
        self.until.setDateTime(to_qdatetime(until))
        self._window_changed()

    def _window_changed(self, _value: QDateTime | None = None) -> None:
        since, until = self.incident_window()
        self.proxy.set_window(since, until)
        self._update_ticked()

    def _update_ticked(self) -> None:
        self.ticked.setText(
            self.tr("{shown} event(s) in the window, {count} ticked to quote").format(
                shown=self.proxy.rowCount(), count=len(self.model.ticked)
            )
        )

    # -- loading --------------------------------------------------------------------

    def _ask_for_files(self) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add Event Viewer log"), "", EVTX_FILTER
        )
        return [Path(name) for name in names]

    def _default_files_dir(self) -> Path:
        return paths.draft_files_dir(self.session.handoff.id) / "event-logs"

    def ask_and_load(self) -> None:
        files = self.choose_files()
        if files:
            self.load(files)

    def load(self, files: Sequence[Path]) -> None:
        """Read ``files`` off the GUI thread and add them to what is shown."""
        chosen = list(files)
        self._run(
            lambda progress, cancel: load_logs(chosen, progress, cancel),
            self.tr("Reading the Event Viewer log\u2026"),
            self._loaded,
        )

    def reload(self) -> None:
        """Re-read every log for the current window (when a log had too many events)."""
        since, until = self.incident_window()
        logs, self.logs = self.logs, []
        files = [log.path for log in logs]
        self._run(
            lambda progress, cancel: load_logs(files, progress, cancel, since=since, until=until),
            self.tr("Reading the Event Viewer log\u2026"),
            self._loaded,
        )

    def collect(self) -> None:
        """Export this PC's VPN / logon / network channels for the window, then read them."""
        since, until = self.incident_window()
        folder = self.files_dir() / f"collected-{utc_now():%Y%m%d-%H%M%S}"
        self._run(
            lambda progress, cancel: collect_and_load(
                folder, progress, cancel, since=since, until=until, runner=self.runner
            ),
            self.tr("Collecting Event Viewer logs from this PC\u2026"),
            self._loaded,
        )

    def _run(
        self,
        job: Callable[[ProgressFn, threading.Event], object],
        label: str,
        done: Callable[[object], None],
    ) -> None:
        if self.worker is not None and self.worker.running:
            return
        self._say("")
        self.worker = Worker(job, synchronous=self.synchronous, parent=self)
        self.worker.finished.connect(done)
        self.worker.failed.connect(self._say)
        self.worker.cancelled.connect(lambda: self._say(self.tr("Cancelled.")))
        run_with_progress(self.worker, self, label)

    def _loaded(self, result: object) -> None:
        if not isinstance(result, Loaded):
            return
        first = not self.logs
        self.logs += result.logs
        self._show_logs(result.problems)
        latest = [log.summary.last for log in self.logs if log.summary.last]
        if first and latest:
            self._set_window(max(latest) - DEFAULT_WINDOW, max(latest))

    def _show_logs(self, problems: list[str]) -> None:
        rows = [
            Row(event, log.path.name, str(log.path.absolute()))
            for log in self.logs
            for event in log.summary.events
        ]
        self.model.set_rows(rows)
        self.summary.setText("\n\n".join(self._summary_text(log) for log in self.logs))
        notes = list(problems)
        for log in self.logs:
            summary = log.summary
            if summary.skipped:
                notes.append(
                    self.tr("{name}: skipped {count} damaged part(s)").format(
                        name=log.path.name, count=summary.skipped
                    )
                )
            if summary.capped:
                notes.append(
                    self.tr("{name}: showing the latest {kept} of {total} events").format(
                        name=log.path.name, kept=len(summary.events), total=summary.matched
                    )
                )
        self.reload_button.setVisible(any(log.summary.capped for log in self.logs))
        self._say("\n".join(notes))
        self.attach_button.setEnabled(bool(self.logs))

    def _say(self, text: str) -> None:
        """The problems line under the window row; hidden when empty (no gap above the table)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    @staticmethod
    def _summary_text(log: LoadedLog) -> str:
        return "\n".join(summary_lines(log.summary, events=0, top=5))

    # -- attaching ------------------------------------------------------------------

    def attach(self) -> None:
        """Write the extracts (worker), then add the attachments and close."""
        if not self.logs:
            return
        since, until = self.incident_window()
        folder, logs = self.files_dir(), list(self.logs)
        fmt: ExtractFormat = "jsonl" if self.format.currentData() == "jsonl" else "csv"

        def job(progress: ProgressFn, cancel: threading.Event) -> list[tuple[LoadedLog, Extract]]:
            return [
                (log, write_extract(log.path, folder, since=since, until=until, fmt=fmt,
                                    progress=progress, cancel=cancel))
                for log in logs
            ]  # fmt: skip

        self._run(job, self.tr("Writing the extract\u2026"), self._attached)

    def _attached(self, result: object) -> None:
        if not isinstance(result, list):
            return
        self.add(self._attachments(result))
        self.accept()

    def _attachments(self, extracts: list[tuple[LoadedLog, Extract]]) -> list[Attachment]:
        known = [a for a in self.session.handoff.attachments if a.source]
        return attachments_for(extracts, self.model.ticked_rows(), known)

    def _add_to_session(self, attachments: list[Attachment]) -> None:
        self.session.handoff.attachments.extend(attachments)
        self.session.mark_changed()

    def done(self, result: int) -> None:
        """Closing stops a running job first, so no worker outlives the dialog."""
        if self.worker is not None and self.worker.running:
            self.worker.cancel()
            self.worker.wait(10)
        super().done(result)


def install(
    page: AttachmentsPage,
    *,
    choose_files: ChooseFiles | None = None,
    files_dir: Callable[[], Path] | None = None,
    runner: wevtutil.Runner | None = None,
    is_windows: bool | None = None,
    synchronous: bool = False,
) -> QAction:
    """Add "Add Event Viewer log…" to the attachments page (the options go to the dialog)."""
    action = QAction(tr("Add &Event Viewer log\u2026"), page)
    action.setObjectName("evtx_action")
    action.setToolTip(tr("Summarise a Windows Event Viewer log (.evtx) and quote its events"))

    def open_dialog() -> None:
        dialog = EvtxDialog(
            page.session, page, add=page.model.extend, choose_files=choose_files,
            files_dir=files_dir, runner=runner, is_windows=is_windows, synchronous=synchronous,
        )  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.ask_and_load()

    action.triggered.connect(open_dialog)
    page.add_action(action)
    return action
