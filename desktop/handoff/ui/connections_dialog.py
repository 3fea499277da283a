"""Settings -> Ticket systems: connections, their secrets, and how our words map to theirs.

The list dialog adds, edits, tests and removes connection profiles through
:class:`~handoff.delivery.connections.ConnectionStore`.  The editor is built
from the registry (``KINDS``) and each kind's own profile fields, so a new
connector module appears here without a change to this file.  A kind may declare
``profile_fields`` (a mapping ``key -> label``, or a sequence of keys,
``(key, label)`` pairs or objects with ``key``/``name`` and ``label``) and
``secret_label``; fields a profile has beyond those (set with the CLI's
``--field``) are shown too, so saving never drops one.

The secret goes to the OS password store and nowhere else.  When there is none
(:class:`KeyringUnavailable`) the editor says so in the store's own sentence and
offers "ask each time": the secret is then held in memory by :class:`Secrets`
until Handoff closes.  "Test connection" and "Fetch names" run in a
:class:`Worker`, so a dead server never freezes the window, and report the
connector's one-line reason (bad URL, TLS, 401, 403, unreachable).

The mapping is shown with the system's real names when they can be fetched (they
depend on the ticket's board or workflow, so a sample ticket is read; the
prefill cache answers offline).  "Automatic" keeps the by-name default.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from handoff.delivery.connections import (
    ProfileError,
    check_url,
)
from handoff.delivery.connector import Choice, ConnectionProfile, Connector
from handoff.delivery.connectors import KINDS
from handoff.delivery.plan import resolve_assignee, resolve_status
from handoff.delivery.prefill import Lookup, lookup
from handoff.model import Assignee, AssigneeKind, Status
from handoff.ui.dialogs import one_line, tr
from handoff.ui.outbox_panel import DeliveryServices, button_row
from handoff.ui.widgets.forms import describe
from handoff.ui.workers import Worker

TEAM_KINDS: list[AssigneeKind] = [k for k in AssigneeKind if k is not AssigneeKind.PERSON]


def kind_fields(kind: str) -> list[tuple[str, str]]:
    """``(key, label)`` of the profile fields a connector kind declares (see module doc)."""
    declared: object = getattr(KINDS.get(kind), "profile_fields", ())
    if isinstance(declared, Mapping):
        return [(str(k), str(v)) for k, v in declared.items()]
    found: list[tuple[str, str]] = []
    for entry in declared if isinstance(declared, Sequence) else ():
        if isinstance(entry, str):
            found.append((entry, entry.replace("_", " ").capitalize()))
        elif isinstance(entry, tuple) and entry:
            found.append((str(entry[0]), str(entry[-1])))
        elif key := getattr(entry, "key", None) or getattr(entry, "name", None):
            found.append((str(key), str(getattr(entry, "label", key))))
    return found


def secret_label(kind: str) -> str:
    label = getattr(KINDS.get(kind), "secret_label", "")
    return str(label) if label else tr("API token")


def close_connector(connector: Connector) -> None:
    close = getattr(connector, "close", None)
    if callable(close):
        close()


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


class ConnectionEditor(QDialog):
    """Add or edit one connection: kind, URL, the kind's fields, the secret, the mapping.

    Object names: ``name``, ``kind``, ``url``, ``field_<key>``, ``other_fields``,
    ``secret``, ``keyring_note``, ``ask_each_time``, ``test``, ``test_result``,
    ``sample_ticket``, ``fetch_names``, ``names_source``, ``map_status_<value>``,
    ``map_assignee_<value>``, ``save``.
    The name is the keyring's key, so it is fixed once the connection exists.
    """

    def __init__(
        self, services: DeliveryServices, profile: ConnectionProfile | None, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.services, self.original = services, profile
        self.worker: Worker | None = None
        self.field_edits: dict[str, QLineEdit] = {}
        self.setObjectName("connection_editor")
        self.setWindowTitle(self.tr("Edit connection") if profile else self.tr("Add connection"))
        layout = QVBoxLayout(self)
        self.fields_form = QFormLayout()
        secret_box = self._build_secret()
        layout.addLayout(self._build_form())
        layout.addLayout(self.fields_form)
        layout.addWidget(secret_box)
        layout.addWidget(self._build_mapping())
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel, self)  # fmt: skip
        save = box.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("&Save"))
        save.setObjectName("save")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Cancel"))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self._load(profile)

    # -- building ------------------------------------------------------------------------

    def _row(self, form: QFormLayout, label: str, widget: QWidget, name: str, tip: str) -> None:
        describe(widget, name, label.replace("&", "").rstrip(":"), tip)
        caption = QLabel(label, self)
        caption.setBuddy(widget)
        form.addRow(caption, widget)

    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        self.name, self.kind, self.url = QLineEdit(self), QComboBox(self), QLineEdit(self)
        self._row(form, self.tr("&Name:"), self.name, "name",
                  self.tr("A short name for this ticket system, e.g. rt-main."))  # fmt: skip
        for kind in sorted(KINDS):
            self.kind.addItem(kind, kind)
        self._row(form, self.tr("S&ystem:"), self.kind, "kind",
                  self.tr("Which kind of ticket system this is."))  # fmt: skip
        self._row(form, self.tr("&URL:"), self.url, "url",
                  self.tr("The address of the system, e.g. https://rt.example.com"))  # fmt: skip
        self.other = QPlainTextEdit(self)
        self.other.setTabChangesFocus(True)
        self.other.setMaximumHeight(70)
        self.other.setPlaceholderText("username = api-user@example.com")
        self._row(form, self.tr("&Other settings:"), self.other, "other_fields",
                  self.tr("Settings this system needs, one KEY = VALUE per line "
                          "(Test connection names any that are missing)."))  # fmt: skip
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        return form

    def _kind_changed(self) -> None:
        try:
            fields = self.fields_from_form()
        except ProfileError:
            fields = {}
        self._build_fields(fields)

    def _build_fields(self, values: Mapping[str, str]) -> None:
        """The kind's declared fields as rows; any other ``key = value`` in one text box."""
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.field_edits.clear()
        kind = str(self.kind.currentData())
        declared = kind_fields(kind)
        for key, label in declared:
            edit = QLineEdit(values.get(key, ""), self)
            self._row(self.fields_form, f"{label}:", edit, f"field_{key}",
                      self.tr("A setting of this %s connection.") % kind)  # fmt: skip
            self.field_edits[key] = edit
        other = [f"{k} = {v}" for k, v in values.items() if k not in dict(declared)]
        self.other.setPlainText("\n".join(other))
        self.secret_caption.setText(self.tr("Sec&ret (%s):") % secret_label(kind))

    def fields_from_form(self) -> dict[str, str]:
        fields = {k: e.text().strip() for k, e in self.field_edits.items() if e.text().strip()}
        for line in self.other.toPlainText().splitlines():
            key, sep, value = line.partition("=")
            if not sep or not key.strip():
                if line.strip():
                    raise ProfileError(f"other settings: {line.strip()!r} is not KEY = VALUE")
                continue
            fields[key.strip()] = value.strip()
        return fields

    def _build_secret(self) -> QGroupBox:
        box = QGroupBox(self.tr("Secret"), self)
        form = QFormLayout(box)
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        describe(self.secret, "secret", self.tr("Secret"),
                 self.tr("Kept in the computer's password store, never in a file."))  # fmt: skip
        self.secret_caption = QLabel(self.tr("Sec&ret:"), self)
        self.secret_caption.setBuddy(self.secret)
        form.addRow(self.secret_caption, self.secret)
        self.keyring_note = QLabel(self)
        self.keyring_note.setObjectName("keyring_note")
        self.keyring_note.setWordWrap(True)
        self.ask_each_time = QCheckBox(self.tr("As&k for the secret each time (never saved)"), self)
        describe(self.ask_each_time, "ask_each_time", self.tr("Ask for the secret each time"),
                 self.tr("Keep the secret only in memory until Handoff closes."))  # fmt: skip
        form.addRow(self.keyring_note)
        form.addRow(self.ask_each_time)
        self.test_button = QPushButton(self.tr("&Test connection"), self)
        self.test_button.setObjectName("test")
        self.test_button.clicked.connect(self.test)
        self.test_result = QLabel(self)
        self.test_result.setObjectName("test_result")
        self.test_result.setWordWrap(True)
        form.addRow(self.test_button, self.test_result)
        return box

    def _build_mapping(self) -> QGroupBox:
        box = QGroupBox(self.tr("Status and assignee in this system's words"), self)
        form = QFormLayout(box)
        self.sample = QLineEdit(self)
        self._row(
            form,
            self.tr("Sa&mple ticket:"),
            self.sample,
            "sample_ticket",
            self.tr("A ticket to read the system's statuses, members and queues from."),
        )
        self.fetch_button = QPushButton(self.tr("&Fetch names"), self)
        self.fetch_button.setObjectName("fetch_names")
        self.fetch_button.clicked.connect(self.fetch_names)
        self.names_source = QLabel(self.tr("Names not fetched yet: matched by name when posting."))
        self.names_source.setObjectName("names_source")
        form.addRow(self.fetch_button, self.names_source)
        self.status_combos = {s: self._combo(form, s.label, f"map_status_{s.value}")
                              for s in Status}  # fmt: skip
        self.assignee_combos = {k: self._combo(form, k.label, f"map_assignee_{k.value}")
                                for k in TEAM_KINDS}  # fmt: skip
        return box

    def _combo(self, form: QFormLayout, label: str, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._row(form, f"{label}:", combo, name,
                  self.tr("What %s is called in this system.") % label)  # fmt: skip
        return combo

    # -- loading and saving -------------------------------------------------------------------

    def _load(self, profile: ConnectionProfile | None) -> None:
        self._status_map = dict(profile.status_map) if profile else {}
        self._assignee_map = dict(profile.assignee_map) if profile else {}
        if profile is not None:
            self.name.setText(profile.name)
            self.name.setReadOnly(True)
            self.kind.setCurrentIndex(max(self.kind.findData(profile.kind), 0))
            self.url.setText(profile.url)
        self._build_fields(profile.fields if profile else {})
        problem = self.services.secrets.keyring_problem()
        self.keyring_note.setText(problem)
        self.keyring_note.setVisible(bool(problem))
        if problem:
            self.ask_each_time.setChecked(True)
            self.ask_each_time.setEnabled(False)
        elif profile is not None and self.services.secrets.get(profile.name):
            self.secret.setPlaceholderText(self.tr("saved \u2014 leave empty to keep it"))
        cached = self.services.cache.all_for(profile.name) if profile else []
        if cached:
            self.sample.setText(cached[0].ticket_id)
            self._show_names(Lookup(cached[0], from_cache=True))
        else:
            self._fill_mapping([], [])

    def profile_from_form(self) -> ConnectionProfile:
        """The profile as typed; ProfileError / ValueError with a one-line reason."""
        fields = self.fields_from_form()
        status_map = {s: c for s, combo in self.status_combos.items()
                      if (c := _mapped(combo, "status")) is not None}  # fmt: skip
        assignee_map = {k: c for k, combo in self.assignee_combos.items()
                        if (c := _mapped(combo, "queue")) is not None}  # fmt: skip
        return ConnectionProfile(
            name=self.name.text().strip() or "?", kind=str(self.kind.currentData()),
            url=check_url(self.url.text()), fields=fields,
            status_map=status_map, assignee_map=assignee_map,
        )  # fmt: skip

    def accept(self) -> None:
        try:
            profile = self.services.store.save(self.profile_from_form())
        except (ProfileError, ValueError) as exc:
            self._say(one_line(exc), ok=False)
            return
        if secret := self.secret.text().strip():
            self.services.secrets.keep(profile.name, secret,
                                       save=not self.ask_each_time.isChecked())  # fmt: skip
        self._stop_worker()
        super().accept()

    def reject(self) -> None:
        self._stop_worker()
        super().reject()

    # -- testing and fetching names ----------------------------------------------------------

    def _ready(self) -> tuple[ConnectionProfile, str] | None:
        try:
            profile = self.profile_from_form()
        except (ProfileError, ValueError) as exc:
            self._say(one_line(exc), ok=False)
            return None
        secret = self.secret.text().strip() or self.services.secrets.get(profile.name) or ""
        if not secret:
            self._say(self.tr("Type the secret first."), ok=False)
        return (profile, secret) if secret else None

    def test(self) -> None:
        if (ready := self._ready()) is None:
            return
        profile, secret = ready

        def job(_progress: object, _cancel: threading.Event) -> str:
            connector = self.services.connect(profile, secret, quick=True)
            try:
                return connector.test()
            finally:
                close_connector(connector)

        self._say(self.tr("Testing\u2026"), ok=True)
        self._run(job, lambda text: self._say(str(text), ok=True))

    def fetch_names(self) -> None:
        ticket = self.sample.text().strip()
        if not ticket:
            self._say(self.tr("Type a sample ticket number first."), ok=False)
            return
        if (ready := self._ready()) is None:
            return
        profile, secret = ready

        def job(_progress: object, _cancel: threading.Event) -> Lookup:
            connector = self.services.connect(profile, secret, quick=True)
            try:
                return lookup(connector, profile.name, ticket, self.services.cache)
            finally:
                close_connector(connector)

        self._run(job, self._show_names)

    def _run(self, job: Callable[..., object], done: Callable[[object], None]) -> None:
        self._stop_worker()
        self.worker = Worker(job, synchronous=self.services.synchronous, parent=self)
        self.worker.finished.connect(done)
        self.worker.failed.connect(lambda reason: self._say(reason, ok=False))
        self.worker.ended.connect(lambda: self._busy(False))
        self._busy(True)
        self.worker.start()

    def _busy(self, busy: bool) -> None:
        self.test_button.setEnabled(not busy)
        self.fetch_button.setEnabled(not busy)

    def _stop_worker(self) -> None:
        if self.worker is not None and self.worker.running:
            self.worker.cancel()
            self.worker.wait()

    def _say(self, text: str, *, ok: bool) -> None:
        mark = "\u2714" if ok else "\u2718"
        self.test_result.setText(f"{mark} {text}")
        self.test_result.setStyleSheet("" if ok else "color: #b00020")

    def _show_names(self, found: object) -> None:
        assert isinstance(found, Lookup)  # noqa: S101 - the fetch job returns one
        info = found.info
        self.names_source.setText(
            self.tr("Names from ticket %s, %s") % (info.ticket_id, found.describe())
        )
        self._fill_mapping(info.statuses, info.assignees)

    def _fill_mapping(self, statuses: list[Choice], assignees: list[Choice]) -> None:
        for status, combo in self.status_combos.items():
            auto = resolve_status(status, statuses, {})
            _fill(combo, auto, statuses, self._status_map.get(status))
        for kind, combo in self.assignee_combos.items():
            auto = resolve_assignee(Assignee(kind=kind), assignees, {})
            _fill(combo, auto, assignees, self._assignee_map.get(kind))


def _fill(combo: QComboBox, auto: Choice | None, choices: list[Choice], now: Choice | None) -> None:
    """ "Automatic" (with the name match it stands for), the system's names, the saved one."""
    combo.clear()
    combo.addItem(tr("Automatic: %s") % auto.name if auto else tr("Automatic (by name)"), None)
    for choice in choices:
        combo.addItem(choice.name, choice)
    if now is not None and not any(c.id == now.id for c in choices):
        combo.addItem(now.name, now)
    combo.setCurrentIndex(combo.findText(now.name) if now is not None else 0)


def _mapped(combo: QComboBox, kind: str) -> Choice | None:
    """The chosen value; a typed name not in the list becomes a Choice of its own."""
    text = combo.currentText().strip()
    index = combo.findText(text)
    if index >= 0:
        data = combo.itemData(index)
        return data if isinstance(data, Choice) else None
    return Choice(id=text, name=text, kind=kind) if text else None
