"""The Event Viewer dialog's data: the jobs it runs, its table, the attachments it makes.

:func:`load_logs` and :func:`collect_and_load` are the worker jobs (Qt-free,
``job(progress, cancel)``); :func:`attachments_for` turns the extracts and the
ticked events into attachments.

:class:`EventTableModel` holds the events of every loaded log (the scan keeps
at most a few thousand per log, so a plain list is fine) and which rows are
ticked for quoting.  :class:`WindowProxy` sorts on real values (time, level
severity, event id as numbers, not their text) and hides rows outside the
incident window the engineer sets with the two date-time edits.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from handoff.evidence import wevtutil
from handoff.evidence.evtx import EvtxError, EvtxSummary, LogEvent, scan_evtx
from handoff.evidence.evtx_report import Extract, extract_attachments, log_attachment
from handoff.model import Attachment, AttachmentKind, utc_now
from handoff.ui.workers import ProgressFn

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("", "Time", "Level", "Source", "Event ID", "Log", "Details")
TICK, TIME, LEVEL, SOURCE, EVENT_ID, LOG, DETAILS = range(len(COLUMNS))
NO_DETAILS = "(no message)"
"""The Details cell of an event without data (e.g. Time-Service 129): never blank."""
NO_DETAILS_TIP = (
    "This event carries no data. Its message text comes from the source's message file, "
    "so Event Viewer on the PC that logged it shows it; look it up by source and event ID."
)


@dataclass(frozen=True)
class Row:
    event: LogEvent
    log: str
    """Which loaded file the event came from (its name, for the Log column)."""
    source: str = ""
    """That file's full path, to attach the quote to the right attachment."""


class EventTableModel(QAbstractTableModel):
    """Rows of events; column 0 is the tick box that marks an event for quoting."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.ticked: set[int] = set()

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.ticked = set()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section]) if COLUMNS[section] else ""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Tick to quote this event in the handoff") if section == TICK else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == TICK else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == TICK:
            ticked = index.row() in self.ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == SORT_ROLE:
            return self._sort_key(index.row(), row, index.column())
        if index.column() == DETAILS:
            return self._details_data(row, role)
        return None

    def _details_data(self, row: Row, role: int) -> Any:
        """Tooltip, and for an event without data the placeholder's look."""
        empty = not row.event.details.strip()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr(NO_DETAILS_TIP) if empty else row.event.details
        if empty and role == Qt.ItemDataRole.ForegroundRole:
            # The palette's own placeholder colour: readable in light and dark themes.
            return QGuiApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
        if empty and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _text(self, row: Row, column: int) -> str:
        event = row.event
        texts = {
            TIME: f"{event.time.astimezone():%Y-%m-%d %H:%M:%S}",
            LEVEL: event.level_name,
            SOURCE: event.provider,
            EVENT_ID: str(event.event_id),
            LOG: row.log,
            DETAILS: event.details if event.details.strip() else self.tr(NO_DETAILS),
        }
        return texts.get(column, "")

    def _sort_key(self, number: int, row: Row, column: int) -> Any:
        event = row.event
        keys: dict[int, Any] = {
            TICK: int(number in self.ticked),
            TIME: event.time.timestamp(),
            LEVEL: event.level,  # 1 Critical first: severity, not the alphabet
            SOURCE: event.provider.lower(),
            EVENT_ID: event.event_id,
            LOG: row.log.lower(),
            DETAILS: event.details.lower(),
        }
        return keys[column]

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != TICK:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.ticked.add(index.row())
        else:
            self.ticked.discard(index.row())
        self.dataChanged.emit(index, index, [role])
        return True

    def ticked_rows(self) -> list[Row]:
        """The ticked events, oldest first (the order a reader follows)."""
        chosen = [self.rows[number] for number in self.ticked]
        return sorted(chosen, key=lambda row: row.event.time)


class WindowProxy(QSortFilterProxyModel):
    """Sorts on :data:`SORT_ROLE` and shows only events between ``since`` and ``until``.

    Times compare in whole seconds, as the date-time edits show them: an event at
    09:06:03.5 is inside a window that ends at 09:06:03.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._since: int | None = None
        self._until: int | None = None

    def set_window(self, since: datetime | None, until: datetime | None) -> None:
        self.beginFilterChange()  # Qt 6.10+; invalidateFilter() is deprecated
        self._since = None if since is None else int(since.timestamp())
        self._until = None if until is None else int(until.timestamp())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, EventTableModel):
            return True
        second = int(model.rows[source_row].event.time.timestamp())
        if self._since is not None and second < self._since:
            return False
        return self._until is None or second <= self._until


# -- the jobs and what they make ---------------------------------------------------


@dataclass
class LoadedLog:
    path: Path
    summary: EvtxSummary
    captured_at: datetime | None = None
    """When it was collected from this PC (None for a file the engineer chose)."""


@dataclass
class Loaded:
    logs: list[LoadedLog] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def load_logs(
    files: Sequence[Path],
    progress: ProgressFn,
    cancel: threading.Event,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    captured_at: datetime | None = None,
) -> Loaded:
    """Scan every file (the worker's job); a file that cannot be read is a problem line."""
    loaded = Loaded()
    for number, path in enumerate(files):

        def scaled(done: int, total: int, number: int = number) -> None:
            progress(number * 1000 + (1000 * done) // max(total, 1), 1000 * len(files))

        try:
            summary = scan_evtx(path, since=since, until=until, progress=scaled, cancel=cancel)
        except EvtxError as exc:
            if cancel.is_set():
                raise
            loaded.problems.append(f"{path.name}: {exc}")
            continue
        loaded.logs.append(LoadedLog(path, summary, captured_at))
    return loaded


def collect_and_load(
    folder: Path,
    progress: ProgressFn,
    cancel: threading.Event,
    *,
    since: datetime,
    until: datetime,
    runner: wevtutil.Runner | None = None,
) -> Loaded:
    """Export this PC's channels for the window, then read what was exported."""
    collection = wevtutil.collect(
        folder, since=since, until=until, runner=runner, progress=progress, cancel=cancel
    )
    loaded = load_logs(collection.files, progress, cancel, captured_at=utc_now())
    loaded.problems[:0] = collection.problems
    return loaded


def attachments_for(
    extracts: list[tuple[LoadedLog, Extract]], ticked: list[Row], attached: list[Attachment]
) -> list[Attachment]:
    """The new attachments: each log (kind EVENT_LOG, with its ticked events as quotes)
    and its extract (LOG_EXTRACT, derived from it).  A log that is already attached
    (same source) is not added twice: it gets the new quotes and keeps its place."""
    known = {a.source: a for a in attached if a.source}
    quotes: dict[str, list[str]] = {}
    for row in ticked:
        quotes.setdefault(row.source, []).append(row.event.quote())
    made: list[Attachment] = []
    for log, extract in extracts:
        source = str(log.path.absolute())
        original = known.get(source)
        if original is None:
            original = log_attachment(log.path, captured_at=log.captured_at)
            made.append(original)
        original.kind = AttachmentKind.EVENT_LOG
        fresh = [q for q in quotes.get(source, []) if q not in original.quotes]
        original.quotes = [*original.quotes, *fresh]
        made += extract_attachments(extract, original)
    return made
