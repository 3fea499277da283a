"""The Event Viewer dialog: open via the page's action, read off the GUI thread, sort by
clicking the header, tick events, attach the log and its extract; damaged and foreign
files; "Collect from this PC" with a fake wevtutil runner; a capped log re-read."""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton, QTableView
from pytestqt.qtbot import QtBot

from handoff.evidence import evtx, wevtutil
from handoff.model import AttachmentKind, Handoff
from handoff.ui.evidence import evtx_dialog, evtx_model
from handoff.ui.evidence.evtx_dialog import EvtxDialog
from handoff.ui.evidence.evtx_model import DETAILS, EVENT_ID, SORT_ROLE, SOURCE, TICK, TIME
from handoff.ui.pages import AttachmentsPage
from handoff.ui.session import DraftSession
from tests.helpers import evtx_damage as damage
from tests.helpers import evtx_writer as w

EVENTS = w.sample_events(400)


@pytest.fixture
def page(qtbot: QtBot) -> AttachmentsPage:
    page = AttachmentsPage(DraftSession(Handoff()), choose_files=list)
    qtbot.addWidget(page)
    page.show()
    return page


def dialog_of(page: AttachmentsPage) -> EvtxDialog:
    dialog = page.findChild(EvtxDialog)
    assert dialog is not None
    return dialog


def open_dialog(
    page: AttachmentsPage, files: Sequence[Path], tmp_path: Path, **options: object
) -> EvtxDialog:
    action = evtx_dialog.install(
        page, choose_files=lambda: list(files), files_dir=lambda: tmp_path / "extracts",
        **options,  # type: ignore[arg-type]
    )  # fmt: skip
    assert action in page.evidence_bar.actions() and page.evidence_bar.isVisibleTo(page)
    action.trigger()
    return dialog_of(page)


