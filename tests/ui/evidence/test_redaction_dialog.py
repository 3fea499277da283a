""" "Redact logs…" driven for real: ticked categories, Scan, the review, Redact, the model."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from handoff import paths
from handoff.evidence import redact, redact_text
from handoff.evidence.redact_map import map_path
from handoff.model import Attachment, Handoff
from handoff.ui.evidence import redaction_dialog
from handoff.ui.evidence.redaction_dialog import RedactionDialog, offer_redaction
from handoff.ui.pages import AttachmentsPage
from handoff.ui.session import DraftSession
from tests.ui.test_pages import child, click_check, shown

VPN_LOG = (
    "(T4872) 05/14/24 09:11:12:345 Debug( 231): getconfig.esp?user=jsmith&passwd=Hunter2!x"
    "&portal=gp\n(T4872) 05/14/24 09:11:13:001 Info ( 517): portal 10.20.30.40 reached\n"
)
CONFIG = '{"password": "Hunter2!x", "owner": "dana.onsite@contoso-dental.com"}\n'


@pytest.fixture
def session(tmp_path: Path) -> DraftSession:
    (tmp_path / "PanGPS.log").write_text(VPN_LOG)
    (tmp_path / "settings.json").write_text(CONFIG)
    (tmp_path / "error.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    handoff = Handoff()
    handoff.attachments = [
        Attachment(name=name, source=str(tmp_path / name), media_type=media)
        for name, media in (
            ("PanGPS.log", "text/plain"),
            ("settings.json", "application/json"),
            ("error.png", "image/png"),
        )
    ]
    return DraftSession(handoff)


_PARENTS: list[QWidget] = []


def open_dialog(qtbot: QtBot, session: DraftSession) -> RedactionDialog:
    parent = QWidget()
    qtbot.addWidget(parent)
    _PARENTS[:] = [parent]  # the dialog dies with its parent: keep it for the test
    dialog = RedactionDialog(session, parent, synchronous=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click(qtbot: QtBot, dialog: QWidget, name: str) -> None:
    button = child(dialog, QPushButton, name)
    assert button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def review_rows(dialog: RedactionDialog) -> dict[str, list[list[str]]]:
    tree = child(dialog, QTreeWidget, "redact_review")
    rows: dict[str, list[list[str]]] = {}
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        assert item is not None
        children = [item.child(i) for i in range(item.childCount())]
        rows[item.text(0)] = [[c.text(col) for col in range(4)] for c in children if c]
    return rows


def test_defaults_scan_review_and_redact(qtbot: QtBot, session: DraftSession) -> None:
    dialog = open_dialog(qtbot, session)
    ticked = {name for name, box in dialog.boxes.items() if box.isChecked()}
    assert ticked == {"redact_secrets", "redact_emails"}
    assert [a.name for a in dialog.attachments] == ["PanGPS.log", "settings.json"]
    click(qtbot, dialog, "redact_scan")
    assert dialog.pages.currentIndex() == 1
    summary = child(dialog, QLabel, "redact_summary").text()
    assert summary == (
        "3 replacement(s) in 2 file(s): Passwords, tokens and keys: 2; E-mail addresses: 1."
    )
    rows = review_rows(dialog)
    assert rows["PanGPS.log"] == [["line 1", "password", "Hu•••••!x", "[SECRET-1]"]]
    assert [r[3] for r in rows["settings.json"]] == ["[SECRET-1]", "[EMAIL-1]"]
    assert not list(redact.redacted_dir(session.handoff.id).rglob("*.*"))  # nothing written yet
    originals = [a.source for a in session.handoff.attachments]
    with qtbot.waitSignal(session.changed):
        click(qtbot, dialog, "redact_apply")
    assert dialog.result() == RedactionDialog.DialogCode.Accepted
    log, config, image = session.handoff.attachments
    for attachment, original in zip((log, config), originals, strict=False):
        assert attachment.redacted
        assert attachment.source != original
        copy = Path(attachment.source or "")
        assert copy.is_relative_to(paths.draft_files_dir(session.handoff.id))
        assert "Hunter2" not in copy.read_text()
        assert attachment.size == copy.stat().st_size
    assert "passwd=[SECRET-1]&portal=gp" in Path(log.source or "").read_text()
    assert Path(originals[0] or "").read_text() == VPN_LOG  # the original is untouched
    assert (image.source, image.redacted) == (originals[2], False)
    assert map_path(session.handoff.id).exists()


def test_optional_categories_and_listed_words(qtbot: QtBot, session: DraftSession) -> None:
    dialog = open_dialog(qtbot, session)
    click_check(qtbot, child(dialog, QCheckBox, "redact_ips"))
    assert dialog.boxes["redact_ips"].isChecked()
    qtbot.keyClicks(child(dialog, QLineEdit, "redact_words"), "gp, jsmith")
    click(qtbot, dialog, "redact_scan")
    summary = child(dialog, QLabel, "redact_summary").text()
    assert "IPv4 addresses: 1" in summary and "Listed words and names: 2" in summary
    click(qtbot, dialog, "redact_apply")
    text = Path(session.handoff.attachments[0].source or "").read_text()
    assert "10.20.30.40" not in text and "jsmith" not in text and "[IPV4-1]" in text


def test_nothing_to_replace_keeps_redact_disabled(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "clean.log").write_text("all quiet\n")
    handoff = Handoff(
        attachments=[Attachment(name="clean.log", source=str(tmp_path / "clean.log"))]
    )
    dialog = open_dialog(qtbot, DraftSession(handoff))
    click(qtbot, dialog, "redact_scan")
    assert not child(dialog, QPushButton, "redact_apply").isEnabled()
    assert "Nothing to replace" in child(dialog, QLabel, "redact_status").text()
    click(qtbot, dialog, "redact_back")
    assert dialog.pages.currentIndex() == 0


def test_stop_while_writing_changes_nothing(
    qtbot: QtBot, session: DraftSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(redact_text, "CHUNK_SIZE", 16)
    dialog = open_dialog(qtbot, session)
    click(qtbot, dialog, "redact_scan")
    before = [a.model_dump() for a in session.handoff.attachments]
    dialog.progress.valueChanged.connect(dialog.stop)  # Stop as soon as writing has begun
    with qtbot.assertNotEmitted(session.changed):
        click(qtbot, dialog, "redact_apply")
    assert "Stopped" in child(dialog, QLabel, "redact_status").text()
    assert dialog.isVisible() and dialog.pages.currentIndex() == 1
    assert [a.model_dump() for a in session.handoff.attachments] == before
    assert not [p for p in redact.redacted_dir(session.handoff.id).rglob("*") if p.is_file()]


def test_install_adds_the_action_and_refreshes_the_page(
    qtbot: QtBot, session: DraftSession
) -> None:
    page = shown(qtbot, AttachmentsPage(session))
    action = redaction_dialog.install(page, synchronous=True)
    assert action.objectName() == "redact_action"
    assert action in page.evidence_bar.actions()
    action.trigger()
    dialog = page.findChild(RedactionDialog)
    assert dialog is not None and dialog.isVisible()
    click(qtbot, dialog, "redact_scan")
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, dialog, "redact_apply")
    model = page.table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    size = session.handoff.attachments[0].size
    assert model.index(0, headers.index("Size")).data() == f"{size} B"  # the page shows the copy


def appear(qtbot: QtBot, dialog: RedactionDialog) -> None:
    """What ``exec`` would do first (the real one blocks, so tests show and click)."""
    dialog.show()
    qtbot.waitExposed(dialog)


def test_offer_before_export(qtbot: QtBot, session: DraftSession) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []

    def skip(dialog: RedactionDialog) -> int:
        seen.append("shown")
        appear(qtbot, dialog)
        click(qtbot, dialog, "redact_skip")
        return dialog.result()

    assert offer_redaction(parent, session, show=skip, synchronous=True)
    assert seen == ["shown"] and not any(a.redacted for a in session.handoff.attachments)

    def cancel(dialog: RedactionDialog) -> int:
        dialog.reject()
        return dialog.result()

    assert not offer_redaction(parent, session, show=cancel, synchronous=True)

    def redact_them(dialog: RedactionDialog) -> int:
        appear(qtbot, dialog)
        click(qtbot, dialog, "redact_scan")
        click(qtbot, dialog, "redact_apply")
        return dialog.result()

    assert offer_redaction(parent, session, show=redact_them, synchronous=True)
    assert [a.redacted for a in session.handoff.attachments] == [True, True, False]
    seen.clear()
    assert offer_redaction(parent, session, show=skip, synchronous=True)  # nothing left
    assert seen == []


def test_no_stop_and_no_empty_status_band_while_nothing_runs(
    qtbot: QtBot, session: DraftSession
) -> None:
    """Stop and the progress bar belong to a running job (a disabled, full-width Stop
    under the review looked broken); the status line shows once there is something
    to say."""
    dialog = open_dialog(qtbot, session)
    stop = child(dialog, QPushButton, "redact_stop")
    progress = child(dialog, QProgressBar, "redact_progress")
    status = child(dialog, QLabel, "redact_status")
    assert not stop.isVisible() and not progress.isVisible() and not status.isVisible()
    click(qtbot, dialog, "redact_scan")
    assert dialog.pages.currentIndex() == 1  # the review: still nothing below it
    assert not stop.isVisible() and not progress.isVisible() and not status.isVisible()
    click(qtbot, dialog, "redact_back")
    for box in dialog.boxes.values():
        box.setChecked(False)
    click(qtbot, dialog, "redact_scan")
    assert status.isVisible() and status.text() == "Nothing to replace with these settings."
    assert not stop.isVisible() and not progress.isVisible()
