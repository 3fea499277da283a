"""The evidence tools as the main window wires them on the attachments page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from handoff.model import AttachmentKind
from handoff.ui.main_window import MainWindow

QtBot = Any


def test_every_tool_is_on_the_attachments_page(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    page = make_window().wizard.attachments_page
    qtbot.waitUntil(lambda: len(page.evidence_bar.actions()) >= 5)  # installed after start-up
    names = [action.objectName() for action in page.evidence_bar.actions()]
    for expected in ("capture_screenshot", "paste_image", "evtx_action"):
        assert expected in names
    assert len(names) >= 5, names  # plus VPN logs and network tests


def test_image_attachments_show_a_thumbnail_and_other_files_none(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    page = make_window().wizard.attachments_page
    qtbot.waitUntil(lambda: len(page.evidence_bar.actions()) >= 5)
    shot = tmp_path / "error.png"
    Image.new("RGB", (200, 120), (10, 120, 200)).save(shot)
    log = tmp_path / "agent.log"
    log.write_text("09:14 auth failed\n", encoding="utf-8")
    page.add_paths([shot, log])
    model = page.table.model()
    icon = model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    assert model.index(1, 0).data(Qt.ItemDataRole.DecorationRole) is None
    kinds = [a.kind for a in page.session.handoff.attachments]
    assert kinds == [AttachmentKind.FILE, AttachmentKind.FILE]
