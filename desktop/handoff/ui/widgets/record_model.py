"""A Qt table model over a live list of pydantic records inside the handoff.

The page hands over a *getter* for the list (``lambda: session.handoff.steps_taken``)
instead of a copy: the model reads and writes the records themselves, so there is
one source of truth and a replaced handoff needs no re-import, only :meth:`refresh`.
Every accepted edit calls ``on_change`` (the page's ``session.mark_changed``).
"""

from __future__ import annotations

from collections.abc import Callable, MutableSequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum, auto
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from handoff.ui.widgets.forms import format_local, from_qdatetime, to_qdatetime

Index = QModelIndex | QPersistentModelIndex


class ColumnKind(Enum):
    TEXT = auto()
    CHOICE = auto()
    """One of a fixed set (an enum): a non-editable combo box."""
    SUGGEST = auto()
    """Free text with suggestions: an editable combo box."""
    DATETIME = auto()
    """An optional aware datetime, shown and edited in local time."""


@dataclass(frozen=True)
class Column:
    """How one attribute of the record is shown and edited."""

    attr: str
    title: str
    kind: ColumnKind = ColumnKind.TEXT
    tooltip: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    """CHOICE: (label, stored value); SUGGEST: (label, text put in the cell)."""
    editable: bool = True
    editable_if: Callable[[Any], bool] | None = None
    """Per-record editability (e.g. a date only for some blocker kinds)."""
    display: Callable[[Any], str] | None = None
    stretch: bool = False
    decoration: Callable[[Any], object] | None = None
    """An icon for the cell, from the whole record (a thumbnail of an image attachment)."""

    def text(self, value: object) -> str:
        """What the cell shows."""
        if self.display is not None:
            return self.display(value)
        if value is None:
            return ""
        if self.kind is ColumnKind.CHOICE:
            stored = str(value)
            return next((label for label, data in self.choices if data == stored), stored)
        if self.kind is ColumnKind.DATETIME and isinstance(value, datetime):
            return format_local(value)
        return str(value)

    def edit_value(self, value: object) -> object:
        """What an editor starts from (EditRole)."""
        if self.kind is ColumnKind.DATETIME:
            return to_qdatetime(value) if isinstance(value, datetime) else None
        return "" if value is None else str(value)

    def from_edit(self, data: object) -> object:
        """The model value for what an editor committed."""
        if self.kind is ColumnKind.DATETIME:
            if isinstance(data, QDateTime) and data.isValid():
                return from_qdatetime(data)
            return data if isinstance(data, datetime) else None
        return "" if data is None else str(data)


class RecordTableModel(QAbstractTableModel):
    """Rows are the records returned by ``items()``; columns are ``columns``."""

    def __init__(
        self,
        items: Callable[[], MutableSequence[Any]],
        columns: list[Column],
        on_change: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.items = items
        self.columns = columns
        self._on_change = on_change
        self._shown_rows = len(items())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else self._shown_rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def record(self, row: int) -> Any:
        return self.items()[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.items()):
            return None
        column = self.columns[index.column()]
        value = getattr(self.record(index.row()), column.attr)
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(value)
        if role == Qt.ItemDataRole.EditRole:
            return column.edit_value(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.text(value) or column.tooltip
        if role == Qt.ItemDataRole.DecorationRole and column.decoration is not None:
            return column.decoration(self.record(index.row()))
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        valid = index.isValid() and index.row() < len(self.items())
        if not valid or role != Qt.ItemDataRole.EditRole:
            return False
        column = self.columns[index.column()]
        record = self.record(index.row())
        new = column.from_edit(value)
        if getattr(record, column.attr) == new:
            return False
        setattr(record, column.attr, new)
        self.dataChanged.emit(index, index)
        self._on_change()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid() or index.row() >= len(self.items()):
            return Qt.ItemFlag.NoItemFlags
        column = self.columns[index.column()]
        if column.editable and (
            column.editable_if is None or column.editable_if(self.record(index.row()))
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip
        return None

    # -- structural changes: the list in the handoff is the data --------------

    def insert(self, row: int, record: Any) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self.items().insert(row, record)
        self._shown_rows += 1
        self.endInsertRows()
        self._on_change()

    def extend(self, records: list[Any]) -> None:
        """Append many records with one notification (a dropped folder of 200 logs)."""
        if not records:
            return
        first = len(self.items())
        self.beginInsertRows(QModelIndex(), first, first + len(records) - 1)
        self.items().extend(records)
        self._shown_rows += len(records)
        self.endInsertRows()
        self._on_change()

    def append(self, record: Any) -> int:
        row = len(self.items())
        self.insert(row, record)
        return row

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.items()[row]
        self._shown_rows -= 1
        self.endRemoveRows()
        self._on_change()

    def move(self, row: int, to: int) -> bool:
        """Move ``row`` to position ``to``; False when either is out of range."""
        records = self.items()
        if row == to or not (0 <= row < len(records) and 0 <= to < len(records)):
            return False
        # Qt wants the destination *before* which the row lands, counted before the move.
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), to + 1 if to > row else to)
        records.insert(to, records.pop(row))
        self.endMoveRows()
        self._on_change()
        return True

    def refresh(self) -> None:
        """Re-read the list (a replaced handoff); keeps the view's selection when rows match."""
        rows = len(self.items())
        if rows != self._shown_rows:
            self.beginResetModel()
            self._shown_rows = rows
            self.endResetModel()
        elif rows:
            last = self.index(rows - 1, len(self.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
