"""Settings -> Ticket systems: add, test against the real RT, map, remove; no secret on disk.

Each system's own settings are the labelled boxes its connector declares."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QWidget,
)

from handoff.delivery.connector import ConnectionProfile
from handoff.delivery.connectors import KINDS
from handoff.model import AssigneeKind, Status
from handoff.ui.delivery.connection_editor import ConnectionEditor
from handoff.ui.delivery.connections_dialog import ConnectionsDialog
from handoff.ui.delivery.services import DeliveryServices
from tests.helpers.memory_keyring import MemoryKeyring
from tests.helpers.rt_server import RtServer, free_port

WRONG_TOKEN = "1-14-" + "0" * 32


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    yield
    keyring.set_keyring(before)


@pytest.fixture
def window(qtbot: Any) -> QMainWindow:
    shown = QMainWindow()
    qtbot.addWidget(shown)
    shown.show()
    return shown


@pytest.fixture
def dialog(window: QMainWindow) -> ConnectionsDialog:
    found = ConnectionsDialog(DeliveryServices(), window)
    found.open()
    return found


def click(qtbot: Any, widget: QWidget, name: str) -> None:
    button = widget.findChild(QPushButton, name)
    assert button is not None, name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fill(editor: ConnectionEditor, kind: str = "rt", **values: str) -> None:
    if editor.kind.currentData() != kind and editor.kind.isEnabled():
        editor.kind.setCurrentIndex(editor.kind.findData(kind))
    for name, value in values.items():
        edit = editor.findChild(QLineEdit, name)
        assert edit is not None, name
        edit.setText(value)


def verdict(qtbot: Any, editor: ConnectionEditor, expected: str) -> str:
    """Click "Test connection" and wait for the worker's verdict."""
    qtbot.waitUntil(editor.test_button.isEnabled)  # the previous test has ended
    editor.test_result.clear()
    click(qtbot, editor, "test")

    def shown() -> None:
        assert expected in editor.test_result.text()

    qtbot.waitUntil(shown, timeout=30_000)
    return editor.test_result.text()


def test_add_test_and_save_a_connection_with_the_secret_in_the_keyring(
    qtbot: Any, dialog: ConnectionsDialog, memory_keyring: MemoryKeyring, rt: RtServer,
    data_dir: Path,
) -> None:  # fmt: skip
    click(qtbot, dialog, "add")
    editor = dialog.editor
    assert editor is not None and editor.isVisible()
    assert not editor.keyring_note.isVisible()
    fill(editor, name="rt-main", url=rt.url + "/", secret=WRONG_TOKEN)

    refused = verdict(qtbot, editor, "refused (401)")
    assert refused.startswith("\u2718 ") and "\n" not in refused
    fill(editor, secret=rt.token)
    assert "Connected to Request Tracker 5" in verdict(qtbot, editor, "Connected")

    with qtbot.waitSignal(dialog.changed):
        click(qtbot, editor, "save")
    assert not editor.isVisible()
    profile = dialog.services.store.get("rt-main")
    assert (profile.kind, profile.url) == ("rt", rt.url)
    assert memory_keyring.saved == {("Handoff", "rt-main"): rt.token}
    on_disk = (data_dir / "connections.json").read_text()
    assert rt.token not in on_disk and WRONG_TOKEN not in on_disk
    assert dialog.list.item(0).text() == f"rt-main \u2014 rt \u2014 {rt.url}"


def test_bad_url_and_unreachable_server_are_one_clear_line(
    qtbot: Any, dialog: ConnectionsDialog, memory_keyring: MemoryKeyring
) -> None:
    editor = dialog.add()
    fill(editor, name="broken", url="rt.example.com", secret="token")  # noqa: S106
    assert "is not an http:// or https:// address" in verdict(qtbot, editor, "address")
    fill(editor, url=f"http://127.0.0.1:{free_port()}")
    assert "refused the connection" in verdict(qtbot, editor, "refused")
    fill(editor, url="http://127.0.0.1:1", secret="")
    assert "Type the secret first" in verdict(qtbot, editor, "secret")
    fill(editor, url="notaurl")
    click(qtbot, editor, "save")
    assert editor.isVisible(), "a bad URL is not saved"
    assert "address" in editor.test_result.text()
    assert dialog.services.store.list() == []
    fill(editor, url="http://127.0.0.1:1")
    click(qtbot, editor, "save")
    assert not editor.isVisible()
    assert dialog.services.store.list() == [
        ConnectionProfile(name="broken", kind="rt", url="http://127.0.0.1:1")
    ]


