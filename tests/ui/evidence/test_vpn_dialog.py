""" "Find VPN logs…" driven for real: discovery on a fake Windows tree, workers, the model."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
)
from pytestqt.qtbot import QtBot

from handoff import paths
from handoff.evidence import vpnlogs
from handoff.evidence.netrun import RunResult
from handoff.evidence.vpnlogs import Discovery, discover
from handoff.model import AttachmentKind, Certainty, Handoff, StepKind
from handoff.ui.evidence import vpn_dialog
from handoff.ui.evidence.vpn_dialog import VpnLogsDialog
from handoff.ui.pages import AttachmentsPage
from handoff.ui.session import DraftSession
from handoff.ui.widgets.forms import format_local, to_qdatetime
from tests.core.evidence.test_vpnlogs import WHEN, WINDOWS_ENV, lay
from tests.ui.test_pages import child, click_check, shown

GP = "C/Program Files/Palo Alto Networks/GlobalProtect"
PANGPS = [
    "(P4080-T4536)Debug( 100): 11/23/26 09:10:00:001 Connecting to gateway gp.example.com",
    "(P4080-T4536)Debug( 101): 11/23/26 09:14:02:113 Sending login request",
    "(P4080-T4536)Error( 310): 11/23/26 09:14:03:500 portal authentication failed for user dana",
    "    status=401 body=<html>",
    "(P4080-T4536)Debug( 102): 11/23/26 09:20:00:000 Retry in 60 seconds",
]
FORTI = ['date=2026-11-23 time=09:15:00 msg="SSL VPN tunnel up" user="dana"']


@pytest.fixture
def machine(tmp_path: Path) -> Path:
    """A Windows machine with GlobalProtect, FortiClient and a WireGuard ring log."""
    root = tmp_path / "machine"
    lay(root, f"{GP}/PanGPS.log", "\r\n".join(PANGPS) + "\r\n")
    lay(root, "C/Users/dana/GlobalProtectLogs.zip").write_bytes(b"PK\x03\x04" + bytes(100))
    lay(root, "C/Program Files/Fortinet/FortiClient/logs/trace/sslvpn.log", FORTI[0] + "\n")
    lay(root, "C/Program Files/WireGuard/Data/log.bin", "\x00" * 32)
    return root


def wireguard_runner(argv: Sequence[str], timeout: float, cancel: object) -> RunResult:
    return RunResult(tuple(argv), "2026-11-23 09:14:02.123: [TUN] [office] Handshake\n", 0)


def open_dialog(qtbot: QtBot, finder: vpn_dialog.Discover) -> VpnLogsDialog:
    """The page with the action installed; trigger it and wait for discovery."""
    page = shown(qtbot, AttachmentsPage(DraftSession(Handoff())))
    action = vpn_dialog.install(page, discover=finder, runner=wireguard_runner)
    assert page.evidence_bar.actions() == [action]
    action.trigger()
    dialog = page.findChild(VpnLogsDialog)
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(dialog.discovered):
        pass
    return dialog


@pytest.fixture
def dialog(qtbot: QtBot, machine: Path) -> VpnLogsDialog:
    return open_dialog(qtbot, lambda: discover(os_name="windows", env=WINDOWS_ENV, root=machine))


def rows(tree: QTreeWidget) -> list[list[str]]:
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return [[item.text(c) for c in range(tree.columnCount())] for item in items if item]


def entry(dialog: VpnLogsDialog, name: str) -> QTreeWidgetItem:
    (item,) = [i for i in dialog.entry_items() if i.text(1).startswith(name)]
    return item


def tick(dialog: VpnLogsDialog, *names: str) -> None:
    for name in names:
        entry(dialog, name).setCheckState(0, Qt.CheckState.Checked)


def click(qtbot: QtBot, dialog: VpnLogsDialog, name: str) -> None:
    qtbot.mouseClick(child(dialog, QPushButton, name), Qt.MouseButton.LeftButton)


def test_found_logs_channels_and_dumps_are_listed(dialog: VpnLogsDialog) -> None:
    table = rows(dialog.table)
    names = [row[1] for row in table]
    assert names[:4] == ["GlobalProtectLogs.zip", "PanGPS.log", "sslvpn.log",
                         "log.bin (dump as text)"]  # fmt: skip
    assert table[1][0] == "Palo Alto GlobalProtect"
    assert table[1][2:] == ["346 B", format_local(WHEN)]
    channels = [row for row in table if row[2] == "collect with Event Viewer"]
    assert channels[0][1] == "\u201cApplication\u201d"
    assert len(dialog.entry_items()) == 4
    assert dialog.summary.text().startswith("Found 4 log(s) from Palo Alto GlobalProtect, ")


def test_unreadable_logs_show_their_reason(
    qtbot: QtBot, machine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(path: Path):  # type: ignore[no-untyped-def]
        error = PermissionError(13, "in use")
        error.winerror = 32  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(vpnlogs, "_open_binary", locked)
    dialog = open_dialog(qtbot, lambda: discover(os_name="windows", env=WINDOWS_ENV, root=machine))
    reasons = [row for row in rows(dialog.table) if row[1] == "PanGPS.log"]
    locked_reason = "locked by another program (close the VPN client or try again)"
    assert reasons == [["Palo Alto GlobalProtect", "PanGPS.log", locked_reason, ""]]
    assert dialog.entry_items() == []
    assert dialog.summary.text() == "No VPN client log files found here."


def test_an_empty_machine_says_so(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, Discovery)
    assert dialog.summary.text() == "No VPN client log files found here."
    click(qtbot, dialog, "vpn_attach")
    assert dialog.status.text() == "Tick the logs to attach first."


def test_attach_ticked_logs_whole(qtbot: QtBot, dialog: VpnLogsDialog, machine: Path) -> None:
    tick(dialog, "PanGPS.log", "sslvpn.log")
    with qtbot.waitSignal(dialog.attached):
        click(qtbot, dialog, "vpn_attach")
    attachments = dialog.session.handoff.attachments
    assert [(a.name, a.kind) for a in attachments] == [
        ("PanGPS.log", AttachmentKind.VPN_LOG),
        ("sslvpn.log", AttachmentKind.VPN_LOG),
    ]
    assert attachments[0].source == str(machine / GP / "PanGPS.log")
    assert dialog.page.table.model().rowCount() == 2
    assert dialog.result() == VpnLogsDialog.DialogCode.Accepted


def test_attach_only_the_incident_window_keeps_the_original(
    qtbot: QtBot, dialog: VpnLogsDialog, machine: Path
) -> None:
    item = entry(dialog, "PanGPS.log")
    item.setCheckState(0, Qt.CheckState.Checked)
    dialog.table.setCurrentItem(item)
    click_check(qtbot, child(dialog, QCheckBox, "vpn_window"))
    dialog.since.setDateTime(to_qdatetime(datetime(2026, 11, 23, 9, 14).astimezone()))
    dialog.until.setDateTime(to_qdatetime(datetime(2026, 11, 23, 9, 15).astimezone()))
    with qtbot.waitSignal(dialog.attached):
        click(qtbot, dialog, "vpn_attach")
    original, extract = dialog.session.handoff.attachments
    assert (original.kind, extract.kind) == (AttachmentKind.VPN_LOG, AttachmentKind.LOG_EXTRACT)
    assert extract.derived_from == original.id
    path = Path(extract.source or "")
    assert path.parent == paths.draft_files_dir(dialog.session.handoff.id)
    assert path.read_bytes().decode() == "\r\n".join(PANGPS[1:4]) + "\r\n"
    assert (machine / GP / "PanGPS.log").read_text().startswith(PANGPS[0])


def test_the_window_is_kept_per_log(qtbot: QtBot, dialog: VpnLogsDialog) -> None:
    box = child(dialog, QCheckBox, "vpn_window")
    dialog.table.setCurrentItem(entry(dialog, "PanGPS.log"))
    click_check(qtbot, box)
    assert box.isChecked()
    dialog.table.setCurrentItem(entry(dialog, "sslvpn.log"))
    assert not box.isChecked()
    dialog.table.setCurrentItem(entry(dialog, "PanGPS.log"))
    assert box.isChecked()
    tick(dialog, "PanGPS.log", "sslvpn.log")
    windowed = [s.windowed for s in dialog.selections()]
    assert windowed == [True, False]


def test_scan_finds_known_errors_and_they_go_to_root_cause_and_steps(
    qtbot: QtBot, dialog: VpnLogsDialog
) -> None:
    tick(dialog, "PanGPS.log", "sslvpn.log", "GlobalProtectLogs.zip")
    with qtbot.waitSignal(dialog.scanned):
        click(qtbot, dialog, "vpn_scan")
    assert rows(dialog.findings.tree) == [["Authentication failed", "PanGPS.log:3", PANGPS[2]]]
    assert "GlobalProtectLogs.zip is a zip archive, not a text log" in dialog.status.text()
    session = dialog.session
    with qtbot.waitSignal(session.changed):
        click(qtbot, dialog, "vpn_root_cause")
    assert session.handoff.root_cause.certainty is Certainty.SUSPECTED
    assert session.handoff.root_cause.text == (
        "The VPN gateway rejects the user's sign-in (credentials, MFA or VPN group). "
        "Seen in PanGPS.log, line 3."
    )
    with qtbot.waitSignal(session.changed):
        click(qtbot, dialog, "vpn_add_step")
    (step,) = session.handoff.steps_taken
    assert (step.kind, step.action) == (StepKind.LOG_REVIEWED, "Reviewed PanGPS.log")
    entry(dialog, "GlobalProtectLogs.zip").setCheckState(0, Qt.CheckState.Unchecked)
    with qtbot.waitSignal(dialog.attached):
        click(qtbot, dialog, "vpn_attach")
    attached = {a.name: a for a in session.handoff.attachments}
    assert attached["PanGPS.log"].quotes == [PANGPS[2]]
    assert attached["sslvpn.log"].quotes == []


def test_a_finding_on_a_log_already_attached_is_quoted_on_it(
    qtbot: QtBot, dialog: VpnLogsDialog
) -> None:
    tick(dialog, "PanGPS.log")
    with qtbot.waitSignal(dialog.scanned):
        click(qtbot, dialog, "vpn_scan")
    match = dialog.findings.current_match()
    assert match is not None
    dialog.page.add_paths([match.path])
    click(qtbot, dialog, "vpn_add_step")
    (attachment,) = dialog.session.handoff.attachments
    assert attachment.quotes == [PANGPS[2]]


def test_the_wireguard_ring_log_is_dumped_and_attached(qtbot: QtBot, dialog: VpnLogsDialog) -> None:
    tick(dialog, "log.bin")
    with qtbot.waitSignal(dialog.attached):
        click(qtbot, dialog, "vpn_attach")
    (attachment,) = dialog.session.handoff.attachments
    assert (attachment.name, attachment.kind) == ("wireguard-log.txt", AttachmentKind.VPN_LOG)
    assert Path(attachment.source or "").parent == paths.draft_files_dir(dialog.session.handoff.id)


def test_a_log_that_fails_is_reported_and_the_others_attached(
    qtbot: QtBot, dialog: VpnLogsDialog, machine: Path
) -> None:
    tick(dialog, "PanGPS.log", "sslvpn.log")
    index = int(entry(dialog, "PanGPS.log").data(0, Qt.ItemDataRole.UserRole))
    dialog.set_window(index, datetime(2030, 1, 1).astimezone(), datetime(2030, 1, 2).astimezone())
    with qtbot.waitSignal(dialog.attached):
        click(qtbot, dialog, "vpn_attach")
    assert [a.name for a in dialog.session.handoff.attachments] == ["sslvpn.log"]
    assert dialog.status.text().startswith("Attached 1 file(s). No lines of PanGPS.log fall")
    assert dialog.isVisible()  # stays open to show the problem, and usable
    assert child(dialog, QPushButton, "vpn_attach").isEnabled()


def test_dropped_logs_can_be_opened_in_the_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    log = lay(tmp_path, "usb/PanGPS.log", "\n".join(PANGPS) + "\n")
    dialog = open_dialog(qtbot, lambda: vpnlogs.discovery_of([log]))
    assert rows(dialog.table)[0][:2] == ["Dropped file", "PanGPS.log"]
    tick(dialog, "PanGPS.log")
    with qtbot.waitSignal(dialog.scanned):
        click(qtbot, dialog, "vpn_scan")
    assert rows(dialog.findings.tree)[0][:2] == ["Authentication failed", "PanGPS.log:3"]


def test_the_where_column_is_cut_in_the_middle_with_the_full_path_as_tooltip(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A long log name no longer ends in "contoso-backu…": the Where column is as wide
    as it needs up to a quarter of the list, and what does not fit is cut in the middle
    (the line number at the end stays); the tooltip has the whole path."""
    name = "globalprotect-gateway-connection-debug-trace-2026-11-27-full.log"
    log = lay(tmp_path, f"usb/{name}", "\n".join(PANGPS) + "\n")
    dialog = open_dialog(qtbot, lambda: vpnlogs.discovery_of([log]))
    dialog.resize(820, 620)
    tick(dialog, name)
    with qtbot.waitSignal(dialog.scanned):
        click(qtbot, dialog, "vpn_scan")
    tree = dialog.findings.tree
    item = tree.topLevelItem(0)
    assert item is not None and item.text(1) == f"{name}:3"  # the text itself is whole
    assert item.toolTip(1) == f"{log}, line 3"
    index = tree.model().index(0, 1)
    delegate = tree.itemDelegateForColumn(1)
    assert isinstance(delegate, QStyledItemDelegate)
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, index)
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle
    width = tree.columnWidth(1)
    assert (
        0
        < width
        <= max(tree.viewport().width() // 4, tree.fontMetrics().horizontalAdvance("x" * 20))
    )
    assert width < tree.fontMetrics().horizontalAdvance(item.text(1))  # so it is cut ...
    assert tree.itemDelegateForColumn(2) is None  # ... and the line elides at its end


def test_a_short_where_is_shown_whole(qtbot: QtBot, dialog: VpnLogsDialog) -> None:
    tick(dialog, "PanGPS.log")
    with qtbot.waitSignal(dialog.scanned):
        click(qtbot, dialog, "vpn_scan")
    tree = dialog.findings.tree
    item = tree.topLevelItem(0)
    assert item is not None
    assert tree.columnWidth(1) >= tree.fontMetrics().horizontalAdvance(item.text(1))
