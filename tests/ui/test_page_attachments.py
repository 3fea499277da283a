"""The attachments page: real drag-and-drop events, the injected file chooser, notes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QColor, QDragEnterEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from handoff.example import example_handoff
from handoff.model import Attachment, Handoff
from handoff.ui.pages import AttachmentsPage
from handoff.ui.session import DraftSession
from tests.ui.test_page_steps import open_editor
from tests.ui.test_pages import child, shown

KIND, SIZE, NOTE = 1, 2, 4


def attachments_page(qtbot: QtBot, chosen: list[Path] | None = None) -> AttachmentsPage:
    page = AttachmentsPage(DraftSession(Handoff()), choose_files=lambda: list(chosen or []))
    return shown(qtbot, page)


def file(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    return path


def mime_for(*paths: Path) -> QMimeData:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return data


def drop(target: QWidget, data: QMimeData) -> tuple[bool, bool]:
    """Deliver a drag-enter and a drop, as the window system does; (entered, dropped)."""
    centre = QPointF(target.rect().center())
    copy = Qt.DropAction.CopyAction
    button, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(centre.toPoint(), copy, data, button, keys)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False, False
    dropped = QDropEvent(centre, copy, data, button, keys)
    QApplication.sendEvent(target, dropped)
    return True, dropped.isAccepted()


@pytest.fixture
def evidence(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "logs"
    files = {
        "a": file(tmp_path / "ipconfig.txt", 1200),
        "b": file(tmp_path / "error.png", 2048),
        "c": file(folder / "PanGPS.log", 300),
        "d": file(folder / "old" / "PanGPA.log", 10),
        "hidden": file(folder / ".DS_Store", 5),
        "hidden_dir": file(folder / ".cache" / "x.txt", 5),
    }
    (folder / "link.txt").symlink_to(files["a"])
    return {**files, "folder": folder}


def test_drop_of_files_and_a_folder(qtbot: QtBot, evidence: dict[str, Path]) -> None:
    page = attachments_page(qtbot)
    entered, dropped = drop(page, mime_for(evidence["a"], evidence["b"], evidence["folder"]))
    assert (entered, dropped) == (True, True)
    attachments = page.session.handoff.attachments
    assert [a.name for a in attachments] == [
        "ipconfig.txt",
        "error.png",
        "PanGPS.log",
        "PanGPA.log",
    ]
    first = attachments[0]
    assert first.source == str(evidence["a"].absolute())
    assert (first.size, first.media_type) == (1200, "text/plain")
    assert attachments[1].media_type == "image/png"
    assert page.table.model().rowCount() == 4
    assert page.table.model().index(1, SIZE).data() == "2.0 KiB"
    assert page.table.model().index(1, KIND).data() == "File"
    total = child(page, QLabel, "attachments_total").text()
    assert total == "4 file(s), 3.5 KiB of the 25.0 MiB budget"
    assert child(page, QLabel, "attachments_message").text() == ""


def test_the_same_file_is_not_added_twice(qtbot: QtBot, evidence: dict[str, Path]) -> None:
    page = attachments_page(qtbot)
    drop(page, mime_for(evidence["a"]))
    assert drop(page, mime_for(evidence["a"], evidence["a"])) == (True, True)
    assert len(page.session.handoff.attachments) == 1


def test_unreadable_path_is_reported_not_added(qtbot: QtBot, tmp_path: Path) -> None:
    page = attachments_page(qtbot)
    missing = tmp_path / "gone.evtx"
    assert drop(page, mime_for(missing)) == (True, True)
    assert page.session.handoff.attachments == []
    message = child(page, QLabel, "attachments_message").text()
    assert "gone.evtx" in message
    assert "\n" not in message


def test_a_drag_without_files_is_refused(qtbot: QtBot) -> None:
    page = attachments_page(qtbot)
    data = QMimeData()
    data.setText("just text")
    assert drop(page, data) == (False, False)


def test_drop_on_the_table_reaches_the_page(qtbot: QtBot, evidence: dict[str, Path]) -> None:
    page = attachments_page(qtbot)
    # The table does not take drops itself, so Qt passes them up to the page.
    assert drop(page.table.viewport(), mime_for(evidence["b"])) == (True, True)
    assert [a.name for a in page.session.handoff.attachments] == ["error.png"]


def test_add_files_uses_the_injected_chooser(qtbot: QtBot, evidence: dict[str, Path]) -> None:
    page = attachments_page(qtbot, chosen=[evidence["a"], evidence["c"]])
    with qtbot.waitSignal(page.session.changed):
        qtbot.mouseClick(child(page, QPushButton, "attachments_add"), Qt.MouseButton.LeftButton)
    assert [a.name for a in page.session.handoff.attachments] == ["ipconfig.txt", "PanGPS.log"]


def test_unknown_type_is_octet_stream(qtbot: QtBot, tmp_path: Path) -> None:
    page = attachments_page(qtbot, chosen=[file(tmp_path / "dump.zzq", 3)])
    qtbot.mouseClick(child(page, QPushButton, "attachments_add"), Qt.MouseButton.LeftButton)
    assert page.session.handoff.attachments[0].media_type == "application/octet-stream"


def test_note_is_edited_in_place_and_remove(qtbot: QtBot, evidence: dict[str, Path]) -> None:
    page = attachments_page(qtbot, chosen=[evidence["a"], evidence["b"]])
    qtbot.mouseClick(child(page, QPushButton, "attachments_add"), Qt.MouseButton.LeftButton)
    editor = open_editor(qtbot, page.table, 0, NOTE)
    qtbot.keyClicks(editor, "ipconfig /all on the laptop")
    with qtbot.waitSignal(page.session.changed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    attachments = page.session.handoff.attachments
    assert attachments[0].note == "ipconfig /all on the laptop"
    page.table.setCurrentIndex(page.table.model().index(1, 0))
    qtbot.mouseClick(child(page, QPushButton, "attachments_remove"), Qt.MouseButton.LeftButton)
    assert [a.name for a in attachments] == ["ipconfig.txt"]
    assert child(page, QLabel, "attachments_total").text().startswith("1 file(s)")


def test_add_action_slot_for_evidence_tools(qtbot: QtBot) -> None:
    page = attachments_page(qtbot)
    action = QAction("Capture screenshot", page)
    page.add_action(action)
    assert action in page.evidence_bar.actions()
    assert page.evidence_bar.isVisible()


def test_loads_existing_attachments(qtbot: QtBot) -> None:
    handoff = example_handoff()
    handoff.attachments.append(Attachment(name="PanGPS.log", size=2048, note="client log"))
    page = shown(qtbot, AttachmentsPage(DraftSession(handoff), choose_files=list))
    assert page.table.model().index(0, 0).data() == "PanGPS.log"
    assert page.table.model().index(0, NOTE).data() == "client log"
    assert "1 file(s), 2.0 KiB" in child(page, QLabel, "attachments_total").text()


def test_unreadable_file_in_a_folder_is_reported(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file(tmp_path / "folder" / "secret.log", 4)
    file(tmp_path / "folder" / "open.log", 4)
    real_access = os.access
    # chmod 0 does not stop root (CI containers), so deny the read permission check itself.
    monkeypatch.setattr(
        os, "access", lambda path, mode: Path(path).name != "secret.log" and real_access(path, mode)
    )
    page = attachments_page(qtbot)
    drop(page, mime_for(tmp_path / "folder"))
    assert [a.name for a in page.session.handoff.attachments] == ["open.log"]
    assert child(page, QLabel, "attachments_message").text() == (
        "Not added, cannot be read: secret.log"
    )


def test_thumbnails_are_big_enough_to_recognise(qtbot: QtBot) -> None:
    """The Name column's thumbnail is drawn in a box of at least 32 px (not the 16 px
    small-icon default, which shrank a screenshot to a 16 x 7 smudge); its row is as
    tall as the picture, while a row without a picture stays one line."""
    picture = QPixmap(480, 215)  # a wide screenshot, as the VPN client's error panel
    picture.fill(QColor("#2457a6"))
    icon = QIcon(picture.scaled(64, 64, Qt.AspectRatioMode.KeepAspectRatio))
    handoff = Handoff()
    handoff.attachments += [
        Attachment(name="error.png", size=2048, media_type="image/png", source="/x/error.png"),
        Attachment(name="PanGPS.log", size=2048, media_type="text/plain", source="/x/PanGPS.log"),
    ]
    page = AttachmentsPage(DraftSession(handoff), choose_files=list)
    page.icon_for = lambda a: icon if a.media_type.startswith("image/") else None
    page = shown(qtbot, page)
    table = page.table
    assert table.iconSize().width() >= 32 and table.iconSize().height() >= 32
    drawn = icon.actualSize(table.iconSize())
    assert drawn.width() >= 48, drawn  # the wide picture keeps its width, not 16 px
    assert table.rowHeight(0) >= drawn.height() + 2
    assert table.rowHeight(1) < table.rowHeight(0)
    assert table.rowHeight(1) < 32  # a log's row is not padded to the thumbnail's height
