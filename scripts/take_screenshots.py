"""Take a screenshot of every wizard page and of the evidence and delivery windows.

Run under a real X server so the PNGs show what an engineer sees::

    xvfb-run -a -s "-screen 0 1280x800x24" uv run python scripts/take_screenshots.py

``--scheme dark`` and ``--scale 2`` render the dark palette and 200 % (give
Xvfb a 2560x1600 screen for that); ``--only ticket,steps,post`` takes a subset.
``docs/screenshots/`` holds the full set in light at 100 % and a subset in
``dark-100/``, ``light-200/`` and ``dark-200/`` (see docs/accessibility.md).

Writes ``docs/screenshots/NN-<name>.png`` (or ``--out DIR``): 01-08 are the
wizard's pages at the window size, showing the worked VPN example; 09-17 are the
evidence tools and the ticket-system windows, each grabbed at its own size, with
data in them: a redacted screenshot, an Event Viewer log, VPN logs with a known
error, network test results, a redaction review, an RT connection, the post plan
and the outbox with a queued post.

Nothing leaves this computer and nothing of the engineer's is touched: the app
runs against a throw-away data folder, secrets go to an in-memory keyring, the
network tools answer with canned output (the only socket is on 127.0.0.1), the
VPN logs are found in a fake Windows folder tree, and the ticket system is a
closed port on 127.0.0.1, so the post waits in the outbox.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import keyring
from PIL import Image
from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from handoff import paths
from handoff.delivery.connector import Choice, ConnectionProfile, RemoteTicket
from handoff.delivery.http import RetryPolicy
from handoff.delivery.prefill import TicketInfo
from handoff.drafts import DraftStore
from handoff.evidence.images import Arrow, Rect, Redact
from handoff.evidence.netrun import RunResult
from handoff.evidence.vpnlogs import Discovery, discover
from handoff.example import example_handoff
from handoff.model import Attachment, Handoff, utc_now
from handoff.package import export_package
from handoff.recent import Action, RecentPackages
from handoff.ui import theme
from handoff.ui.app import application
from handoff.ui.crash_dialog import CrashDialog
from handoff.ui.dialogs import Prompts
from handoff.ui.evidence.capture import Capture, to_pil
from handoff.ui.evidence.evtx_dialog import EvtxDialog
from handoff.ui.evidence.evtx_model import LEVEL, SOURCE, TICK
from handoff.ui.evidence.nettests_dialog import NetTestsDialog
from handoff.ui.evidence.redaction_dialog import RedactionDialog
from handoff.ui.evidence.screenshot_editor import ScreenshotEditor
from handoff.ui.evidence.vpn_dialog import VpnLogsDialog
from handoff.ui.help_menu import show_page_help
from handoff.ui.main_window import MainWindow
from handoff.ui.navigator import Section
from handoff.ui.pages.attachments import AttachmentsPage
from handoff.ui.wizard import PageId

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # the tests' .evtx writer and in-memory keyring

from tests.helpers import evtx_writer  # noqa: E402 - needs the path above
from tests.helpers.memory_keyring import MemoryKeyring  # noqa: E402

RT_NAME = "contoso-rt"
RT_TICKET = "20418"
GATEWAY = "vpn.contoso-dental.com"
GATEWAY_IP = "203.0.113.10"
USER_EMAIL = "maria.lopez@contoso-dental.com"
WINDOWS_ENV = {
    "ProgramFiles": r"C:\Program Files",
    "ProgramFiles(x86)": r"C:\Program Files (x86)",
    "LOCALAPPDATA": r"C:\Users\mlopez\AppData\Local",
    "APPDATA": r"C:\Users\mlopez\AppData\Roaming",
    "USERPROFILE": r"C:\Users\mlopez",
    "SystemRoot": r"C:\Windows",
}


# -- the stage: one window, a scratch folder, no real secrets or network -----------------


def _answer_yes(_parent: QWidget, _title: str, _text: str) -> bool:
    return True


def _print_error(_parent: QWidget, text: str) -> None:
    print(f"the app reported: {text}", file=sys.stderr)


@dataclass
class Stage:
    """What every shot works with: the app's window and a scratch folder."""

    window: MainWindow
    scratch: Path

    @property
    def page(self) -> AttachmentsPage:
        return self.window.wizard.attachments_page

    def settle(self, ms: int = 50) -> None:
        """Run the event loop a moment, as the app would: layouts, paints, deferred deletes."""
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def show(self, dialog: QDialog) -> QDialog:
        """Open ``dialog`` window-modal, inside the screen, as the app opens its dialogs."""
        if not dialog.isVisible():
            dialog.open()
        self.settle()
        screen = dialog.screen().availableGeometry()
        frame = dialog.frameGeometry()
        frame.moveCenter(self.window.frameGeometry().center())
        x = min(max(frame.left(), screen.left()), screen.right() - frame.width() + 1)
        y = min(max(frame.top(), screen.top()), screen.bottom() - frame.height() + 1)
        dialog.move(x, y)
        self.settle()
        return dialog