def click_header(table: QTableView, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QtBot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def tick(qtbot: QtBot, table: QTableView, row: int) -> None:
    """Tick a row's box with the keyboard, as a user can (Space on the focused box)."""
    table.setFocus()
    table.setCurrentIndex(table.model().index(row, TICK))
    qtbot.keyClick(table, Qt.Key.Key_Space)


def column(table: QTableView, number: int, role: int = SORT_ROLE) -> list[object]:
    model = table.model()
    return [model.index(row, number).data(role) for row in range(model.rowCount())]


def test_open_sort_tick_attach(qtbot: QtBot, page: AttachmentsPage, tmp_path: Path) -> None:
    log = w.write_evtx(tmp_path / "System.evtx", EVENTS)
    dialog = open_dialog(page, [log], tmp_path)  # a real worker thread
    qtbot.waitUntil(lambda: bool(dialog.logs), timeout=10_000)
    assert "400 events" in dialog.summary.text() and "RasClient" in dialog.summary.text()
    table = dialog.findChild(QTableView, "evtx_table")
    assert table is not None and not dialog.findChild(QPushButton, "evtx_collect").isVisibleTo(
        dialog
    )
    latest = EVENTS[-1].time
    in_window = [e for e in EVENTS if e.level <= 3 and latest - timedelta(hours=2) <= e.time]
    assert table.model().rowCount() == len(in_window)  # default: 2 h before the latest event
    click_header(table, EVENT_ID)
    ids = column(table, EVENT_ID)
    assert ids == sorted(ids) and ids != column(table, TIME)  # really re-sorted
    click_header(table, TIME)
    times = column(table, TIME)
    assert times == sorted(times)
    tick(qtbot, table, 0)
    tick(qtbot, table, 3)
    assert dialog.ticked.text() == f"{len(in_window)} event(s) in the window, 2 ticked to quote"
    quotes = [in_window[0], in_window[3]]
    changed: list[int] = []
    page.session.changed.connect(lambda: changed.append(1))
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(dialog.attach_button, Qt.MouseButton.LeftButton)
    original, events_csv, summary_txt = page.session.handoff.attachments
    assert (original.kind, original.name) == (AttachmentKind.EVENT_LOG, "System.evtx")
    assert original.quotes == [
        evtx.LogEvent(e.time, e.level, e.provider, e.event_id, data=e.data).quote() for e in quotes
    ]
    assert original.quotes[0].startswith(f"{quotes[0].time.astimezone():%Y-%m-%d %H:%M:%S} ")
    assert [a.kind for a in (events_csv, summary_txt)] == [AttachmentKind.LOG_EXTRACT] * 2
    assert events_csv.derived_from == summary_txt.derived_from == original.id
    with Path(events_csv.source or "").open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == len(in_window)
    assert page.model.rowCount() == 3 and changed


def test_damaged_and_foreign_files_say_what_happened(
    qtbot: QtBot, page: AttachmentsPage, tmp_path: Path
) -> None:
    clean = w.build_evtx(EVENTS)
    damaged = tmp_path / "System.evtx"
    damaged.write_bytes(damage.break_record(clean, 0, 5))
    foreign = tmp_path / "export.evtx"
    foreign.write_bytes(b"Level,Date and Time,Source\r\nError,27/11/2026,RasClient\r\n")
    dialog = open_dialog(page, [damaged, foreign], tmp_path, synchronous=True)
    message = dialog.message.text()
    assert "export.evtx: not an Event Viewer log (.evtx): it is text" in message
    assert "System.evtx: skipped 1 damaged part(s)" in message
    assert "399 events" in dialog.summary.text() and dialog.attach_button.isEnabled()


def test_attaching_the_same_log_again_adds_quotes_not_a_copy(
    qtbot: QtBot, page: AttachmentsPage, tmp_path: Path
) -> None:
    log = w.write_evtx(tmp_path / "Application.evtx", EVENTS)
    for row in (0, 1):
        dialog = open_dialog(page, [log], tmp_path, synchronous=True)
        table = dialog.findChild(QTableView, "evtx_table")
        assert table is not None
        tick(qtbot, table, row)
        dialog.attach()
        dialog.deleteLater()
        qtbot.waitUntil(lambda: page.findChild(EvtxDialog) is None)
    kinds = [a.kind for a in page.session.handoff.attachments]
    assert (
        kinds.count(AttachmentKind.EVENT_LOG) == 1 and kinds.count(AttachmentKind.LOG_EXTRACT) == 4
    )
    assert len(page.session.handoff.attachments[0].quotes) == 2


def test_collect_from_this_pc_with_a_fake_runner(
    qtbot: QtBot, page: AttachmentsPage, tmp_path: Path
) -> None:
    def runner(argv: Sequence[str], timeout: float) -> wevtutil.RunResult:
        command, channel = argv[1], argv[2]
        if channel == "Security" and command == "epl":
            return wevtutil.RunResult(5, f"Failed to export log {channel}. Access is denied.")
        if channel not in ("Application", "Security", "System"):
            return wevtutil.RunResult(15007, "The specified channel could not be found.")
        if command == "epl":
            w.write_evtx(Path(argv[3]), EVENTS[:30])
        return wevtutil.RunResult(0, "enabled: true")

    dialog = open_dialog(page, [], tmp_path, runner=runner, is_windows=True, synchronous=True)
    button = dialog.findChild(QPushButton, "evtx_collect")
    assert button is not None and button.isVisibleTo(dialog)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert [log.path.name for log in dialog.logs] == ["Application.evtx", "System.evtx"]
    assert all(log.captured_at is not None for log in dialog.logs)
    message = dialog.message.text()
    assert "Security: needs administrator rights" in message
    assert "Microsoft-Windows-AAD/Operational: not on this PC (channel not found)" in message
    assert (tmp_path / "extracts").is_dir()


def test_a_capped_log_can_be_re_read_for_the_window(
    qtbot: QtBot, page: AttachmentsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(evtx_model, "scan_evtx", functools.partial(evtx.scan_evtx, cap=10))
    log = w.write_evtx(tmp_path / "System.evtx", EVENTS)
    dialog = open_dialog(page, [log], tmp_path, synchronous=True)
    assert dialog.reload_button.isVisibleTo(dialog) and "latest 10 of 215" in dialog.message.text()
    since = EVENTS[-12].time
    dialog.since.setDateTime(dialog.since.dateTime().fromSecsSinceEpoch(int(since.timestamp())))
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    assert len(dialog.logs) == 1 and not dialog.logs[0].summary.capped
    assert not dialog.reload_button.isVisibleTo(dialog)


def test_the_message_line_takes_no_room_until_there_is_something_to_say(
    qtbot: QtBot, page: AttachmentsPage, tmp_path: Path
) -> None:
    """An empty message label left a gap between the window row and the table."""
    log = w.write_evtx(tmp_path / "System.evtx", EVENTS)
    dialog = open_dialog(page, [log], tmp_path, synchronous=True)
    qtbot.waitExposed(dialog)
    assert dialog.logs and dialog.message.text() == ""
    assert not dialog.message.isVisibleTo(dialog)
    table = dialog.findChild(QTableView, "evtx_table")
    assert table is not None
    row_bottom = max(dialog.since.geometry().bottom(), dialog.until.geometry().bottom())
    gap = table.geometry().top() - row_bottom
    assert 0 < gap <= 2 * dialog.layout().spacing() + 4, gap  # one layout spacing, no label
    foreign = tmp_path / "export.evtx"
    foreign.write_bytes(b"Level,Date and Time,Source\r\n")
    dialog.load([foreign])
    assert dialog.message.isVisibleTo(dialog) and "export.evtx" in dialog.message.text()


def test_an_event_without_data_says_so_instead_of_a_blank_cell(
    qtbot: QtBot, page: AttachmentsPage, tmp_path: Path
) -> None:
    """Time-Service 129 carries no event data: its Details cell is "(no message)", set
    apart (placeholder colour, italic) and explained in the tooltip; the others show
    their data summary."""
    log = w.write_evtx(tmp_path / "System.evtx", EVENTS)
    dialog = open_dialog(page, [log], tmp_path, synchronous=True)
    model = dialog.proxy
    rows = range(model.rowCount())
    sources = {
        row: (model.index(row, SOURCE).data(), model.index(row, EVENT_ID).data()) for row in rows
    }
    time_service = [r for r, s in sources.items() if s == ("Microsoft-Windows-Time-Service", "129")]
    others = [r for r in rows if r not in time_service]
    assert time_service and others
    for row in time_service:
        details = model.index(row, DETAILS)
        assert details.data() == "(no message)"
        assert "no data" in details.data(Qt.ItemDataRole.ToolTipRole)
        assert details.data(Qt.ItemDataRole.FontRole).italic()
        assert details.data(Qt.ItemDataRole.ForegroundRole) is not None
    for row in others:
        details = model.index(row, DETAILS)
        assert details.data() and details.data() != "(no message)"
        assert details.data(Qt.ItemDataRole.ToolTipRole) == details.data()
        assert details.data(Qt.ItemDataRole.FontRole) is None
