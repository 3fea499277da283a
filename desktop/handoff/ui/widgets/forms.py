"""Helpers shared by the forms: accessibility metadata, named button rows, loss-free re-rendering.

Every page re-renders the model in ``load()``.  Calling ``setText`` on a widget the
engineer is typing in moves the cursor to the end and drops the selection, so the
``sync_*`` helpers only touch a widget when its value really differs, and always
with the widget's signals blocked so rendering never writes back into the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)


def describe(widget: QWidget, name: str, accessible_name: str, tooltip: str) -> None:
    """Give an input its object name (for tests and the shell), a11y name and help text.

    Screen readers read the accessible name and description; sighted users get the
    same help as a tooltip, so the two never drift apart.
    """
    widget.setObjectName(name)
    widget.setAccessibleName(accessible_name)
    widget.setAccessibleDescription(tooltip)
    widget.setToolTip(tooltip)


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


def labelled_row(form: QFormLayout, label: str, widget: QWidget, name: str, tip: str) -> QLabel:
    """Add ``widget`` to ``form`` under ``label`` (its mnemonic focuses it), described."""
    describe(widget, name, label.replace("&", "").rstrip(":"), tip)
    caption = QLabel(label, widget.parentWidget())
    caption.setBuddy(widget)
    form.addRow(caption, widget)
    return caption


def chain_tab_order(widgets: Iterable[QWidget]) -> None:
    """Make Tab visit ``widgets`` in the given (reading) order."""
    previous: QWidget | None = None
    for widget in widgets:
        if previous is not None:
            QWidget.setTabOrder(previous, widget)
        previous = widget


def layout_tab_order(root: QWidget) -> None:
    """Make Tab follow ``root``'s layouts (rows top to bottom, each left to right).

    Qt's default Tab order is creation order, which drifts from what the engineer
    sees whenever a part is built before the one above it.  Layout order is reading
    order for box and form layouts, and survives a later rearrangement.
    """
    found: list[QWidget] = []

    def visit_layout(layout: QLayout) -> None:
        for number in range(layout.count()):
            item = layout.itemAt(number)
            if item is None:
                continue
            if (widget := item.widget()) is not None:
                visit_widget(widget)
            elif (inner := item.layout()) is not None:
                visit_layout(inner)

    def visit_widget(widget: QWidget) -> None:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
            found.append(widget)
        if isinstance(widget, QScrollArea) and (inner := widget.widget()) is not None:
            visit_widget(inner)
        elif (
            not isinstance(widget, QComboBox | QAbstractSpinBox | QAbstractScrollArea)
            and (own := widget.layout()) is not None
        ):
            visit_layout(own)

    if (layout := root.layout()) is not None:
        visit_layout(layout)
    chain_tab_order(found)


def sync_line(edit: QLineEdit, text: str) -> None:
    """Show ``text`` without moving the cursor when it is already shown."""
    if edit.text() != text:
        with QSignalBlocker(edit):
            edit.setText(text)


def sync_plain(edit: QPlainTextEdit, text: str) -> None:
    """Show ``text`` without resetting cursor, selection or undo when it is already shown."""
    if edit.toPlainText() != text:
        with QSignalBlocker(edit):
            edit.setPlainText(text)


def sync_checked(button: QAbstractButton, checked: bool) -> None:
    if button.isChecked() != checked:
        with QSignalBlocker(button):
            button.setChecked(checked)


def sync_combo_data(combo: QComboBox, data: object) -> None:
    """Select the item whose user data is ``data`` (the first item when none matches)."""
    index = max(combo.findData(data), 0)
    if combo.currentIndex() != index:
        with QSignalBlocker(combo):
            combo.setCurrentIndex(index)


def sync_combo_text(combo: QComboBox, text: str) -> None:
    """For an editable combo: show ``text`` only when it differs (keeps the cursor)."""
    if combo.currentText() != text:
        with QSignalBlocker(combo):
            combo.setCurrentText(text)


def to_qdatetime(value: datetime) -> QDateTime:
    """An aware datetime as a local-time QDateTime (what the engineer reads and edits)."""
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()))


def from_qdatetime(value: QDateTime) -> datetime:
    """A QDateTime (any time spec) as an aware UTC datetime, as the model stores it."""
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


def format_local(value: datetime | None) -> str:
    """``2024-05-06 14:00`` in the engineer's time zone; empty for no value."""
    if value is None:
        return ""
    return value.astimezone().strftime("%Y-%m-%d %H:%M")
