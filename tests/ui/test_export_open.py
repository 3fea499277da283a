"""Bad packages and failed exports in the GUI: one line, no crash, nothing stray on disk."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
)

from handoff.example import example_handoff
from handoff.model import Attachment, Handoff
from handoff.package import export_package
from handoff.ui.dialogs import Prompts, show_error
from handoff.ui.main_window import MainWindow
from handoff.ui.package_view import PackageView
from tests.ui.conftest import FakePrompts


def handoff_with(evidence: Path) -> Handoff:
    handoff = example_handoff()
    handoff.attachments = [
        Attachment(name=evidence.name, source=str(evidence), size=evidence.stat().st_size)
    ]
    return handoff


@pytest.fixture
def package(tmp_path: Path) -> Path:
    evidence = tmp_path / "PanGPS.log"
    evidence.write_text("09:14 Authentication failed: user not in allowed group\n")
    return export_package(handoff_with(evidence), tmp_path / "good.handoff.zip").path


def rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a zip entry by entry; ``change`` returns new bytes (or None to keep them)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, change(info.filename, data) or data)
    return target


def assert_alive(qtbot: Any, window: MainWindow) -> None:
    """The window still takes typing after the error."""
    edit = window.findChild(QPlainTextEdit, "summary")
    assert edit is not None
    qtbot.keyClicks(edit, "still here")
    assert "still here" in window.session.handoff.summary


def open_and_fail(qtbot: Any, window: MainWindow, fake: FakePrompts, path: Path) -> str:
    window.open_package(path)
    qtbot.waitUntil(lambda: bool(fake.errors), timeout=30_000)
    [message] = fake.errors
    assert "\n" not in message
    assert "Traceback" not in message
    assert not window.findChildren(PackageView)
    assert_alive(qtbot, window)
    return message


def test_not_a_zip_is_one_line_in_a_real_message_box(
    qtbot: Any, make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    bogus = tmp_path / "notes.handoff.zip"
    bogus.write_text("this is not a zip file\n" * 10)
    window = make_window(prompts=Prompts(error=show_error))
    window.open_package(bogus)
    qtbot.waitUntil(lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)))
    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert box.text().startswith("Could not open notes.handoff.zip: ")
    assert "\n" not in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert_alive(qtbot, window)


def test_zip_slip_name_is_refused_and_nothing_is_written_outside(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    fake_prompts: FakePrompts,
    package: Path,
    tmp_path: Path,
) -> None:
    evil = tmp_path / "slip" / "evil.handoff.zip"
    evil.parent.mkdir()
    rewrite(package, evil, lambda _name, _data: None)
    with zipfile.ZipFile(evil, "a") as zf:
        zf.writestr("../../escaped.txt", b"owned")
    everything = tmp_path.parent  # this test's folder and the data folder are both in here
    window = make_window()
    message = open_and_fail(qtbot, window, fake_prompts, evil)
    assert message.startswith("Could not open evil.handoff.zip: ")
    assert not list(everything.rglob("escaped.txt"))


def test_tampered_package_shows_each_bad_file_in_red(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    fake_prompts: FakePrompts,
    package: Path,
    tmp_path: Path,
) -> None:
    def tamper(name: str, data: bytes) -> bytes | None:
        return b"09:14 nothing to see here\n" if name.startswith("attachments/") else None

    tampered = rewrite(package, tmp_path / "tampered.handoff.zip", tamper)
    window = make_window()
    with qtbot.waitSignal(window.opener.viewed, timeout=30_000) as viewed:
        window.open_package(tampered)
    view: PackageView = viewed.args[0]
    lines = [view.verification.item(i) for i in range(view.verification.count())]
    assert [item.text() for item in lines] == [
        "\u2716 attachments/PanGPS.log: changed since export (hash differs)"
    ]
    assert lines[0].foreground().color().name() == "#b00020"
    fake_prompts.answer = False
    drafts_before = window.store.scan().drafts
    qtbot.mouseClick(view.continue_button, Qt.MouseButton.LeftButton)
    assert fake_prompts.questions == ["This package failed verification. Continue it anyway?"]
    assert window.store.scan().drafts == drafts_before
    assert view.isVisible()


def test_dropping_a_package_on_the_window_opens_it(
    qtbot: Any, make_window: Callable[..., MainWindow], package: Path
) -> None:
    window = make_window()
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(package))])
    where = QPointF(window.rect().center())
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where.toPoint(), Qt.DropAction.CopyAction, data, buttons, keys)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(window.opener.viewed, timeout=30_000) as viewed:
        QApplication.sendEvent(
            window, QDropEvent(where, Qt.DropAction.CopyAction, data, buttons, keys)
        )
    assert viewed.args[0].opened.path == package


def test_cancel_during_export_leaves_no_file(
    qtbot: Any, make_window: Callable[..., MainWindow], fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    evidence = tmp_path / "capture.pcap"
    evidence.write_bytes(os.urandom(3 * 1024 * 1024))  # three chunks: room to cancel
    out = tmp_path / "out"
    out.mkdir()
    fake_prompts.save_to = out / "cancelled.handoff.zip"
    window = make_window(synchronous=True, progress_delay_ms=0)
    window.session.replace(handoff_with(evidence))

    def press_cancel(_done: int, _total: int) -> None:
        dialog = window.findChild(QProgressDialog, "progress")
        assert dialog is not None
        assert dialog.isVisible()
        button = dialog.findChild(QPushButton)
        assert button is not None
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    window.exporter.progress.connect(press_cancel)
    with qtbot.waitSignal(window.exporter.message, timeout=30_000) as message:
        window.export()
    assert message.args == ["Export cancelled"]
    assert list(out.iterdir()) == []
    assert fake_prompts.errors == []
    assert fake_prompts.exported == []


def test_missing_attachment_blocks_export_with_one_line(
    qtbot: Any, make_window: Callable[..., MainWindow], fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    evidence = tmp_path / "gone.log"
    evidence.write_text("x")
    fake_prompts.save_to = tmp_path / "never.handoff.zip"
    window = make_window()
    window.session.replace(handoff_with(evidence))
    evidence.unlink()
    window.export()
    [message] = fake_prompts.errors
    assert message.startswith("Not exported: attachments missing or unreadable: ")
    assert "gone.log" in message
    assert "\n" not in message
    assert not fake_prompts.save_to.exists()
    assert window.exporter.worker is None


def test_export_error_is_one_line(
    qtbot: Any, make_window: Callable[..., MainWindow], fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "plain-file"
    not_a_folder.write_text("x")
    fake_prompts.save_to = not_a_folder / "x.handoff.zip"
    window = make_window()
    window.session.replace(example_handoff())
    window.export()
    qtbot.waitUntil(lambda: bool(fake_prompts.errors), timeout=30_000)
    [message] = fake_prompts.errors
    assert message.startswith("Export failed: ")
    assert "\n" not in message
    assert_alive(qtbot, window)


def test_export_first_offers_redaction_and_a_cancel_there_exports_nothing(
    qtbot: Any, make_window: Callable[..., MainWindow], fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    evidence = tmp_path / "agent.log"
    evidence.write_text("password=Hunter2!\n")
    fake_prompts.save_to = tmp_path / "never.handoff.zip"
    fake_prompts.redact_answer = False  # the engineer closes the redaction offer
    window = make_window()
    window.session.replace(handoff_with(evidence))
    window.export()
    assert not fake_prompts.save_to.exists()
    assert window.exporter.worker is None
    assert fake_prompts.errors == []