def grab(widget: QWidget) -> QPixmap:
    """The window as the X server shows it; a widget render on the offscreen platform."""
    screen = widget.screen()
    offscreen = QApplication.platformName() == "offscreen"
    pixmap = screen.grabWindow(widget.winId()) if screen and not offscreen else QPixmap()
    return widget.grab() if pixmap.isNull() else pixmap


# -- made-up evidence ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientWindow:
    """A picture of the VPN client's sign-in panel, and where things are on it."""

    image: Image.Image
    user_field: Rect
    error: Rect


def _rect_of(widget: QWidget, top: QWidget, width: int | None = None) -> Rect:
    corner = widget.mapTo(top, QPoint(0, 0))
    right = corner.x() + (widget.width() if width is None else width)
    return Rect(corner.x(), corner.y(), right, corner.y() + widget.height())


def client_window(*, with_user: bool = True) -> ClientWindow:
    """Render a stand-in for the GlobalProtect panel showing the sign-in error."""
    panel = QFrame()
    panel.setStyleSheet(
        "QFrame { background: #ffffff; } QLabel#title { font-size: 15px; font-weight: bold; }"
        " QLabel#error { color: #b00020; } QLineEdit { padding: 3px; }"
    )
    layout = QVBoxLayout(panel)
    title = QLabel("GlobalProtect", panel)
    title.setObjectName("title")
    error = QLabel("\u26a0 Authentication failed: user not in allowed group.\n"
                   "Contact your IT administrator.", panel)  # fmt: skip
    error.setObjectName("error")
    form = QFormLayout()
    form.addRow("Portal:", QLineEdit(GATEWAY, panel))
    user = QLineEdit(USER_EMAIL, panel)
    if with_user:
        form.addRow("Username:", user)
    else:
        user.hide()  # not in the form: it would sit unplaced over the title
    password = QLineEdit("correct-horse", panel)
    password.setEchoMode(QLineEdit.EchoMode.Password)
    form.addRow("Password:", password)
    for widget in (title, QLabel("Not Connected", panel), error):
        layout.addWidget(widget)
    layout.addLayout(form)
    layout.addWidget(QPushButton("Connect", panel), 0, Qt.AlignmentFlag.AlignRight)
    panel.resize(480, 250 if with_user else 215)
    image = panel.grab().toImage()
    text_width = error.sizeHint().width()  # the label is as wide as the panel, its text is not
    found = ClientWindow(to_pil(image), _rect_of(user, panel), _rect_of(error, panel, text_width))
    panel.deleteLater()
    return found


def example_with_attachments(folder: Path) -> Handoff:
    """The worked example, with a picture of the error and a VPN log attached."""
    shot = folder / "globalprotect-error.png"
    client_window(with_user=False).image.save(shot)
    log = folder / "PanGPS.log"
    log.write_text(
        "(P4120-T5312)Debug( 512): 11/23/26 09:14:02:113 Authentication failed: "
        "user not in allowed group\n" * 40,
        encoding="utf-8",
    )
    handoff = example_handoff()
    for path, note in (
        (shot, "Error shown after the MFA prompt"),
        (log, "Client log, 09:00-09:40"),
    ):
        handoff.attachments.append(
            Attachment(
                name=path.name, source=str(path), size=path.stat().st_size, note=note,
                media_type="image/png" if path.suffix == ".png" else "text/plain",
            )
        )  # fmt: skip
    return handoff


