"""Add or edit one connection: kind, URL, the kind's settings, the secret, the mapping.

The settings rows come from the connector class itself (``KINDS``): its
``profile_fields`` (every key it reads from the profile, with a label, in order) and
its ``secret_label``, so a new connector module appears here without a change to
this file.  Keys a profile has beyond those (set with the CLI's ``--field``) are
shown in one "KEY = VALUE" box, which appears only when there are such keys, so
saving never drops one.

The secret goes to the OS password store and nowhere else.  When there is none
(:class:`KeyringUnavailable`) the editor says so in the store's own sentence and
offers "ask each time": the secret is then held in memory by
:class:`~handoff.ui.delivery.services.Secrets` until Handoff closes.  "Test
connection" and "Fetch names" run in a :class:`Worker`, so a dead server never
freezes the window, and report the connector's one-line reason (bad URL, TLS, 401,
403, unreachable).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from handoff.delivery.connections import ProfileError, check_url
from handoff.delivery.connector import ConnectionProfile
from handoff.delivery.connectors import KINDS, needs_secret
from handoff.delivery.prefill import Lookup, lookup
from handoff.ui import theme
from handoff.ui.delivery.mapping_box import MappingBox
from handoff.ui.delivery.services import DeliveryServices, close_connector, secret_label_text
from handoff.ui.dialogs import one_line
from handoff.ui.widgets.forms import describe, labelled_row, layout_tab_order
from handoff.ui.workers import Worker


def kind_fields(kind: str) -> list[tuple[str, str]]:
    """``(key, label)`` of the profile fields a connector kind declares, in its order."""
    connector = KINDS.get(kind)
    return list(connector.profile_fields.items()) if connector is not None else []


class ConnectionEditor(QDialog):
    """Add or edit one connection (module doc).

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
        self.fields_form, self.extra_form = QFormLayout(), QFormLayout()
        secret_box = self._build_secret()
        self.mapping = MappingBox(profile, self)
        self.sample, self.names_source = self.mapping.sample, self.mapping.names_source
        self.fetch_button = self.mapping.fetch_button
        self.fetch_button.clicked.connect(self.fetch_names)
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        for form in (self._build_form(), self.fields_form, self.extra_form):
            column.addLayout(form)
        column.addWidget(secret_box)
        column.addWidget(self.mapping)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel, self)  # fmt: skip
        save = box.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("&Save"))
        save.setObjectName("save")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Cancel"))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        scroll = self._scrolling(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(box)
        self._load(profile)
        self._fit(body, scroll)
        layout_tab_order(self)

    def _scrolling(self, body: QWidget) -> QScrollArea:
        """``body`` in a scroll area: an e-mail connection has a dozen settings."""
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its fields; they scroll in
        return scroll

    def _fit(self, body: QWidget, scroll: QScrollArea) -> None:
        """Tall enough to show everything when the screen allows, else it scrolls."""
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(body.minimumSizeHint().width() + bar)
        wanted = body.sizeHint() + QSize(bar, 0) + self.sizeHint() - scroll.sizeHint()
        screen = self.screen().availableGeometry()
        self.resize(
            min(wanted.width(), screen.width()), min(wanted.height(), screen.height() * 9 // 10)
        )

    # -- building ------------------------------------------------------------------------

    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        self.name, self.kind, self.url = QLineEdit(self), QComboBox(self), QLineEdit(self)
        labelled_row(form, self.tr("&Name:"), self.name, "name",
                     self.tr("A short name for this ticket system, e.g. rt-main."))  # fmt: skip
        for kind in sorted(KINDS):
            self.kind.addItem(kind, kind)
        labelled_row(form, self.tr("S&ystem:"), self.kind, "kind",
                     self.tr("Which kind of ticket system this is."))  # fmt: skip
        labelled_row(form, self.tr("&URL:"), self.url, "url",
                     self.tr("The address of the system, e.g. https://rt.example.com"))  # fmt: skip
        self.other = QPlainTextEdit(self)
        self.other.setTabChangesFocus(True)
        self.other.setMaximumHeight(70)
        self.other.setPlaceholderText(self.tr("key = value"))
        labelled_row(self.extra_form, self.tr("&Other settings:"), self.other, "other_fields",
                     self.tr("Settings this kind of system does not list (set with --field), "
                             "one KEY = VALUE per line; kept as they are."))  # fmt: skip
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        return form

    def _kind_changed(self) -> None:
        try:
            fields = self.fields_from_form()
        except ProfileError:
            fields = {}
        self._build_fields(fields)

    def _build_fields(self, values: Mapping[str, str]) -> None:
        """A labelled box per declared field; other ``key = value`` pairs in one text box."""
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.field_edits.clear()
        kind = str(self.kind.currentData())
        declared = dict(kind_fields(kind))
        for key, label in declared.items():
            edit = QLineEdit(values.get(key, ""), self)
            labelled_row(self.fields_form, f"{label}:", edit, f"field_{key}",
                         self.tr("Setting %s of this %s connection (--field %s=\u2026 on the "
                                 "command line).") % (key, kind, key))  # fmt: skip
            self.field_edits[key] = edit
        other = [f"{k} = {v}" for k, v in values.items() if k not in declared]
        self.other.setPlainText("\n".join(other))
        self.extra_form.setRowVisible(0, bool(other))
        if self.layout() is not None:  # built: the new fields take their place in the Tab order
            layout_tab_order(self)
        label = secret_label_text(kind)
        self.secret_caption.setText(self.tr("Sec&ret (%s):") % label)
        self.secret.setAccessibleName(label)

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

    # -- loading and saving -------------------------------------------------------------------

    def _load(self, profile: ConnectionProfile | None) -> None:
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
            self.mapping.show_names(Lookup(cached[0], from_cache=True))

    def profile_from_form(self) -> ConnectionProfile:
        """The profile as typed; ProfileError / ValueError with a one-line reason."""
        return ConnectionProfile(
            name=self.name.text().strip() or "?", kind=str(self.kind.currentData()),
            url=check_url(self.url.text()), fields=self.fields_from_form(),
            status_map=self.mapping.status_map(), assignee_map=self.mapping.assignee_map(),
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
        if not secret and needs_secret(profile):
            self._say(self.tr("Type the secret first."), ok=False)
            return None
        return profile, secret

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
        self.test_result.setStyleSheet("" if ok else theme.error_style())

    def _show_names(self, found: object) -> None:
        assert isinstance(found, Lookup)  # noqa: S101 - the fetch job returns one
        self.mapping.show_names(found)
