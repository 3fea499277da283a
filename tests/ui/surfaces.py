"""Every surface an engineer works in: the eight wizard pages and each dialog the app opens.

The accessibility and keyboard tests walk these generically (every widget under
them), so a widget added later is checked without touching the tests; only a new
*dialog* needs a line in :func:`dialogs`.  Each dialog is opened with fakes (no
network beyond a closed port on 127.0.0.1, an in-memory keyring) and closed again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import keyring
from PIL import Image
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from handoff.delivery.connections import ConnectionStore
from handoff.delivery.connector import ConnectionProfile
from handoff.delivery.http import RetryPolicy
from handoff.evidence.netrun import RunResult
from handoff.evidence.vpnlogs import Discovery
from handoff.example import example_handoff
from handoff.model import Attachment, utc_now
from handoff.package import export_package
from handoff.ui.crash_dialog import CrashDialog
from handoff.ui.delivery.services import DeliveryServices
from handoff.ui.evidence.capture import Capture
from handoff.ui.evidence.evtx_dialog import EvtxDialog
from handoff.ui.evidence.nettests_dialog import NetTestsDialog
from handoff.ui.evidence.redaction_dialog import RedactionDialog
from handoff.ui.evidence.screenshot_editor import ScreenshotEditor
from handoff.ui.evidence.vpn_dialog import VpnLogsDialog
from handoff.ui.help_menu import show_page_help
from handoff.ui.main_window import MainWindow
from handoff.ui.package_view import PackageView
from handoff.ui.wizard import PageId
from tests.helpers.memory_keyring import MemoryKeyring

HOUR_MS = 3_600_000
CONNECTION = "rt-a11y"


@contextmanager
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)


def services() -> DeliveryServices:
    """One RT connection whose server is a closed local port; nothing retries on its own."""
    store = ConnectionStore()
    store.save(ConnectionProfile(name=CONNECTION, kind="rt", url="http://127.0.0.1:9"))
    store.set_secret(CONNECTION, "token")
    policy = RetryPolicy(max_tries=1, sleep=lambda _s: None, rng=lambda: 0.5)
    return DeliveryServices(
        store=store, policy=policy, probe_ms=HOUR_MS, start_ms=HOUR_MS, synchronous=True
    )


def no_tool(argv: list[str], *_: Any, **__: Any) -> RunResult:
    return RunResult(tuple(argv), missing=True)


def pages(window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    """Show each wizard page in turn; yields (page name, the window)."""
    for page_id in PageId:
        window.wizard.go_to(page_id)
        QApplication.processEvents()
        yield f"page {page_id.name.lower()}", window


def _log(folder: Path) -> Attachment:
    path = folder / "PanGPS.log"
    path.write_text("password=Spring2026! user maria@example.com\n", encoding="utf-8")
    return Attachment(name=path.name, source=str(path), size=path.stat().st_size,
                      media_type="text/plain")  # fmt: skip


DialogFactory = Callable[[MainWindow, Path], QWidget | None]


def _start_dialog(window: MainWindow, _tmp: Path) -> QWidget | None:
    window.save_now()
    return window.offer_drafts()


def _package_view(window: MainWindow, tmp: Path) -> QWidget | None:
    package = export_package(example_handoff(), tmp / "a11y.handoff.zip").path
    window.open_package(package)
    views = window.findChildren(PackageView)
    return views[-1] if views else None


def _evtx(window: MainWindow, tmp: Path) -> QWidget:
    page = window.wizard.attachments_page
    return EvtxDialog(page.session, window, add=page.model.extend, choose_files=list,
                      files_dir=lambda: tmp, is_windows=False, synchronous=True)  # fmt: skip


def _vpn(window: MainWindow, tmp: Path) -> QWidget:
    return VpnLogsDialog(window.wizard.attachments_page, discover=Discovery,
                         files_dir=lambda: tmp, runner=no_tool, synchronous=True)  # fmt: skip


def _nettests(window: MainWindow, _tmp: Path) -> QWidget:
    return NetTestsDialog(window.wizard.attachments_page, runner=no_tool,
                          resolver=lambda _h: [], os_name="linux", gateway="192.0.2.1",
                          synchronous=True)  # fmt: skip


def _redaction(window: MainWindow, tmp: Path) -> QWidget:
    return RedactionDialog(window.session, window, attachments=[_log(tmp)], synchronous=True)


def _screenshot_editor(window: MainWindow, _tmp: Path) -> QWidget:
    capture = Capture(Image.new("RGB", (640, 400), "white"), utc_now() - timedelta(minutes=1),
                      "screen")  # fmt: skip
    return ScreenshotEditor(capture, window.session, synchronous=True, parent=window)


def _connections(window: MainWindow, _tmp: Path) -> QWidget:
    return window.show_connections()


def _connection_editor(window: MainWindow, _tmp: Path) -> QWidget:
    return window.show_connections().add()


def _post(window: MainWindow, _tmp: Path) -> QWidget | None:
    window.wizard.go_to(PageId.REVIEW)
    return window.post_to_ticket()


def _outbox(window: MainWindow, _tmp: Path) -> QWidget:
    return window.show_outbox()


def _help(window: MainWindow, _tmp: Path) -> QWidget:
    return show_page_help(window)


def _crash(window: MainWindow, _tmp: Path) -> QWidget:
    return CrashDialog(window, saved=True, details="Traceback (most recent call last): ...")


DIALOGS: dict[str, DialogFactory] = {
    "start dialog": _start_dialog,
    "package view": _package_view,
    "event log dialog": _evtx,
    "vpn logs dialog": _vpn,
    "network tests dialog": _nettests,
    "redaction dialog": _redaction,
    "screenshot editor": _screenshot_editor,
    "ticket systems dialog": _connections,
    "connection editor": _connection_editor,
    "post dialog": _post,
    "outbox panel": _outbox,
    "help window": _help,
    "crash dialog": _crash,
}


@contextmanager
def opened(name: str, window: MainWindow, tmp: Path) -> Iterator[QWidget]:
    """Open dialog ``name`` (shown, active), yield it, then close it."""
    dialog = DIALOGS[name](window, tmp)
    assert dialog is not None, f"{name} did not open"
    if not dialog.isVisible():
        if isinstance(dialog, QDialog):
            dialog.open()
        else:
            dialog.show()
    dialog.activateWindow()
    QApplication.processEvents()
    try:
        yield dialog
    finally:
        for child in reversed(dialog.findChildren(QDialog)):
            child.close()
        dialog.close()
        QApplication.processEvents()


def make_a11y_window(make_window: Callable[..., MainWindow]) -> MainWindow:
    """The main window on the worked example, with ticket systems and evidence tools."""
    window = make_window(synchronous=True, delivery=services())
    window.load_handoff(example_handoff())
    QApplication.processEvents()  # the evidence tools install on the first event loop turn
    return window


@contextmanager
def ready_window(make_window: Callable[..., MainWindow], qtbot: Any) -> Iterator[MainWindow]:
    """:func:`make_a11y_window` with an in-memory keyring, once the evidence tools are in."""
    with memory_keyring():
        window = make_a11y_window(make_window)
        qtbot.waitUntil(lambda: window.wizard.attachments_page.evidence_bar.actions() != [])
        yield window
