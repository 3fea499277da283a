"""A keyboard-friendly table editor for a list of records, with its button row.

Engineers fill these tables in a hurry, on a laptop, often without a mouse: Enter
opens the current cell for editing (instead of pressing the wizard's default
button), Delete removes the selected row, typing starts editing, and the combo
box / date editors for enum and date columns are real, labelled widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QDateTime,
    QItemSelectionModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from handoff.ui.widgets.forms import describe
from handoff.ui.widgets.record_model import Column, ColumnKind, Index, RecordTableModel

_EDIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_DELETE_KEYS = (Qt.Key.Key_Delete,)


def next_full_hour() -> QDateTime:
    """Where a date editor for an empty cell starts: the next full hour, local time."""
    now = datetime.now().astimezone()
    start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return QDateTime.fromSecsSinceEpoch(int(start.timestamp()))


class RecordDelegate(QStyledItemDelegate):
    """Combo boxes for CHOICE/SUGGEST columns, a date editor for DATETIME columns."""

    def __init__(self, columns: list[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = columns

    def createEditor(  # noqa: N802 - Qt API
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        column = self._columns[index.column()]
        editor: QWidget
        if column.kind in (ColumnKind.CHOICE, ColumnKind.SUGGEST):
            combo = QComboBox(parent)
            combo.setEditable(column.kind is ColumnKind.SUGGEST)
            for label, data in column.choices:
                combo.addItem(label, data)
            editor = combo
        elif column.kind is ColumnKind.DATETIME:
            when = QDateTimeEdit(parent)
            when.setCalendarPopup(True)
            when.setDisplayFormat("yyyy-MM-dd HH:mm")
            editor = when
        else:
            editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(column.title)
        editor.setAccessibleDescription(column.tooltip or column.title)
        editor.setToolTip(column.tooltip)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802 - Qt API
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            if editor.isEditable():
                editor.setCurrentText(str(value or ""))
            else:
                editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QDateTimeEdit):
            editor.setDateTime(value if isinstance(value, QDateTime) else next_full_hour())
        else:
            super().setEditorData(editor, index)

    def setModelData(  # noqa: N802 - Qt API
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        if isinstance(editor, QComboBox):
            value = editor.currentText() if editor.isEditable() else editor.currentData()
            model.setData(index, value)
        elif isinstance(editor, QDateTimeEdit):
            model.setData(index, editor.dateTime())
        else:
            super().setModelData(editor, model, index)


class RecordTableView(QTableView):
    """A table where Enter edits and Delete asks to remove, instead of leaving the page."""

    delete_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        editing = self.state() == QAbstractItemView.State.EditingState
        index = self.currentIndex()
        if not editing and event.key() in _EDIT_KEYS and index.isValid():
            self.edit(index, QAbstractItemView.EditTrigger.AllEditTriggers, event)
            event.accept()
            return
        if not editing and event.key() in _DELETE_KEYS and index.isValid():
            self.delete_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class RecordListEditor(QWidget):
    """A :class:`RecordTableModel` in a table, plus Add / Remove / Move up / Move down.

    ``prefix`` names the parts for tests and the shell: ``<prefix>_table``,
    ``<prefix>_add``, ``<prefix>_remove``, ``<prefix>_up``, ``<prefix>_down``.
    Add opens the new row's ``new_item_column`` for typing.
    Without ``new_item`` there is no Add button (the page adds rows its own way);
    :meth:`add_button` puts further buttons into the row.
    """

    def __init__(
        self,
        model: RecordTableModel,
        *,
        prefix: str,
        name: str,
        description: str,
        labels: dict[str, str],
        new_item: Callable[[], Any] | None = None,
        new_item_column: int = 0,
        movable: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._new_item = new_item
        self._new_item_column = new_item_column
        self.view = RecordTableView(self)
        self.view.setModel(model)
        self.view.setItemDelegate(RecordDelegate(model.columns, self.view))
        self._setup_view(prefix, name, description)
        self.buttons = QHBoxLayout()
        self._build_buttons(prefix, labels, movable=movable)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.buttons)
        self.view.delete_requested.connect(self.remove_current)
        self.view.selectionModel().currentChanged.connect(self.update_buttons)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.update_buttons)
        self.update_buttons()

    def _build_buttons(self, prefix: str, labels: dict[str, str], *, movable: bool) -> None:
        self.add: QPushButton | None = None
        if self._new_item is not None:
            self.add = self._button(labels["add"], f"{prefix}_add", self.append_new)
        self.remove = self._button(labels["remove"], f"{prefix}_remove", self.remove_current)
        self.up: QPushButton | None = None
        self.down: QPushButton | None = None
        if movable:
            self.up = self._button(labels["up"], f"{prefix}_up", lambda: self.move_current(-1))
            self.down = self._button(labels["down"], f"{prefix}_down", lambda: self.move_current(1))
        self.buttons.addStretch(1)

    def _setup_view(self, prefix: str, name: str, description: str) -> None:
        describe(self.view, f"{prefix}_table", name, description)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setTabKeyNavigation(False)  # Tab leaves the table, as in every other field
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        for number, column in enumerate(self.model.columns):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column.stretch
                else QHeaderView.ResizeMode.Interactive
            )
            header.setSectionResizeMode(number, mode)

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def add_button(self, button: QPushButton, *, first: bool = False) -> None:
        """Put a page-specific button into the row: first, or last before the stretch."""
        button.setAutoDefault(False)
        self.buttons.insertWidget(0 if first else self.buttons.count() - 1, button)

    def focus_widgets(self) -> list[QWidget]:
        """The table and the buttons in reading order, for the page's tab order."""
        widgets: list[QWidget] = [self.view]
        for number in range(self.buttons.count()):
            item = self.buttons.itemAt(number)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widgets.append(widget)
        return widgets

    def current_row(self) -> int:
        return self.view.currentIndex().row()

    def append_new(self) -> None:
        if self._new_item is not None:
            self.append(self._new_item(), edit_column=self._new_item_column)

    def append(self, record: Any, *, edit_column: int | None = None) -> int:
        """Add ``record`` at the end, select it and (optionally) open a cell for typing."""
        row = self.model.append(record)
        self.edit_cell(
            row, edit_column if edit_column is not None else 0, open_editor=edit_column is not None
        )
        return row

    def edit_cell(self, row: int, column: int, *, open_editor: bool = True) -> None:
        """Make (row, column) current and, by default, open its editor with the focus in it."""
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if open_editor:
            self.view.edit(index)

    def remove_current(self) -> None:
        row = self.current_row()
        if not 0 <= row < self.model.rowCount() or not self.remove.isEnabled():
            return
        column = max(self.view.currentIndex().column(), 0)
        self.model.remove(row)
        if self.model.rowCount():
            self.edit_cell(min(row, self.model.rowCount() - 1), column, open_editor=False)

    def move_current(self, delta: int) -> None:
        index = self.view.currentIndex()
        if index.isValid() and self.model.move(index.row(), index.row() + delta):
            moved = self.model.index(index.row() + delta, index.column())
            self.view.selectionModel().setCurrentIndex(
                moved, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.update_buttons()

    def update_buttons(self, *_: object) -> None:
        row = self.current_row()
        rows = self.model.rowCount()
        has_row = 0 <= row < rows
        self.remove.setEnabled(has_row)
        if self.up is not None and self.down is not None:
            self.up.setEnabled(has_row and row > 0)
            self.down.setEnabled(has_row and row < rows - 1)
