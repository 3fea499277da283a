"""Run network tests…: the standard tests in one click, recorded as steps with proof.

The engineer types the host that matters (the VPN gateway, a file server) and,
optionally, a host:port to connect to.  The tests run in a worker; each result
appears as soon as it is known, Stop ends the run, and what ran is added to the
handoff: the output of each tool as a NETWORK_TEST attachment, its one-line
result as a TEST step.  The runner and resolver are injected, so tests drive
this dialog without a network.  Each result is marked passed, failed or not run
(a coloured icon with a tick, a cross or a dash, and the same word for screen
readers and in the tooltip).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QTreeWidgetItem,
    QVBoxLayout,
)

from handoff import paths
from handoff.evidence.netrun import Runner, run_process
from handoff.evidence.nettests import (
    NetTestRequest,
    Outcome,
    Report,
    Resolver,
    run_tests,
    system_resolve,
)
from handoff.evidence.textlogs import ProgressFn
from handoff.ui.dialogs import tr
from handoff.ui.evidence.job_dialog import JobDialog, make_button, make_tree
from handoff.ui.pages.attachments import AttachmentsPage
from handoff.ui.widgets.forms import describe

FilesDir = Callable[[], Path]
_ICON_SIZES = (16, 24, 32, 48)


class Verdict(Enum):
    """How one test went, as its marker shows it."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_RUN = "not run"

    @classmethod
    def of(cls, outcome: Outcome) -> Verdict:
        if not outcome.ran:
            return cls.NOT_RUN
        return cls.PASSED if outcome.ok else cls.FAILED

    @property
    def label(self) -> str:
        """The word for screen readers and tooltips: "Passed", "Failed", "Not run"."""
        labels = {
            Verdict.PASSED: tr("Passed"),
            Verdict.FAILED: tr("Failed"),
            Verdict.NOT_RUN: tr("Not run"),
        }
        return labels[self]


_MARKER_COLOURS = {
    # Mid-tone fills with a white glyph: at least 3:1 against white and against a dark
    # palette's base, so the marker reads the same in both.
    Verdict.PASSED: "#1e8e3e",
    Verdict.FAILED: "#d93025",
    Verdict.NOT_RUN: "#80868b",
}


def _marker_pixmap(verdict: Verdict, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_MARKER_COLOURS[verdict]))
    painter.drawEllipse(QRectF(0.5, 0.5, size - 1.0, size - 1.0))
    pen = QPen(QColor("#ffffff"), max(1.5, size / 8))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)

    def at(x: float, y: float) -> QPointF:
        return QPointF(x * size, y * size)

    glyph = QPainterPath()
    if verdict is Verdict.PASSED:  # a tick
        glyph.moveTo(at(0.27, 0.52))
        glyph.lineTo(at(0.43, 0.68))
        glyph.lineTo(at(0.74, 0.34))
    elif verdict is Verdict.FAILED:  # a cross
        glyph.moveTo(at(0.32, 0.32))
        glyph.lineTo(at(0.68, 0.68))
        glyph.moveTo(at(0.68, 0.32))
        glyph.lineTo(at(0.32, 0.68))
    else:  # a dash
        glyph.moveTo(at(0.3, 0.5))
        glyph.lineTo(at(0.7, 0.5))
    painter.drawPath(glyph)
    painter.end()
    return pixmap


@cache
def marker_icon(verdict: Verdict) -> QIcon:
    """A coloured disc with a tick (passed), a cross (failed) or a dash (not run)."""
    icon = QIcon()
    for size in _ICON_SIZES:
        icon.addPixmap(_marker_pixmap(verdict, size))
    return icon


class _Relay(QObject):
    """Carries each outcome from the worker thread to the dialog (a queued signal)."""

    outcome = Signal(object)

    def send(self, outcome: Outcome) -> None:
        with contextlib.suppress(RuntimeError):  # the dialog is gone: the run is cancelled
            self.outcome.emit(outcome)