def lay(root: Path, relative: str, lines: Sequence[str], when: datetime) -> Path:
    """A file of the fake machine, CRLF like Windows writes it, last changed ``when``."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(f"{line}\r\n" for line in lines).encode("utf-8"))
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def gp_time(when: datetime) -> str:
    """GlobalProtect's time stamp: ``11/23/26 09:14:02:113``."""
    return f"{when:%m/%d/%y %H:%M:%S}:{when.microsecond // 1000:03d}"


def vpn_machine(root: Path, now: datetime) -> Path:
    """A Windows folder tree with GlobalProtect's service and agent logs and an OpenVPN log."""
    pangps: list[str] = []
    for attempt in range(3):
        at = now - timedelta(minutes=50 - 15 * attempt)
        start, signed_in = gp_time(at), gp_time(at + timedelta(seconds=40))
        pangps += [
            f"(P4120-T5312)Debug( 512): {start} Connecting to portal {GATEWAY}",
            f"(P4120-T5312)Debug( 688): {start} SSL handshake with {GATEWAY_IP}:443 done",
            f"(P4120-T5312)Debug( 231): {start} Sending getconfig request to the portal",
            f"(P4120-T5312)Debug(1433): {signed_in} SAML sign-in completed, MFA approved",
            f"(P4120-T5312)Error( 310): {signed_in} Authentication failed: user mlopez not "
            "in allowed group GP-Users",
            f"(P4120-T5312)Debug( 102): {signed_in} Retry in 60 seconds",
        ]
    pangpa = [
        f"(T7220) {now - timedelta(minutes=m):%m/%d/%y %H:%M:%S}:140 Info ( 517): "
        f"Portal status: connecting to {GATEWAY}"
        for m in (50, 35, 20)
    ]
    morning = now.replace(hour=8, minute=2, second=11) - timedelta(days=1)
    openvpn = [
        f"{morning:%Y-%m-%d %H:%M:%S} OpenVPN 2.6.12 x86_64-w64-mingw32 [SSL (OpenSSL)]",
        f"{morning:%Y-%m-%d %H:%M:%S} UDPv4 link remote: [AF_INET]198.51.100.20:1194",
        f"{morning + timedelta(seconds=60):%Y-%m-%d %H:%M:%S} TLS Error: TLS key negotiation "
        "failed to occur within 60 seconds (check your network connectivity)",
        f"{morning + timedelta(seconds=60):%Y-%m-%d %H:%M:%S} TLS Error: TLS handshake failed",
        f"{morning + timedelta(seconds=60):%Y-%m-%d %H:%M:%S} SIGUSR1[soft,tls-error] "
        "received, process restarting",
    ]
    gp, local = "C/Program Files/Palo Alto Networks/GlobalProtect", "C/Users/mlopez/AppData/Local"
    lay(root, f"{gp}/PanGPS.log", pangps, now - timedelta(minutes=19))
    lay(root, f"{gp}/PanGPS.log.old", pangps[:6], now - timedelta(days=2))
    lay(root, f"{local}/Palo Alto Networks/GlobalProtect/PanGPA.log", pangpa,
        now - timedelta(minutes=20))  # fmt: skip
    lay(root, "C/Users/mlopez/OpenVPN/log/contoso-backup.log", openvpn, morning)
    return root


def _ping_output(host: str, average: int) -> str:
    replies = "".join(
        f"Reply from {host}: bytes=32 time={average + delta}ms TTL=57\n" for delta in (1, -1, 0, 0)
    )
    return (
        f"\nPinging {host} with 32 bytes of data:\n{replies}\nPing statistics for {host}:\n"
        "    Packets: Sent = 4, Received = 4, Lost = 0 (0% loss),\n"
        "Approximate round trip times in milli-seconds:\n"
        f"    Minimum = {average - 1}ms, Maximum = {average + 1}ms, Average = {average}ms\n"
    )