def test_no_password_store_says_so_and_asks_each_time(
    qtbot: Any, dialog: ConnectionsDialog, no_keyring: None, rt: RtServer, data_dir: Path
) -> None:
    editor = dialog.add()
    assert editor.keyring_note.isVisible()
    assert editor.keyring_note.text().startswith("No password store is available")
    ask = editor.findChild(QCheckBox, "ask_each_time")
    assert ask is not None and ask.isChecked() and not ask.isEnabled()
    fill(editor, name="rt-nokeyring", url=rt.url, secret=rt.token)
    assert "Connected" in verdict(qtbot, editor, "Connected")
    editor.accept()

    services = dialog.services
    assert services.secrets.get("rt-nokeyring") == rt.token, "kept in memory for this run"
    assert not any(rt.token in p.read_text(errors="replace")
                   for p in data_dir.rglob("*") if p.is_file())  # fmt: skip


def test_the_mapping_shows_the_systems_names_and_keeps_a_choice(
    qtbot: Any, dialog: ConnectionsDialog, memory_keyring: MemoryKeyring, rt: RtServer
) -> None:
    ticket = rt.create_ticket("mapping names")
    editor = dialog.add()
    fill(editor, name="rt-map", url=rt.url, secret=rt.token, sample_ticket=ticket)
    click(qtbot, editor, "fetch_names")
    qtbot.waitUntil(lambda: "Names from ticket" in editor.names_source.text(), timeout=30_000)
    assert f"ticket {ticket}" in editor.names_source.text()
    waiting = editor.findChild(QComboBox, "map_status_waiting_on_user")
    assert waiting is not None
    assert waiting.itemText(0) == "Automatic: stalled"  # the by-name default, in RT's words
    assert waiting.findText("open") > 0 and waiting.findText("deleted") < 0
    waiting.setCurrentIndex(waiting.findText("open"))
    team = editor.findChild(QComboBox, "map_assignee_escalation_team")
    assert team is not None and team.findText("General (queue)") > 0
    team.setCurrentIndex(team.findText("General (queue)"))
    vendor = editor.findChild(QComboBox, "map_assignee_vendor_queue")
    assert vendor is not None
    vendor.setEditText("Vendors")  # typed: a name the system did not list (yet)
    editor.accept()

    profile = dialog.services.store.get("rt-map")
    assert profile.status_map[Status.WAITING_ON_USER].id == "open"
    assert Status.IN_PROGRESS not in profile.status_map, "Automatic stays automatic"
    assert profile.assignee_map[AssigneeKind.ESCALATION_TEAM].kind == "queue"
    assert profile.assignee_map[AssigneeKind.VENDOR_QUEUE].name == "Vendors"

    dialog.list.setCurrentRow(0)
    again = dialog.edit()
    assert again is not None
    assert again.findChild(QLineEdit, "sample_ticket").text() == ticket  # type: ignore[union-attr]
    combo = again.findChild(QComboBox, "map_status_waiting_on_user")
    assert combo is not None and combo.currentText() == "open", "from the cache, offline"
    assert "offline copy" not in again.names_source.text()
    again.reject()


def test_remove_forgets_profile_and_secret(
    qtbot: Any, dialog: ConnectionsDialog, memory_keyring: MemoryKeyring
) -> None:
    editor = dialog.add()
    fill(editor, name="gone", url="https://rt.example.com", secret="tok")  # noqa: S106
    editor.accept()
    assert memory_keyring.saved
    with qtbot.waitSignal(dialog.changed):
        click(qtbot, dialog, "remove")
    assert dialog.services.store.list() == []
    assert memory_keyring.saved == {}
    assert dialog.services.secrets.get("gone") is None
    assert not dialog.buttons["edit"].isEnabled()


