""" "Run network tests…" driven for real: typed hosts, a worker, live results, the model."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QProgressBar, QPushButton
from pytestqt.qtbot import QtBot

from handoff import paths
from handoff.evidence.netrun import Runner, RunResult, run_process
from handoff.evidence.nettests import Outcome, Report
from handoff.model import AttachmentKind, Handoff, StepKind
from handoff.ui.evidence import nettests_dialog
from handoff.ui.evidence.nettests_dialog import NetTestsDialog, Verdict, marker_icon
from handoff.ui.pages import AttachmentsPage
from handoff.ui.session import DraftSession
from tests.core.evidence.test_nettests import (
    IP_ADDR,
    IP_ROUTE,
    LINUX_NSLOOKUP,
    LINUX_PING,
    LINUX_TRACE,
    fake_runner,
)
from tests.ui.evidence.test_vpn_dialog import rows
from tests.ui.test_pages import child, shown

CANNED = {"ping": LINUX_PING, "nslookup": LINUX_NSLOOKUP, "traceroute": LINUX_TRACE,
          "ip": IP_ADDR + IP_ROUTE}  # fmt: skip


@pytest.fixture
def listener() -> Iterator[int]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    yield server.getsockname()[1]
    server.close()


def open_dialog(qtbot: QtBot, runner: Runner) -> NetTestsDialog:
    page = shown(qtbot, AttachmentsPage(DraftSession(Handoff())))
    action = nettests_dialog.install(page, runner=runner, os_name="linux", gateway="10.0.0.1")
    assert page.evidence_bar.actions() == [action]
    action.trigger()
    dialog = page.findChild(NetTestsDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def type_into(qtbot: QtBot, dialog: NetTestsDialog, name: str, text: str) -> None:
    edit = child(dialog, QLineEdit, name)
    edit.clear()
    qtbot.keyClicks(edit, text)


def run(qtbot: QtBot, dialog: NetTestsDialog) -> Report:
    with qtbot.waitSignal(dialog.tests_finished, timeout=10_000) as finished:
        qtbot.mouseClick(child(dialog, QPushButton, "net_run"), Qt.MouseButton.LeftButton)
    report = finished.args[0]
    assert isinstance(report, Report)
    return report


def test_one_click_runs_every_test_and_records_steps_and_files(qtbot: QtBot, listener: int) -> None:
    dialog = open_dialog(qtbot, fake_runner(CANNED))
    type_into(qtbot, dialog, "net_target", "vpn.example.com")
    type_into(qtbot, dialog, "net_tcp", f"127.0.0.1:{listener}")
    live: list[str] = []
    dialog.outcome_shown.connect(lambda outcome: live.append(outcome.key))
    report = run(qtbot, dialog)
    assert live == ["ipconfig", "gateway", "ping", "dns", "tcp", "trace"]
    shown_rows = rows(dialog.results)
    assert shown_rows[2] == ["Ping vpn.example.com", "4/4 replies, 0% loss, avg 12 ms"]
    assert shown_rows[4][1].startswith(f"Connected to 127.0.0.1:{listener} in ")
    handoff = dialog.session.handoff
    assert [s.kind for s in handoff.steps_taken] == [StepKind.TEST] * 6
    assert handoff.steps_taken[1].command == "ping -c 4 -W 2 10.0.0.1"
    assert [a.kind for a in handoff.attachments] == [AttachmentKind.NETWORK_TEST] * 6
    folder = paths.draft_files_dir(handoff.id)
    assert all(Path(a.source or "").parent == folder for a in handoff.attachments)
    assert dialog.page.table.model().rowCount() == 6
    assert not report.cancelled
    assert dialog.status.text() == "6 test(s) ran: 6 step(s) and file(s) added to the handoff."
    assert child(dialog, QPushButton, "net_run").isEnabled()


def test_missing_tools_are_listed_but_not_recorded(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, fake_runner({}))
    type_into(qtbot, dialog, "net_target", "localhost")
    run(qtbot, dialog)
    results = dict(rows(dialog.results))
    assert results["Ping localhost"] == "ping is not installed here"
    assert results["IP configuration"] == "neither ip nor ifconfig is installed here"
    assert results["Resolve localhost (DNS)"].startswith("localhost \u2192 ")
    assert [s.action for s in dialog.session.handoff.steps_taken] == ["Resolve localhost (DNS)"]


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("net_target", "", "not a host name or address: (empty)"),
        ("net_target", "-f", "not a host name or address: -f"),
        ("net_tcp", "vpn.example.com", "expected host:port (e.g. vpn.example.com:443), got: "
                                       "vpn.example.com"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_nothing_runs(
    qtbot: QtBot, field: str, text: str, message: str
) -> None:
    calls: list[Sequence[str]] = []

    def runner(argv: Sequence[str], timeout: float, cancel: threading.Event | None) -> RunResult:
        calls.append(argv)
        return RunResult(tuple(argv), missing=True)

    dialog = open_dialog(qtbot, runner)
    type_into(qtbot, dialog, "net_target", "vpn.example.com")
    type_into(qtbot, dialog, field, text)
    qtbot.mouseClick(child(dialog, QPushButton, "net_run"), Qt.MouseButton.LeftButton)
    assert dialog.status.text() == message
    assert not dialog.busy and calls == []


def test_stop_ends_a_hanging_run_and_keeps_what_finished(qtbot: QtBot, tmp_path: Path) -> None:
    script = tmp_path / "hang.py"
    script.write_text("import time\ntime.sleep(60)\n")

    def runner(argv: Sequence[str], timeout: float, cancel: threading.Event | None) -> RunResult:
        if argv[0] == "ping":
            return run_process([sys.executable, str(script)], timeout, cancel)
        return fake_runner(CANNED)(argv, timeout, cancel)  # type: ignore[no-any-return]

    dialog = open_dialog(qtbot, runner)
    type_into(qtbot, dialog, "net_target", "vpn.example.com")
    with qtbot.waitSignal(dialog.outcome_shown) as first:
        qtbot.mouseClick(child(dialog, QPushButton, "net_run"), Qt.MouseButton.LeftButton)
    assert isinstance(first.args[0], Outcome) and first.args[0].key == "ipconfig"
    stop = child(dialog, QPushButton, "net_stop")
    assert stop.isEnabled() and not child(dialog, QPushButton, "net_run").isEnabled()
    with qtbot.waitSignal(dialog.tests_finished, timeout=10_000) as finished:
        qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    assert finished.args[0].cancelled
    assert dialog.status.text().startswith("Stopped. 1 test(s) ran")
    assert [s.action for s in dialog.session.handoff.steps_taken] == ["IP configuration"]
    assert not stop.isEnabled()


def test_closing_the_dialog_mid_run_stops_the_worker(qtbot: QtBot, tmp_path: Path) -> None:
    script = tmp_path / "hang.py"
    script.write_text("import time\ntime.sleep(60)\n")

    def runner(argv: Sequence[str], timeout: float, cancel: threading.Event | None) -> RunResult:
        return run_process([sys.executable, str(script)], timeout, cancel)

    dialog = open_dialog(qtbot, runner)
    type_into(qtbot, dialog, "net_target", "vpn.example.com")
    qtbot.mouseClick(child(dialog, QPushButton, "net_run"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.busy)
    dialog.reject()
    assert not dialog.busy


def test_stop_and_progress_show_only_while_tests_run(qtbot: QtBot, tmp_path: Path) -> None:
    """Idle, there is no Stop (a disabled full-width Stop looked broken) and no progress;
    while the tests run, both sit at the end of the status line, Stop at its own width."""
    script = tmp_path / "hang.py"
    script.write_text("import time\ntime.sleep(60)\n")

    def runner(argv: Sequence[str], timeout: float, cancel: threading.Event | None) -> RunResult:
        if argv[0] == "ping":
            return run_process([sys.executable, str(script)], timeout, cancel)
        return fake_runner(CANNED)(argv, timeout, cancel)  # type: ignore[no-any-return]

    dialog = open_dialog(qtbot, runner)
    stop = child(dialog, QPushButton, "net_stop")
    progress = child(dialog, QProgressBar, "net_progress")
    status = child(dialog, QLabel, "net_status")
    assert not stop.isVisible() and not progress.isVisible()
    assert not status.isVisible()  # nothing to say yet: no empty band under the list
    type_into(qtbot, dialog, "net_target", "vpn.example.com")
    with qtbot.waitSignal(dialog.outcome_shown):
        qtbot.mouseClick(child(dialog, QPushButton, "net_run"), Qt.MouseButton.LeftButton)
    assert stop.isVisible() and stop.isEnabled() and progress.isVisible()
    assert status.isVisible() and status.text() == "Running tests\u2026"
    assert stop.width() < dialog.width() // 3  # a button, not a bar across the dialog
    assert stop.geometry().center().y() in range(
        status.geometry().top(), status.geometry().bottom()
    )
    with qtbot.waitSignal(dialog.tests_finished, timeout=10_000):
        qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    assert not stop.isVisible() and not progress.isVisible()
    assert status.isVisible() and status.text().startswith("Stopped.")


def test_each_result_is_marked_passed_failed_or_not_run(qtbot: QtBot) -> None:
    """A marker per result: an icon (tick, cross, dash on a coloured disc), and the same
    word for screen readers (accessible text) and in the tooltip."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]  # nothing listens here once the socket closes
    answers = {"nslookup": LINUX_NSLOOKUP, "ip": IP_ADDR + IP_ROUTE, "ping": LINUX_PING}
    dialog = open_dialog(qtbot, fake_runner(answers))  # no traceroute: not run
    type_into(qtbot, dialog, "net_target", "vpn.example.com")
    type_into(qtbot, dialog, "net_tcp", f"127.0.0.1:{closed}")
    report = run(qtbot, dialog)
    verdicts = {o.title: Verdict.of(o) for o in report.outcomes}
    assert verdicts["Ping vpn.example.com"] is Verdict.PASSED
    assert verdicts[f"TCP connect to 127.0.0.1:{closed}"] is Verdict.FAILED
    assert verdicts["Traceroute to vpn.example.com"] is Verdict.NOT_RUN
    items = [dialog.results.topLevelItem(i) for i in range(dialog.results.topLevelItemCount())]
    assert len(items) == len(report.outcomes) == 6
    for item, outcome in zip(items, report.outcomes, strict=True):
        assert item is not None
        word = {Verdict.PASSED: "Passed", Verdict.FAILED: "Failed", Verdict.NOT_RUN: "Not run"}[
            Verdict.of(outcome)
        ]
        assert item.data(0, Qt.ItemDataRole.AccessibleTextRole) == f"{word}: {outcome.title}"
        assert item.toolTip(0).startswith(word) and item.toolTip(1).startswith(f"{word}: ")
        assert not item.icon(0).isNull()
        assert item.icon(0).cacheKey() == marker_icon(Verdict.of(outcome)).cacheKey()
    images = {verdict: marker_icon(verdict).pixmap(16).toImage() for verdict in Verdict}
    assert len({image.pixelColor(8, 3).name() for image in images.values()}) == 3  # 3 colours