CANNED_TOOLS = {
    "ipconfig": (
        "\nWindows IP Configuration\n\n   Host Name . . . . . . . . . . . . : WS-0412\n\n"
        "Wireless LAN adapter Wi-Fi:\n\n"
        "   Description . . . . . . . . . . . : Intel(R) Wi-Fi 6 AX201 160MHz\n"
        "   IPv4 Address. . . . . . . . . . . : 192.168.1.23(Preferred)\n"
        "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\n"
        "   Default Gateway . . . . . . . . . : 192.168.1.1\n"
        "   DNS Servers . . . . . . . . . . . : 192.168.1.1\n\n"
        "Unknown adapter PANGP Virtual Ethernet Adapter Secure:\n\n"
        "   Media State . . . . . . . . . . . : Media disconnected\n"
    ),
    "nslookup": (
        "Server:  router.home\nAddress:  192.168.1.1\n\nNon-authoritative answer:\n"
        f"Name:    {GATEWAY}\nAddress:  {GATEWAY_IP}\n\n"
    ),
    "tracert": (
        f"\nTracing route to {GATEWAY} [{GATEWAY_IP}]\nover a maximum of 20 hops:\n\n"
        "  1     1 ms     1 ms     2 ms  192.168.1.1\n"
        "  2     9 ms     8 ms     9 ms  10.10.0.1\n"
        "  3    14 ms    13 ms    15 ms  198.51.100.1\n"
        f"  4    24 ms    23 ms    25 ms  {GATEWAY_IP}\n\nTrace complete.\n"
    ),
}


def canned_runner(
    argv: Sequence[str], _timeout: float, _cancel: threading.Event | None
) -> RunResult:
    """Windows' network tools as they answer on the user's Wi-Fi (nothing is run)."""
    if argv[0] == "ping":
        average = 2 if argv[-1] == "192.168.1.1" else 24
        return RunResult(tuple(argv), _ping_output(argv[-1], average), 0, elapsed=3.1)
    if argv[0] in CANNED_TOOLS:
        return RunResult(tuple(argv), CANNED_TOOLS[argv[0]], 0, elapsed=0.4)
    return RunResult(tuple(argv), missing=True)


def canned_resolver(_host: str) -> list[str]:
    return [GATEWAY_IP]