def setting_rows(editor: ConnectionEditor) -> list[tuple[str, str]]:
    """``(object name, caption)`` of each box of the system's settings, top to bottom."""
    form, rows = editor.fields_form, []
    for row in range(form.rowCount()):
        label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        assert label_item is not None and field_item is not None
        caption, edit = label_item.widget(), field_item.widget()
        assert isinstance(caption, QLabel) and isinstance(edit, QLineEdit)
        assert caption.buddy() is edit, "the caption's mnemonic focuses the box"
        rows.append((edit.objectName(), caption.text()))
    return rows


def test_connectwise_settings_are_labelled_boxes_and_other_keys_are_kept(
    qtbot: Any, dialog: ConnectionsDialog, memory_keyring: MemoryKeyring
) -> None:
    editor = dialog.add()
    editor.kind.setCurrentIndex(editor.kind.findData("connectwise"))
    assert setting_rows(editor) == [
        ("field_company_id", "Company ID:"),
        ("field_public_key", "Public key:"),
        ("field_client_id", "Client ID:"),
        ("field_codebase", "Codebase (optional):"),
    ]
    edits = list(editor.field_edits.values())
    qtbot.waitUntil(lambda: all(edit.isVisible() for edit in edits))  # Qt shows them queued
    assert all(edit.accessibleName() for edit in edits)
    assert not editor.other.isVisible(), "no free KEY = VALUE box without other keys"
    assert editor.secret_caption.text() == "Sec&ret (Private key):"
    assert editor.secret.accessibleName() == "Private key"
    fill(editor, "connectwise", name="cw", url="https://na.myconnectwise.net",
         field_company_id="acme", field_public_key="pub", field_client_id="cid")  # fmt: skip
    fill(editor, "connectwise", secret="private-key")  # noqa: S106
    editor.accept()
    assert not editor.isVisible()
    store = dialog.services.store
    saved = store.get("cw")
    assert (saved.kind, saved.fields) == (
        "connectwise", {"company_id": "acme", "public_key": "pub", "client_id": "cid"})  # fmt: skip
    assert memory_keyring.saved == {("Handoff", "cw"): "private-key"}

    # A key the system does not declare (the CLI's --field) shows in the free box and stays.
    fields = {**saved.fields, "codebase": "v2025_1/", "site": "eu"}
    store.save(saved.model_copy(update={"fields": fields}))
    dialog.reload()
    again = dialog.edit()
    assert again is not None
    assert again.field_edits["company_id"].text() == "acme"
    assert again.field_edits["codebase"].text() == "v2025_1/"
    assert again.other.isVisible() and again.other.toPlainText() == "site = eu"
    again.accept()
    assert store.get("cw").fields == fields


def test_each_system_shows_the_settings_its_connector_declares(
    dialog: ConnectionsDialog, memory_keyring: MemoryKeyring
) -> None:
    editor = dialog.add()
    assert sorted(editor.kind.itemData(i) for i in range(editor.kind.count())) == sorted(KINDS)
    for kind, connector in KINDS.items():
        editor.kind.setCurrentIndex(editor.kind.findData(kind))
        expected = [(f"field_{k}", f"{label}:") for k, label in connector.profile_fields.items()]
        assert setting_rows(editor) == expected, kind
        assert editor.secret_caption.text() == f"Sec&ret ({connector.secret_label}):"
        assert not editor.other.isVisible(), kind
    editor.kind.setCurrentIndex(editor.kind.findData("rt"))
    assert not [e for e in editor.findChildren(QLineEdit) if e.objectName().startswith("field_")]
    editor.reject()


def test_every_input_is_named_and_every_button_has_a_mnemonic(
    dialog: ConnectionsDialog, memory_keyring: MemoryKeyring
) -> None:
    editor = dialog.add()
    for widget in [*dialog.findChildren(QWidget)]:
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox):
            continue
        if isinstance(widget, (QLineEdit, QComboBox, QCheckBox)):
            assert widget.objectName() and widget.accessibleName(), widget
        if isinstance(widget, (QPushButton, QCheckBox)) and widget.text():
            assert "&" in widget.text(), widget.text()
    editor.reject()