class NetTestsDialog(JobDialog):
    """Object names: ``net_target``, ``net_tcp``, ``net_run``, ``net_results``, plus
    ``net_progress``, ``net_stop`` and ``net_status`` (see :class:`JobDialog`)."""

    outcome_shown = Signal(object)
    """An :class:`Outcome` was added to the results list."""
    tests_finished = Signal(object)
    """The run ended (completed or stopped) and its :class:`Report` was added."""

    def __init__(
        self,
        page: AttachmentsPage,
        *,
        runner: Runner = run_process,
        resolver: Resolver = system_resolve,
        os_name: str | None = None,
        gateway: str | None = None,
        files_dir: FilesDir | None = None,
        synchronous: bool = False,
    ) -> None:
        super().__init__(page, "net", synchronous=synchronous)
        self.page, self.session = page, page.session
        self._runner, self._resolver, self._os_name, self._gateway = (
            runner,
            resolver,
            os_name,
            gateway,
        )
        self._files_dir = files_dir or (lambda: paths.draft_files_dir(self.session.handoff.id))
        self._relay = _Relay(self)
        self._relay.outcome.connect(self._show_outcome)
        self.setWindowTitle(self.tr("Network tests"))
        self._build()

    def _build(self) -> None:
        self.target = self._line(
            "net_target",
            self.tr("Target host"),
            "vpn.example.com",
            self.tr("The VPN gateway or server to ping, resolve and trace."),
        )
        self.tcp = self._line(
            "net_tcp",
            self.tr("TCP test (host:port)"),
            "vpn.example.com:443",
            self.tr("Optional: a host:port to open a TCP connection to."),
        )
        self.run_button = make_button(
            self,
            "net_run",
            self.tr("&Run tests"),
            self.tr("Ping, DNS, traceroute, IP configuration, TCP."),
        )
        self.run_button.setDefault(True)  # Enter in either field runs the tests
        self.run_button.clicked.connect(self.run)
        headers = [self.tr("Test"), self.tr("Result")]
        self.results = make_tree(self, "net_results", self.tr("Test results"), headers)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self._layout()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("&Target host:"), self.target)
        form.addRow(self.tr("TCP &connect to:"), self.tcp)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.run_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.results, 1)
        layout.addLayout(self.status_row())
        layout.addWidget(self.buttons)
        self.resize(720, 460)

    def _line(self, name: str, label: str, placeholder: str, tip: str) -> QLineEdit:
        edit = QLineEdit(self)
        describe(edit, name, label, tip)
        edit.setPlaceholderText(placeholder)
        return edit

    def request(self) -> NetTestRequest:
        """What the fields ask for; ``ValueError`` (one line) when a host is not valid."""
        return NetTestRequest(
            target=self.target.text(), tcp=self.tcp.text(), gateway=self._gateway
        ).validated()

    def run(self) -> None:
        if self.busy:
            return
        try:
            request = self.request()
        except ValueError as exc:
            self.say(str(exc))
            return
        self.results.clear()
        self.say(self.tr("Running tests\u2026"))
        self.run_job(self._job(request), self._finished)

    def _job(self, request: NetTestRequest) -> Callable[[ProgressFn, threading.Event], Report]:
        folder, runner, resolver, os_name = (
            self._files_dir(),
            self._runner,
            self._resolver,
            self._os_name,
        )
        send = self._relay.send

        def job(progress: ProgressFn, cancel: threading.Event) -> Report:
            return run_tests(
                request,
                folder,
                os_name=os_name,
                runner=runner,
                resolver=resolver,
                progress=progress,
                cancel=cancel,
                on_outcome=send,
            )

        return job

    def _show_outcome(self, outcome: object) -> None:
        if not isinstance(outcome, Outcome):
            return
        verdict = Verdict.of(outcome)
        item = QTreeWidgetItem([outcome.title, outcome.result])
        item.setIcon(0, marker_icon(verdict))
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{verdict.label}: {outcome.title}")
        command = f"\n{outcome.command}" if outcome.command else ""
        item.setToolTip(0, f"{verdict.label}{command}")
        item.setToolTip(1, f"{verdict.label}: {outcome.result}")
        self.results.addTopLevelItem(item)
        self.results.resizeColumnToContents(0)
        self.outcome_shown.emit(outcome)

    def _finished(self, report: object) -> None:
        if not isinstance(report, Report):
            return
        if report.attachments:
            self.page.model.extend(report.attachments)
        if report.steps:
            self.session.handoff.steps_taken.extend(report.steps)
            self.session.mark_changed()
        text = self.tr("%d test(s) ran: %d step(s) and file(s) added to the handoff.") % (
            len(report.outcomes),
            len(report.steps),
        )
        if report.cancelled:
            text = self.tr("Stopped. ") + text
        self.say(text)
        self.tests_finished.emit(report)

    def set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.target, self.tcp, self.run_button):
            widget.setEnabled(enabled)


def open_dialog(
    page: AttachmentsPage,
    *,
    runner: Runner = run_process,
    resolver: Resolver = system_resolve,
    os_name: str | None = None,
    gateway: str | None = None,
    files_dir: FilesDir | None = None,
    synchronous: bool = False,
) -> NetTestsDialog:
    """Open the dialog on ``page`` (window-modal, deleted when closed)."""
    dialog = NetTestsDialog(
        page,
        runner=runner,
        resolver=resolver,
        os_name=os_name,
        gateway=gateway,
        files_dir=files_dir,
        synchronous=synchronous,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def install(page: AttachmentsPage, **options: Any) -> QAction:
    """Add "Run network tests…" to the page's evidence bar; ``options`` go to
    :func:`open_dialog` (fakes, for tests)."""
    action = QAction(tr("Run &network tests\u2026"), page)
    action.setObjectName("net_tests_action")
    action.setToolTip(tr("Ping, DNS, traceroute, IP configuration and a TCP test, recorded."))

    def show() -> None:
        open_dialog(page, **options)

    action.triggered.connect(show)
    page.add_action(action)
    return action