@contextmanager
def local_listener() -> Iterator[int]:
    """A TCP port on 127.0.0.1 that accepts connections (the TCP test's target)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(4)
        yield int(server.getsockname()[1])


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: the ticket system is "unreachable"."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def secrets_log(folder: Path, now: datetime) -> list[Attachment]:
    """A debug log and a portal config with passwords, tokens and addresses planted."""
    jwt = (
        "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtbG9wZXpAY29udG9zby1kZW50YWwuY29t"
        "IiwiZXhwIjoxNzk1MDAwMDAwfQ.kT3x9Qm2vZr8Yp4LwNc7HsDf1GbJaUe6RtXo5KiMnBq"
    )
    at = f"{now - timedelta(minutes=42):%m/%d/%y %H:%M:%S}"
    debug = [
        f"(T4872) {at}:345 Debug( 231): getconfig.esp?user=mlopez&passwd=Spring2026!"
        f"&portal={GATEWAY}&os=Windows",
        f"(T4872) {at}:402 Debug( 240): SAML response for {USER_EMAIL}",
        f"(T4872) {at}:530 Debug( 517): Authorization: Bearer {jwt}",
        f'(T4872) {at}:611 Debug( 602): portal reply {{"api_key": "gp_live_9f4c1e7a2b8d6305", '
        f'"owner": "it-support@contoso-dental.com"}}',
        f"(T4872) {at}:700 Info ( 517): portal {GATEWAY_IP} reached",
    ]
    config = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<portal-config>",
        f"  <portal>{GATEWAY}</portal>",
        "  <username>mlopez</username>",
        "  <password>Spring2026!</password>",
        "  <saved-token>prelogin-cookie=ZXhhbXBsZS1jb29raWUtdmFsdWU</saved-token>",
        "</portal-config>",
    ]
    written = []
    for name, lines, media in (
        ("PanGPS-debug.log", debug, "text/plain"),
        ("pan_portal_config.xml", config, "application/xml"),
    ):
        path = lay(folder, name, lines, now)
        written.append(Attachment(name=name, source=str(path), size=path.stat().st_size,
                                  media_type=media))  # fmt: skip
    return written


def rt_ticket_info(now: datetime) -> TicketInfo:
    """What RT said about the ticket when it was last fetched (the app's offline copy)."""
    status = {name: Choice(id=name, name=name, kind="status")
              for name in ("new", "open", "stalled", "resolved", "rejected")}  # fmt: skip
    members = [Choice(id="donsite", name="Dana Onsite (donsite)", kind="member"),
               Choice(id="agent1", name="Agent One (agent1)", kind="member")]  # fmt: skip
    queues = [Choice(id=name, name=name, kind="queue")
              for name in ("Service Desk", "Escalation", "Networking")]  # fmt: skip
    ticket = RemoteTicket(
        id=RT_TICKET, title="VPN fails to connect for remote user", client="Contoso Dental",
        contact="Maria Lopez", status=status["open"], assignee=members[0], priority="High",
    )  # fmt: skip
    return TicketInfo(connection=RT_NAME, ticket_id=RT_TICKET, fetched_at=now - timedelta(hours=1),
                      ticket=ticket, statuses=list(status.values()),
                      assignees=[*members, *queues])  # fmt: skip


# -- the shots ---------------------------------------------------------------------------------


def annotated_editor(stage: Stage) -> ScreenshotEditor:
    """The editor on a capture of the VPN client: the user name redacted, an arrow at the error."""
    client = client_window()
    capture = Capture(client.image, utc_now() - timedelta(minutes=12), "window")
    editor = ScreenshotEditor(
        capture, stage.page.session, add=stage.page.model.extend,
        ask_text=lambda _parent: None, synchronous=True, parent=stage.window,
    )  # fmt: skip
    field, error = client.user_field, client.error
    editor.canvas.add(
        Redact(Rect(field.left - 2, field.top - 2, field.right + 2, field.bottom + 2))
    )
    middle = (error.top + error.bottom) / 2
    editor.canvas.add(Arrow((error.right + 80.0, middle + 45.0), (error.right + 6.0, middle)))
    editor.note.setText("Sign-in error after MFA; user name redacted")
    return editor


def shot_attachments(stage: Stage) -> QWidget:
    """The attachments page after a redacted screenshot was saved (its thumbnail in the list)."""
    editor = annotated_editor(stage)
    editor.save()
    editor.deleteLater()
    stage.window.wizard.go_to(PageId.ATTACHMENTS)
    return stage.window


def shot_screenshot_editor(stage: Stage) -> QWidget:
    """The screenshot editor with a redacted user name and an arrow at the error."""
    return stage.show(annotated_editor(stage))


def shot_event_log(stage: Stage) -> QWidget:
    """An Event Viewer log of the last hours, read, with two RasClient errors ticked."""
    start = utc_now().replace(second=0, microsecond=0) - timedelta(hours=4)
    log = evtx_writer.write_evtx(stage.scratch / "System.evtx",
                                 evtx_writer.sample_events(390, start=start))  # fmt: skip
    dialog = EvtxDialog(
        stage.page.session, stage.window, add=stage.page.model.extend,
        choose_files=lambda: [log], files_dir=lambda: stage.scratch / "extracts",
        is_windows=True, synchronous=True,
    )  # fmt: skip
    stage.show(dialog)
    dialog.load([log])
    proxy = dialog.proxy
    ras_errors = [row for row in range(proxy.rowCount())
                  if proxy.index(row, SOURCE).data() == "RasClient"
                  and proxy.index(row, LEVEL).data() == "Error"]  # fmt: skip
    for row in ras_errors[:2]:
        proxy.setData(proxy.index(row, TICK), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    return dialog


def shot_vpn_logs(stage: Stage) -> QWidget:
    """ "Find VPN logs" on a machine with GlobalProtect and OpenVPN, scanned for known errors."""
    machine = vpn_machine(stage.scratch / "machine", datetime.now().astimezone())

    def found() -> Discovery:
        return discover(os_name="windows", env=WINDOWS_ENV, root=machine)

    dialog = VpnLogsDialog(
        stage.page, discover=found, runner=canned_runner, synchronous=True,
        files_dir=lambda: stage.scratch / "vpn-extracts",
    )  # fmt: skip
    stage.show(dialog)
    dialog.refresh()
    for item in dialog.entry_items():
        if item.text(1) in {"PanGPS.log", "contoso-backup.log"}:
            item.setCheckState(0, Qt.CheckState.Checked)
    dialog.table.setCurrentItem(dialog.entry_items()[0])
    dialog.scan()
    return dialog


def shot_network_tests(stage: Stage) -> QWidget:
    """Every network test run against the VPN gateway (canned tool output, a local TCP port)."""
    dialog = NetTestsDialog(
        stage.page, runner=canned_runner, resolver=canned_resolver, os_name="windows",
        gateway="192.168.1.1", synchronous=True,
    )  # fmt: skip
    stage.show(dialog)
    with local_listener() as port:
        dialog.target.setText(GATEWAY)
        dialog.tcp.setText(f"127.0.0.1:{port}")
        dialog.run()
    return dialog


def shot_redaction(stage: Stage) -> QWidget:
    """The redaction review of a debug log and a config file with secrets in them."""
    planted = secrets_log(stage.scratch / "to-redact", datetime.now().astimezone())
    dialog = RedactionDialog(stage.page.session, stage.window, attachments=planted,
                             synchronous=True)  # fmt: skip
    stage.show(dialog)
    dialog.scan()
    return dialog


def add_rt_connection(stage: Stage) -> None:
    """An RT connection whose server is a closed local port; its token in the memory keyring."""
    services = stage.window.delivery()
    services.synchronous = True
    services.policy = RetryPolicy(max_tries=1)
    url = f"http://127.0.0.1:{closed_port()}"
    services.store.save(ConnectionProfile(name=RT_NAME, kind="rt", url=url))
    services.store.set_secret(RT_NAME, "1-14-" + "3f9a" * 8)
    services.cache.save(rt_ticket_info(utc_now()))


def shot_connections(stage: Stage) -> QWidget:
    """Settings -> Ticket systems with the RT connection."""
    add_rt_connection(stage)
    return stage.show(stage.window.show_connections())


def open_post_dialog(stage: Stage) -> QDialog:
    """Review -> Post to ticket, for the RT ticket, with the reply to the user ticked."""
    if not stage.window.delivery().store.list():  # --only post: no connections shot before
        add_rt_connection(stage)
    stage.window.wizard.go_to(PageId.REVIEW)
    dialog = stage.window.post_to_ticket()
    if dialog is None:
        raise RuntimeError("no ticket system: the post dialog did not open")
    dialog.ticket.setText(RT_TICKET)
    dialog.fetch(quiet=True)  # RT is unreachable: its names come from the offline copy
    dialog.send_reply.setChecked(True)
    return stage.show(dialog)


def shot_post(stage: Stage) -> QWidget:
    """The post plan in RT's own words, before anything is sent."""
    return open_post_dialog(stage)


def shot_outbox(stage: Stage) -> QWidget:
    """Post (RT cannot be reached, so it is queued), then File -> Outbox with the item."""
    open_post_dialog(stage)
    dialog = stage.window.post_flow().dialog
    if dialog is None:
        raise RuntimeError("the post dialog did not open")
    dialog.post()
    dialog.close()
    return stage.show(stage.window.show_outbox())


def shot_recent(stage: Stage) -> QWidget:
    """The main window with the side panel on Recent packages (one received package)."""
    stage.window.wizard.go_to(PageId.TICKET)
    stage.window.navigator.show_section(Section.RECENT, focus=True)
    return stage.window


def shot_help(stage: Stage) -> QWidget:
    """F1 on the Steps page: that page's help, with a good entry beside a vague one."""
    stage.window.navigator.show_section(Section.DRAFTS)
    stage.window.wizard.go_to(PageId.STEPS)
    shown = show_page_help(stage.window)
    shown.resize(720, 560)
    return shown


def shot_crash(stage: Stage) -> QWidget:
    """The dialog an unexpected error shows, once the draft is saved."""
    details = "Traceback (most recent call last):\n  ...\nRuntimeError: example"
    return stage.show(CrashDialog(stage.window, saved=True, details=details))


Shot = Callable[[Stage], QWidget]
"""Prepares one shot and returns the window to grab (a dialog is closed afterwards)."""

SHOTS: list[tuple[str, Shot]] = [
    ("attachments-screenshot", shot_attachments),
    ("screenshot-editor", shot_screenshot_editor),
    ("event-log", shot_event_log),
    ("vpn-logs", shot_vpn_logs),
    ("network-tests", shot_network_tests),
    ("redaction", shot_redaction),
    ("connections", shot_connections),
    ("post", shot_post),
    ("outbox", shot_outbox),
    ("recent", shot_recent),
    ("help", shot_help),
    ("crash", shot_crash),
]


def save(pixmap: QPixmap, target: Path) -> Path:
    if not pixmap.save(str(target), "PNG"):
        raise OSError(f"could not write {target}")
    return target


def _wanted(name: str, only: set[str] | None) -> bool:
    return only is None or name in only


def _other_work(scratch: Path) -> None:
    """What an engineer's side panel holds mid-week: another draft and a received package."""
    other = Handoff(author="Dana Onsite", summary="Printer on floor 2 prints blank pages.")
    other.ticket.id, other.ticket.title = "T-20397", "Floor 2 printer prints blank pages"
    DraftStore().save(other)
    received = example_handoff()
    received.ticket.id, received.ticket.title = "T-20355", "Outlook asks for the password"
    package = export_package(received, scratch / "T-20355.handoff.zip").path
    RecentPackages().add(package, ticket_id=received.ticket.id, title=received.ticket.title,
                         action=Action.OPENED)  # fmt: skip


def take(out: Path, size: tuple[int, int], only: set[str] | None = None) -> list[Path]:
    """Write the shots (all, or those named in ``only``) into ``out``; returns their paths."""
    app = application(sys.argv[:1])  # the app's own style, palette and translations
    keyring.set_keyring(MemoryKeyring())
    written = []
    with tempfile.TemporaryDirectory(prefix="handoff-shots-") as scratch:
        paths.set_data_dir(Path(scratch) / "data")
        _other_work(Path(scratch))
        prompts = Prompts(confirm=_answer_yes, error=_print_error)
        window = MainWindow(
            DraftStore(), prompts=prompts, synchronous=True, user=lambda: "Dana Onsite"
        )
        stage = Stage(window, Path(scratch))
        window.list_drafts()  # as launch() does
        window.load_handoff(example_with_attachments(Path(scratch)), save=True)
        window.resize(*size)
        window.show()
        out.mkdir(parents=True, exist_ok=True)
        for page in PageId:
            name = page.name.lower().replace("_", "-")
            if not _wanted(name, only):
                continue
            window.wizard.go_to(page)
            stage.settle()
            written.append(save(grab(window), out / f"{page.value + 1:02d}-{name}.png"))
        for number, (name, shot) in enumerate(SHOTS, start=len(PageId) + 1):
            if not _wanted(name, only):
                continue
            shown = shot(stage)
            stage.settle()
            written.append(save(grab(shown), out / f"{number:02d}-{name}.png"))
            if shown is not window:
                shown.close()
                stage.settle()
        window.close()
        window.deleteLater()
        app.processEvents()
        paths.set_data_dir(None)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="1100x760", help="window size, WIDTHxHEIGHT (logical)")
    parser.add_argument(
        "--scheme",
        choices=["light", "dark"],
        default="light",
        help="colour scheme (default light, so the docs do not depend on the OS)",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="QT_SCALE_FACTOR: 2 renders at 200%% (needs a big enough screen)",
    )
    parser.add_argument("--only", help="comma-separated shot names, e.g. ticket,steps,post")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
        print("no DISPLAY: run under xvfb-run (see the docstring)", file=sys.stderr)
        return 2
    # Both are read when the QApplication is made, which is after this.
    os.environ[theme.SCHEME_ENV] = args.scheme
    os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"
    width, height = (int(part) for part in args.size.split("x"))
    only = set(args.only.split(",")) if args.only else None
    for path in take(args.out, (width, height), only):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
