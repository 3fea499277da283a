"""Settings -> Ticket systems: the list of connections; Add, Edit, Remove.

Connection profiles live in :class:`~handoff.delivery.connections.ConnectionStore`
(``connections.json``), their secrets in the OS password store.  Adding or editing
one opens the :class:`~handoff.ui.delivery.connection_editor.ConnectionEditor`;
removing one forgets its profile, its secret and its cached ticket lookups.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from handoff.delivery.connections import ProfileError
from handoff.delivery.connector import ConnectionProfile
from handoff.ui.delivery.connection_editor import ConnectionEditor
from handoff.ui.delivery.services import DeliveryServices
from handoff.ui.dialogs import one_line
from handoff.ui.widgets.forms import button_row, describe


class ConnectionsDialog(QDialog):
    """The list of connections: Add, Edit, Remove; emits ``changed`` after each."""

    changed = Signal()

    def __init__(self, services: DeliveryServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.editor: ConnectionEditor | None = None
        self.setObjectName("connections_dialog")
        self.setWindowTitle(self.tr("Ticket systems"))
        self.list = QListWidget(self)
        describe(self.list, "connections", self.tr("Connections"),
                 self.tr("The ticket systems Handoff can post to."))  # fmt: skip
        self.list.itemActivated.connect(lambda _item: self.edit())
        caption = QLabel(self.tr("&Connections:"), self)
        caption.setBuddy(self.list)
        buttons, self.buttons = button_row(
            self,
            (
                ("add", self.tr("&Add\u2026"), self.add),
                ("edit", self.tr("&Edit\u2026"), self.edit),
                ("remove", self.tr("&Remove"), self.remove),
                ("close", self.tr("C&lose"), self.accept),
            ),
        )
        layout = QVBoxLayout(self)
        for widget in (caption, self.list):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        try:
            profiles = self.services.store.list()
        except ProfileError as exc:
            profiles = []
            QListWidgetItem(one_line(exc), self.list)
        for profile in profiles:
            item = QListWidgetItem(f"{profile.name} \u2014 {profile.kind} \u2014 {profile.url}",
                                   self.list)  # fmt: skip
            item.setData(256, profile.name)
        if self.list.count():
            self.list.setCurrentRow(0)
        for name in ("edit", "remove"):
            self.buttons[name].setEnabled(bool(profiles))

    def _selected(self) -> ConnectionProfile | None:
        item = self.list.currentItem()
        name = item.data(256) if item is not None else None
        return self.services.store.get(name) if name else None

    def add(self) -> ConnectionEditor:
        return self._open_editor(None)

    def edit(self) -> ConnectionEditor | None:
        profile = self._selected()
        return self._open_editor(profile) if profile is not None else None

    def _open_editor(self, profile: ConnectionProfile | None) -> ConnectionEditor:
        self.editor = ConnectionEditor(self.services, profile, self)
        self.editor.accepted.connect(self._saved)
        self.editor.open()
        return self.editor

    def _saved(self) -> None:
        self.reload()
        self.changed.emit()

    def remove(self) -> None:
        profile = self._selected()
        if profile is None:
            return
        self.services.store.remove(profile.name)
        self.services.secrets.forget(profile.name)
        self.services.cache.forget(profile.name)
        self._saved()
