"""The side panel's Recent packages section: packages exported or opened lately.

The list itself is :class:`handoff.recent.RecentPackages` (Qt-free, in the data
folder); this section shows it and records into it.  A package that is no longer
where it was (moved, deleted, on an unplugged drive) stays listed, marked
missing in the problem colour, until the engineer removes it: silently dropping
it would leave them wondering where yesterday's package went.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from handoff.recent import Action, RecentPackage, RecentPackages
from handoff.ui import theme
from handoff.ui.widgets.forms import button_row, describe, format_local

PATH_ROLE = Qt.ItemDataRole.UserRole


class RecentSection(QWidget):
    """The recent packages, newest first; Open and Remove from list."""

    open_requested = Signal(Path)

    def __init__(self, store: RecentPackages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nav_recent_section")
        self.store = store
        self.entries: list[RecentPackage] = []
        self.list = QListWidget(self)
        describe(self.list, "nav_recent", self.tr("Recent packages"),
                 self.tr("Packages exported or opened lately, newest first. Enter opens the "
                         "selected one; Delete removes it from this list."))  # fmt: skip
        self.list.itemActivated.connect(lambda *_: self.open_selected())
        remove = QAction(self.tr("Remove from list"), self.list)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_selected)
        self.list.addAction(remove)
        self.note = QLabel(self)
        self.note.setObjectName("nav_recent_note")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        row, self.buttons = button_row(self, (
            ("nav_open_recent", self.tr("Open pac&kage"), self.open_selected),
            ("nav_remove_recent", self.tr("Remove from &list"), self.remove_selected),
        ))  # fmt: skip
        self.buttons["nav_open_recent"].setAccessibleDescription(
            self.tr("Open the selected package to read it or continue it.")
        )
        self.buttons["nav_remove_recent"].setAccessibleDescription(
            self.tr("Take the selected package off this list; the file is not touched.")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        layout.addLayout(row)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.reload()

    def reload(self) -> None:
        """Read the list again and check which files are still there."""
        self._show(self.store.load())

    def remember(self, path: Path, *, ticket_id: str, title: str, action: Action) -> None:
        """Put ``path`` on top of the list (after an export or an open)."""
        self._show(self.store.add(path, ticket_id=ticket_id, title=title, action=action))

    def selected(self) -> RecentPackage | None:
        row = self.list.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def open_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if not entry.exists():
            self._tell(self.tr("%s is no longer there. Remove it from the list, or open it "
                               "from where it is now (File \u2192 Open package).")
                       % entry.path, problem=True)  # fmt: skip
            return
        self.open_requested.emit(entry.path)

    def remove_selected(self) -> None:
        if (entry := self.selected()) is not None:
            row = self.list.currentRow()
            self._show(self.store.remove(entry.path))
            self.list.setCurrentRow(min(row, self.list.count() - 1))

    def _show(self, entries: list[RecentPackage]) -> None:
        self.entries = entries
        self.list.clear()
        for entry in entries:
            item = QListWidgetItem(self._text(entry), self.list)
            item.setData(PATH_ROLE, str(entry.path))
            item.setToolTip(str(entry.path))
            if not entry.exists():
                item.setForeground(theme.error_color())
        if entries:
            self.list.setCurrentRow(0)
            self._tell("")
        else:
            self._tell(self.tr("Packages you export or open appear here."))
        self._update_buttons()

    def _text(self, entry: RecentPackage) -> str:
        ticket = entry.ticket_id or self.tr("(no ticket)")
        title = entry.title or entry.path.name
        when = format_local(entry.at)
        if entry.action is Action.EXPORTED:
            done = self.tr("exported %s") % when
        else:
            done = self.tr("opened %s") % when
        if not entry.exists():
            done = self.tr("missing \u00b7 %s") % done
        return f"{ticket} \u2014 {title}\n{done}"

    def _tell(self, text: str, *, problem: bool = False) -> None:
        self.note.setText(text)
        self.note.setStyleSheet(theme.error_style() if problem else "")
        self.note.setVisible(bool(text))

    def _update_buttons(self) -> None:
        entry = self.selected()
        self.buttons["nav_open_recent"].setEnabled(entry is not None)
        self.buttons["nav_remove_recent"].setEnabled(entry is not None)
